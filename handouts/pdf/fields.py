"""Form fields that work in every script: text fields set in an embedded font that
covers the handout's language, and checkboxes drawn without a font at all.

ReportLab's own form fields use the 14 standard fonts, which are never embedded and
hold Latin-1 only: a Chinese, Arabic or Russian value cannot be written, and text
typed on screen shows as ``?`` or nothing. Here each fillable document carries one
*field font*: a Type0 font (Identity-H) whose character codes are the
glyph ids of a TrueType program cut down with fontTools to the characters a patient
is likely to type in that script (see :func:`_set`), with a /ToUnicode map for every
glyph: viewers find the code for a typed character by looking it up there (PDFium)
or in the program's own cmap (pypdf), and both give the same glyph.

Values known at build time are not put in fields: they are printed on the page, so
every viewer, screen reader and printer shows them (see personal.py).
"""

from __future__ import annotations

import io
import logging
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

# The field font's name in the form's /DR resources. PDFium sets a typed character in
# the form's default font only if it "knows" the font's character set: an embedded font
# counts as Western, so for Arabic, Vietnamese, Chinese ... it reaches for a system font
# first (not embedded, wrong glyphs where the machine has none: "Nguyn" for "Nguyễn").
# A default font named Wingdings counts as a symbol font, which PDFium asks first for
# every character (cpdf_bafontmap.cpp); other viewers go by the font dictionary, not
# this name.
FONT_KEY = "Wingdings"

# Field flags (ISO 32000-1, tables 221, 226) and annotation flags (table 165).
MULTILINE = 1 << 12
DO_NOT_SPELL_CHECK = 1 << 22
PRINT = 4


def _ranges(*spans: tuple[int, int]) -> frozenset[int]:
    return frozenset(c for lo, hi in spans for c in range(lo, hi + 1))


def _double_byte(codec: str, rows: list[int]) -> frozenset[int]:
    """Characters of rows of a legacy double-byte set (GB 2312, KS X 1001)."""
    out = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((hi, lo)).decode(codec)))
            except (UnicodeDecodeError, TypeError):
                continue
    return frozenset(out)


# What anyone may type: ASCII, Latin-1, punctuation, the euro, less/greater-or-equal, minus.
BASE = _ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2044), (0x20AC, 0x20AC), (0x2212, 0x2212)) | {
    0x2264,
    0x2265,
}
# Latin (Vietnamese and Tagalog included), combining accents, and Cyrillic.
ALPHABETS = _ranges((0x100, 0x24F), (0x300, 0x36F), (0x400, 0x45F), (0x1E00, 0x1EFF))


@cache
def _set(script: str) -> frozenset[int] | None:
    """Characters a field font keeps for ``script``; None keeps the whole font."""
    if script in ("Latn", "Cyrl", "Grek"):
        return BASE | ALPHABETS
    if script == "Arab":  # letters, and the presentation forms a script may fill in
        return BASE | _ranges((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
    if script == "Hans":  # GB 2312 level 1 (the 3,755 common hanzi) and its symbol rows
        return (
            BASE
            | _ranges((0x3000, 0x303F), (0xFF01, 0xFF5E))
            | _double_byte("gb2312", [0xA1, 0xA3, *range(0xB0, 0xD8)])
        )
    if script == "Kore":  # KS X 1001: the 2,350 common syllables, jamo and symbols
        return (
            BASE
            | _ranges((0x3000, 0x303F), (0x3131, 0x318E), (0xFF01, 0xFF5E))
            | _double_byte("euc_kr", [0xA1, 0xA3, *range(0xB0, 0xC9)])
        )
    return None


SETS = ("Latn", "Cyrl", "Grek", "Arab", "Hans", "Kore")  # others keep every character


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


@cache
def field_font(path: Path, script: str) -> FieldFontProgram:
    """The field font for ``script`` made from the TrueType file at ``path`` (once per process)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports every step at INFO
    font = TTFont(str(path), recalcTimestamp=False)  # the same bytes on every build
    cmap = font.getBestCmap()
    wanted = _set(script)
    keep = sorted(c for c in cmap if c <= 0xFFFF and (wanted is None or c in wanted))
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # licence and copyright stay in the name table
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "DSIG", "kern", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    program = out.getvalue()
    scale = 1000 / font["head"].unitsPerEm
    order = {name: i for i, name in enumerate(font.getGlyphOrder())}
    new_cmap = font.getBestCmap()
    gids = {c: order[g] for c, g in new_cmap.items() if c <= 0xFFFF}
    hmtx = font["hmtx"]
    widths = {c: round(hmtx[new_cmap[c]][0] * scale) for c in gids}
    os2, head = font["OS/2"], font["head"]
    ps_name = font["name"].getDebugName(6) or path.stem
    return FieldFontProgram(
        name=f"{subset_tag(program)}+{ps_name}",
        program=program,
        gids=gids,
        widths=widths,
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
    form.extras["DR"] = PDFDictionary({"Font": PDFDictionary({FONT_KEY: ref})})
    form.extras["DA"] = PDFString(f"/{FONT_KEY} 0 Tf 0 g")


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
            "DA": PDFString(f"/{FONT_KEY} {size:g} Tf {_rgb(color)} rg"),
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
