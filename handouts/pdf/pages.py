"""Pages: templates, the running header and footer, and "Page x of y".

A document holds one or more *parts* (handouts). Each page remembers which part it
belongs to; footers are drawn as PDF forms filled in when the document is saved, so
"Page 2 of 3" counts the pages of that handout without holding pages back, and
bookmarks stay right. (Packets join separately built handouts: see packet/build.py.)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import XMP, PDFName
from reportlab.pdfbase.pdfmetrics import getDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import NextPageTemplate

from .. import fonts
from ..document.blocks import Image
from ..errors import UserError
from ..text import (
    Run,
    Span,
    display_runs,
    has_rtl,
    is_rtl,
    marked_spans,
    merge_runs,
    plain,
    reading_spans,
    runs,
    shape_runs,
    whole_line_text,
)
from . import fields, pdfmeta
from .fields import FieldFontProgram
from .flowables import (
    LineStyle,
    begin_artifact,
    break_lines,
    draw_runs,
    draw_spans,
    end_marked,
    image_reader,
    run_width,
)
from .kit import Kit
from .structure import Record

NONE = -1  # before the first part begins


@dataclass
class Part:
    """One laid-out handout and what its pages print around the story."""

    story: list[Flowable]
    kit: Kit
    title: str
    footer: str  # "Refametinib · English · Content version 1.0 · Reviewed ..."
    page_label: str  # translated "Page {page} of {total}"
    draft_note: tuple[str, ...]  # lines; empty when the text is the reviewed original
    clinic: str
    phones: str  # "Main number **...**   After hours **...**"
    logo: Image | None
    note_color: str = "alert"  # the draft note; a reviewed translation's review line is muted


MIN_SCALE = 0.6  # page furniture is set smaller, down to this share of its size, to fit
SCALES = (1.0, 0.9, 0.8, 0.7, MIN_SCALE)
LARGE_PRINT_BODY, LARGE_PRINT_LEAST = 18.0, 14.0  # large print: nothing a patient reads under 14 pt


class TooLong(UserError):
    """Text of the page furniture that cannot fit its place, even set smaller."""

    @classmethod
    def of(cls, text: str, what: str) -> TooLong:
        short = text if len(text) <= 50 else text[:47] + "..."
        return cls(f"{what} is too long to fit on the page: '{short}' ({len(text)} characters)")


def _scaled(st: LineStyle, scale: float) -> LineStyle:
    return replace(st, size=st.size * scale, leading=st.leading * scale)


def _width(pieces: list[Run], st: LineStyle) -> float:
    return sum(run_width(r, st) for r in pieces)


def _measure(st: LineStyle) -> Callable[[Run], float]:
    def measure(run: Run) -> float:
        return run_width(run, st)

    return measure


def _display(kit: Kit, text: str) -> list[Run]:
    """One line of content-syntax text as runs in display order, each run of another
    script in a font that has it."""
    pieces = kit.faced(runs(text))
    if kit.rtl:  # an English line in an Arabic footer reads left to right
        pieces = display_runs(shape_runs(pieces), is_rtl(plain(text)))
    elif has_rtl(text):  # an Arabic clinic name in an English line
        pieces = display_runs(shape_runs(pieces), False)
    return pieces


def draw_line(
    canv: Any,
    kit: Kit,
    text: str,
    left: float,
    right: float,
    y: float,
    style: str,
    color: str | None = None,
    align: str = "start",
    scale: float = 1.0,
    what: str = "a line",
) -> float:
    """One line of content-syntax text between ``left`` and ``right``; ``start`` is the
    reading start (left, or right in a right-to-left language). A line too long for
    the space is set smaller (down to 60 %) rather than run past the margin; a line
    that does not fit even so is an error (:class:`TooLong`) naming ``what`` it is."""
    st: LineStyle = _scaled(kit.line_style(style, color), scale)
    kit.remember(text)
    pieces = _display(kit, text)
    room = right - left
    width = _width(pieces, st)
    if width > room:
        if room < width * MIN_SCALE:
            raise TooLong.of(plain(text), what)
        st = replace(st, size=st.size * room / width)
    at_right = (align == "start") == kit.rtl
    x, side = (right, "right") if at_right else (left, "left")
    if kit.rtl or has_rtl(text):  # marked so that extraction reads the letters in order
        logical = shape_runs(kit.faced(runs(text)))
        rtl = kit.rtl and is_rtl(plain(text))
        layer = reading_spans(logical) if rtl else None
        if layer is not None:  # a right-to-left line's text layer, as the body's
            return draw_spans(canv, layer[1], x, y, st, side, actual=layer[0])
        return draw_spans(canv, marked_spans(logical, rtl), x, y, st, side)
    return draw_runs(canv, pieces, x, y, st, side)


def draw_wrapped(
    canv: Any, lines: Lines, i: int, x: float, y: float, align: str, alone: bool = False
) -> float:
    """Line ``i`` of ``lines``. On a right-to-left page, a line that reads right to
    left is drawn with the text layer of the body's lines (:func:`reading_spans`),
    so that extractors read it as written; so is one that reads left to right when
    it stands ``alone`` on its baseline (a footer line: :func:`whole_line_text`,
    measured there; the clinic's Latin name shares the phones' baseline)."""
    if lines.reading is not None and lines.rtl:
        layer = reading_spans(lines.reading[i])
        if layer is not None:
            return draw_spans(canv, layer[1], x, y, lines.style, align, actual=layer[0])
    elif lines.reading is not None and alone and (whole := whole_line_text(lines.reading[i])) is not None:
        spans = [Span(run, None) for run in lines.lines[i]]
        return draw_spans(canv, spans, x, y, lines.style, align, actual=whole[0], word=whole[1])
    return draw_runs(canv, lines.lines[i], x, y, lines.style, align)


def wrap_text(kit: Kit, text: str, style: str, color: str, width: float, scale: float) -> Lines:
    """Content-syntax text broken into lines no wider than ``width``, in display order."""
    st = _scaled(kit.line_style(style, color), scale)
    kit.remember(text)
    pieces = kit.faced(runs(text))
    bidi = kit.rtl or has_rtl(text)  # an Arabic clinic name heads an English handout too
    if bidi:
        pieces = shape_runs(pieces)
    lines = break_lines(pieces, width, _measure(st))
    rtl = is_rtl(plain(text))
    shown = [display_runs(line, rtl) if bidi else merge_runs(line) for line in lines]
    return Lines(st, shown, lines if kit.rtl and bidi else None, rtl)


@dataclass(frozen=True)
class Lines:
    """Text broken into lines (each in display order) and the style to set them in."""

    style: LineStyle
    lines: list[list[Run]]
    reading: list[list[Run]] | None = None  # on a right-to-left page: the lines in logical order
    rtl: bool = True  # whether the text reads right to left (its first strong character)


@dataclass(frozen=True)
class HeaderName:
    """The clinic's name in the running header, beside the phones."""

    lines: Lines
    scale: float

    @staticmethod
    def fit(part: Part, width: float, below: float, scales: tuple[float, ...] = SCALES) -> HeaderName:
        """The name at the reading start and the phones at the end of the first line.
        A long name wraps beside the phones, and both are set smaller as far as needed
        (down to 60 %) for the name's last line to stay ``below`` the first baseline."""
        k = part.kit
        phones = _display(k, part.phones)
        floor = LARGE_PRINT_LEAST if k.theme.sizes.body >= LARGE_PRINT_BODY else 0.0
        for scale in [s for s in scales if k.theme.sizes.small * s >= floor]:
            room = width - _width(phones, _scaled(k.line_style("small", "text"), scale)) - k.sp["column_gap"]
            if room <= 0:
                continue
            lines = wrap_text(k, f"**{part.clinic}**", "small", "brand", room, scale)
            st = lines.style
            descent = -float(getDescent(st.bold, st.size))
            if (len(lines.lines) - 1) * st.leading + descent <= below:
                return HeaderName(lines, scale)
        raise TooLong.of(part.clinic, "the clinic's name (name in the brand file)")


class HandoutDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, kit: Kit, **kw: Any) -> None:
        page = kit.theme.page
        super().__init__(buffer, pagesize=(page.width * mm, page.height * mm), **kw)
        self.kit = kit
        self.parts: list[Part] = []
        self.owner = NONE
        self.page_owner: list[int] = []  # the part each page belongs to
        self.first_page: dict[int, int] = {}  # part -> its first page
        self.too_long: list[str] = []  # furniture that could not fit: an error once built
        self.info: Any = None  # render.Meta: title, author ..., written as XMP too
        self.record = Record()  # where headings, items, boxes and tables landed
        lm, rm = page.margin_left * mm, page.margin_right * mm
        tm, bm = page.margin_top * mm, page.margin_bottom * mm
        fh, hh = page.footer_height * mm, page.header_height * mm
        w, h = page.width * mm - lm - rm, page.height * mm - tm - bm - fh

        def frame(top_gap: float) -> list[Frame]:
            return [Frame(lm, bm + fh, w, h - top_gap, 0, 0, 0, 0, id="body")]

        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    frame(0),
                    onPage=self._begin,
                    onPageEnd=self._decorate,
                    autoNextPageTemplate="later",
                ),
                PageTemplate("later", frame(hh), onPage=self._begin, onPageEnd=self._decorate),
            ]
        )

    # ---- the flow -------------------------------------------------------------

    def start_part(self, index: int) -> None:
        """Begin part ``index`` on a fresh page."""
        previous = self.owner
        self.owner = index
        if self._curPageFlowableCount == 0 and self.page_owner:
            self.page_owner[-1] = index  # the page just begun is still empty: it is ours
            self.first_page[index] = self.page
            return
        self.owner = previous
        self.handle_nextPageTemplate("first")
        self.handle_pageBreak()
        self.owner = index
        self.first_page[index] = self.page + 1

    def _begin(self, canv: Canvas, doc: Any) -> None:
        self.page_owner.append(self.owner)

    def _decorate(self, canv: Canvas, doc: Any) -> None:
        """Header and footer, drawn after the body (so text extraction and screen readers
        meet the title first) and marked as artifacts (page furniture, not content)."""
        page = self.page
        owner = self.page_owner[page - 1]
        kit = self.parts[owner].kit if owner >= 0 else self.kit
        self.record.footer_heights.append(kit.theme.page.footer_height)
        if owner >= 0 and self.first_page.get(owner) != page:
            begin_artifact(canv, "Header")
            try:
                self._header(canv, self.parts[owner])
            except TooLong as exc:  # raised after the build: ReportLab rewraps what onPage raises
                self.too_long.append(str(exc))
            end_marked(canv)
        begin_artifact(canv, "Footer")
        canv.doForm(f"footer{page}")
        end_marked(canv)

    def _header(self, canv: Canvas, part: Part) -> None:
        k, p = part.kit, part.kit.theme.page
        left, right = p.margin_left * mm, (p.width - p.margin_right) * mm
        top = (p.height - p.margin_top) * mm
        size = k.theme.sizes.small
        y = top - size * 1.2
        logo_w = 0.0
        if part.logo is not None:
            h = size * 1.7
            logo_w = h * part.logo.width_px / part.logo.height_px
            lx = right - logo_w if k.rtl else left
            canv.drawImage(image_reader(part.logo.png), lx, top - h, logo_w, h)  # inside the margin
            logo_w += 2 * mm
        rule_y = top - p.header_height * mm + 3 * mm
        below = y - rule_y - k.sp["rule"]
        try:  # the phones beside the name, in full size ...
            name = HeaderName.fit(part, right - left - logo_w, below, (1.0,))
            if len(name.lines.lines) > 1 and k.theme.layout.columns == 1:
                raise TooLong.of(part.clinic, "the clinic's name")  # large print: not a word a line
            draw_line(canv, k, part.phones, left, right, y, "small", "text", align="end")
        except TooLong:  # ... or on a line of their own when the header has room for two
            st = k.line_style("small")
            two = wrap_text(k, f"**{part.clinic}**", "small", "brand", right - left - logo_w, 1.0)
            phones_y = y - len(two.lines) * st.leading
            descent = float(getDescent(st.regular, st.size))
            if phones_y + descent >= rule_y and len(two.lines) == 1:
                name = HeaderName(two, 1.0)
                # beside the logo, never under it; each phone on a line of its own when
                # the two would have to be set under the theme's size to share one
                a, b = left + (0 if k.rtl else logo_w), right - (logo_w if k.rtl else 0)
                each = part.phones.split("   ")
                stacked = phones_y - (len(each) - 1) * st.leading + descent >= rule_y
                if _width(_display(k, part.phones), st) <= b - a or len(each) < 2 or not stacked:
                    each = [part.phones]
                for i, text in enumerate(each):
                    draw_line(canv, k, text, a, b, phones_y - i * st.leading, "small", "text")
            else:
                name = HeaderName.fit(part, right - left - logo_w, below)
                draw_line(
                    canv, k, part.phones, left, right, y, "small", "text", align="end", scale=name.scale
                )
        x, align = (right - logo_w, "right") if k.rtl else (left + logo_w, "left")
        for i in range(len(name.lines.lines)):
            draw_wrapped(canv, name.lines, i, x, y - i * name.lines.style.leading, align)
        canv.saveState()
        canv.setStrokeColor(k.color["rule"])
        canv.setLineWidth(k.sp["rule"])
        canv.line(left, rule_y, right, rule_y)
        canv.restoreState()

    # ---- at save time, when every total is known ---------------------------------

    def finish(self, canv: Canvas) -> None:
        totals: dict[int, int] = {}
        for owner in self.page_owner:
            totals[owner] = totals.get(owner, 0) + 1
        seen: dict[int, int] = {}
        for page, owner in enumerate(self.page_owner, 1):
            seen[owner] = seen.get(owner, 0) + 1
            canv.beginForm(f"footer{page}")
            if owner >= 0:
                try:
                    self._footer(canv, self.parts[owner], seen[owner], totals[owner])
                except TooLong as exc:
                    self.too_long.append(str(exc))
            canv.endForm()

    def _footer(self, canv: Canvas, part: Part, page: int, total: int) -> None:
        k, p = part.kit, part.kit.theme.page
        left, right = p.margin_left * mm, (p.width - p.margin_right) * mm
        base = p.margin_bottom * mm
        label = part.page_label.format(page=number(k, page), total=number(k, total))
        line = f"{part.footer} · {label}"
        y = base + (p.footer_height * mm) - k.theme.sizes.footer * FOOTER_FIRST
        canv.saveState()
        canv.setStrokeColor(k.color["rule"])
        canv.setLineWidth(k.sp["rule"])
        canv.line(left, base + p.footer_height * mm - 1.5 * mm, right, base + p.footer_height * mm - 1.5 * mm)
        canv.restoreState()
        # Each line wraps at white space rather than being set smaller than the theme's
        # footer size: patients read it (large print wants 14 pt at least).
        for text, color in [(line, "muted"), *[(note, part.note_color) for note in part.draft_note]]:
            wrapped = wrap_text(k, text, "small", color, right - left, 1.0)
            for i in range(len(wrapped.lines)):
                if y < 4 * mm:  # below what a printer prints
                    raise TooLong.of(plain(text), "the footer line")
                x, align = (right, "right") if k.rtl else (left, "left")
                draw_wrapped(canv, wrapped, i, x, y, align, alone=True)
                y -= k.theme.sizes.footer * FOOTER_LINE


FOOTER_FIRST, FOOTER_LINE = 1.6, 1.3  # the footer's first baseline under its top, its line gap (x size)
FOOTER_FOOT = 0.35  # room under the last baseline for descenders (x size)


def footer_height(kit: Kit, line: str, page_label: str, draft_note: tuple[str, ...]) -> float:
    """The height (mm) the footer needs: its line with the widest page numbers, and each
    draft-note line, wrapped as they are drawn; never more than the theme's height. A
    footer of two lines does not keep the room of five (large print gave a page of 18 pt
    type 17 mm less than it could hold)."""
    p = kit.theme.page
    width = (p.width - p.margin_left - p.margin_right) * mm
    widest = number(kit, 888)
    label = page_label.format(page=widest, total=widest)
    texts = [f"{line} · {label}", *draft_note]
    count = sum(len(wrap_text(kit, t, "small", "muted", width, 1.0).lines) for t in texts)
    size = kit.theme.sizes.footer
    need = size * (FOOTER_FIRST + FOOTER_LINE * (count - 1) + FOOTER_FOOT) / mm
    return float(min(p.footer_height, round(need, 2)))


def number(kit: Kit, n: int) -> str:
    return kit.lang.digits(str(format_decimal(n, locale=kit.lang.locale)))


class StartPart(ActionFlowable):  # type: ignore[misc]
    def __init__(self, index: int) -> None:
        super().__init__(("startPart", index))

    def apply(self, doc: HandoutDoc) -> None:
        doc.start_part(self.action[1])


def canvas_maker(doc: HandoutDoc) -> Callable[..., Canvas]:
    kit = doc.kit
    program = field_font(kit) if any(p.kit.fillable for p in doc.parts) else None

    class FinishingCanvas(Canvas):  # type: ignore[misc]
        field_font = program  # text fields are set in it (flowables.form_text)

        def _setAnnotations(self, page: Any) -> None:
            super()._setAnnotations(page)
            if self._annotationrefs:  # form fields in reading order (rows, then columns)
                page.__NoDefault__ = [*page.__NoDefault__, "Tabs"]
                page.Tabs = PDFName("S")

        record = doc.record  # where the layout drew its blocks (structure.note)

        def save(self) -> None:
            doc.finish(self)
            if doc.info is not None:
                add_xmp(self, doc.info)
            super().save()

    return FinishingCanvas


def add_xmp(canv: Canvas, meta: Any) -> None:
    """The document's metadata as an XMP packet too (uncompressed, as ISO 16684 asks)."""
    stamp = canv._doc._timeStamp
    info = pdfmeta.Info(
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        lang=meta.lang,
        keywords=tuple(meta.keywords),
        producer=canv._doc.info.producer,
        date=dt.datetime.fromtimestamp(stamp.t, dt.UTC),
    )
    packet = pdfmeta.xmp(info).encode("utf-8")
    stream = XMP(creator=lambda _doc: packet)
    stream.filters = []
    canv._doc._catalog.Metadata = stream


def field_font(kit: Kit) -> FieldFontProgram:
    """The embedded font that fillable text fields of this handout are set in."""
    script = kit.lang.script
    files = kit.theme.fonts.families[fonts.family_for(kit.theme, script)]
    return fields.field_font(fonts.font_dir() / files.regular, script)


__all__ = [
    "HandoutDoc",
    "NextPageTemplate",
    "Part",
    "StartPart",
    "canvas_maker",
]
