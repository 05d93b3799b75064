#!/usr/bin/env python3
"""Rebuild the TrueType fonts in assets/fonts/ from Debian 12 (bookworm) packages.

ReportLab embeds TrueType (glyf) outlines only, does no shaping, and prints
the .notdef glyph (a box, or nothing) for characters a font lacks, so every font here is a static .ttf whose cmap covers what the
handouts print in its script. See README.md in this folder for the table.

Needs (Debian 12):
    apt-get install fonts-noto-core fonts-noto-cjk unicode-data
    pip install fonttools            # 4.x; 4.68.0 was used
    pip install reportlab arabic-reshaper   # only for --check
Tested with fonts-noto-core 20201225-1, fonts-noto-cjk 1:20220127+repack1-1,
unicode-data 15.0.0-1, fontTools 4.68.0.

Usage:
    python3 assets/fonts/build_fonts.py            # build into this folder, then check
    python3 assets/fonts/build_fonts.py --out DIR  # build elsewhere
    python3 assets/fonts/build_fonts.py --check    # only check the fonts in this folder

What it does, per family (Regular and Bold each):
  latin  NotoSans-*.ttf          Debian Noto Sans, unchanged except three glyphs
                                 added (missing in the 2020 Debian build):
                                 U+2264, U+2265 and U+2212, drawn from the
                                 font's own "<", ">", "=" and "+" in the
                                 proportions of Noto Sans Math. Hinting kept.
  ar     NotoSansArabicLatin-*   Debian Noto Sans Arabic (already maps every
                                 Arabic presentation form arabic-reshaper emits,
                                 incl. lam-alef U+FEF5..FEFC and U+FDF2) plus the
                                 Latin-1 / punctuation glyphs it lacks, copied
                                 (decomposed, unhinted) from the latin font above.
  zh     NotoSansCJKSC-*.ttf     Noto Sans CJK SC (OTF/CFF, TTC index 2),
                                 subset to zh_chars(), converted to quadratic
                                 TrueType outlines with cu2qu (max error 1 unit
                                 of 1000/em). Layout tables and hints dropped.
  ko     NotoSansCJKKR-*.ttf     Noto Sans CJK KR (TTC index 1), subset to
                                 ko_chars(), converted the same way.
  ja     NotoSansCJKJP-*.ttf     Noto Sans CJK JP (TTC index 0), subset to
                                 ja_chars() (JIS X 0208 + Joyo/Jinmeiyo + kana).
  zh-hant NotoSansCJKTC-*.ttf    Noto Sans CJK TC (TTC index 3), subset to
                                 zh_hant_chars() (Big5 level 1 + GB 12345).
  hi, pa, hy  Noto Sans {Devanagari,Gurmukhi,Armenian}Latin-*.ttf: the Debian
                                 font + the Latin glyphs it lacks, as for ar;
                                 layout tables kept for HarfBuzz shaping.
  all    the invisible format controls (FORMAT_CONTROLS: LRM, RLM, LRI..PDI,
         ZWJ, ...) map to one empty zero-width glyph in every file.

Output is deterministic (source timestamps are kept).
"""

from __future__ import annotations

import argparse
import bz2
import subprocess
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
WEIGHTS = ("Regular", "Bold")
BUILD_TAG = "handouts build_fonts.py"

# Debian package that provides each source, for the README and the checks.
PACKAGES = {
    "latin": "fonts-noto-core",
    "ar": "fonts-noto-core",
    "zh": "fonts-noto-cjk",
    "ko": "fonts-noto-cjk",
    "ja": "fonts-noto-cjk",
    "zh-hant": "fonts-noto-cjk",
    "hi": "fonts-noto-core",
    "pa": "fonts-noto-core",
    "hy": "fonts-noto-core",
}
OUTPUT = {
    "latin": "NotoSans-{w}.ttf",
    "ar": "NotoSansArabicLatin-{w}.ttf",
    "zh": "NotoSansCJKSC-{w}.ttf",
    "ko": "NotoSansCJKKR-{w}.ttf",
    "ja": "NotoSansCJKJP-{w}.ttf",
    "zh-hant": "NotoSansCJKTC-{w}.ttf",
    "hi": "NotoSansDevanagariLatin-{w}.ttf",
    "pa": "NotoSansGurmukhiLatin-{w}.ttf",
    "hy": "NotoSansArmenianLatin-{w}.ttf",
}
# Fonts of one script merged with the Latin glyphs the handouts need (as Arabic):
# family -> (upstream file stem in fonts-noto-core, new family name).
MERGED = {
    "ar": ("NotoSansArabic", "Noto Sans Arabic Latin"),
    "hi": ("NotoSansDevanagari", "Noto Sans Devanagari Latin"),
    "pa": ("NotoSansGurmukhi", "Noto Sans Gurmukhi Latin"),
    "hy": ("NotoSansArmenian", "Noto Sans Armenian Latin"),
}
# Noto Sans CJK collection index -> family (NotoSansCJK-*.ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK).
CJK_INDEX = {"ja": 0, "ko": 1, "zh": 2, "zh-hant": 3}
LICENSES = {  # licence file -> (Debian copyright file, copyright lines)
    "LICENSE-NotoSans.txt": (
        "fonts-noto-core",
        "Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Gurmukhi, Noto Sans Armenian\n"
        "(files NotoSans-*.ttf, NotoSansArabicLatin-*.ttf, NotoSansDevanagariLatin-*.ttf,\n"
        "NotoSansGurmukhiLatin-*.ttf, NotoSansArmenianLatin-*.ttf):\n"
        "Copyright 2015-2020 Google LLC. All Rights Reserved.\n"
        'No Reserved Font Name. "Noto" is a trademark of Google LLC.',
    ),
    "LICENSE-NotoSansCJK.txt": (
        "fonts-noto-cjk",
        "Noto Sans CJK SC, KR, JP, TC (files NotoSansCJKSC-*.ttf, NotoSansCJKKR-*.ttf,\n"
        "NotoSansCJKJP-*.ttf, NotoSansCJKTC-*.ttf):\n"
        "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n"
        "\"Noto\" is a trademark of Google Inc. (The Reserved Font Name 'Source' is not used by\n"
        "these modified versions.)",
    ),
}


# --------------------------------------------------------------------------
# Character sets


def rng(a: int, b: int) -> set[int]:
    return set(range(a, b + 1))


ASCII = rng(0x20, 0x7E)
LATIN1 = rng(0xA0, 0xFF)
LATIN_EXT_A = rng(0x100, 0x17F)
# Vietnamese: Latin Extended Additional block + the horn/stroke letters + the
# Latin-1 / Ext-A precomposed vowels Vietnamese uses.
VIETNAMESE = (
    rng(0x1EA0, 0x1EF9)
    | {0x1A0, 0x1A1, 0x1AF, 0x1B0}
    | {ord(c) for c in "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũ"}
)
CYRILLIC = rng(0x400, 0x45F)
PUNCT = {ord(c) for c in "–—‘’“”•…·%°±×≥≤"}
GEN_PUNCT = rng(0x2010, 0x2027) | rng(0x2030, 0x203A) | {0x20AC, 0x2122}
CJK_PUNCT = rng(0x3000, 0x303F)
FULLWIDTH = rng(0xFF01, 0xFF5E)
HALF_FULL_FORMS = rng(0xFF01, 0xFFEF)
HANGUL = rng(0xAC00, 0xD7A3)
HANGUL_COMPAT_JAMO = rng(0x3131, 0x318E)


def _decode_94x94(codec: str, rows: range) -> set[int]:
    out = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode(codec)))
            except UnicodeDecodeError:
                pass
    return out


def gb2312_hanzi() -> set[int]:
    """The 6,763 hanzi of GB 2312 (rows 16-87)."""
    return _decode_94x94("gb2312", range(0xB0, 0xF8))


def gb2312_all() -> set[int]:
    """All 7,445 GB 2312 characters: hanzi plus symbols, pinyin, kana, Greek, Cyrillic, box drawing."""
    return _decode_94x94("gb2312", range(0xA1, 0xF8))


def tgh2013() -> set[int]:
    """The 8,105 characters of the Table of General Standard Chinese Characters
    (通用规范汉字表, 2013), from the Unihan kTGH field (Debian unicode-data)."""
    out = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) > 2 and parts[1] == "kTGH":
                out.add(int(parts[0][2:], 16))
    if len(out) != 8105:
        raise SystemExit(f"{UNIHAN}: expected 8105 kTGH characters, found {len(out)}")
    return out


def ksx1001_symbols() -> set[int]:
    """KS X 1001 rows 1-12 (symbols, ㎎ ㎖ units, circled numbers, jamo, Latin/Greek/Cyrillic, kana)."""
    return _decode_94x94("euc_kr", range(0xA1, 0xAD))


# Invisible format controls (bidi marks and isolates, ZW(N)J, ZWSP, BOM). A
# bidi step may leave them in the text; ReportLab would draw the .notdef box
# for any the font lacks, so every font maps them (to empty zero-width glyphs
# where the source font has none).
FORMAT_CONTROLS = (
    rng(0x200B, 0x200F) | rng(0x202A, 0x202E) | {0x2060} | rng(0x2066, 0x2069) | {0xFEFF, 0x061C}
)
# Symbols a leaflet may use beyond the brief's list; kept where the source font has them.
EXTRA_SYMBOLS = (
    {0x2212, 0xF7, 0x2248, 0x2260, 0x221E, 0x2103, 0x2116, 0x3BC, 0x2713, 0x26A0}
    | rng(0x2190, 0x2193)
    | {0x25A0, 0x25A1, 0x25CB, 0x25CF}
    | rng(0x2460, 0x2473)
    | rng(0x3380, 0x33DF)
)
COMMON_CJK = ASCII | LATIN1 | LATIN_EXT_A | PUNCT | GEN_PUNCT | CJK_PUNCT | HALF_FULL_FORMS | EXTRA_SYMBOLS


def zh_chars() -> set[int]:
    return gb2312_all() | tgh2013() | COMMON_CJK


def ko_chars() -> set[int]:
    return HANGUL | HANGUL_COMPAT_JAMO | ksx1001_symbols() | COMMON_CJK


def unihan(field: str, name: str = "Unihan_OtherMappings.txt.bz2") -> set[int]:
    """Code points that have ``field`` in a Unihan file (Debian unicode-data)."""
    out = set()
    with bz2.open(UNIHAN.with_name(name), "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) > 2 and parts[1] == field:
                out.add(int(parts[0][2:], 16))
    return out


KANA = rng(0x3041, 0x3096) | rng(0x3099, 0x30FF) | rng(0x31F0, 0x31FF)


def jisx0208() -> set[int]:
    """All 6,879 characters of JIS X 0208 (rows 1-84): the 6,355 kanji of levels 1 and 2,
    kana, symbols, Latin, Greek, Cyrillic, box drawing."""
    return _decode_94x94("euc_jp", range(0xA1, 0xF5))


def joyo() -> set[int]:
    """The 2,136 Jōyō kanji (2010) and the 863 Jinmeiyō kanji (Unihan kJoyoKanji,
    kJinmeiyoKanji); a few are outside JIS X 0208 (𠮟 U+20B9F, 塡 U+5861 ...)."""
    return unihan("kJoyoKanji") | unihan("kJinmeiyoKanji")


def ja_chars() -> set[int]:
    return jisx0208() | joyo() | KANA | COMMON_CJK


def big5_level1() -> set[int]:
    """Big5 symbols (0xA140..0xA3BF) and the 5,401 frequently used hanzi of level 1
    (0xA440..0xC67E), the Taiwan Ministry of Education's common characters."""
    out = set()
    for hi in range(0xA1, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if (hi, lo) > (0xC6, 0x7E) or (0xA3, 0xBF) < (hi, lo) < (0xA4, 0x40):
                continue
            try:
                out.add(ord(bytes([hi, lo]).decode("big5")))
            except UnicodeDecodeError:
                pass
    return out


def gb12345() -> set[int]:
    """GB 12345 (Unihan kGB1): the traditional counterparts of GB 2312's hanzi, so
    that what the Simplified font prints has a Traditional form too."""
    return unihan("kGB1")


def zh_hant_chars() -> set[int]:
    return big5_level1() | gb12345() | COMMON_CJK


# Latin glyphs a non-Latin font takes from the latin font where it has none of its own.
MERGED_FROM_LATIN = ASCII | LATIN1 | PUNCT | GEN_PUNCT | {0x2264, 0x2265, 0x2212, 0x3BC, 0x2103, 0x2116}


AR_FROM_LATIN = MERGED_FROM_LATIN


def arabic_reshaper_forms(all_letters: bool = False) -> set[int]:
    """Every code point arabic-reshaper (default config) can output for Arabic letters."""
    import arabic_reshaper
    from arabic_reshaper.letters import LETTERS_ARABIC
    from arabic_reshaper.ligatures import LIGATURES

    out = set()
    for letter, forms in LETTERS_ARABIC.items():
        if all_letters or 0x621 <= ord(letter) <= 0x64A:
            out.add(ord(letter))
            out.update(ord(f) for f in forms if f)
    config = arabic_reshaper.ArabicReshaper().configuration
    for key, (_match, forms) in LIGATURES:
        if config.getboolean(key):
            out.update(ord(f) for f in forms if f)
    return out


def required(family: str) -> dict[str, set[int]]:
    """What each family must cover, by named group (the brief's list)."""
    if family == "latin":
        return {
            "ASCII": ASCII,
            "Latin-1": LATIN1,
            "Latin Ext-A": LATIN_EXT_A,
            "Vietnamese": VIETNAMESE,
            "Cyrillic 0400-045F": CYRILLIC,
            "punctuation": PUNCT,
            "U+2212 minus": {0x2212},
            "format controls (LRM, RLM, LRI..PDI, ZWJ...)": FORMAT_CONTROLS,
        }
    if family == "zh":
        return {
            "GB2312 hanzi": gb2312_hanzi(),
            "GB2312 all": gb2312_all(),
            "TGH 2013 (8105)": tgh2013(),
            "CJK punct 3000-303F": CJK_PUNCT,
            "fullwidth FF01-FF5E": FULLWIDTH,
            "ASCII": ASCII,
            "Latin-1": LATIN1,
            "punctuation": PUNCT,
            "U+2212 minus": {0x2212},
            "format controls (LRM, RLM, LRI..PDI, ZWJ...)": FORMAT_CONTROLS,
        }
    if family == "ko":
        return {
            "Hangul syllables": HANGUL,
            "compat jamo": HANGUL_COMPAT_JAMO,
            "KS X 1001 rows 1-12 (symbols; subset keeps what the font has)": ksx1001_symbols(),
            "ASCII": ASCII,
            "Latin-1": LATIN1,
            "punctuation": PUNCT,
            "CJK punct 3000-303F": CJK_PUNCT,
            "U+2212 minus": {0x2212},
            "format controls (LRM, RLM, LRI..PDI, ZWJ...)": FORMAT_CONTROLS,
        }
    if family == "ar":
        return {
            "reshaper output (Arabic letters, lam-alef, U+FDF2)": arabic_reshaper_forms(),
            "reshaper output (all letters it knows, incl. Persian/Urdu)": arabic_reshaper_forms(True),
            "Arabic-Indic digits": rng(0x660, 0x669),
            "Arabic , ; ? % decimal/thousands": {0x60C, 0x61B, 0x61F, 0x66A, 0x66B, 0x66C},
            "harakat 064B-0652": rng(0x64B, 0x652),
            "ASCII (letters, digits, parentheses, %)": ASCII,
            "Latin-1": LATIN1,
            "punctuation": PUNCT,
            "U+2212 minus": {0x2212},
            "format controls (LRM, RLM, LRI..PDI, ZWJ...)": FORMAT_CONTROLS,
        }
    latin_part = {
        "ASCII": ASCII,
        "Latin-1": LATIN1,
        "punctuation": PUNCT,
        "U+2212 minus": {0x2212},
        "format controls (LRM, RLM, LRI..PDI, ZWJ...)": FORMAT_CONTROLS,
    }
    if family == "hi":
        return {
            "Devanagari letters, signs, digits (Hindi)": rng(0x901, 0x939)
            | rng(0x93C, 0x94D)
            | {0x950}
            | rng(0x958, 0x963)
            | rng(0x966, 0x970),
            "Devanagari 0900-097F": rng(0x900, 0x97F),
            "danda, double danda": {0x964, 0x965},
            **latin_part,
        }
    if family == "pa":
        return {
            "Gurmukhi letters, vowel signs, digits": rng(0xA05, 0xA0A)
            | rng(0xA13, 0xA28)
            | rng(0xA3E, 0xA42)
            | rng(0xA66, 0xA74)
            | {0xA02, 0xA3C, 0xA47, 0xA48, 0xA4B, 0xA4C, 0xA4D, 0xA70, 0xA71},
            "danda, double danda": {0x964, 0x965},
            **latin_part,
        }
    if family == "hy":
        return {
            "Armenian letters 0531-0556, 0561-0587": rng(0x531, 0x556) | rng(0x561, 0x587),
            "Armenian punctuation 055A-055F, 0589, 058A": rng(0x55A, 0x55F) | {0x589, 0x58A},
            **latin_part,
        }
    if family == "ja":
        return {
            "JIS X 0208 kanji (levels 1, 2: 6355)": {c for c in jisx0208() if 0x4E00 <= c <= 0x9FFF},
            "JIS X 0208 all (subset keeps what the font has)": jisx0208(),
            "Joyo + Jinmeiyo kanji (BMP)": {c for c in joyo() if c <= 0xFFFF},
            "kana 3041-30FF": rng(0x3041, 0x3096) | rng(0x3099, 0x30FF),
            "CJK punct 3000-303F": CJK_PUNCT,
            "fullwidth FF01-FF5E": FULLWIDTH,
            **latin_part,
        }
    if family == "zh-hant":
        return {
            "Big5 level 1 hanzi (5401)": {c for c in big5_level1() if 0x4E00 <= c <= 0x9FFF},
            "Big5 symbols (subset keeps what the font has)": {c for c in big5_level1() if c < 0x4E00},
            "GB 12345 (traditional forms of GB 2312)": gb12345(),
            "CJK punct 3000-303F": CJK_PUNCT,
            "fullwidth FF01-FF5E": FULLWIDTH,
            **latin_part,
        }
    raise KeyError(family)


# Groups that may be incomplete without failing the check (reported only).
OPTIONAL_GROUPS = {
    "reshaper output (all letters it knows, incl. Persian/Urdu)",
    "KS X 1001 rows 1-12 (symbols; subset keeps what the font has)",
    "Devanagari 0900-097F",
    "Big5 symbols (subset keeps what the font has)",
    "JIS X 0208 all (subset keeps what the font has)",
}


# --------------------------------------------------------------------------
# Helpers


def set_build_names(font: TTFont, note: str, family: str | None = None) -> None:
    """Mark a modified font: version string, unique ID, optionally a new family name."""
    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    old_family = name.getDebugName(16) or name.getDebugName(1)
    if family and family != old_family:
        full = family if style == "Regular" else f"{family} {style}"
        ps = family.replace(" ", "") + "-" + style.replace(" ", "")
        # Localised name records would keep the upstream family: drop them.
        name.names = [
            r for r in name.names if not (r.nameID in (1, 4, 6, 16, 17) and r.langID not in (0, 0x409))
        ]
        for rec in name.names:
            if rec.nameID in (1, 16):
                rec.string = family
            elif rec.nameID == 4:
                rec.string = full
            elif rec.nameID == 6:
                rec.string = ps
    ps_name = name.getDebugName(6)
    version = name.getDebugName(5) or ""
    version = version.split(";")[0]
    for rec in name.names:
        if rec.nameID == 5:
            rec.string = f"{version}; {BUILD_TAG}: {note}"
        elif rec.nameID == 3:
            rec.string = f"{version.replace('Version ', '')};{ps_name};{BUILD_TAG}"
    # Drop tables that index glyphs and that we do not maintain.
    for tag in ("hdmx", "LTSH", "VDMX", "DSIG"):
        if tag in font:
            del font[tag]


def add_glyph(font: TTFont, name: str, glyph, advance: int, codepoints: list[int]) -> None:
    order = list(font.getGlyphOrder())
    if name in order:
        raise ValueError(f"glyph {name} already exists")
    order.append(name)
    font.setGlyphOrder(order)
    glyf = font["glyf"]
    glyf.glyphOrder = order
    glyf.glyphs[name] = glyph
    if glyph.numberOfContours:
        glyph.recalcBounds(glyf)
    font["hmtx"].metrics[name] = (advance, getattr(glyph, "xMin", 0))
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp in codepoints:
                if table.format == 4 and cp > 0xFFFF:
                    continue
                table.cmap[cp] = name


def add_format_controls(font: TTFont) -> int:
    """Map every FORMAT_CONTROLS code point to one empty zero-width glyph.

    Also overrides the source's own mapping: Noto Sans draws visible marker
    glyphs for LRM/RLM/LRE..RLO/ZWJ and gives U+2060 (and Noto Sans Arabic
    U+061C) a 600-unit advance, which would show up in a PDF.
    """
    name = "invisible.ctrl"
    add_glyph(font, name, TTGlyphPen(None).glyph(), 0, [])
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp in FORMAT_CONTROLS:
                table.cmap[cp] = name
    return len(FORMAT_CONTROLS)


def contour_bounds(rec: RecordingPen) -> list[tuple[float, float, float, float]]:
    out, pts = [], []
    for op, args in rec.value:
        if op in ("moveTo", "lineTo", "qCurveTo", "curveTo"):
            pts.extend(a for a in args if a is not None)
        elif op in ("closePath", "endPath"):
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append((min(xs), min(ys), max(xs), max(ys)))
            pts = []
    return out


# --------------------------------------------------------------------------
# Builders


def _bar(pen, x0, y0, x1, y1) -> None:
    """A clockwise (TrueType outer) rectangle."""
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()


def build_latin(weight: str) -> TTFont:
    """Noto Sans + U+2264, U+2265, U+2212 built from its own < > = + glyphs,
    + empty glyphs for any format control it lacks."""
    font = TTFont(NOTO / f"NotoSans-{weight}.ttf", recalcTimestamp=False)
    cmap = font.getBestCmap()
    gs = font.getGlyphSet()
    glyf = font["glyf"]
    notes = []
    equal = RecordingPen()
    gs[cmap[ord("=")]].draw(equal)
    bar = min(b[3] - b[1] for b in contour_bounds(equal))
    # <= and >=, in the proportions of Noto Sans Math Regular's lessequal:
    # chevron = "<" raised by 50 units, a gap of 48, a bar as thick as the bars
    # of "=", bottom at 47. Bold: the same, grown by as much as Bold's "<"
    # exceeds Regular's (116..608), the chevron squeezed a little to fit.
    for src_char, cp, gname in (("<", 0x2264, "lessequal"), (">", 0x2265, "greaterequal")):
        if cp in cmap:
            continue
        src = glyf[cmap[ord(src_char)]]
        src.recalcBounds(glyf)
        grow = max(0, 116 - src.yMin)
        bottom, top, gap = 47 - grow, 658 + grow, 48 + round(grow * 0.3)
        height = top - bottom - bar - gap
        scale = height / (src.yMax - src.yMin)
        dy = bottom + bar + gap - src.yMin * scale
        pen = TTGlyphPen(None)
        gs[cmap[ord(src_char)]].draw(TransformPen(pen, (1, 0, 0, scale, 0, dy)))
        _bar(pen, src.xMin, bottom, src.xMax, bottom + bar)
        add_glyph(font, gname, pen.glyph(), font["hmtx"][cmap[ord(src_char)]][0], [cp])
        notes.append(f"U+{cp:04X}")
    # Minus sign: the horizontal stroke of "+" (as in Noto Sans Math), full width of "+".
    if 0x2212 not in cmap:
        plus = glyf[cmap[ord("+")]]
        coords, _ends, _flags = plus.getCoordinates(glyf)
        plus.recalcBounds(glyf)
        ys = sorted(y for x, y in coords if x == plus.xMin)
        pen = TTGlyphPen(None)
        _bar(pen, plus.xMin, ys[0], plus.xMax, ys[-1])
        add_glyph(font, "minus", pen.glyph(), font["hmtx"][cmap[ord("+")]][0], [0x2212])
        notes.append("U+2212")
    n = add_format_controls(font)
    if n:
        notes.append(f"{n} format controls")
    set_build_names(font, "added " + " ".join(notes) if notes else "unchanged")
    return font


def build_merged(family: str, weight: str, latin: TTFont) -> TTFont:
    """A Noto Sans script font (Arabic, Devanagari, ...) + the Latin glyphs it lacks,
    taken from the latin font. Its own layout tables (GSUB/GPOS) are kept, so HarfBuzz
    still shapes the script; the added glyphs are appended, so no glyph id changes."""
    stem, new_family = MERGED[family]
    font = TTFont(NOTO / f"{stem}-{weight}.ttf", recalcTimestamp=False)
    if font["head"].unitsPerEm != latin["head"].unitsPerEm:
        raise SystemExit(f"units per em differ between {stem} and Noto Sans")
    have = font.getBestCmap()
    donor_cmap = latin.getBestCmap()
    donor_gs = latin.getGlyphSet()
    existing = set(font.getGlyphOrder())
    added: dict[str, str] = {}  # donor glyph -> new glyph
    by_glyph: dict[str, list[int]] = {}
    for cp in sorted(MERGED_FROM_LATIN):
        if cp in have:
            continue
        if cp not in donor_cmap:
            raise SystemExit(f"latin font lacks U+{cp:04X}")
        by_glyph.setdefault(donor_cmap[cp], []).append(cp)
    for dname, cps in by_glyph.items():
        new = dname if dname not in existing else f"{dname}.latn"
        rec = DecomposingRecordingPen(donor_gs)
        donor_gs[dname].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        add_glyph(font, new, pen.glyph(), latin["hmtx"][dname][0], cps)
        existing.add(new)
        added[dname] = new
    n = add_format_controls(font)
    font["OS/2"].recalcUnicodeRanges(font)
    set_build_names(
        font,
        f"added {len(added)} Latin glyphs from Noto Sans, {n} format controls",
        family=new_family,
    )
    return font


def otf_to_ttf(font: TTFont, max_err: float = 1.0) -> None:
    """Replace CFF outlines by quadratic glyf outlines (fontTools cu2qu)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        gs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        g.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build_cjk(weight: str, ttc_index: int, chars: set[int], note: str) -> TTFont:
    font = TTFont(NOTO_CJK / f"NotoSansCJK-{weight}.ttc", fontNumber=ttc_index, recalcTimestamp=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    opts.desubroutinize = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=chars)
    sub.subset(font)
    otf_to_ttf(font)
    add_format_controls(font)
    set_build_names(font, note)
    return font


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cjk = {
        "zh": (zh_chars(), "subset GB2312+TGH2013+ASCII/Latin-1+punct"),
        "ko": (ko_chars(), "subset Hangul+KSX1001 symbols+ASCII/Latin-1+punct"),
        "ja": (ja_chars(), "subset JIS X 0208+Joyo+Jinmeiyo+kana+ASCII/Latin-1+punct"),
        "zh-hant": (zh_hant_chars(), "subset Big5 level 1+GB12345+ASCII/Latin-1+punct"),
    }
    for w in WEIGHTS:
        t = time.perf_counter()
        latin = build_latin(w)
        save(latin, out / OUTPUT["latin"].format(w=w), t)
        # reload so the Arabic build copies from exactly what was saved
        latin = TTFont(out / OUTPUT["latin"].format(w=w))
        for family in MERGED:
            t = time.perf_counter()
            save(build_merged(family, w, latin), out / OUTPUT[family].format(w=w), t)
        for family, (chars, note) in cjk.items():
            t = time.perf_counter()
            font = build_cjk(w, CJK_INDEX[family], chars, f"TrueType by cu2qu; {note}")
            save(font, out / OUTPUT[family].format(w=w), t)
    for lic, (pkg, header) in LICENSES.items():
        write_license(out / lic, pkg, header)


def save(font: TTFont, path: Path, t0: float) -> None:
    font.save(path)
    print(f"built {path.name:32s} {path.stat().st_size / 1e6:6.2f} MB  {time.perf_counter() - t0:5.1f} s")


def write_license(path: Path, package: str, header: str) -> None:
    """Copyright lines + the OFL 1.1 text. The text is taken from fonts-noto-cjk's
    Debian copyright file, which has it in its canonical layout."""
    text = Path("/usr/share/doc/fonts-noto-cjk/copyright").read_text(encoding="utf-8").splitlines()
    start = next(
        i
        for i, ln in enumerate(text)
        if ln.startswith("License: ")
        and ln[9:].strip() in ("OFL-1.1", "SIL-1.1")
        and i + 1 < len(text)
        and text[i + 1].startswith(" ")
    )
    body = []
    for line in text[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    ofl = "\n".join(body).strip("\n")
    if (
        "SIL OPEN FONT LICENSE" not in ofl.upper()
        or "5) The Font Software, modified or unmodified" not in ofl.replace("\n", " ")
    ):
        raise SystemExit(f"could not extract the OFL text from {package}'s copyright file")
    path.write_text(
        f"{header}\n\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        f"Source: Debian package {package}.\n\n{ofl}\n",
        encoding="utf-8",
    )
    print(f"wrote {path.name}")


# --------------------------------------------------------------------------
# Checks


def check(folder: Path) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    ok = True
    total = 0
    for family, pattern in OUTPUT.items():
        groups = required(family)
        for w in WEIGHTS:
            path = folder / pattern.format(w=w)
            total += path.stat().st_size
            ft = TTFont(path, lazy=True)
            cmap = ft.getBestCmap()
            if "glyf" not in ft:
                print(f"FAIL {path.name}: no glyf table")
                ok = False
            times = []
            for i in range(3):
                t = time.perf_counter()
                rl = RLTTFont(f"check-{path.stem}-{i}", str(path))
                times.append((time.perf_counter() - t) * 1000)
            pdfmetrics.registerFont(rl)
            miss = {g: sorted(cps - cmap.keys()) for g, cps in groups.items()}
            bad = {g: m for g, m in miss.items() if m and g not in OPTIONAL_GROUPS}
            visible = [
                cp
                for cp in FORMAT_CONTROLS
                if cp in cmap and (ft["hmtx"][cmap[cp]][0] != 0 or ft["glyf"][cmap[cp]].numberOfContours != 0)
            ]
            if visible:
                bad["format controls must be empty and zero-width"] = visible
                print(
                    f"       format controls drawn or with advance: {' '.join(f'U+{c:04X}' for c in visible)}"
                )
            ok &= not bad
            print(
                f"{'ok  ' if not bad else 'FAIL'} {path.name:32s} {path.stat().st_size / 1e6:5.2f} MB  "
                f"ReportLab load {min(times):5.1f} ms (first {times[0]:5.1f})  glyphs {len(ft.getGlyphOrder())}"
            )
            for g, m in miss.items():
                shown = " ".join(f"U+{c:04X}" for c in m[:12]) + (" ..." if len(m) > 12 else "")
                print(
                    f"       {g:58s} {len(groups[g]) - len(m):6d}/{len(groups[g]):<6d} missing {len(m)} {shown}"
                )
    print(f"total size {total / 1e6:.2f} MB")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--check", action="store_true", help="only check the fonts in --out")
    args = ap.parse_args()
    if not args.check:
        for pkg in sorted(set(PACKAGES.values()) | {"unicode-data"}):
            try:
                v = subprocess.run(
                    ["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True
                ).stdout
            except FileNotFoundError:
                v = "?"
            print(f"source package {pkg} {v or 'NOT INSTALLED'}")
        build(args.out)
    return 0 if check(args.out) else 1


if __name__ == "__main__":
    sys.exit(main())
