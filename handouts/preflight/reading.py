"""A built PDF read back with PDFium: every character (its box, baseline, size and font),
the characters grouped into lines, and every drawn shape (rules, box edges, fills,
images) with the order it was drawn in. Coordinates are PDF points, origin bottom left.
"""

from __future__ import annotations

import ctypes
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Char:
    text: str
    box: Rect  # the glyph's tight box
    x: float  # origin on the baseline
    y: float
    size: float
    font: str
    order: int  # drawing order of its text object
    glyph: bool  # False when the font has no glyph for it (drawn as .notdef)
    advance: tuple[float, float] = (0.0, 0.0)  # left and right of its advance (loose box)

    @property
    def space(self) -> bool:
        return self.text.isspace() or self.text == ""


@dataclass
class Line:
    """Characters on one baseline, side by side with no wide gap: one line of one block."""

    chars: list[Char] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @cached_property
    def words(self) -> str:
        """The text with a space wherever one glyph's advance ends a sixth of an em or more
        before the next begins: a space a PDF draws as a move of the pen, not a character."""
        out = []
        for prev, ch in zip([None, *self.chars], self.chars, strict=False):
            if prev is not None and not (prev.space or ch.space):
                gap = max(ch.advance[0] - prev.advance[1], prev.advance[0] - ch.advance[1])
                if gap > 0.16 * max(ch.size, 1.0):
                    out.append(" ")
            out.append(ch.text)
        return "".join(out)

    @cached_property
    def ink(self) -> list[Char]:
        return [c for c in self.chars if not c.space]

    @cached_property
    def box(self) -> Rect:
        ink = self.ink or self.chars
        return (
            min(c.box[0] for c in ink),
            min(c.box[1] for c in ink),
            max(c.box[2] for c in ink),
            max(c.box[3] for c in ink),
        )

    @cached_property
    def size(self) -> float:
        sizes = [c.size for c in self.ink] or [0.0]
        return max(set(sizes), key=sizes.count)

    @property
    def baseline(self) -> float:
        return self.chars[0].y

    @cached_property
    def left(self) -> float:
        return min(c.box[0] for c in self.chars)

    @cached_property
    def right(self) -> float:
        return max(c.box[2] for c in self.chars)


@dataclass(frozen=True)
class Shape:
    """A drawn path or image: its bounds, its straight edges if stroked, and whether filled."""

    kind: str  # "path" or "image"
    bounds: Rect
    edges: tuple[tuple[float, float, float, float], ...]  # stroked segments x0, y0, x1, y1
    filled: bool
    stroke_width: float
    order: int


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    lines: list[Line]
    shapes: list[Shape]


def read(pdf: bytes) -> list[Page]:
    doc = pdfium.PdfDocument(with_furniture(pdf))
    try:
        return [_page(doc[i], i + 1) for i in range(len(doc))]
    finally:
        doc.close()


def with_furniture(pdf: bytes) -> bytes:
    """The PDF with its page furniture (header, footer) readable as text. The furniture
    is marked content of type Artifact, so that a screen reader skips it, and PDFium's
    text layer leaves artifacts out; a preflight must see them, so their marks are
    renamed in a copy (content streams and forms), nothing else changed."""
    import pypdf
    from pypdf.generic import StreamObject

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    seen: set[int] = set()

    def unmark(obj: Any) -> None:
        stream = obj.get_object()
        key = id(stream)
        if key in seen or not isinstance(stream, StreamObject):
            return
        seen.add(key)
        data = stream.get_data()
        if ARTIFACT in data:
            for name in ("/Filter", "/DecodeParms"):  # stored decoded: ASCII85 cannot be re-encoded
                stream.pop(name, None)
            StreamObject.set_data(stream, data.replace(ARTIFACT, b"/Furniture"))

    changed = False
    for page in writer.pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        items = contents.get_object()
        for item in items if isinstance(items, list) else [contents]:
            unmark(item)
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in xobjects.get_object().values() if xobjects is not None else []:
            if ref.get_object().get("/Subtype") == "/Form":
                unmark(ref)
        changed = True
    if not changed:
        return pdf
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ARTIFACT = b"/Artifact"


def _page(page: pdfium.PdfPage, number: int) -> Page:
    orders: dict[int | None, int] = {}
    shapes = list(_shapes(page, orders))
    chars = _chars(page, orders)
    width, height = page.get_size()
    return Page(number, float(width), float(height), chars, group_lines(chars), shapes)


def _address(handle: Any) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _matrix(obj: object) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _objects(page: pdfium.PdfPage) -> Iterator[tuple[object, tuple[float, ...]]]:
    """Every page object in drawing order, forms opened, with the matrix that places its
    content on the page (a form's own matrix composed with its children's)."""
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def walk(obj: object, outer: tuple[float, ...]) -> Iterator[tuple[object, tuple[float, ...]]]:
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            m = _compose(_matrix(obj), outer)
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                yield from walk(raw.FPDFFormObj_GetObject(obj, i), m)
        else:
            yield obj, outer

    for i in range(raw.FPDFPage_CountObjects(page)):
        yield from walk(raw.FPDFPage_GetObject(page, i), identity)


def _bounds(obj: object, outer: tuple[float, ...]) -> Rect:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    xs, ys = zip(
        *(_apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)),
        strict=True,
    )
    return (min(xs), min(ys), max(xs), max(ys))


def _shapes(page: pdfium.PdfPage, orders: dict[int | None, int]) -> Iterator[Shape]:
    for order, (obj, outer) in enumerate(_objects(page)):
        kind = raw.FPDFPageObj_GetType(obj)
        orders[_address(obj)] = order
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            yield Shape("image", _bounds(obj, outer), (), True, 0.0, order)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            width = ctypes.c_float()
            raw.FPDFPageObj_GetStrokeWidth(obj, width)
            m = _compose(_matrix(obj), outer)
            edges = _edges(obj, m) if stroke.value else ()
            yield Shape("path", _bounds(obj, outer), edges, bool(fill.value), width.value, order)


def _edges(obj: object, m: tuple[float, ...]) -> tuple[tuple[float, float, float, float], ...]:
    """A path's straight segments (a curve by its end points: the corners of a rounded box)."""
    out = []
    start = last = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = _apply(m, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = last = point
        elif last is not None:
            if kind == raw.FPDF_SEGMENT_LINETO:
                out.append((*last, *point))
            last = point
            if raw.FPDFPathSegment_GetClose(seg) and start is not None and start != point:
                out.append((*point, *start))
    return tuple(out)


def _chars(page: pdfium.PdfPage, orders: dict[int | None, int]) -> list[Char]:
    tp = page.get_textpage()
    out = []
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    loose = raw.FS_RECTF()
    fonts: dict[int | None, str] = {}
    for i in range(tp.count_chars()):
        if raw.FPDFText_IsGenerated(tp, i):
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        text = chr(code) if code else ""
        if text in ("\r", "\n"):
            continue
        raw.FPDFText_GetLooseCharBox(tp, i, loose)
        raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        raw.FPDFText_GetCharOrigin(tp, i, x, y)
        obj = raw.FPDFText_GetTextObject(tp, i)
        key = _address(obj)
        if key not in fonts:
            raw.FPDFText_GetFontInfo(tp, i, buf, len(buf), flags)
            fonts[key] = buf.value.decode("utf-8", "replace")
        size = float(raw.FPDFText_GetFontSize(tp, i))
        out.append(
            Char(
                text,
                (left.value, bottom.value, right.value, top.value),
                x.value,
                y.value,
                size,
                fonts[key],
                orders.get(key, -1),
                _has_glyph(text, left.value, right.value),
                (loose.left, loose.right),
            )
        )
    tp.close()
    return out


def _has_glyph(text: str, left: float, right: float) -> bool:
    """A character the font cannot draw comes back without its Unicode value (ReportLab
    draws it as glyph 0, .notdef, with no ToUnicode entry) or as U+FFFD."""
    if text in ("", "\ufffd"):
        return False
    if text.isspace() or unicodedata.category(text) in ("Mn", "Me", "Cf"):
        return True
    return right > left


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters into lines: one baseline and size, no gap of more than about half an em
    between neighbours (a wider gap is the next cell of a table row, or another column).
    Within a line the characters keep PDFium's order, which is the reading order, right
    to left text included; lines come in the order they were drawn."""
    indexed = sorted(enumerate(chars), key=lambda ic: (-round(ic[1].y, 1), ic[1].box[0]))
    rows: list[list[tuple[int, Char]]] = []
    for i, ch in indexed:
        if rows and abs(rows[-1][0][1].y - ch.y) <= 0.25 * max(ch.size, 1.0):
            rows[-1].append((i, ch))
        else:
            rows.append([(i, ch)])
    lines: list[tuple[int, Line]] = []
    for row in rows:
        row.sort(key=lambda ic: ic[1].box[0])
        run: list[tuple[int, Char]] = []
        for i, ch in row:
            if run:
                prev = run[-1][1]
                em = max(prev.size, ch.size, 1.0)
                gap = ch.box[0] - max(c.box[2] for _, c in run[-3:])
                over = -gap > 0.3 * em and ch.box != prev.box and unicodedata.category(ch.text or "x") != "Mn"
                if (
                    over  # drawn over the glyph before it: another line (a ligature's letters share a box)
                    or gap > min(0.6 * em, 10.0)
                    or (abs(ch.size - prev.size) > 0.6 and not (prev.space or ch.space))
                ):
                    lines.append(_line(run))
                    run = []
            run.append((i, ch))
        if run:
            lines.append(_line(run))
    return [line for _, line in sorted(lines, key=lambda il: il[0]) if line.ink]


def _line(run: list[tuple[int, Char]]) -> tuple[int, Line]:
    ordered = sorted(run, key=lambda ic: ic[0])
    return ordered[0][0], Line([c for _, c in ordered])
