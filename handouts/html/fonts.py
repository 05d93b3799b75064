"""The handout's font, cut down to the characters it shows and embedded as WOFF data.

A self-contained page must display Chinese, Korean and Arabic on a machine without
those fonts, and the shipped CJK files are over 2 MB each: fontTools' subsetter keeps
only the glyphs the text needs (with the layout features Arabic joining depends on),
and WOFF compresses what is left, so a handout carries tens of kilobytes. WOFF (zlib),
not WOFF2 (Brotli): for a Chinese handout WOFF2 saves 15 KB a face but its compressor
takes 2.6 s a face on the project machine, WOFF 0.4 s; every browser reads both.

Subsets are kept in memory, keyed by the characters of the handout's own text: never by
a patient's details. A page with a patient's name uses the kept subsets when the name's
characters are all in them; otherwise that family's fonts are cut afresh for the page
and not kept.
"""

from __future__ import annotations

import base64
import io
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..fonts import THEME_SCRIPT, family_coverage, family_for, font_dir
from ..reading.theme import Theme

# Characters a page shows beyond the document's text: what the stylesheet adds
# (": " after a column's name on a phone), and the digits.
ALWAYS = "0123456789 :"


# fontTools reports every glyph it keeps at INFO: the command line shows INFO messages
logging.getLogger("fontTools").setLevel(logging.WARNING)


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int  # 400 regular, 700 bold
    data_url: str


def cut(path: Path, text: str) -> bytes:
    """``path`` with only the glyphs ``text`` needs (and what they turn into), as WOFF."""
    from fontTools import subset as ft
    from fontTools.ttLib import TTFont

    options = ft.Options()
    options.flavor = "woff"
    # fontTools' default layout features: the ones shaping needs (Arabic init, medi, fina,
    # isol, rlig; marks, kerning, ligatures), without stylistic extras (a third of the time)
    options.hinting = False  # screens and printers hint for themselves; half the size
    options.name_IDs = ["*"]  # keep the licence and the names the OFL requires
    options.name_languages = ["*"]
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)  # same input, same bytes
    subsetter = ft.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


subset = lru_cache(maxsize=64)(cut)  # the same, kept for the next page with the same characters


def faces(theme: Theme, script: str, text: str, shared: str) -> tuple[FontFace, ...]:
    """The regular and bold faces for ``script``, each holding the characters used; then
    those of the theme's other families for the characters the first lacks (a Chinese
    patient's name, an Arabic clinic name on an English handout), in the family named for
    their script where it has them, as the PDF sets them. A family's subset of ``shared``
    (the page without a patient's details) is kept and used when it has every character
    the page needs from that family; else that family is cut for this page only."""
    used, common = _families(theme, script, text), _families(theme, script, shared)
    out = []
    for family, needed in used.items():
        kept = common.get(family, set())
        make, chars = (subset, kept) if needed <= kept else (cut, needed)
        files = theme.fonts.families[family]
        for weight, name in ((400, files.regular), (700, files.bold)):
            data = make(font_dir() / name, "".join(sorted(chars)))
            url = "data:font/woff;base64," + base64.b64encode(data).decode("ascii")
            out.append(FontFace(f"handout-{family}", weight, url))
    return tuple(out)


def _families(theme: Theme, script: str, text: str) -> dict[str, set[str]]:
    """The characters each family draws: all of them in the script's own family, and
    those it lacks in the family of their script."""
    own = family_for(theme, script)
    covered = family_coverage(theme, own)
    used: dict[str, set[str]] = {own: set(text + ALWAYS)}
    for ch in sorted(set(text)):
        if ord(ch) in covered or ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        family = _family_of(theme, ch)
        if family is not None:
            used.setdefault(family, set()).add(ch)
    return used


def _family_of(theme: Theme, ch: str) -> str | None:
    """The family that draws a character of another script: the one the theme names for
    its script, else the first that has it."""
    from ..text import script as script_of

    scripts = theme.fonts.scripts
    letter = script_of(ch)
    preferred = scripts.get(letter) or scripts.get(THEME_SCRIPT.get(letter, ""))
    candidates = [preferred] if preferred else []
    candidates += [f for f in scripts.values() if f in theme.fonts.families]
    return next((f for f in dict.fromkeys(candidates) if ord(ch) in family_coverage(theme, f)), None)
