"""For the patient in front of you: the "My treatment" box, the dose calendar with its
side-effect diary, the QR code to the online copy, and form fields to fill on screen.

Patient details arrive at print time and go into the page only: never into file
names, metadata, the cache, logs or error messages.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from ..document.blocks import QR, Calendar, MyTreatment
from ..text import drawable, plain
from .flowables import BOX, Ink, Linked, Turned, draw_mark, form_checkbox, form_text
from .kit import Kit


class Field(Flowable):  # type: ignore[misc]
    """A line to write on; a text field on screen when the handout is fillable.
    A value given at print time is printed on the line, in every variant, and then
    there is no field over it: every viewer and printer shows it, and nobody types
    over it on screen."""

    def __init__(
        self, kit: Kit, name: str, value: str | None, fillable: bool, multiline: int = 1, label: str = ""
    ) -> None:
        super().__init__()
        self.kit, self.name, self.value, self.fillable, self.lines = kit, name, value, fillable, multiline
        self.label = label  # what a screen reader says for the field
        st = kit.styles["body"]
        self.line_gap = st.leading * 1.5
        self._style = st

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = self.line_gap * self.lines
        return aw, self.height

    def draw(self) -> None:
        c, k = self.canv, self.kit
        c.saveState()
        c.setStrokeColor(k.color["text"])
        c.setLineWidth(0.6)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.line_gap + 1
            c.line(0, y, self.width, y)
        c.restoreState()
        if self.value:
            from .pages import draw_line

            # the value's descenders (g, y, Arabic's deep letters) clear the line under it
            st = k.styles["tight"]
            clear = max(-getDescent(k.fonts.bold, st.fontSize), -getDescent(k.fonts.regular, st.fontSize))
            y = self.height - self.line_gap + 1 + clear + 1.5
            draw_line(c, k, f"**{self.value}**", 0, self.width, y, "tight")
        elif self.fillable:
            form_text(
                c,
                self.name,
                self.label,
                self.width,
                self.height,
                self._style.fontSize,
                k.color["text"],
                self.lines,
                k.rtl,
            )


class Check(Flowable):  # type: ignore[misc]
    """A drawn checkbox; a real form checkbox when the handout is fillable."""

    def __init__(
        self, kit: Kit, name: str, fillable: bool, size: float | None = None, label: str = ""
    ) -> None:
        super().__init__()
        self.kit, self.name, self.fillable = kit, name, fillable
        self.label = label  # what a screen reader says for the checkbox
        self.size = size or kit.theme.sizes.checkbox * 1.25

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.size + 2

    def draw(self) -> None:
        cx, cy = self.width / 2, self.size / 2 + 1
        draw_mark(self.canv, BOX, cx, cy, Ink(self.kit.color["text"], self.size, 0.9))
        if self.fillable:
            form_checkbox(self.canv, self.name, self.label, cx, cy, self.size, self.kit.color["text"])


def my_treatment(kit: Kit, block: MyTreatment) -> Table:
    """The "My treatment" fields: each label beside the patient's value, or a line to
    write it on (a text field when the handout is fillable)."""
    # as wide as the longest label on one line, so that no label wraps (within reason)
    st = kit.styles["tight"]
    longest = max(stringWidth(drawable(f.label), st.fontName, st.fontSize) for f in block.fields)
    label_w = min(max(0.34 * kit.width, longest + 6), 0.5 * kit.width)
    body: list[list[object]] = [
        [kit.para(f.label, "tight", after=0), Field(kit, f.key, f.value, kit.fillable, label=f.label)]
        for f in block.fields
    ]
    if kit.rtl:
        body = [row[::-1] for row in body]
    widths = [label_w, kit.width - label_w - 2 * kit.sp["box_padding"] - 2]
    return Table(
        body,
        colWidths=widths[:: -1 if kit.rtl else 1],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("FONT", (0, 0), (-1, -1), kit.fonts.regular, kit.theme.sizes.small),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )


def calendar(kit: Kit, cal: Calendar, opening: list[Flowable], later: list[Flowable]) -> list[Flowable]:
    """Pages with one row per day of the cycle: dose boxes and side effects to tick,
    under ``opening`` (the heading and the intro) on the first page and ``later`` (the
    heading said to continue) on the next ones.

    A heavier rule marks each treatment week (the Document's week starts: days 1-7,
    8-14 ...). A cycle too long for one page is cut between weeks into pages of nearly
    equal length."""
    days = len(cal.days)
    texts = [cal.day_header, cal.date_header, *cal.dose_headers, *cal.effect_headers]
    labels = [d.date for d in cal.days]
    widths, size, turned = column_widths(kit, texts, [cal.days[-1].day, *labels])
    head: list[Flowable] = [kit.para(t, "table_head", after=0, size=size) for t in texts]
    if turned:
        length = turned_length(kit, texts[2:], size)
        head[2:] = [Turned(h, length) for h in head[2:]]
    check = kit.theme.sizes.checkbox
    rows: list[list[object]] = []
    for n, d in enumerate(cal.days, 1):
        row: list[object] = [kit.para(f"**{d.day}**", "table", after=0), kit.para(d.date, "table", after=0)]
        day_name = f"{cal.day_header} {d.day}" + (f" ({d.date})" if d.date else "")
        row += [
            Check(kit, f"day{n}_dose{i}", kit.fillable, check, label=f"{day_name}: {t}")
            for i, t in enumerate(cal.dose_headers)
        ]
        row += [
            Check(kit, f"day{n}_effect{i}", kit.fillable, check, label=f"{day_name}: {plain(t)}")
            for i, t in enumerate(cal.effect_headers)
        ]
        rows.append(row)
    weeks = set(cal.week_starts)

    def table(first: int, last: int) -> Table:
        t = kit.table([head, *rows[first:last]], widths)
        pad = 0.5  # compact rows: a 28-day cycle fits on one page
        below = kit.overhang("table") / 2  # Arabic letters reach below their line (less than the font says)
        style: list[tuple[Any, ...]] = [
            ("TOPPADDING", (0, 0), (-1, 0), 3),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3 + below),
            ("TOPPADDING", (0, 1), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 1), (-1, -1), pad + below),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
        style += [
            ("LINEABOVE", (0, i), (-1, i), 1.4, kit.color["brand"])
            for i in range(2, last - first + 1)
            if first + i - 1 in weeks
        ]
        t.setStyle(TableStyle(style))
        return t

    whole = table(0, days)
    whole.wrap(kit.width, kit.frame_height)
    head_h, row_h = whole._rowHeights[0], max(whole._rowHeights[1:])
    room = kit.frame_height - 2  # less a little for rounding
    first_rows = int((room - height(kit, opening) - head_h) // row_h)
    later_rows = int((room - height(kit, later) - head_h) // row_h)
    cuts = page_cuts(days, first_rows, later_rows)
    out: list[Flowable] = [*opening, table(0, cuts[0])]
    for a, b in itertools.pairwise(cuts):
        out += [PageBreak(), *later, table(a, b)]
    return out


def height(kit: Kit, flows: list[Flowable]) -> float:
    return float(
        sum(f.wrap(kit.width, kit.frame_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flows)
    )


def page_cuts(days: int, first: int, later: int) -> list[int]:
    """Where the pages of a ``days``-long calendar end: all on one page when they fit,
    else on as few pages as hold them all (a page of a few days after a half-empty
    one is two pages a patient carries for nothing); whole weeks on each page when
    that many pages hold them with none but the last left a third empty, the weeks
    shared out as evenly as the room allows; else the days shared out as evenly."""
    first, later = max(1, first), max(1, later)
    if days <= first:
        return [days]
    pages = 1 + -(-(days - first) // later)  # the fewest pages that hold every day
    caps = [first] + [later] * (pages - 1)
    weeks = -(-days // 7)
    by_week = share(weeks, [c // 7 for c in caps])
    if by_week is not None:
        ends = [min(days, e) for e in itertools.accumulate(w * 7 for w in by_week)]
        rows = [b - a for a, b in itertools.pairwise([0, *ends])]
        if all(3 * n >= 2 * cap for n, cap in zip(rows[:-1], caps, strict=False)):
            return ends  # no page but the last is left a third empty
    by_day = share(days, caps)
    assert by_day is not None  # the caps hold every day
    return list(itertools.accumulate(by_day))


def share(count: int, caps: list[int]) -> list[int] | None:
    """``count`` shared out over pages holding at most ``caps`` each, as evenly as
    they allow, none empty; None when they cannot hold it."""
    if sum(caps) < count or min(caps) == 0:
        return None
    out, left = [], count
    for i, cap in enumerate(caps):
        rest = sum(caps[i + 1 :])
        out.append(max(left - rest, min(cap, -(-left // (len(caps) - i)))))
        left -= out[-1]
    return out if left == 0 and min(out) > 0 else None


def column_widths(kit: Kit, heads: list[str], values: list[str]) -> tuple[list[float], float, bool]:
    """Column widths (fractions) and a header type size that keep every word whole:
    the day and date columns as wide as their longest value, the tick columns sharing
    the rest; the header is set smaller, down to the smallest size a patient reads,
    until its longest word fits its column, and the tick columns then take the room
    their longest words need. When even that is too wide, the tick columns' headers
    are turned to read upwards (the third value is then True)."""
    pad = float(2 * kit.sp["table_padding"])
    regular, bold = kit.fonts.regular, kit.fonts.bold
    size_table = kit.theme.sizes.table

    def longest(text: str, size: float, font: str = bold) -> float:
        words = re.split(r"\s+", text.strip())
        return max(float(stringWidth(drawable(w), font, size)) for w in words) + pad

    day_w = max(longest(heads[0], size_table), longest(values[0], size_table)) + 1
    # Chinese and Japanese cells keep room at the right for a hanging full stop: a date
    # as wide as its column wrapped there ("12月10日(" over "木)", a week to a page)
    hang = float(kit.styles["table"].rightIndent)
    date_w = (
        max(
            [
                longest(heads[1], size_table),
                *[stringWidth(drawable(v), regular, size_table) + pad + hang for v in values[1:]],
            ]
        )
        + 1
    )
    rest = kit.width - day_w - date_w
    ticks = heads[2:]
    size = kit.theme.sizes.table
    while size > kit.theme.sizes.small and sum(longest(t, size) for t in ticks) > rest:
        size -= 0.5
    turned = sum(longest(t, size) for t in ticks) > rest
    if turned:  # even the smallest size is too wide: the headers turn to read upwards
        size = kit.theme.sizes.small
        length = turned_length(kit, ticks, size)
        # as wide as the lines a header is set in (a long name takes two or three)
        lines = [kit.para(t, "table_head", after=0, size=size).wrap(length, 1e6)[1] for t in ticks]
        need = [max(h, kit.theme.sizes.checkbox) + pad for h in lines]
    else:
        need = [longest(t, size) for t in ticks]
    spare = max(0.0, rest - sum(need)) / len(ticks)
    cols = [day_w, date_w, *[n + spare for n in need]]
    scale = kit.width / sum(cols)  # below 1 only when nothing else keeps the words whole
    return [c * scale / kit.width for c in cols], size, turned


def turned_length(kit: Kit, heads: list[str], size: float) -> float:
    """The line length of the turned headers: the longest header on one line, or a
    sixth of the page's height when that is less (a longer name wraps), never less
    than the longest word (kept whole)."""
    bold = kit.fonts.bold
    whole = max(stringWidth(drawable(t), bold, size) for t in heads) + 2
    word = max(stringWidth(drawable(w), bold, size) for t in heads for w in t.split()) + 2
    return float(min(whole, max(kit.frame_height / 6, word)))


def qr_block(kit: Kit, qr: QR) -> Flowable:
    """A QR code to the online copy, with the address printed under it."""
    size = 24 * mm
    url = qr.url
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    # a drawing starts in Helvetica unless told otherwise: never embedded, refused by a preflight
    drawing = Drawing(
        size,
        size,
        transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
        initialFontName=kit.fonts.regular,
    )
    drawing.add(widget)
    label = qr.caption
    caption = kit.para(label + " " + url, "small", after=0)
    code = Linked(drawing, url, f"{label} {url}")  # a link on screen, read aloud
    return kit.row([code, caption], [size + 4 * mm, kit.width - size - 4 * mm], "MIDDLE")


__all__ = ["Check", "Field", "calendar", "my_treatment", "qr_block"]
