"""Handout -> a story of flowables, one builder per section, in reading order.

Every word a patient reads comes from the handout's prose (medical text) or the
translator (UI wording); every number from the facts, formatted for the locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from .. import fonts
from ..errors import ContentError, Mark, Problem
from ..i18n import N_, Translator
from ..logo import Logo
from ..model import Brand, Facts, Patient, Prose
from ..text import plain, shape
from .flowables import ALERT, BOX, BULLET, CROSS, NUMBER, NUMBER_SIZE, TICK, Icon, NotesLines, Picture, Rule
from .kit import BoxTable, Kit
from .personal import Check, calendar, my_treatment, qr_block

Section = Callable[["Context"], list[Flowable]]


@dataclass(frozen=True)
class Extras:
    """What makes a handout this patient's: print-time details and options."""

    patient: Patient | None = None
    calendar: bool = False
    url: str | None = None  # the online copy, printed as a QR code


@dataclass(frozen=True)
class Context:
    facts: Facts
    prose: Prose
    brand: Brand
    logo: Logo | None
    tr: Translator
    kit: Kit
    extras: Extras = Extras()


LOGO_SHARE = 0.25  # the widest a logo may be in the first page's band, as a share of the width


def header_band(c: Context) -> list[Flowable]:
    """The clinic's band on page 1: its logo, name and phones. A wide logo is set
    smaller to leave the name and the phones their room; in large print the phones
    take a line of their own under the name."""
    k, tr, b = c.kit, c.tr, c.brand
    two = k.theme.layout.columns > 1
    pad = k.sp["box_padding"]
    name = [k.para(b.name, "brand_name", after=0), k.para(tr("Patient information"), "small", after=0)]
    phones = [
        k.para(tr("Main number: **{phone}**", phone=b.phones.main), "small", after=0),
        k.para(tr("After hours: **{phone}**", phone=b.phones.after_hours), "small", after=0),
    ]
    cells: list[object] = [name, phones] if two else [name]
    widths = [0.6 * k.width, 0.4 * k.width] if two else [k.width]
    if c.logo is not None:
        ratio = c.logo.width_px / c.logo.height_px
        logo_h = 15 * mm if two else 18 * mm
        logo_w = min(logo_h * ratio, LOGO_SHARE * k.width)
        cells.insert(0, Picture(c.logo.png, logo_w, logo_w / ratio, alt=c.brand.name))
        cell = logo_w + 2 * pad  # padding on both sides, in either direction
        widths = [cell, *[(w / k.width) * (k.width - cell) for w in widths]]
    rows: list[list[object]] = [cells]
    style: list[tuple[object, ...]] = []
    if not two:  # the phones on a row of their own, under the logo and the name
        rows.append([phones, *[""] * (len(cells) - 1)])
        style += [("SPAN", (0, 1), (-1, 1)), ("TOPPADDING", (0, 1), (-1, 1), 0)]
    if k.rtl:  # the phones' row spans the band: its one cell stays first
        rows, widths = [rows[0][::-1], *rows[1:]], widths[::-1]
    t = Table(
        rows,
        colWidths=widths,
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), k.fonts.regular, 10),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, -1), k.color["brand_light"]),
                ("ROUNDEDCORNERS", [k.sp["radius"]] * 4),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                *style,
            ]
        ),
    )
    return [t, Spacer(0, 5 * mm)]


def title_block(c: Context) -> list[Flowable]:
    k, tr, f, p = c.kit, c.tr, c.facts, c.prose
    notice_text = tr("**Investigational drug:** available only in a clinical trial. Not approved by the FDA.")
    notice = k.box(
        [k.para(notice_text, "tight", after=0)],
        fill="white",
        border="brand",
        border_width=k.sp["border"] * 3,
        icon=Icon("info", k.theme.sizes.body * 1.4, k.color["brand"], k.color["white"]),
        padding=3 * mm,
        width=0.54 * k.width if k.theme.layout.columns > 1 else None,
    )
    # a name in the language's own script keeps the international name beside it
    name = f"{p.names.drug} ({f.name})" if p.names.drug else f.name
    column = (0.46 if k.theme.layout.columns > 1 else 1) * k.width
    title = k.para(name, "title", after=0, size=k.fitting(name, "title", column))
    if k.theme.layout.columns > 1:
        head: list[Flowable] = [k.row([title, notice], [0.46 * k.width, 0.54 * k.width], "MIDDLE")]
    else:  # clear of the title's descenders, deeper than its leading in Arabic
        head = [title, Spacer(0, 2 * mm + k.overhang("title")), notice]
    also = " · ".join(
        [tr("Also called {names}", names=", ".join(f.other_names)), p.names.drug_class, p.names.form]
    )
    out = [*head, Spacer(0, 2 * mm), k.para(also, "muted"), k.para(p.summary)]
    title = k.para(tr("Key points"), "h3", color="brand", after=k.sp["heading_after"])
    more = k.para(
        tr("{title} (continued)", title=tr("Key points")), "h3", color="brand", after=k.sp["heading_after"]
    )
    widest = c.tr.number(len(p.key_points))
    disc = max(k.theme.sizes.body * 1.3, k.theme.sizes.small / NUMBER_SIZE)  # its number readable
    points = [
        k.item(NUMBER, t, label=c.tr.number(i), mark_size=disc, widest=widest)
        for i, t in enumerate(p.key_points, 1)
    ]
    out += [Spacer(0, 2 * mm), k.box(points, fill="brand_light", title=title, continued=more)]
    return out


def studied_for(c: Context) -> list[Flowable]:
    k, p = c.kit, c.prose
    items = [k.item(BULLET, t) for t in p.studied_for.items]
    out = k.listed(
        c.tr("What it is being studied for"), "studied", items, intro=[k.para(p.studied_for.intro)]
    )
    if p.studied_for.note:  # research areas, non-oncological uses
        out.append(k.para(p.studied_for.note))
    paras = [k.para(t) for t in p.how_it_works]
    out += k.heading(c.tr("How it works"), "how-it-works", level=3, first=paras[:1])
    out += paras[1:]
    return out


def dosing(c: Context) -> list[Flowable]:
    k, tr, f, d = c.kit, c.tr, c.facts, c.prose.dosing
    head = [
        k.para(t, "table_head", after=0)
        for t in (tr("Dose"), tr("How often"), tr("How to take it"), tr("Treatment cycle"))
    ]
    row = [
        [k.para(f"**{tr.quantity(f.dose)}**", "table", after=1 * mm), k.para(d.dose_note, "table", after=0)],
        [k.para(f"**{tr.times_per_day(f.times_per_day)}**", "table", after=0), *schedule(c)],
        k.para(d.how_to_take, "table", after=0),
        k.para(tr.cycles(f.cycle_days), "table", after=0),
    ]
    more = tr("{title} (continued)", title=tr("How to take it"))
    if k.theme.layout.columns > 1:
        table = k.table([head, row], [0.27, 0.2, 0.3, 0.23], continued=more)
    else:  # large print: a label and its value on each row
        pairs = [[h, v] for h, v in zip(head, row, strict=True)]
        table = k.table(pairs, [0.35, 0.65], header=False, continued=more)
    out = k.heading(tr("How to take it"), "dosing", first=[table])
    out.append(Spacer(0, 3 * mm))
    changes = [k.item(BULLET, k.titled(t.title, t.text)) for t in d.changes]
    out += k.listed(
        tr("Changes to your dose"), "dose-changes", changes, level=3, intro=[k.para(d.changes_intro)]
    )
    if d.missed_dose:
        out += k.heading(tr("If you miss a dose"), "missed-dose", level=3, first=[k.para(d.missed_dose)])
    return out


def schedule(c: Context) -> list[Flowable]:
    """Twice a day drawn as a sun and a moon with their words, in the "How often" cell."""
    k = c.kit
    if c.facts.times_per_day != 2:
        return []
    size = k.theme.sizes.body * 1.5
    cell = (0.2 if k.theme.layout.columns > 1 else 0.65) * k.width - 2 * k.sp["table_padding"]
    out: list[Flowable] = []
    for kind, word in (("sun", N_("Morning")), ("moon", N_("Evening"))):
        icon = Icon(kind, size, k.color["brand"], k.color["white"])
        label = k.para(c.tr(word), "table", after=0)
        line = k.row([icon, "", label], [size, 2 * mm, cell - size - 2 * mm], "MIDDLE")
        line.hAlign = "RIGHT" if k.rtl else "LEFT"
        out += [Spacer(0, 1.5 * mm), line]
    return out


def tests(c: Context) -> list[Flowable]:
    k, t = c.kit, c.prose.tests
    rows = []
    for test_id in c.facts.tests:
        check = t.items[test_id]
        rows.append(
            k.item(
                BOX,
                k.titled(check.name, check.why),
                color="text",
                keep=True,
                underline=True,
                mark_size=k.theme.sizes.checkbox * 1.25,
            )
        )
    return k.listed(c.tr("Before you start"), "tests", rows, intro=[k.para(t.intro)])


def side_effects(c: Context) -> list[Flowable]:
    k, tr, s = c.kit, c.tr, c.prose.side_effects
    head = [
        k.para(t, "table_head", after=0)
        for t in (tr("Side effect"), tr("What you may notice"), tr("What to do"), tr("Have it?"))
    ]
    wide = k.theme.layout.columns > 1
    rows: list[list[object]] = [head if wide else [head[0], head[3]]]
    for effect_id in c.facts.side_effects.common:
        e = s.common[effect_id]
        name: list[Flowable] = [k.para(f"**{e.name}**", "table", after=0)]
        if e.note:
            name.append(k.para(e.note, "small", after=0))
        if wide:
            rows.append(
                [
                    name,
                    k.para(e.notice, "table", after=0),
                    k.para(e.action, "table", after=0),
                    Check(k, k.field("effect") or "", k.fillable, label=plain(e.name)),
                ]
            )
        else:  # large print: one side effect a row, its parts stacked, no narrow columns
            name += [
                k.para(k.titled(tr("What you may notice"), e.notice), "table", after=1 * mm),
                k.para(k.titled(tr("What to do"), e.action), "table", after=0),
            ]
            rows.append([name, Check(k, k.field("effect") or "", k.fillable, label=plain(e.name))])
    more = tr("{title} (continued)", title=tr("Side effects"))
    table = k.table(rows, [0.2, 0.3, 0.37, 0.13] if wide else [0.8, 0.2], continued=more)
    out = k.heading(tr("Side effects"), "side-effects", first=[k.para(s.intro), table])
    out += [Spacer(0, 5 * mm), serious(c)]
    if s.managing:
        managing = [k.item(BULLET, k.titled(m.title, m.text)) for m in s.managing]
        out.append(Spacer(0, k.sp["section_before"] - 2 * mm))  # a heading well clear of the box
        out += k.listed(tr("How side effects are managed"), "managing", managing, level=3)
    return out


def serious(c: Context) -> Flowable:
    """The box that must stand out: heavy border, warning icon, bold words, phones inside."""
    k, tr, s, b = c.kit, c.tr, c.prose.side_effects, c.brand
    title, more = (
        k.para(t, "alert_title", after=k.sp["heading_after"])
        for t in (
            tr("Call your care team right away"),
            tr("{title} (continued)", title=tr("Call your care team right away")),
        )
    )
    items = [
        k.item(ALERT, k.titled(s.serious[i].title, s.serious[i].text), color="alert")
        for i in c.facts.side_effects.serious
    ]
    # the note and the phones go with the last item: a split leaves two items on each side
    last: list[Flowable] = items[-1:]
    if s.serious_note:
        last.append(k.para(f"**{s.serious_note}**", after=2 * mm))
    last.append(
        k.para(
            tr(
                "Day: **{main}** · After hours: **{after}** · Emergency: **{emergency}**",
                main=b.phones.main,
                after=b.phones.after_hours,
                emergency=b.phones.emergency,
            ),
            after=0,
        )
    )
    size = k.theme.sizes.h2 * 1.6
    icon = Icon("warning", size, k.color["alert"], k.color["white"])
    if k.theme.layout.columns == 1:  # large print: the icon beside the title, the text full width
        inner = k.width - 2 * k.sp["box_padding"] - k.sp["alert_border"]

        def beside(text: Flowable) -> Flowable:
            mark = Icon("warning", size, k.color["alert"], k.color["white"])
            row = k.row([mark, "", text], [size, 3 * mm, inner - size - 3 * mm], "MIDDLE")
            row.spaceAfter = k.sp["heading_after"]
            return row

        title, more = beside(title), beside(more)
    return k.box(
        [*items[:-1], last],
        fill="alert_light",
        border="alert",
        border_width=k.sp["alert_border"],
        icon=icon if k.theme.layout.columns > 1 else None,
        title=title,
        continued=more,
    )


def while_taking(c: Context) -> list[Flowable]:
    k, tr, p = c.kit, c.tr, c.prose
    precautions = [k.item(BULLET, k.titled(t.title, t.text)) for t in p.precautions]
    out = k.listed(tr("While you take it"), "precautions", precautions)
    out.append(Spacer(0, 2 * mm))

    gap = k.sp["column_gap"]
    two = k.theme.layout.columns > 1
    half = (k.width - gap) / 2 if two else k.width

    def column(kind: str, title: str, items: tuple[str, ...], color: str) -> BoxTable:
        size = k.theme.sizes.h2 * 1.15
        inner = half - 2 * k.sp["box_padding"] - k.sp["border"]

        def head(text: str) -> Flowable:  # the icon, a gap, the title: mirrored together
            icon = Icon(kind, size, k.color[color], k.color["white"])
            row = k.row(
                [icon, "", k.para(text, "h3", after=0)], [size, 2 * mm, inner - size - 2 * mm], "MIDDLE"
            )
            row.spaceAfter = 2 * mm
            return row

        body = [k.item(TICK if kind == "tick" else CROSS, t, color=color) for t in items]
        return k.box(
            body,
            fill="white",
            border="rule",
            border_width=k.sp["border"],
            top_bar=color,
            width=half,
            title=head(title),
            continued=head(tr("{title} (continued)", title=title)),
        )

    do = column("tick", tr("Do"), p.dos, "do")
    dont = column("cross", tr("Don't"), p.donts, "dont")
    if two:  # side by side, as tall as each other, kept whole unless taller than a page
        tallest = max(box.wrap(half, k.frame_height)[1] for box in (do, dont))
        for box in (do, dont):
            box.stretch(tallest)
            box.room = 0  # the row splits only when taller than a page: the boxes then must
        out.append(k.row([do, "", dont], [half, gap, half], split=True))
    else:
        out += [do, Spacer(0, 3 * mm), dont]
    return out


def questions(c: Context) -> list[Flowable]:
    """What the monograph does not answer: each question with lines to write the answer on."""
    k, q = c.kit, c.prose.questions
    if q is None:
        return []
    widest = c.tr.number(len(q.items))
    groups = [
        [
            k.item(NUMBER, text, label=c.tr.number(i), mark_size=k.theme.sizes.body * 1.3, widest=widest),
            *[Rule(k.color["rule"], k.sp["rule"] * 1.5, 8 * mm) for _ in range(2)],
            Spacer(0, 2 * mm),
        ]
        for i, text in enumerate(q.items, 1)
    ]
    # as a list: the heading keeps the first two questions, the last two keep together
    title = c.tr("Questions to ask your care team")
    if len(groups) <= 3:
        return k.heading(title, "questions", first=[k.para(q.intro), *(f for g in groups for f in g)])
    head = k.heading(title, "questions", first=[k.para(q.intro), *groups[0], *groups[1]])
    return [*head, *[KeepTogether(g) for g in groups[2:-2]], KeepTogether(groups[-2] + groups[-1])]


def clinic(c: Context) -> list[Flowable]:
    """The clinic's own sections in the handout's language (from the brand file), always
    here: after what studies have shown, before the notes and contacts."""
    own = c.brand.sections.get(c.kit.lang.code, ())
    items = [c.kit.item(BULLET, c.kit.titled(t.title, t.text)) for t in own]
    if not items:
        return []
    head = c.tr("From {clinic}", clinic=c.brand.name)
    return c.kit.heading(head, "clinic", first=items[:1]) + items[1:]


def results(c: Context) -> list[Flowable]:
    k, r = c.kit, c.prose.results
    items = [k.item(BULLET, t) for t in r.items]
    out = k.listed(c.tr("What studies have shown"), "results", items, intro=[k.para(r.intro)])
    if r.note:
        out.append(k.para(f"**{r.note}**"))
    return out


def contact(c: Context) -> list[Flowable]:
    k, tr, b = c.kit, c.tr, c.brand
    panel = [
        k.para(f"**{b.name}**", "tight", after=0),
        k.para(tr("Main number: **{phone}**", phone=b.phones.main), "tight", after=0),
        k.para(tr("After hours: **{phone}**", phone=b.phones.after_hours), "tight", after=0),
    ]
    if b.website:
        panel.append(k.para(b.website, "tight", after=0))
    two = k.theme.layout.columns > 1
    # the panel wide enough for a phone number and a web address at body size on one line
    box = k.box(panel, fill="brand_light", width=0.5 * k.width if two else None)
    label_w = (0.6 * 0.46 if two else 0.42) * k.width  # a label's longest word on one line
    lines: list[Flowable] = [
        Rule(k.color["text"], 0.6, 9 * mm, k.para(tr(t), "tight", after=0), label_w, k.rtl)
        for t in (N_("My trial doctor"), N_("My trial nurse"), N_("My trial name or number"))
    ]
    if not two:
        return [box, Spacer(0, 3 * mm), *lines]
    return [k.row([box, "", lines], [0.5 * k.width, 0.04 * k.width, 0.46 * k.width])]


def closing(c: Context) -> list[Flowable]:
    """Notes lines that fill what the last page leaves, then the contacts and the disclaimer."""
    k, tr = c.kit, c.tr
    tail = [
        Spacer(0, k.sp["section_before"]),
        *k.heading_only(tr("Contact your care team"), "contact"),
        *contact(c),
    ]
    if c.extras.url:
        tail += [Spacer(0, 3 * mm), qr_block(k, tr, c.extras.url)]
    tail += [
        Spacer(0, 5 * mm),
        Rule(k.color["rule"], k.sp["rule"], 0),
        Spacer(0, 2 * mm),
        k.para(c.prose.disclaimer, "tight", after=0),
    ]
    gap = k.theme.spacing.notes_line_gap * mm
    heading = [Spacer(0, k.sp["section_before"]), *k.heading_only(tr("My notes and questions"), "notes")]
    notes = NotesLines(
        heading,
        k.theme.layout.notes_lines,
        gap,
        tail,
        k.color["rule"],
        k.sp["rule"] * 1.5,
        k.frame_height,
        field="notes" if k.fillable else None,
        text_color=k.color["text"],
    )
    return [notes, KeepTogether(tail)]  # the contacts and the disclaimer on one page


def treatment(c: Context) -> list[Flowable]:
    """The "My treatment" box: this patient's details, or lines to write them on."""
    k = c.kit
    box = my_treatment(k, c.tr, c.facts, c.extras.patient, k.fillable, c.brand.phones.main)
    return [Spacer(0, k.sp["section_before"]), box]


def diary(c: Context) -> list[Flowable]:
    """The optional dose calendar and side-effect diary, on a page of its own."""
    if not c.extras.calendar:
        return []
    return calendar(c.kit, c.tr, c.facts, c.prose, c.extras.patient, c.kit.fillable)


SECTIONS: tuple[Section, ...] = (
    header_band,
    title_block,
    treatment,
    studied_for,
    dosing,
    tests,
    side_effects,
    while_taking,
    questions,
    results,
    clinic,
    closing,
    diary,
)


def check_glyphs(c: Context) -> None:
    """The facts print as written, in the handout's font: refuse a character the font
    cannot draw (an emoji, Chinese in an English handout) rather than print an empty box.
    The brand's texts and the patient's details may be in another script (an Arabic
    clinic name, a Chinese patient's name on an English handout): each run of it is set
    in the theme's font for that script, so they are refused only for a character no
    font of the theme has. The prose is checked with its file positions before layout."""
    covered = fonts.coverage(c.kit.theme, c.kit.lang.script)
    f, b = c.facts, c.brand
    texts: list[tuple[Mark | str, str, str]] = [(f"{f.drug_id}/facts.yaml", "name", f.name)]
    texts += [(f"{f.drug_id}/facts.yaml", f"other_names[{i}]", n) for i, n in enumerate(f.other_names)]
    p = c.extras.patient or Patient()  # the message names the option, never the value typed
    marks = b.marks  # where each text stands in the brand file
    any_script: list[tuple[Mark | str, str, str]] = [
        (f"--{opt}", "", v or "")
        for opt, v in (("patient", p.name), ("dose", p.dose), ("team-phone", p.team_phone))
    ]
    any_script += [(marks.get("name", "brand file"), "name", b.name)]
    any_script += [(marks.get("website", "brand file"), "website", b.website or "")]
    phones = vars(b.phones).items()
    any_script += [(marks.get(f"phones.{k}", "brand file"), f"phones.{k}", v) for k, v in phones]
    problems = []
    any_font = fonts.any_coverage(c.kit.theme)
    own = f"the {c.kit.lang.english_name} font has no"
    checks = [(texts, covered, own), (any_script, any_font, "no font has a")]
    for group, fonts_have, whose in checks:
        for where, path, text in group:  # one problem per text, naming every character
            text = plain(text)
            if c.kit.rtl or group is any_script:
                text += shape(text)  # Arabic letters print in their joined forms
            if chars := fonts.missing(text, fonts_have):
                message = f"{whose} glyph for {', '.join(fonts.describe(ch) for ch in chars)}"
                problems.append(Problem(where if isinstance(where, Mark) else Mark(where), path, message))
    if problems:
        raise ContentError(problems)


def story(c: Context) -> list[Flowable]:
    check_glyphs(c)
    out: list[Flowable] = []
    for section in SECTIONS:
        out += section(c)
    return out
