"""Document -> a story of flowables: the PDF renderer walks the Document's sections in
their order and draws each block with the function for its type.

What the handout says, in which order, and whether a part is shown are the Document's
(document/builder.py); nothing here reads the prose or the facts. This module decides
only how the blocks sit on paper, from the block's type, its Section's tone and
``new_page``, and the theme: two columns or large print, boxes, what keeps together
and where a page may break, the closing page whose notes lines fill what the last
page leaves, the calendar on pages of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..document.blocks import (
    QR,
    Block,
    Bullets,
    Calendar,
    CallBox,
    Checklist,
    Contacts,
    Disclaimer,
    Document,
    DoDont,
    DosingTable,
    Heading,
    Masthead,
    MyTreatment,
    Notes,
    Notice,
    Paragraph,
    Questions,
    Section,
    SideEffectTable,
)
from ..text import plain
from .flowables import (
    ALERT,
    BOX,
    BULLET,
    CROSS,
    NUMBER,
    NUMBER_SIZE,
    TICK,
    TICKED,
    Icon,
    Ink,
    Item,
    NotesLines,
    PageStart,
    Picture,
    Rule,
    first_line_center,
)
from .kit import BoxTable, Kit
from .personal import Check, calendar, my_treatment, qr_block


@dataclass
class Flow:
    """A block on paper: what must stay with a heading right above it, and the rest."""

    first: list[Flowable]
    rest: list[Flowable] = field(default_factory=list)

    @property
    def all(self) -> list[Flowable]:
        return [*self.first, *self.rest]


LOGO_SHARE = 0.25  # the widest a logo may be in the first page's band, as a share of the width
PARAGRAPH_STYLES = {"body": "body", "muted": "muted", "small": "small", "strong": "body"}


def two_columns(k: Kit) -> bool:
    """Standard print sets things side by side; large print stacks them."""
    return k.theme.layout.columns > 1


# ---- the top of page 1 ----------------------------------------------------------------


def masthead(k: Kit, m: Masthead) -> list[Flowable]:
    """The clinic's band on page 1: its logo, name and phones. A wide logo is set
    smaller to leave the name and the phones their room; in large print the phones
    take a line of their own under the name."""
    two = two_columns(k)
    pad = k.sp["box_padding"]
    name = [k.para(m.clinic, "brand_name", after=0), k.para(m.tagline, "small", after=0)]
    phones = [k.para(line, "small", after=0) for line in m.phones]
    cells: list[object] = [name, phones] if two else [name]
    widths = [0.6 * k.width, 0.4 * k.width] if two else [k.width]
    if m.logo is not None:
        ratio = m.logo.width_px / m.logo.height_px
        logo_h = 15 * mm if two else 18 * mm
        logo_w = min(logo_h * ratio, LOGO_SHARE * k.width)
        cells.insert(0, Picture(m.logo.png, logo_w, logo_w / ratio, alt=m.clinic))
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


def title(k: Kit, heading: Heading, intro: tuple[Block, ...]) -> list[Flowable]:
    """The drug's name with the notice beside it (under it in large print), then the
    rest of the introduction."""
    notices = [notice(k, b) for b in intro if isinstance(b, Notice)][:1]
    column = (0.46 if two_columns(k) and notices else 1) * k.width
    name = k.para(heading.text, "title", after=0, size=k.fitting(heading.text, "title", column))
    if not notices:
        head = [name]
    elif two_columns(k):
        head = [k.row([name, notices[0]], [0.46 * k.width, 0.54 * k.width], "MIDDLE")]
    else:  # clear of the title's descenders, deeper than its leading in Arabic
        head = [name, Spacer(0, 2 * mm + k.overhang("title")), notices[0]]
    out = [*head, Spacer(0, 2 * mm)]
    rest = [b for b in intro if not isinstance(b, Notice)] if notices else list(intro)
    for b in rest:
        out += block(k, b).all
    return out


def notice(k: Kit, b: Notice) -> BoxTable:
    """A statement in a bordered box with an info icon."""
    return k.box(
        [k.para(b.text, "tight", after=0)],
        fill="white",
        border="brand",
        border_width=k.sp["border"] * 3,
        icon=Icon("info", k.theme.sizes.body * 1.4, k.color["brand"], k.color["white"]),
        padding=3 * mm,
        width=0.54 * k.width if two_columns(k) else None,
    )


# ---- sections ----------------------------------------------------------------------------


def story(doc: Document, k: Kit) -> list[Flowable]:
    """The whole handout, its sections in the Document's order."""
    out = masthead(k, doc.masthead) + title(k, doc.heading, doc.intro)
    sections = list(doc.sections)
    while sections:
        s = sections.pop(0)
        if any(isinstance(b, Notes) for b in s.blocks):
            # the notes lines fill the page above the next section, which they keep
            following = sections.pop(0) if sections and not sections[0].new_page else None
            out += closing(k, s, following)
        else:
            out += section(k, s)
    return out


def heading(k: Kit, h: Heading, first: list[Flowable], flexible: bool = True) -> list[Flowable]:
    """A section's heading and bookmark, kept on one page with ``first``."""
    return k.heading(h.text, h.key, h.level, first=first, flexible=flexible)


def lead(blocks: tuple[Block | Section, ...]) -> int:
    """Which block the heading keeps with it: the first after the introductory
    paragraphs (which it keeps too) when a list or a table follows them, else the first."""
    n = 0
    while n < len(blocks) and isinstance(blocks[n], Paragraph):
        n += 1
    return n if n < len(blocks) and not isinstance(blocks[n], Section) else 0


def section(k: Kit, s: Section) -> list[Flowable]:
    """A section: its heading, then its blocks and its parts in order."""
    out: list[Flowable] = [PageBreak(), PageStart()] if s.new_page else []
    if s.tone == "highlight":
        return out + highlight(k, s)
    if s.tone == "card":
        return out + card(k, s)
    at = lead(s.blocks)
    if s.blocks and isinstance(cal := s.blocks[at], Calendar):
        return out + diary(k, s, cal)
    first: list[Flowable] = []
    rest: list[Flowable] = []
    for i, b in enumerate(s.blocks):
        if isinstance(b, Section):
            if i and isinstance(s.blocks[i - 1], CallBox):  # a heading well clear of the box
                rest.append(Spacer(0, k.sp["section_before"] - 2 * mm))
            rest += section(k, b)
            continue
        flow = block(k, b)
        if i < at:
            first += flow.all
        elif i == at:
            first += flow.first
            rest += flow.rest
        else:
            rest += flow.all
    return out + heading(k, s.heading, first) + rest


def kept(k: Kit, s: Section) -> list[Flowable]:
    """A section that goes whole onto one page (no conditional break of its own)."""
    h = s.heading
    space = k.sp["section_before"] if h.level == 2 else 2 * mm
    return [Spacer(0, space), *k.heading_only(h.text, h.key, h.level), *drawn(k, s.blocks)]


def drawn(k: Kit, blocks: tuple[Block | Section, ...]) -> list[Flowable]:
    """Blocks and parts one after the other, each part kept whole."""
    return [f for b in blocks for f in (kept(k, b) if isinstance(b, Section) else block(k, b).all)]


def highlight(k: Kit, s: Section) -> list[Flowable]:
    """A section in a tinted box, its heading inside: the box splits between its
    items, and the part on the next page is headed "(continued)"."""
    name, more = (
        k.para(t, "h3", color="brand", after=k.sp["heading_after"])
        for t in (s.heading.text, s.heading.continued)
    )
    rows: list[Flowable] = []
    for b in s.blocks:
        if isinstance(b, Bullets):  # a row for each item: the box splits between them
            rows += items(k, b)
        elif not isinstance(b, Section):
            rows += block(k, b).all
    box = k.box(rows, fill="brand_light", title=name, continued=more)
    return [Spacer(0, 2 * mm), box, *parts(k, s)]


def card(k: Kit, s: Section) -> list[Flowable]:
    """A section in a bordered white box kept whole, its heading inside (my treatment)."""
    rows = [f for b in s.blocks if not isinstance(b, Section) for f in block(k, b).all]
    name = k.para(s.heading.text, "h3", color="brand", after=k.sp["heading_after"])
    box = k.box([name, *rows], fill="white", border="brand", border_width=k.sp["border"] * 2)
    return [Spacer(0, k.sp["section_before"]), box, *parts(k, s)]


def parts(k: Kit, s: Section) -> list[Flowable]:
    """The parts of a boxed section, under its box."""
    return [f for b in s.blocks if isinstance(b, Section) for f in section(k, b)]


def closing(k: Kit, s: Section, following: Section | None) -> list[Flowable]:
    """Notes lines that fill what the last page leaves, then the ``following`` section
    (the contacts and the disclaimer) whole on the same page, or on the next."""
    at = next(i for i, b in enumerate(s.blocks) if isinstance(b, Notes))
    lines_block = s.blocks[at]
    assert isinstance(lines_block, Notes)
    # what comes before the lines goes above them; what comes after, with the tail
    head = [Spacer(0, k.sp["section_before"]), *k.heading_only(s.heading.text, s.heading.key)]
    head += drawn(k, s.blocks[:at])
    tail = drawn(k, s.blocks[at + 1 :]) + (kept(k, following) if following is not None else [])
    lines = notes(k, lines_block, head, tail)
    return [lines, KeepTogether(tail)] if tail else [lines]


def diary(k: Kit, s: Section, cal: Calendar) -> list[Flowable]:
    """The dose calendar: its heading and intro, then as many pages as its days need,
    each later one headed "(continued)"."""
    # the calendar's own size: a 28-day cycle fits one page
    intro = k.para(cal.intro, size=k.theme.sizes.table)
    opening = heading(k, s.heading, [intro], flexible=False)  # measured by the calendar
    later = k.heading_only(s.heading.continued, f"{s.heading.key}-2")
    return calendar(k, cal, opening, later)


# ---- blocks: one function per type ---------------------------------------------------------


def block(k: Kit, b: Block) -> Flow:
    """A block drawn by the function for its type."""
    match b:
        case Heading():  # a heading among blocks: kept with what follows it
            return Flow([], k.heading_only(b.text, b.key, b.level))
        case Paragraph():
            return paragraph(k, b)
        case Notice():
            return Flow([notice(k, b)])
        case Bullets():
            return Flow(*k.list_parts(items(k, b)))
        case Checklist():
            return checklist(k, b)
        case DosingTable():
            return dosing_table(k, b)
        case SideEffectTable():
            return side_effect_table(k, b)
        case CallBox():
            return Flow([Spacer(0, 5 * mm), call_box(k, b)])
        case DoDont():
            return do_dont(k, b)
        case Questions():
            return questions(k, b)
        case Notes():  # under its own heading, see closing()
            return Flow([notes(k, b, [], [])])
        case MyTreatment():
            return Flow([my_treatment(k, b)])
        case Calendar():  # under its own heading, see diary()
            return Flow(calendar(k, b, [k.para(b.intro, size=k.theme.sizes.table)], []))
        case QR():
            return Flow([Spacer(0, 3 * mm), qr_block(k, b)])
        case Contacts():
            return contacts(k, b)
        case Disclaimer():
            return disclaimer(k, b)
    raise TypeError(f"no PDF rendering for {type(b).__name__}")


def notes(k: Kit, b: Notes, head: list[Flowable], tail: list[Flowable]) -> NotesLines:
    """Lines to write on under ``head``, as many as fill the page above ``tail``."""
    return NotesLines(
        head,
        b.lines,
        k.theme.spacing.notes_line_gap * mm,
        tail,
        k.color["rule"],
        k.sp["rule"] * 1.5,
        k.frame_height,
        field="notes" if k.fillable else None,
        text_color=k.color["text"],
    )


def paragraph(k: Kit, b: Paragraph) -> Flow:
    style = PARAGRAPH_STYLES.get(b.tone, "body")
    text = k.para(b.text, style, bold=b.tone == "strong")
    if b.example != TICKED:
        return Flow([text])
    # a ticked box beside the sentence that asks for ticks: drawn as the boxes to tick
    # are (the checklist's and the table's), at the reading start of its first line
    size = k.theme.sizes.checkbox * 1.25
    st = k.styles[style]
    text.spaceAfter = 0
    ink = Ink(k.color["text"], size, 0.9)
    flow = Item(TICKED, text, ink, size + 2.4 * mm, first_line_center(k.fonts.regular, st.fontSize), k.rtl)
    flow.spaceAfter = st.spaceAfter
    return Flow([flow])


def items(k: Kit, b: Bullets) -> list[Flowable]:
    """A list's items: numbered in a disc with their labels, else bulleted."""
    if not b.labels:
        return [k.item(BULLET, t) for t in b.items]
    widest = b.labels[-1]
    disc = max(k.theme.sizes.body * 1.3, k.theme.sizes.small / NUMBER_SIZE)  # its number readable
    return [
        k.item(NUMBER, t, label=label, mark_size=disc, widest=widest)
        for t, label in zip(b.items, b.labels, strict=True)
    ]


def checklist(k: Kit, b: Checklist) -> Flow:
    """Things to tick: a checkbox beside each, a rule under each."""
    rows = [
        k.item(
            BOX,
            item.text,
            color="text",
            keep=True,
            underline=True,
            mark_size=k.theme.sizes.checkbox * 1.25,
        )
        for item in b.items
    ]
    return Flow(*k.list_parts(rows))


def dosing_table(k: Kit, b: DosingTable) -> Flow:
    """One row of dosing facts under their headers; in large print a label beside
    each value. Twice a day is drawn as a sun and a moon with their words."""
    head = [k.para(t, "table_head", after=0) for t in b.headers]
    two = two_columns(k)
    widths = [0.27, 0.2, 0.3, 0.23] if two and len(b.headers) == 4 else [1 / len(b.headers)] * len(b.headers)
    row: list[object] = []
    for n, cell in enumerate(b.cells):
        paras = [k.para(t, "table", after=1 * mm if i < len(cell) - 1 else 0) for i, t in enumerate(cell)]
        if b.times and n == b.times_row:
            paras += dose_times(k, b, (widths[n] if two else 0.65) * k.width)
        row.append(paras[0] if len(paras) == 1 else paras)
    more = b.continued or None
    if two:
        table = k.table([head, row], widths, continued=more)
    else:  # large print: a label and its value on each row
        pairs = [[h, v] for h, v in zip(head, row, strict=True)]
        table = k.table(pairs, [0.35, 0.65], header=False, continued=more)
    return Flow([table], [Spacer(0, 3 * mm)])


def dose_times(k: Kit, b: DosingTable, column: float) -> list[Flowable]:
    """Each time of day as its picture beside its word, in a cell ``column`` wide."""
    size = k.theme.sizes.body * 1.5
    cell = column - 2 * k.sp["table_padding"]
    out: list[Flowable] = []
    for t in b.times:
        icon = Icon(t.icon, size, k.color["brand"], k.color["white"])
        label = k.para(t.word, "table", after=0)
        line = k.row([icon, "", label], [size, 2 * mm, cell - size - 2 * mm], "MIDDLE")
        line.hAlign = "RIGHT" if k.rtl else "LEFT"
        out += [Spacer(0, 1.5 * mm), line]
    return out


def side_effect_table(k: Kit, b: SideEffectTable) -> Flow:
    """Side effects in four columns, a box to tick in the last; in large print one
    side effect a row, its parts stacked under its name."""
    wide = two_columns(k)
    heads = (b.name_header, b.notice_header, b.action_header, b.check_header)
    head = [k.para(t, "table_head", after=0) for t in heads]
    rows: list[list[object]] = [head if wide else [head[0], head[3]]]
    for e in b.rows:
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
                k.para(t, "table", after=1 * mm if i < len(e.stacked) - 1 else 0)
                for i, t in enumerate(e.stacked)
            ]
            rows.append([name, Check(k, k.field("effect") or "", k.fillable, label=plain(e.name))])
    more = b.continued or None
    table = k.table(rows, [0.2, 0.3, 0.37, 0.13] if wide else [0.8, 0.2], continued=more)
    if not wide:  # a row is a side effect's name, what you notice and what to do: a
        table.least = 1  # paragraph's worth of lines, which may stand alone on a page
    return Flow([table])


def call_box(k: Kit, b: CallBox) -> Flowable:
    """The box that must stand out: heavy border, warning icon, bold words, phones inside."""
    name, more = (k.para(t, "alert_title", after=k.sp["heading_after"]) for t in (b.title, b.continued))
    marked = [k.item(ALERT, t, color="alert") for t in b.items]
    # the note and the phones go with the last item: a split leaves two items on each side
    last: list[Flowable] = marked[-1:]
    if b.note:
        last.append(k.para(b.note, after=2 * mm))
    last.append(k.para(b.phones, after=0))
    size = k.theme.sizes.h2 * 1.6
    icon = Icon("warning", size, k.color["alert"], k.color["white"])
    if not two_columns(k):  # large print: the icon beside the title, the text full width
        inner = k.width - 2 * k.sp["box_padding"] - k.sp["alert_border"]

        def beside(text: Flowable) -> Flowable:
            mark = Icon("warning", size, k.color["alert"], k.color["white"])
            row = k.row([mark, "", text], [size, 3 * mm, inner - size - 3 * mm], "MIDDLE")
            row.spaceAfter = k.sp["heading_after"]
            return row

        name, more = beside(name), beside(more)
    return k.box(
        [*marked[:-1], last],
        fill="alert_light",
        border="alert",
        border_width=k.sp["alert_border"],
        icon=icon if two_columns(k) else None,
        title=name,
        continued=more,
    )


def do_dont(k: Kit, b: DoDont) -> Flow:
    """Do and Don't in two boxes, each with its icon: side by side and as tall as
    each other in standard print, one under the other in large print."""
    gap = k.sp["column_gap"]
    two = two_columns(k)
    half = (k.width - gap) / 2 if two else k.width

    def column(kind: str, name: str, more: str, texts: tuple[str, ...], color: str) -> BoxTable:
        size = k.theme.sizes.h2 * 1.15
        inner = half - 2 * k.sp["box_padding"] - k.sp["border"]

        def head(text: str) -> Flowable:  # the icon, a gap, the title: mirrored together
            icon = Icon(kind, size, k.color[color], k.color["white"])
            row = k.row(
                [icon, "", k.para(text, "h3", after=0)], [size, 2 * mm, inner - size - 2 * mm], "MIDDLE"
            )
            row.spaceAfter = 2 * mm
            return row

        body = [k.item(TICK if kind == "tick" else CROSS, t, color=color) for t in texts]
        return k.box(
            body,
            fill="white",
            border="rule",
            border_width=k.sp["border"],
            top_bar=color,
            width=half,
            title=head(name),
            continued=head(more),
        )

    do = column("tick", b.do_title, b.do_continued, b.dos, "do")
    dont = column("cross", b.dont_title, b.dont_continued, b.donts, "dont")
    if two:  # side by side, as tall as each other, kept whole unless taller than a page
        tallest = max(box.wrap(half, k.frame_height)[1] for box in (do, dont))
        for box in (do, dont):
            box.stretch(tallest)
            box.room = 0  # the row splits only when taller than a page: the boxes then must
        return Flow([Spacer(0, 2 * mm), k.row([do, "", dont], [half, gap, half], split=True)])
    return Flow([Spacer(0, 2 * mm), do, Spacer(0, 3 * mm), dont])


def questions(k: Kit, b: Questions) -> Flow:
    """Numbered questions, each with lines to write the answer on, kept together."""
    widest = b.items[-1].label if b.items else ""
    groups = [
        [
            k.item(NUMBER, q.text, label=q.label, mark_size=k.theme.sizes.body * 1.3, widest=widest),
            *[Rule(k.color["rule"], k.sp["rule"] * 1.5, 8 * mm) for _ in range(2)],
            Spacer(0, 2 * mm),
        ]
        for q in b.items
    ]
    intro = [k.para(b.intro)]
    # as a list: the heading keeps the first two questions, the last two keep together
    if len(groups) <= 3:
        return Flow([*intro, *(f for g in groups for f in g)])
    rest = [*[KeepTogether(g) for g in groups[2:-2]], KeepTogether(groups[-2] + groups[-1])]
    return Flow([*intro, *groups[0], *groups[1]], rest)


def contacts(k: Kit, b: Contacts) -> Flow:
    """The clinic's phones in a box, beside lines to write names on (under it in large print)."""
    panel = [k.para(f"**{b.clinic}**", "tight", after=0), *[k.para(t, "tight", after=0) for t in b.phones]]
    if b.website:
        panel.append(k.para(b.website, "tight", after=0))
    two = two_columns(k)
    # the panel wide enough for a phone number and a web address at body size on one line
    box = k.box(panel, fill="brand_light", width=0.5 * k.width if two else None)
    label_w = (0.6 * 0.46 if two else 0.42) * k.width  # a label's longest word on one line
    lines: list[Flowable] = [
        Rule(k.color["text"], 0.6, 9 * mm, k.para(f.label, "tight", after=0), label_w, k.rtl)
        for f in b.write_in
    ]
    if not two:
        return Flow([box, Spacer(0, 3 * mm), *lines])
    return Flow([k.row([box, "", lines], [0.5 * k.width, 0.04 * k.width, 0.46 * k.width])])


def disclaimer(k: Kit, b: Disclaimer) -> Flow:
    """The disclaimer under a rule."""
    return Flow(
        [
            Spacer(0, 5 * mm),
            Rule(k.color["rule"], k.sp["rule"], 0),
            Spacer(0, 2 * mm),
            k.para(b.text, "tight", after=0),
        ]
    )
