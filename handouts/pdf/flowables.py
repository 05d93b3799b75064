"""The drawn pieces of a handout: marks, checkboxes, list items, boxes, ruled lines,
and a paragraph that wraps first and then orders each line right to left.

Every mark is drawn with paths, never taken from a font, and sits on the first
text line by the font's ascender. Colours and sizes arrive as arguments; nothing
here chooses a style of its own.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, cast

from reportlab.lib.colors import Color
from reportlab.lib.fonts import tt2ps
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, getFont, stringWidth
from reportlab.platypus import Flowable

from ..text import Run, Span, drawable, logical, marked_spans, merge_runs, reading_spans, shape_runs
from . import fields
from .structure import HEADING, ITEM, PAGE_START, note

# Mark kinds a list item can carry.
BULLET, NUMBER, TICK, CROSS, BOX, ALERT = "bullet", "number", "tick", "cross", "box", "alert"
TICKED = "ticked"  # a checkbox with a tick in it: an example of how to fill one


@dataclass(frozen=True)
class Ink:
    """What a mark is drawn with."""

    color: Color
    size: float  # the mark's height in points
    line: float = 1.0
    font: str = ""  # for numbers
    text_color: Color | None = None


NUMBER_SIZE = 0.66  # a number's type size, as a share of its mark's height (10 pt and up)


def mark_width(kind: str | None, ink: Ink, label: str = "") -> float:
    """How wide a mark is drawn: its height, or more for a number too long for a disc."""
    if kind != NUMBER or not label:
        return ink.size
    text = float(stringWidth(label, ink.font, ink.size * NUMBER_SIZE))
    return max(ink.size, text + ink.size * 0.5)


def mark_overhang(kind: str | None, ink: Ink) -> float:
    """How far a mark reaches past the right of its width: the tick over an example box
    (drawn a little larger than the box, as a pen does) by 0.04 of the size, its stroke's
    half included. A right-to-left item moves its mark in by this, to stay inside the
    margin."""
    return ink.size * 0.04 if kind == TICKED else 0.0


def draw_mark(canv: Any, kind: str, cx: float, cy: float, ink: Ink, label: str = "") -> None:
    """Draw a mark centred on (cx, cy)."""
    s = ink.size
    canv.saveState()
    canv.setStrokeColor(ink.color)
    canv.setFillColor(ink.color)
    canv.setLineWidth(ink.line)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    if kind in (BULLET, ALERT):
        h = s * 0.42
        canv.rect(cx - h / 2, cy - h / 2, h, h, stroke=0, fill=1)
    elif kind == NUMBER:  # a disc, or a pill as wide as a long number ("1,024")
        w = mark_width(kind, ink, label)
        canv.roundRect(cx - w / 2, cy - s / 2, w, s, s / 2, stroke=0, fill=1)
        canv.setFillColor(ink.text_color or ink.color)
        fs = s * NUMBER_SIZE
        canv.setFont(ink.font, fs)
        canv.drawCentredString(cx, cy - fs * 0.36, label)
    elif kind == TICK:
        p = canv.beginPath()
        p.moveTo(cx - s * 0.38, cy + s * 0.02)
        p.lineTo(cx - s * 0.1, cy - s * 0.3)
        p.lineTo(cx + s * 0.4, cy + s * 0.32)
        canv.setLineWidth(max(ink.line, s * 0.14))
        canv.drawPath(p, stroke=1, fill=0)
    elif kind == CROSS:
        d = s * 0.3
        canv.setLineWidth(max(ink.line, s * 0.14))
        canv.line(cx - d, cy - d, cx + d, cy + d)
        canv.line(cx - d, cy + d, cx + d, cy - d)
    elif kind in (BOX, TICKED):
        canv.roundRect(cx - s / 2, cy - s / 2, s, s, s * 0.18, stroke=1, fill=0)
    if kind == TICKED:  # the tick a little larger than the box, as a pen draws it
        draw_mark(canv, TICK, cx + s * 0.08, cy + s * 0.05, replace(ink, size=s * 0.95, line=s * 0.16))
    canv.restoreState()


def draw_icon(canv: Any, kind: str, cx: float, cy: float, size: float, color: Color, white: Color) -> None:
    """Section icons: a warning triangle, an info circle, a tick/cross in a disc, a sun
    (morning) or a crescent moon (evening)."""
    canv.saveState()
    canv.setFillColor(color)
    canv.setStrokeColor(white)
    canv.setLineCap(1)
    r = size / 2
    if kind == "warning":
        p = canv.beginPath()
        p.moveTo(cx, cy + r)
        p.lineTo(cx + r * 1.1, cy - r * 0.85)
        p.lineTo(cx - r * 1.1, cy - r * 0.85)
        p.close()
        canv.setLineJoin(1)
        canv.setStrokeColor(color)
        canv.setLineWidth(size * 0.08)
        canv.drawPath(p, stroke=1, fill=1)
        canv.setStrokeColor(white)
        canv.setLineWidth(size * 0.11)
        canv.line(cx, cy + r * 0.4, cx, cy - r * 0.25)
        canv.setFillColor(white)
        canv.circle(cx, cy - r * 0.55, size * 0.06, stroke=0, fill=1)
    elif kind == "info":
        canv.setStrokeColor(color)
        canv.setLineWidth(size * 0.09)
        canv.circle(cx, cy, r * 0.92, stroke=1, fill=0)
        canv.setLineWidth(size * 0.11)
        canv.line(cx, cy - r * 0.45, cx, cy + r * 0.1)
        canv.circle(cx, cy + r * 0.4, size * 0.06, stroke=0, fill=1)
    elif kind == "sun":  # morning: a disc with eight rays
        canv.circle(cx, cy, r * 0.42, stroke=0, fill=1)
        canv.setStrokeColor(color)
        canv.setLineWidth(size * 0.09)
        for i in range(8):
            a = math.pi * i / 4
            dx, dy = r * math.cos(a), r * math.sin(a)
            canv.line(cx + 0.62 * dx, cy + 0.62 * dy, cx + 0.92 * dx, cy + 0.92 * dy)
    elif kind == "moon":  # evening: a crescent
        canv.circle(cx, cy, r * 0.85, stroke=0, fill=1)
        canv.setFillColor(white)
        canv.circle(cx + r * 0.42, cy + r * 0.3, r * 0.72, stroke=0, fill=1)
    else:  # "tick" or "cross" in a disc
        canv.circle(cx, cy, r, stroke=0, fill=1)
        draw_mark(canv, TICK if kind == "tick" else CROSS, cx, cy, Ink(white, size * 0.62, size * 0.1))
    canv.restoreState()


class PageStart(Flowable):  # type: ignore[misc]
    """Nothing to see: records that a section begins a page of its own here, so the
    preflight knows the page before it is where the handout's own pages end."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        note(self, PAGE_START, 0)


class Icon(Flowable):  # type: ignore[misc]
    def __init__(self, kind: str, size: float, color: Color, white: Color) -> None:
        super().__init__()
        self.kind, self.size, self.color, self.white = kind, size, color, white

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_icon(self.canv, self.kind, self.size / 2, self.size / 2, self.size, self.color, self.white)


class Turned(Flowable):  # type: ignore[misc]
    """A flowable turned a quarter to the left, read upwards: the header of a column
    too narrow for its words. ``length`` is the line length it is set in."""

    def __init__(self, inner: Flowable, length: float) -> None:
        super().__init__()
        self.inner, self.length = inner, length
        self._inner_h = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, self._inner_h = self.inner.wrap(self.length, 1e6)
        self.width, self.height = self._inner_h, self.length
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.rotate(90)
        self.inner.drawOn(c, 0, -self._inner_h)
        c.restoreState()


def first_line_center(font: str, size: float) -> float:
    """Distance from the top of a paragraph to the middle of its first line's x-height."""
    return float(getAscent(font, size)) - size * 0.36


class Item(Flowable):  # type: ignore[misc]
    """A mark (bullet, number, tick, cross, checkbox) beside a body flowable.

    The mark stands left of the body, or right of it in a right-to-left handout,
    centred on the first text line. The body may split across pages; the mark
    goes with the first part.
    """

    def __init__(
        self,
        kind: str | None,
        body: Flowable,
        ink: Ink,
        indent: float,
        center_from_top: float,
        rtl: bool = False,
        label: str = "",
        keep_under: float = 0.0,
        underline: tuple[Color, float, float] | None = None,
        field: str | None = None,
        group: int = 0,
        part: int = 0,
    ) -> None:
        super().__init__()
        self.group, self.part = group, part  # for the layout record: its list, and which piece
        self.field = field  # a checkbox mark becomes this form field (fillable handouts)
        self.kind, self.body, self.ink, self.indent = kind, body, ink, indent
        self.center_from_top, self.rtl, self.label = center_from_top, rtl, label
        self.keep_under = keep_under  # never split when no taller than this
        self.underline = underline  # (colour, line width, gap above the line)
        self._wrapped_at = -1.0

    def _extra(self) -> float:
        return self.underline[1] + self.underline[2] if self.underline else 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # The height depends on the width only: a long list in a box that splits over
        # many pages is measured again for every page, so measure each width once.
        if aw != self._wrapped_at:
            _, h = self.body.wrap(aw - self.indent, ah)
            self.width, self.height, self._wrapped_at = aw, h + self._extra(), aw
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        # At the width last wrapped to, as ReportLab's Paragraph does: a table wraps a cell
        # at its width less the padding, then splits it at the full width.
        aw = self._wrapped_at if self._wrapped_at > 0 else aw
        if self.wrap(aw, ah)[1] <= self.keep_under:
            return []
        parts = self.body.split(aw - self.indent, ah - self._extra())
        self._wrapped_at = -1.0  # a paragraph that cannot split forgets its lines
        if len(parts) < 2:  # no split (ReportLab's table cells expect two parts or none)
            return []
        args = (self.ink, self.indent, self.center_from_top, self.rtl)
        last = len(parts) - 1
        return [
            Item(
                self.kind if i == 0 else None,
                p,
                *args,
                label=self.label if i == 0 else "",
                underline=self.underline if i == last else None,
                field=self.field if i == 0 else None,
                group=self.group,
                part=self.part + i,
            )
            for i, p in enumerate(parts)
        ]

    def draw(self) -> None:
        if self.group:
            note(self, ITEM, self.group, self.part, mark=self.kind or "")
        body_x = 0.0 if self.rtl else self.indent
        extra = self._extra()
        self.body.drawOn(self.canv, body_x, extra)
        if self.underline:
            color, line, _ = self.underline
            self.canv.saveState()
            self.canv.setStrokeColor(color)
            self.canv.setLineWidth(line)
            self.canv.line(0, line / 2, self.width, line / 2)
            self.canv.restoreState()
        if self.kind:
            mark_w = mark_width(self.kind, self.ink, self.label)
            cx = self.width - mark_w / 2 - mark_overhang(self.kind, self.ink) if self.rtl else mark_w / 2
            cy = self.height - self.center_from_top
            draw_mark(self.canv, self.kind, cx, cy, self.ink, self.label)
            if self.field:
                label = plain_text(self.body)
                form_checkbox(self.canv, self.field, label, cx, cy, self.ink.size, self.ink.color)


def plain_text(flowable: Flowable) -> str:
    """What a paragraph says, in logical order: a form field's label for screen readers."""
    if isinstance(flowable, RtlParagraph):  # shaped letters back to their plain forms
        return unicodedata.normalize("NFKC", "".join(r.text for r in flowable.runs))
    text = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
    return " ".join(str(text).split())


def form_checkbox(canv: Any, name: str, label: str, cx: float, cy: float, size: float, color: Color) -> None:
    """A PDF form checkbox over a drawn box (of height ``size``), so it can be ticked on
    screen; ``label`` is what a screen reader says for it."""
    fields.checkbox(canv, name, label or name, cx, cy, size * 0.8, color)


def form_text(
    canv: Any,
    name: str,
    label: str,
    width: float,
    height: float,
    size: float,
    color: Color,
    lines: int = 1,
    rtl: bool = False,
) -> None:
    """An empty PDF form text field over (0, 0, width, height) of the current flowable,
    set in the document's field font (an embedded font for the handout's script)."""
    program = getattr(canv, "field_font", None)
    if program is None:
        raise ValueError("a text field needs a canvas with a field font (see pages.canvas_maker)")
    fields.use_field_font(canv, program)
    fields.text_field(canv, name, label or name, (0, 0, width, height), size, color, lines, rtl)


@lru_cache(maxsize=8)
def image_reader(data: bytes) -> ImageReader:
    """One decoded image per process: a logo drawn on every page of every handout of a
    packet is decoded once, not once per page."""
    return ImageReader(io.BytesIO(data))


def pdf_text(text: str) -> str:
    """A PDF text string (UTF-16, hex) for any language."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def begin_alt(canv: Any, alt: str) -> None:
    """Start marked content that a screen reader reads as ``alt`` (ISO 32000-1, 14.9.3:
    an /Alt entry on a /Span sequence); end it with :func:`end_marked`."""
    canv.addLiteral(f"/Span <</Alt {pdf_text(alt)}>> BDC")


def begin_artifact(canv: Any, kind: str) -> None:
    """Start marked content that is page furniture, not text to read (14.8.2.2):
    ``kind`` is Header or Footer. End it with :func:`end_marked`."""
    canv.addLiteral(f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC")


def end_marked(canv: Any) -> None:
    canv.addLiteral("EMC")


class Picture(Flowable):  # type: ignore[misc]
    """An image of a given size, drawn from a shared decoded copy (see image_reader),
    with ``alt`` as its alternative text."""

    def __init__(self, data: bytes, width: float, height: float, alt: str = "") -> None:
        super().__init__()
        self.data, self.width, self.height, self.alt = data, width, height, alt

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.alt:
            begin_alt(self.canv, self.alt)
        self.canv.drawImage(image_reader(self.data), 0, 0, self.width, self.height)
        if self.alt:
            end_marked(self.canv)


class Linked(Flowable):  # type: ignore[misc]
    """A flowable (a QR code) that is also a link to ``url``, read aloud as ``alt``."""

    def __init__(self, inner: Flowable, url: str, alt: str) -> None:
        super().__init__()
        self.inner, self.url, self.alt = inner, url, alt

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        begin_alt(self.canv, self.alt)
        self.inner.drawOn(self.canv, 0, 0)
        end_marked(self.canv)
        self.canv.linkURL(
            self.url, (0, 0, self.width, self.height), relative=1, thickness=0, Contents=PDFString(self.alt)
        )


@dataclass(frozen=True)
class LineStyle:
    regular: str
    bold: str
    size: float
    leading: float
    color: Color
    shaped: bool = False  # set with HarfBuzz (Devanagari and Gurmukhi conjuncts, vowel signs)
    shaped_faces: frozenset[str] = frozenset()  # other scripts' families set with HarfBuzz


@lru_cache(maxsize=4096)
def glyph_text(text: str, font: str, size: float, shaped: bool = False) -> str:
    """Text as drawn: invisible format characters dropped and, for a shaped script,
    shaped by HarfBuzz (ReportLab's ShapedStr: glyphs with their positions)."""
    from reportlab.pdfbase.ttfonts import shapeStr

    out = drawable(text)
    if not shaped or not out.strip():
        return out
    # Word by word, so that HarfBuzz finds each word's script ("Also called DM-1 · दिन"
    # shaped whole would be taken for Latin). The result is a ShapedStr (a str with the
    # glyph positions): str() would drop them.
    shaped_text: Any = None
    for part in re.split(r"( +)", out):
        if part:
            piece = shapeStr(part, font, size, force=True)
            shaped_text = piece if shaped_text is None else shaped_text + piece
    return cast(str, shaped_text)


def text_width(text: str, font: str, size: float, shaped: bool = False) -> float:
    """The drawn width of ``text`` (after shaping: a conjunct is narrower than its letters)."""
    drawn = glyph_text(text, font, size, shaped)
    data = getattr(drawn, "__shapeData__", None)
    if data is not None:
        return float(sum(d.x_advance for d in data)) * size / 1000
    return float(stringWidth(drawn, font, size))


def begin_actual_text(canv: Any, text: str) -> None:
    """Start marked content whose /ActualText is ``text``: what extraction, search and
    screen readers take instead of the glyphs drawn until :func:`end_actual_text`
    (the glyphs of shaped or right-to-left text do not spell the words in order)."""
    canv.addLiteral(f"/Span <</ActualText {pdf_text(text)}>> BDC")


def end_actual_text(canv: Any) -> None:
    canv.addLiteral("EMC")


def begin_word_text(canv: Any, text: str) -> None:
    """Start a piece of a line that carries its own /ActualText (see
    :mod:`handouts.textlayer`): tagged ``/Word``, not ``/Span``, so that Poppler
    keeps the line's /ActualText while PDFium, which takes the innermost, reads
    this one. End it with :func:`end_actual_text`."""
    canv.addLiteral(f"/Word <</ActualText {pdf_text(text)}>> BDC")


def font_of(run: Run, st: LineStyle) -> str:
    """The registered font a run is set in: the style's, or its own script's family."""
    if run.face:
        return str(tt2ps(run.face, int(run.bold), 0))
    return st.bold if run.bold else st.regular


def shaped_of(run: Run, st: LineStyle) -> bool:
    """Whether a run is set with HarfBuzz: by its own script's family when it has one
    (a Hindi clinic name on an English handout), else as the style says."""
    return run.face in st.shaped_faces if run.face else st.shaped


def run_width(run: Run, st: LineStyle) -> float:
    return text_width(run.text, font_of(run, st), st.size, shaped_of(run, st))


# Lines break at white space (tabs and line breaks included), never at a no-break space.
_BREAK = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def words(items: list[Run]) -> list[list[Run]]:
    """Runs cut into words: a word may hold several runs ("bo**ld**")."""
    out: list[list[Run]] = [[]]
    for run in items:
        for i, piece in enumerate(_BREAK.split(run.text)):
            if i:
                out.append([])
            if piece:
                out[-1].append(Run(piece, run.bold, run.face))
    return [w for w in out if w]


def clusters(text: str) -> list[str]:
    """Characters with their combining marks (a letter and its harakat stay together)."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch).startswith("M"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def break_lines(items: list[Run], width: float, measure: Callable[[Run], float]) -> list[list[Run]]:
    """Runs (logical order) broken into lines no wider than ``width``: at white space,
    and a word longer than a line by letters. Nothing is dropped but the white space."""
    space = measure(Run(" "))
    lines: list[list[Run]] = []
    line: list[Run] = []
    used = 0.0
    for word in words(items):
        w = sum(measure(r) for r in word)
        if line and used + space + w > width:
            lines.append(line)
            line, used = [], 0.0
        if w > width:  # a word longer than the line: break it by letters
            for run in word:
                for ch in clusters(run.text):
                    piece = Run(ch, run.bold, run.face)
                    cw = measure(piece)
                    if line and used + cw > width:
                        lines.append(line)
                        line, used = [], 0.0
                    line.append(piece)
                    used += cw
            continue
        if line:  # a space between two bold words is bold too: one run, one text operation
            face = line[-1].face if line[-1].face == word[0].face else ""  # an Arabic name stays one run
            line.append(Run(" ", line[-1].bold and word[0].bold, face))
            used += space
        line.extend(word)
        used += w
    if line:
        lines.append(line)
    return lines


def join_lines(lines: list[list[Run]]) -> list[Run]:
    """Broken lines back into runs (a space where a line broke)."""
    out: list[Run] = []
    for i, line in enumerate(lines):
        if i:
            out.append(Run(" "))
        out.extend(line)
    return out


class LineParagraph(Flowable):  # type: ignore[misc]
    """A paragraph broken into lines and drawn here rather than by ReportLab: right to
    left (Arabic letters joined, each line put in display order) or shaped with
    HarfBuzz (Devanagari, Gurmukhi).

    Lines are broken at white space in logical order (a word wider than the line is
    broken by letters); a right-to-left line is then reordered with the Unicode bidi
    algorithm and set flush right. Each line is marked with its text as written
    (/ActualText), so that extraction, search and screen readers read the words.
    With ``mixed``, a left-to-right handout's paragraph of several scripts (an Arabic
    or Chinese clinic name): shaped and reordered like a right-to-left one, ``rtl``
    being its own direction, and set flush left.
    """

    def __init__(
        self,
        runs: list[Run],
        style: LineStyle,
        lines: list[list[Run]] | None = None,
        rtl: bool = True,
        mixed: bool = False,
    ) -> None:
        super().__init__()
        self.rtl, self.mixed = rtl, mixed
        self.runs, self.style = shape_runs(runs) if lines is None and (rtl or mixed) else runs, style
        self.lines = lines
        self._width = -1.0
        self.heading: tuple[int, int, str] | None = None  # (group, level, text) when a heading

    def _measure(self, run: Run) -> float:
        return run_width(run, self.style)

    def _break(self, width: float) -> list[list[Run]]:
        return break_lines(self.runs, width, self._measure)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self.lines is None or aw != self._width:
            self.lines = self._break(aw)
            self._width = aw
        self.width = aw
        self.height = len(self.lines) * self.style.leading + self._deeper()
        return aw, self.height

    def _deeper(self) -> float:
        """Room below the last line for the deeper descenders of another script's font
        (an Arabic clinic name in an English band), so the next line stays clear."""
        st = self.style
        faces = {font_of(r, st) for r in (self.lines or [[]])[-1] if r.face}
        if not faces:
            return 0.0
        own = -float(getDescent(st.regular, st.size))
        return max(0.0, max(-float(getDescent(f, st.size)) for f in faces) - own)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        # Split the lines as last wrapped, as ReportLab's Paragraph does: a table wraps a
        # cell at its width less the padding, then splits it at the full width.
        if self.lines is None:
            self.wrap(aw, ah)
        assert self.lines is not None
        fit = int(ah // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self.lines):
            return []  # it fits whole: nothing to split (never [self], which ReportLab refuses)
        head = LineParagraph(join_lines(self.lines[:fit]), self.style, self.lines[:fit], self.rtl, self.mixed)
        tail = LineParagraph(join_lines(self.lines[fit:]), self.style, self.lines[fit:], self.rtl, self.mixed)
        head._width = tail._width = self._width
        return [head, tail]

    def draw(self) -> None:
        assert self.lines is not None
        st = self.style
        y = self.height - float(getAscent(st.regular, st.size))
        for line in self.lines:
            if self.mixed:
                draw_spans(self.canv, marked_spans(line, self.rtl), 0, y, st)
            elif self.rtl:
                layer = reading_spans(line)
                if layer is None:
                    draw_spans(self.canv, marked_spans(line), self.width, y, st, align="right")
                else:
                    draw_spans(self.canv, layer[1], self.width, y, st, align="right", actual=layer[0])
            else:
                draw_runs(self.canv, merge_runs(line), 0, y, st)
            y -= st.leading
        if self.heading is not None:
            group, level, text = self.heading
            note(self, HEADING, group, text=text, level=level)


RtlParagraph = LineParagraph


def draw_runs(canv: Any, runs: list[Run], x: float, y: float, st: LineStyle, align: str = "left") -> float:
    """Draw runs already in display order; ``x`` is the left, or right edge for align='right'.
    A shaped line is marked with its text (/ActualText): the glyphs of a conjunct do not
    spell it, and extraction would read "दन म" for "दिन में"."""
    text = "".join(r.text for r in runs) if any(shaped_of(r, st) for r in runs) else ""
    return draw_spans(canv, [Span(r, None) for r in runs], x, y, st, align, logical(text).strip())


def draw_spans(
    canv: Any,
    spans: list[Span],
    x: float,
    y: float,
    st: LineStyle,
    align: str = "left",
    actual: str = "",
    word: str = "",
) -> float:
    """Draw spans in display order, each marked with its /ActualText where it has one,
    the whole line with ``actual`` where given, and all its glyphs together with
    ``word``, PDFium's text for them (:func:`begin_word_text`)."""
    fonts = [font_of(s.run, st) for s in spans]
    widths = [run_width(s.run, st) for s in spans]
    total = float(sum(widths))
    cur = x - total if align == "right" else x
    if actual:
        begin_actual_text(canv, actual)
    if word:
        begin_word_text(canv, word)
    canv.setFillColor(st.color)
    for span, font, w in zip(spans, fonts, widths, strict=True):
        if not span.run.text:
            if span.actual:
                _unseen(canv, span.actual, font, st.size, cur, y, span.word)
            continue
        glyphs = glyph_text(span.run.text, font, st.size, shaped_of(span.run, st))
        if span.word:
            begin_word_text(canv, span.actual or "")
        elif span.actual:
            begin_actual_text(canv, span.actual)
        canv.setFont(font, st.size)
        canv.drawString(cur, y, glyphs)
        if span.actual or span.word:
            end_actual_text(canv)
        cur += w
    if word:
        end_actual_text(canv)
    if actual:
        end_actual_text(canv)
    return total


CARRIER = "\u0640"  # the Arabic tatweel: a glyph every Arabic-script font has


def _unseen(canv: Any, text: str, font: str, size: float, x: float, y: float, word: bool = False) -> None:
    """A character that is read but not drawn (a zero-width non-joiner), where it stands:
    marked on an invisible (render mode 3), hair-thin tatweel, since PDFium skips text of
    no width and a lone mark has nothing to sit on. ``word``: a mark for PDFium alone,
    inside a line's own text (:func:`begin_word_text`)."""
    face = getattr(getFont(font), "face", None)
    if face is None or ord(CARRIER) not in getattr(face, "charToGlyph", {}):
        return
    canv.saveState()  # the render mode and scale are graphics state: the next line's are its own
    (begin_word_text if word else begin_actual_text)(canv, text)
    t = canv.beginText(x, y)
    t.setFont(font, size)
    t.setTextRenderMode(3)
    t.setHorizScale(2)
    t.textOut(CARRIER)
    canv.drawText(t)
    end_actual_text(canv)
    canv.restoreState()


class Rule(Flowable):  # type: ignore[misc]
    """A horizontal line, optionally with a label written on it (a write-in field)."""

    def __init__(
        self,
        color: Color,
        width: float,
        space_above: float,
        label: Flowable | None = None,
        label_width: float = 0,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.color, self.line, self.space_above = color, width, space_above
        self.label, self.label_width, self.rtl = label, label_width, rtl

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        label_h = self.label.wrap(self.label_width, ah)[1] if self.label else 0
        self.height = max(self.space_above, label_h) + self.line
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        x0, x1 = 0.0, self.width
        if self.label is not None:
            gap = 4.0
            if self.rtl:
                self.label.drawOn(c, self.width - self.label_width, 0)
                x1 = self.width - self.label_width - gap
            else:
                self.label.drawOn(c, 0, 0)
                x0 = self.label_width + gap
        c.saveState()
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line)
        c.setLineCap(2)
        c.line(x0 + self.line / 2, self.line / 2, x1 - self.line / 2, self.line / 2)
        c.restoreState()


class NotesLines(Flowable):  # type: ignore[misc]
    """A heading and ruled lines to write on: at least ``minimum`` lines, more to fill
    the page, leaving room for the flowables in ``then`` on the same page (or, when they
    cannot share a page with the lines, filling the page and leaving them the next)."""

    def __init__(
        self,
        heading: list[Flowable],
        minimum: int,
        gap: float,
        then: list[Flowable],
        color: Color,
        line: float,
        page_room: float,
        maximum: int = 24,
        field: str | None = None,
        text_color: Color | None = None,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.field = field  # the lines become one multi-line form field (fillable handouts)
        self.text_color = text_color or color  # of what is typed into the field
        self.rtl = rtl
        self.heading, self.minimum, self.gap, self.then = heading, minimum, gap, then
        self.color, self.line, self.page_room, self.maximum = color, line, page_room, maximum
        self.count = minimum
        self.heading_h = 0.0

    def _wrap_all(self, flows: list[Flowable], aw: float) -> float:
        return float(
            sum(f.wrapOn(self.canv, aw, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flows)
        )

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.heading_h = self._wrap_all(self.heading, aw)
        reserve = self._wrap_all(self.then, aw)
        if self.page_room - self.heading_h - reserve < self.minimum * self.gap:
            reserve = 0.0  # what follows cannot share a page with the lines: it takes the next
        fits = int((ah - self.heading_h - reserve) // self.gap)
        if fits < self.minimum and (ah - self.heading_h) // self.gap >= self.minimum:
            # the lines fill what this page leaves and what follows takes the next page,
            # rather than leave this page half empty
            fits = int((ah - self.heading_h) // self.gap)
        if fits < self.minimum and ah < self.page_room - 1:
            self.height = ah + 1  # not enough room here: start on the next page
            return aw, self.height
        self.count = min(self.maximum, max(self.minimum, fits))
        self.height = self.heading_h + self.count * self.gap
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        c = self.canv
        y = self.height
        for f in self.heading:
            y -= f.getSpaceBefore()
            _, h = f.wrapOn(c, self.width, 1e6)
            y -= h
            f.drawOn(c, 0, y)
            y -= f.getSpaceAfter()
        c.saveState()
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line)
        for i in range(self.count):
            ly = self.heading_h and (self.height - self.heading_h - (i + 1) * self.gap + self.line)
            c.line(0, ly, self.width, ly)
        c.restoreState()
        if self.field:
            label = next((t for t in map(plain_text, self.heading) if t), self.field)
            form_text(
                c,
                self.field,
                label,
                self.width,
                self.height - self.heading_h,
                self.gap * 0.5,
                self.text_color,
                lines=self.count,
                rtl=self.rtl or any(isinstance(f, RtlParagraph) for f in self.heading),
            )
