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
from .theme import Theme, assets


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
    from reportlab.pdfbase import pdfmetrics

    family = family_for(theme, script)
    files = theme.fonts.families[family]
    regular, bold = f"{family}", f"{family}-Bold"
    _load(font_dir() / files.regular, regular)
    _load(font_dir() / files.bold, bold)
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return FontPair(regular, bold)


@cache
def cmap(path: Path) -> frozenset[int]:
    """Code points a TrueType file maps to a glyph, and ReportLab can draw: only those of
    the Basic Multilingual Plane (it prints U+20164 𠅤 as U+6075 恵, silently)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(c for c in TTFontFile(str(path)).charToGlyph if c <= 0xFFFF)


def coverage(theme: Theme, script: str) -> frozenset[int]:
    """Code points both the regular and the bold face of ``script``'s family can draw."""
    files = theme.fonts.families[family_for(theme, script)]
    return cmap(font_dir() / files.regular) & cmap(font_dir() / files.bold)


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
