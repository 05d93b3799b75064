"""Fonts: the theme names a TrueType family per script; register it once, check coverage.

ReportLab silently drops glyphs a font lacks, so :func:`missing` lets validation
name every character a language's font cannot draw before anything is printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import UserError
from .reading.theme import Theme, assets


@dataclass(frozen=True)
class FontPair:
    """Registered ReportLab font names for one script."""

    regular: str
    bold: str


def font_dir() -> Path:
    return assets() / "fonts"


def family_for(theme: Theme, script: str) -> str:
    family = theme.fonts.scripts.get(script)
    if family is None or family not in theme.fonts.families:
        raise UserError(f"the theme has no font for the script {script}; add it under fonts.scripts")
    return family


@cache
def _load(path: Path, name: str) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not path.is_file():
        raise UserError(f"font file not found: {path}")
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


def register(theme: Theme, script: str) -> FontPair:
    """Register the family serving ``script`` (once per process) and return its names."""
    return register_family(theme, family_for(theme, script))


def register_family(theme: Theme, family: str) -> FontPair:
    from reportlab.pdfbase import pdfmetrics

    files = theme.fonts.families[family]
    regular, bold = f"{family}", f"{family}-Bold"
    _load(font_dir() / files.regular, regular)
    _load(font_dir() / files.bold, bold)
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return FontPair(regular, bold)


@cache
def cmap(path: Path) -> frozenset[int]:
    """Code points a TrueType file maps to a glyph, and ReportLab can draw: only those of
    the Basic Multilingual Plane (it prints U+20164 𠅤 as U+6075 恵, silently). Read
    with fontTools, so that checking a text does not load ReportLab (the HTML edition)."""
    from fontTools.ttLib import TTFont

    if not path.is_file():
        raise UserError(f"font file not found: {path}")
    with TTFont(str(path), lazy=True) as font:
        return frozenset(c for c in font.getBestCmap() if c < 0xFFFF)  # U+FFFF: no character


def coverage(theme: Theme, script: str) -> frozenset[int]:
    """Code points both the regular and the bold face of ``script``'s family can draw."""
    return family_coverage(theme, family_for(theme, script))


def family_coverage(theme: Theme, family: str) -> frozenset[int]:
    files = theme.fonts.families[family]
    return _both(font_dir() / files.regular, font_dir() / files.bold)


@cache
def _both(regular: Path, bold: Path) -> frozenset[int]:
    return cmap(regular) & cmap(bold)


# Unicode scripts whose letters the theme names under another ISO 15924 code.
THEME_SCRIPT = {"Hani": "Hans", "Hang": "Kore", "Hira": "Jpan", "Kana": "Jpan", "Bopo": "Hant"}


def _families(theme: Theme) -> list[str]:
    """The theme's families that have files, in the order its scripts list them."""
    return list(dict.fromkeys(f for f in theme.fonts.scripts.values() if f in theme.fonts.families))


def any_coverage(theme: Theme) -> frozenset[int]:
    """Code points some font of the theme can draw: what a brand text may hold."""
    return frozenset().union(*(family_coverage(theme, f) for f in _families(theme)))


class Fallback:
    """For a handout in one script, the fonts that can draw a character, best first:
    "" for the handout's own font, else the registered name of another family of the
    theme, the one named for the character's script first (a Korean letter in the
    Korean family, not the Chinese one that also has it). Other families are read
    only when a character needs them."""

    def __init__(self, theme: Theme, script: str) -> None:
        self.theme, self.script = theme, script
        self.own_family = family_for(theme, script)
        self.own = coverage(theme, script)
        self.families = _families(theme)
        scripts = theme.fonts.scripts
        # the families whose runs are set with HarfBuzz (a Hindi name on an English handout)
        self.shaped = frozenset(scripts[s] for s in theme.fonts.shaped if s in scripts)
        self._faces: dict[str, tuple[str, ...]] = {}

    def foreign(self, text: str) -> bool:
        """Whether ``text`` has a letter the handout's font lacks and another font has."""
        if self.own.issuperset(map(ord, text)):  # the common case, quickly
            return False
        return any(ord(ch) not in self.own and self(ch)[:1] not in ((), ("",)) for ch in text)

    def __call__(self, ch: str) -> tuple[str, ...]:
        if ch not in self._faces:
            self._faces[ch] = self._find(ch)
        return self._faces[ch]

    def _find(self, ch: str) -> tuple[str, ...]:
        from .text import script as script_of

        own, scripts = self.own_family, self.theme.fonts.scripts
        if ch.isspace() or unicodedata.category(ch) == "Cf":  # never drawn, or drawn by any font
            return ("", *(f for f in self.families if f != own))
        letter = script_of(ch)
        preferred = scripts.get(letter) or scripts.get(THEME_SCRIPT.get(letter, ""))
        if letter == "Hani" and self.script in ("Hans", "Hant", "Jpan", "Kore"):
            preferred = own  # a Chinese character in a Japanese handout keeps its font
        order = [own, *([preferred] if preferred else []), *self.families]
        out = [
            f
            for f in dict.fromkeys(order)
            if f in self.families and ord(ch) in (self.own if f == own else family_coverage(self.theme, f))
        ]
        for f in out:
            if f != own:
                register_family(self.theme, f)
        return tuple("" if f == own else f for f in out)


_fallbacks: dict[tuple[object, ...], Fallback] = {}


def fallback(theme: Theme, script: str) -> Fallback:
    """The :class:`Fallback` of a handout in ``script`` (one per theme fonts and script)."""
    fonts = theme.fonts
    key = (script, *fonts.scripts.items(), *((f, v.regular, v.bold) for f, v in fonts.families.items()))
    if key not in _fallbacks:
        _fallbacks[key] = Fallback(theme, script)
    return _fallbacks[key]


def missing(text: str, covered: frozenset[int]) -> list[str]:
    """Characters of ``text`` that the font cannot draw (invisible format marks excepted)."""
    out = []
    for ch in dict.fromkeys(text):
        if ord(ch) in covered or ch in " \n\t" or unicodedata.category(ch) == "Cf":
            continue
        out.append(ch)
    return out


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"U+{ord(ch):04X} {name}"
