"""Form fields that work in every script: text fields set in an embedded font that
covers the handout's language, and checkboxes drawn without a font at all.

ReportLab's own form fields use the 14 standard fonts, which are never embedded and
hold Latin-1 only: a Chinese, Arabic or Russian value cannot be written, and text
typed on screen shows as ``?`` or nothing. Here each fillable document carries one
*field font*: a Type0 font (Identity-H) whose character codes are the
glyph ids of a TrueType program cut down to the characters a patient is likely to
type in that language (see :func:`characters`), with a /ToUnicode map for every
glyph: viewers find the code for a typed character by looking it up there (PDFium)
or in the program's own cmap (pypdf), and both give the same glyph.

Values known at build time are not put in fields: they are printed on the page, so
every viewer, screen reader and printer shows them (see personal.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from .pdfmeta import subset_tag

# The name the field font goes by in the form's /DR resources and every field's /DA.
# A viewer that draws what the user types takes the font from /DR by this name and uses
# its program (Poppler, pdf.js, Acrobat: the name itself means nothing to them). PDFium
# (Chrome, Edge) also reads the name: for each typed character it asks the /DA font
# first only if that font's character set matches the character's, and it takes an
# embedded font's character set to be Western (ANSI) unless the font goes by one of the
# names of the Windows symbol fonts (Wingdings, Wingdings2, Wingdings3, Webdings), whose
# set is "symbol", asked first for every character (CPDF_BAFontMap's constructor and
# GetWordFontIndex, core/fpdfdoc/cpdf_bafontmap.cpp). Under any other name it sets
# Arabic, Vietnamese, Polish, Chinese ... in a system font instead: not embedded, and
# without the glyphs on a machine that lacks one ("Nguyn" for "Nguyễn", Arabic blank:
# measured with pypdfium2, the typing tests of test_forms.py fail for ar, fa and vi under
# another name). PDFium has no other way to be told that an embedded font covers a
# script, so the field font takes that name.
FORM_FONT_NAME = "Wingdings"

# Field flags (ISO 32000-1, tables 221, 226) and annotation flags (table 165).
MULTILINE = 1 << 12
DO_NOT_SPELL_CHECK = 1 << 22
PRINT = 4


def _ranges(*spans: tuple[int, int]) -> frozenset[int]:
    return frozenset(c for lo, hi in spans for c in range(lo, hi + 1))


def _double_byte(codec: str, rows: list[int], cells: range = range(0xA1, 0xFF)) -> frozenset[int]:
    """Characters of rows of a legacy double-byte set (GB 2312, KS X 1001, JIS X 0208, Big5)."""
    out = set()
    for hi in rows:
        for lo in cells:
            try:
                out.add(ord(bytes((hi, lo)).decode(codec)))
            except (UnicodeDecodeError, TypeError):
                continue
    return frozenset(out)


# What anyone may type in any language: ASCII (Latin letters and digits), Latin-1,
# punctuation, the euro, less/greater-or-equal, minus, and the zero-width joiners
# (Persian and Indic words hold them).
BASE = _ranges(
    (0x20, 0x7E), (0xA0, 0xFF), (0x200C, 0x200D), (0x2010, 0x2027), (0x2030, 0x2044),
    (0x20AC, 0x20AC), (0x2212, 0x2212), (0x2264, 0x2265),
)  # fmt: skip
_CJK_PUNCTUATION = _ranges((0x3000, 0x303F), (0xFF01, 0xFF5E))

# Each script's letters, marks and signs, for names and notes typed in it.
_SCRIPT = {
    # Latin Extended-A (Polish, Czech, Turkish ...), Vietnamese (O and U with horn, tone
    # marks, the precomposed letters), Romanian s and t with comma, the combining accents.
    "Latn": _ranges((0x100, 0x17F), (0x1A0, 0x1B0), (0x218, 0x21B), (0x300, 0x30F), (0x323, 0x323))
    | _ranges((0x1EA0, 0x1EF9)),
    "Cyrl": _ranges((0x400, 0x45F), (0x490, 0x491)),
    "Grek": _ranges((0x370, 0x3FF)),
    # Arabic and Persian letters, digits and marks, and the contextual forms of letters a
    # viewer may store (not the ligatures, U+FC00-FDFF).
    "Arab": _ranges((0x600, 0x6FF), (0xFB50, 0xFBFF), (0xFE70, 0xFEFF)),
    "Hebr": _ranges((0x590, 0x5FF)),
    "Deva": _ranges((0x900, 0x97F)),
    "Guru": _ranges((0xA00, 0xA7F)),
    "Armn": _ranges((0x530, 0x58F), (0xFB13, 0xFB17)),
    # GB 2312 level 1: the 3,755 common hanzi, and its symbol rows
    "Hans": _CJK_PUNCTUATION | _double_byte("gb2312", [0xA1, 0xA3, *range(0xB0, 0xD8)]),
    # Big5's frequently used characters (5,401), and its symbols
    "Hant": _CJK_PUNCTUATION
    | _double_byte("big5", [*range(0xA1, 0xA4), *range(0xA4, 0xC7)], range(0x40, 0xFF)),
    # JIS X 0208: kana, symbols and the 2,965 level-1 kanji
    "Jpan": _CJK_PUNCTUATION | _double_byte("euc_jp", [0xA1, 0xA3, 0xA4, 0xA5, *range(0xB0, 0xD0)]),
    # KS X 1001: the 2,350 common syllables, jamo and symbols
    "Kore": _CJK_PUNCTUATION
    | _ranges((0x3131, 0x318E))
    | _double_byte("euc_kr", [0xA1, 0xA3, *range(0xB0, 0xC9)]),
}


@cache
def characters(script: str) -> frozenset[int]:
    """The characters a field font keeps for a handout in ``script``: what a patient
    types in that language (its script, and Latin letters, digits and punctuation).
    A script without a list here keeps every character of it that the font has."""
    if script in _SCRIPT:
        return BASE | _SCRIPT[script]
    return BASE | frozenset(c for c in range(0x80, 0x10000) if _script_of(c) == script)


def _script_of(code: int) -> str:
    from fontTools import unicodedata as ucd

    return str(ucd.script(chr(code)))


@dataclass(frozen=True)
class FieldFontProgram:
    """A cut-down TrueType font and what a PDF needs to describe it (1/1000 em units)."""

    name: str  # PostScript name with a subset tag derived from the program
    program: bytes
    gids: dict[int, int]  # code point (= CID) -> glyph
    widths: dict[int, int]
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]


def field_font(path: Path, script: str) -> FieldFontProgram:
    """The field font for a handout in ``script``, cut from the TrueType file at ``path``."""
    return cut(path, characters(script))


@cache
def _face(path: Path) -> Any:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return TTFontFile(str(path))


@cache
def cut(path: Path, chars: frozenset[int]) -> FieldFontProgram:
    """The characters ``chars`` of the TrueType file at ``path`` as a field font, made
    once per process for each file and character set.

    ReportLab cuts the program (it copies the glyphs' bytes as they are, as it does for
    the page's own fonts: a Chinese set of 4,000 glyphs takes a tenth of a second, not
    the seconds a full re-encoding takes); fontTools then gives it a Unicode cmap, the
    table viewers look a typed character up in."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

    face = _face(path)
    keep = sorted(c for c in face.charToGlyph if c <= 0xFFFF and c in chars)
    font = TTFont(io.BytesIO(face.makeSubset(keep)), recalcBBoxes=False, recalcTimestamp=False)
    order = font.getGlyphOrder()
    by_index = font["cmap"].getcmap(1, 0).cmap  # ReportLab's: position in ``keep`` -> glyph
    glyph_of = {ch: by_index[i] for i, ch in enumerate(keep)}
    table = newTable("cmap")
    table.tableVersion = 0
    subtable = cmap_format_4(4)
    subtable.platformID, subtable.platEncID, subtable.language = 3, 1, 0
    subtable.cmap = glyph_of
    table.tables = [subtable]
    font["cmap"] = table
    out = io.BytesIO()
    font.save(out)
    program = out.getvalue()
    gid = {name: i for i, name in enumerate(order)}
    os2, head = font["OS/2"], font["head"]
    scale = 1000 / head.unitsPerEm
    ps_name = font["name"].getDebugName(6) or path.stem
    return FieldFontProgram(
        name=f"{subset_tag(program)}+{ps_name}",
        program=program,
        gids={ch: gid[g] for ch, g in glyph_of.items()},
        widths={ch: round(font["hmtx"][g][0] * scale) for ch, g in glyph_of.items()},
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or round(os2.sTypoAscender * scale),
        bbox=(
            round(head.xMin * scale),
            round(head.yMin * scale),
            round(head.xMax * scale),
            round(head.yMax * scale),
        ),
    )


def _stream(doc: Any, content: bytes | str, **entries: Any) -> Any:
    """A compressed stream, registered with ``doc``: a reference to it."""
    return doc.Reference(PDFStream(PDFDictionary(entries), content, filters=[PDFZCompress]))


def _width_array(widths: dict[int, int], default: int) -> PDFArray:
    """/W: runs of consecutive codes that differ from the default width."""
    out: list[Any] = []
    run: list[int] = []
    start = prev = -2
    for code in sorted(c for c, w in widths.items() if w != default):
        if code != prev + 1 and run:
            out += [start, PDFArray(run)]
            run = []
        if not run:
            start = code
        run.append(widths[code])
        prev = code
    if run:
        out += [start, PDFArray(run)]
    return PDFArray(out)


def _to_unicode(name: str, unicode_of: dict[int, int]) -> str:
    """A ToUnicode CMap: each code (a glyph id) to its character, in ranges where both
    run on together within one high byte."""
    spans: list[tuple[int, int, int]] = []  # first code, last code, first character
    for code in sorted(unicode_of):
        ch = unicode_of[code]
        if spans:
            lo, hi, first = spans[-1]
            if code == hi + 1 and ch == first + code - lo and code >> 8 == lo >> 8:
                spans[-1] = (lo, code, first)
                continue
        spans.append((code, code, ch))
    body = []
    for i in range(0, len(spans), 100):
        chunk = spans[i : i + 100]
        body.append(f"{len(chunk)} beginbfrange")
        body += [f"<{lo:04X}> <{hi:04X}> <{first:04X}>" for lo, hi, first in chunk]
        body.append("endbfrange")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            f"/CMapName /{name.replace('+', '-')}-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
            *body,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _font_object(doc: Any, p: FieldFontProgram) -> PDFDictionary:
    unicode_of: dict[int, int] = {}
    for ch in sorted(p.gids, reverse=True):  # a glyph drawn for several characters reads as the first
        unicode_of[p.gids[ch]] = ch
    widths = {p.gids[ch]: w for ch, w in p.widths.items()}
    counts: dict[int, int] = {}
    for w in widths.values():
        counts[w] = counts.get(w, 0) + 1
    default = max(counts, key=lambda w: (counts[w], w))
    descriptor = PDFDictionary(
        {
            "Type": PDFName("FontDescriptor"),
            "FontName": PDFName(p.name),
            "Flags": 32,  # non-symbolic
            "FontBBox": PDFArray(list(p.bbox)),
            "ItalicAngle": 0,
            "Ascent": p.ascent,
            "Descent": p.descent,
            "CapHeight": p.cap_height,
            "StemV": 80,
            "FontFile2": _stream(doc, p.program, Length1=len(p.program)),
        }
    )
    cid_font = PDFDictionary(
        {
            "Type": PDFName("Font"),
            "Subtype": PDFName("CIDFontType2"),
            "BaseFont": PDFName(p.name),
            "CIDSystemInfo": PDFDictionary(
                {"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"), "Supplement": 0}
            ),
            "FontDescriptor": descriptor,
            "DW": default,
            "W": _width_array(widths, default),
            "CIDToGIDMap": PDFName("Identity"),
        }
    )
    return PDFDictionary(
        {
            "Type": PDFName("Font"),
            "Subtype": PDFName("Type0"),
            "BaseFont": PDFName(p.name),
            "Encoding": PDFName("Identity-H"),
            "DescendantFonts": PDFArray([cid_font]),
            "ToUnicode": _stream(doc, _to_unicode(p.name, unicode_of)),
        }
    )


def use_field_font(canv: Any, program: FieldFontProgram) -> None:
    """Make ``program`` the form's default font (once per document)."""
    form = canv.acroForm
    if "DR" in form.extras:
        return
    doc = canv._doc
    ref = doc.Reference(_font_object(doc, program))
    form.extras["DR"] = PDFDictionary({"Font": PDFDictionary({FORM_FONT_NAME: ref})})
    form.extras["DA"] = PDFString(f"/{FORM_FONT_NAME} 0 Tf 0 g")


def _rgb(color: Color) -> str:
    return f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"


def _form_xobject(canv: Any, width: float, height: float, content: str, **extra: Any) -> Any:
    return _stream(
        canv._doc,
        content,
        Type=PDFName("XObject"),
        Subtype=PDFName("Form"),
        BBox=PDFArray([0, 0, round(width, 3), round(height, 3)]),
        **extra,
    )


def _add(canv: Any, widget: dict[str, Any]) -> None:
    widget.update(Type=PDFName("Annot"), Subtype=PDFName("Widget"), F=PRINT, P=canv._doc.thisPageRef())
    annotation = PDFDictionary(widget)
    canv._addAnnotation(annotation)
    canv.acroForm.fields.append(canv._doc.Reference(annotation))


def text_field(
    canv: Any,
    name: str,
    label: str,
    rect: tuple[float, float, float, float],
    size: float,
    color: Color,
    lines: int = 1,
    rtl: bool = False,
) -> None:
    """An empty text field over ``rect`` (x, y, width, height in the current flowable's
    coordinates), set in the field font (see :func:`use_field_font`)."""
    x, y, w, h = rect
    x0, y0 = canv.absolutePosition(x, y)
    appearance = _form_xobject(canv, w, h, "/Tx BMC EMC")
    _add(
        canv,
        {
            "FT": PDFName("Tx"),
            "T": PDFString(name),
            "TU": PDFString(label),
            "Ff": DO_NOT_SPELL_CHECK | (MULTILINE if lines > 1 else 0),
            "DA": PDFString(f"/{FORM_FONT_NAME} {size:g} Tf {_rgb(color)} rg"),
            "Q": 2 if rtl else 0,
            "Rect": PDFArray([round(v, 3) for v in (x0, y0, x0 + w, y0 + h)]),
            "MK": PDFDictionary({}),
            "AP": PDFDictionary({"N": appearance}),
        },
    )


def tick_path(size: float) -> str:
    """The tick of flowables.draw_mark as PDF path operators, in a box ``size`` wide."""
    c = size / 2
    s = size * 0.95  # the tick and its line stay inside the field's box
    points = [(c - s * 0.38, c + s * 0.02), (c - s * 0.1, c - s * 0.3), (c + s * 0.4, c + s * 0.32)]
    (ax, ay), (bx, by), (cx, cy) = points
    return f"{ax:.2f} {ay:.2f} m {bx:.2f} {by:.2f} l {cx:.2f} {cy:.2f} l S"


def checkbox(canv: Any, name: str, label: str, cx: float, cy: float, size: float, color: Color) -> None:
    """A checkbox of side ``size`` centred on (cx, cy): no border of its own (the box is
    drawn on the page), ticked with a path (no font), off by default."""
    x0, y0 = canv.absolutePosition(cx - size / 2, cy - size / 2)
    line = max(0.9, size * 0.13)
    tick = f"q {_rgb(color)} RG {line:.2f} w 1 J 1 j {tick_path(size)} Q"
    on = _form_xobject(canv, size, size, tick)
    off = _form_xobject(canv, size, size, "")
    _add(
        canv,
        {
            "FT": PDFName("Btn"),
            "T": PDFString(name),
            "TU": PDFString(label),
            "V": PDFName("Off"),
            "AS": PDFName("Off"),
            "Rect": PDFArray([round(v, 3) for v in (x0, y0, x0 + size, y0 + size)]),
            "BS": PDFDictionary({"W": 0}),
            "MK": PDFDictionary({"CA": PDFString("4")}),  # a tick, if a viewer redraws it
            "AP": PDFDictionary({"N": PDFDictionary({"Yes": on, "Off": off})}),
            "H": PDFName("N"),
        },
    )
