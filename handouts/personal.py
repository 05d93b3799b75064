"""For the patient in front of you: the "My treatment" box, the dose calendar with its
side-effect diary, the QR code to the online copy, and form fields to fill on screen.

Patient details arrive at print time and go into the page only: never into file
names, metadata, the cache, logs or error messages.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.core import get_global
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from .flowables import BOX, Ink, Linked, draw_mark, form_checkbox, form_text
from .i18n import Translator
from .kit import Kit
from .model import Facts, Patient, Prose
from .text import plain


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

            draw_line(c, k, f"**{self.value}**", 0, self.width, self.height - self.line_gap + 4, "tight")
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


def my_treatment(
    kit: Kit, tr: Translator, facts: Facts, patient: Patient | None, fillable: bool, phone: str
) -> Flowable:
    """The "My treatment" box: the patient's name, dose, start date, cycle and care team."""
    p = patient or Patient()
    cycle = p.cycle or None
    rows = [
        ("name", tr("My name"), p.name),
        ("dose", tr("My dose"), p.dose),
        ("start", tr("I start on"), tr.date(p.start) if p.start else None),
        ("cycle", tr("Days in each cycle"), tr.number(cycle) if cycle else None),
        (
            "team",
            tr("My care team's phone"),
            p.team_phone or (phone if patient and patient.team_phone else None),
        ),
    ]
    label_w = 0.34 * kit.width
    body: list[list[object]] = [
        [kit.para(label, "tight", after=0), Field(kit, f"my_{key}", value, fillable, label=label)]
        for key, label, value in rows
    ]
    if kit.rtl:
        body = [row[::-1] for row in body]
    widths = [label_w, kit.width - label_w - 2 * kit.sp["box_padding"] - 2]
    table = Table(
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
    title = kit.para(tr("My treatment"), "h3", color="brand", after=kit.sp["heading_after"])
    return kit.box([title, table], fill="white", border="brand", border_width=kit.sp["border"] * 2)


def calendar(
    kit: Kit, tr: Translator, facts: Facts, prose: Prose, patient: Patient | None, fillable: bool
) -> list[Flowable]:
    """A page with one row per day of the cycle: dose boxes and side effects to tick."""
    p = patient or Patient()
    days = p.cycle or facts.cycle_days[0]
    doses = facts.times_per_day
    dose_heads = (
        [tr("Dose")]
        if doses == 1
        else [tr("Morning"), tr("Evening")]
        if doses == 2
        else [tr("Dose {n}", n=tr.number(i)) for i in range(1, doses + 1)]
    )
    effects = [prose.side_effects.common[e].name for e in facts.side_effects.common]
    # headers in small type: six narrow columns must not break a word in two
    head = [
        kit.para(f"**{t}**", "small", color="brand", after=0) for t in (tr("Day"), tr("Date"), *dose_heads)
    ]
    head += [kit.para(f"**{t}**", "small", color="brand", after=0) for t in effects]
    first_weekday = week_start(kit.lang.locale)
    rows: list[list[object]] = [head]
    week_starts = []
    for day in range(1, days + 1):
        date = p.start + dt.timedelta(days=day - 1) if p.start else None
        label = kit.lang.digits(tr.day(date)) if date else ""
        if day > 1 and ((date and date.weekday() == first_weekday) or (not date and (day - 1) % 7 == 0)):
            week_starts.append(day)
        row: list[object] = [
            kit.para(f"**{tr.number(day)}**", "table", after=0),
            kit.para(label, "table", after=0),
        ]
        day_name = f"{tr('Day')} {tr.number(day)}" + (f" ({label})" if label else "")
        row += [
            Check(kit, f"day{day}_dose{i}", fillable, label=f"{day_name}: {t}")
            for i, t in enumerate(dose_heads)
        ]
        row += [
            Check(kit, f"day{day}_effect{i}", fillable, label=f"{day_name}: {plain(t)}")
            for i, t in enumerate(effects)
        ]
        rows.append(row)
    fixed = [0.07, 0.27]  # wide enough for "الأربعاء 16 ديسمبر" on one line
    rest = (1 - sum(fixed)) / (len(dose_heads) + len(effects))
    table = kit.table(rows, [*fixed, *[rest] * (len(dose_heads) + len(effects))])
    pad = kit.sp["table_padding"] / 2  # compact rows: a 28-day cycle fits on one page
    table.setStyle(
        TableStyle(
            [
                ("TOPPADDING", (0, 1), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
                ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ]
        )
    )
    rule = kit.color["brand"]
    for day in week_starts:  # a heavier line where a new week begins, in this locale's week
        table.setStyle(TableStyle([("LINEABOVE", (0, day), (-1, day), 1.4, rule)]))
    intro = kit.para(
        tr(
            "Tick each dose when you take it. Tick a side effect on each day you have it. "
            "Bring this page to your visits."
        )
    )
    return [
        PageBreak(),
        *kit.heading(tr("My dose calendar and side-effect diary"), "calendar", first=[intro, table]),
    ]


def week_start(locale: Locale) -> int:
    """The first day of the week where the language is at home (0 = Monday): Sunday for
    US English, Saturday for Egyptian Arabic, Monday for Spain. CLDR keeps it by territory."""
    if not locale.territory:
        likely = get_global("likely_subtags").get(str(locale.language))
        if likely:
            locale = Locale.parse(likely)
    return int(locale.first_week_day)


def qr_block(kit: Kit, tr: Translator, url: str) -> Flowable:
    """A QR code to the online copy, with the address printed under it."""
    size = 24 * mm
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
    label = tr("Scan to read this sheet online:")
    caption = kit.para(label + " " + url, "small", after=0)
    code = Linked(drawing, url, f"{label} {url}")  # a link on screen, read aloud
    return kit.row([code, caption], [size + 4 * mm, kit.width - size - 4 * mm], "MIDDLE")


def online_url(template: str, facts: Facts, lang: str) -> str:
    """The brand's or the drug's URL, with {drug}, {lang} and {version} filled in."""
    return (
        template.replace("{drug}", facts.drug_id)
        .replace("{lang}", lang)
        .replace("{version}", facts.content.version)
    )


__all__ = ["Check", "Field", "Patient", "Spacer", "calendar", "my_treatment", "online_url", "qr_block"]
