"""A prepared handout -> its Document: every section, in reading order, in the patient's words.

Section order, wording and what is shown are decided here, once, for every renderer:
medical text from the handout's prose, UI wording from the gettext catalog, numbers and
dates formatted for the locale. Nothing here knows ReportLab, HTML or YAML.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, Translator
from ..logo import load_logo
from ..model import Facts, Patient
from .blocks import (
    QR,
    Block,
    Bullets,
    Calendar,
    CalendarDay,
    CallBox,
    CheckItem,
    Checklist,
    Contacts,
    Disclaimer,
    Document,
    DoDont,
    DoseTime,
    DosingTable,
    Field,
    Footer,
    Heading,
    Image,
    Masthead,
    MyTreatment,
    Notes,
    Notice,
    Paragraph,
    Question,
    Questions,
    Section,
    SideEffectRow,
    SideEffectTable,
)

if TYPE_CHECKING:
    from ..handout import Handout

log = logging.getLogger(__name__)

CJK_SCRIPTS = ("Hans", "Hant", "Jpan")
DRAFT_NOTE = N_("Translation not yet reviewed by a qualified medical translator.")
REVIEW_NOTE = N_("Translation reviewed by {reviewer} on {date}.")
# the intros over the boxes to tick say how ("Tick the box if you have one"): a ticked
# box beside them shows it (PEMAT-P item 15), without a word more to translate
TICKED = "ticked"


def online_url(template: str, facts: Facts, lang: str) -> str:
    """The brand's or the drug's URL, with {drug}, {lang} and {version} filled in."""
    return (
        template.replace("{drug}", facts.drug_id)
        .replace("{lang}", lang)
        .replace("{version}", facts.content.version)
    )


@cache
def _logo(path: str, background: str) -> Image:
    rgb = tuple(int(background[i : i + 2], 16) for i in (1, 3, 5))
    # 400 px is over 500 dpi at the size the logo prints; more only slows every build
    logo = load_logo(Path(path), background=rgb, max_px=400)  # type: ignore[arg-type]
    return Image(logo.png, logo.width_px, logo.height_px)


class Builder:
    """One handout's words: a method per section, each returning blocks."""

    def __init__(self, h: Handout) -> None:
        self.h = h
        self.tr = Translator(h.language)
        self.facts, self.prose, self.brand = h.facts, h.prose, h.brand
        self.patient = h.options.patient

    def titled(self, title: str, text: str) -> str:
        """'**Title:** text' in content syntax (a colon suited to the language)."""
        if self.h.language.script in CJK_SCRIPTS:
            return f"**{title}\uff1a**{text}"
        return f"**{title}:** {text}"

    def heading(self, text: str, level: int, key: str) -> Heading:
        """A section's heading, with the words it repeats over a part on a later page."""
        return Heading(text, level, key, self.tr("{title} (continued)", title=text))

    def phones(self) -> tuple[str, str]:
        tr, p = self.tr, self.brand.phones
        return (
            tr("Main number: **{phone}**", phone=p.main),
            tr("After hours: **{phone}**", phone=p.after_hours),
        )

    # ---- the parts, in reading order ------------------------------------------------

    def masthead(self) -> Masthead:
        b = self.brand
        logo = _logo(b.logo, self.h.theme.colors["brand_light"]) if b.logo else None
        return Masthead(b.name, self.tr("Patient information"), self.phones(), logo)

    def intro(self) -> tuple[Block, ...]:
        tr, f, p = self.tr, self.facts, self.prose
        notice = tr("**Investigational drug:** available only in a clinical trial. Not approved by the FDA.")
        also = " · ".join(
            [tr("Also called {names}", names=", ".join(f.other_names)), p.names.drug_class, p.names.form]
        )
        return (Notice(notice), Paragraph(also, "muted"), Paragraph(p.summary))

    def key_points(self) -> Section:
        points = self.prose.key_points
        labels = tuple(self.tr.number(i) for i in range(1, len(points) + 1))
        heading = self.heading(self.tr("Key points"), 2, "key-points")
        return Section(heading, (Bullets(points, labels),), tone="highlight")

    def treatment(self) -> Section:
        """The "My treatment" box: this patient's details, or lines to write them on."""
        tr, p, patient = self.tr, self.patient or Patient(), self.patient
        cycle = p.cycle or None
        team = p.team_phone or (self.brand.phones.main if patient and patient.team_phone else None)
        fields = (
            Field("my_name", tr("My name"), p.name),
            Field("my_dose", tr("My dose"), p.dose),
            Field("my_start", tr("I start on"), tr.date(p.start) if p.start else None),
            Field("my_cycle", tr("Days in each cycle"), tr.number(cycle) if cycle else None),
            Field("my_team", tr("My care team's phone"), team),
        )
        title = tr("My treatment")
        return Section(self.heading(title, 2, "my-treatment"), (MyTreatment(title, fields),), tone="card")

    def studied_for(self) -> Section:
        p = self.prose
        how = Section(
            self.heading(self.tr("How it works"), 3, "how-it-works"),
            tuple(Paragraph(t) for t in p.how_it_works),
        )
        blocks: list[Block | Section] = [Paragraph(p.studied_for.intro), Bullets(p.studied_for.items)]
        if p.studied_for.note:  # research areas, non-oncological uses
            blocks.append(Paragraph(p.studied_for.note))
        blocks.append(how)
        return Section(self.heading(self.tr("What it is being studied for"), 2, "studied"), tuple(blocks))

    def dosing(self) -> Section:
        tr, f, d = self.tr, self.facts, self.prose.dosing
        heading = self.heading(tr("How to take it"), 2, "dosing")
        table = DosingTable(
            (tr("Dose"), tr("How often"), tr("How to take it"), tr("Treatment cycle")),
            (
                (f"**{tr.quantity(f.dose)}**", d.dose_note),
                (f"**{tr.times_per_day(f.times_per_day)}**",),
                (d.how_to_take,),
                (tr.cycles(f.cycle_days),),
            ),
            # twice a day: a sun for the morning dose, a moon for the evening one
            times=(DoseTime("sun", tr("Morning")), DoseTime("moon", tr("Evening")))
            if f.times_per_day == 2
            else (),
            continued=heading.continued,
        )
        changes = Section(
            self.heading(tr("Changes to your dose"), 3, "dose-changes"),
            (Paragraph(d.changes_intro), Bullets(tuple(self.titled(c.title, c.text) for c in d.changes))),
        )
        blocks: list[Block | Section] = [table, changes]
        if d.missed_dose:
            blocks.append(
                Section(self.heading(tr("If you miss a dose"), 3, "missed-dose"), (Paragraph(d.missed_dose),))
            )
        return Section(heading, tuple(blocks))

    def tests(self) -> Section:
        t = self.prose.tests
        items = tuple(
            CheckItem(f"test-{test_id}", self.titled(t.items[test_id].name, t.items[test_id].why))
            for test_id in self.facts.tests
        )
        return Section(
            self.heading(self.tr("Before you start"), 2, "tests"),
            (Paragraph(t.intro, example=TICKED), Checklist(items)),
        )

    def side_effects(self) -> Section:
        tr, s = self.tr, self.prose.side_effects
        notice, action = tr("What you may notice"), tr("What to do")
        rows = tuple(
            SideEffectRow(
                f"effect-{i}",
                e.name,
                e.notice,
                e.action,
                e.note,
                stacked=(self.titled(notice, e.notice), self.titled(action, e.action)),
            )
            for i, e in ((i, s.common[i]) for i in self.facts.side_effects.common)
        )
        heading = self.heading(tr("Side effects"), 2, "side-effects")
        table = SideEffectTable(
            tr("Side effect"), notice, action, tr("Have it?"), rows, continued=heading.continued
        )
        blocks: list[Block | Section] = [Paragraph(s.intro, example=TICKED), table, self.call_box()]
        if s.managing:
            managing = Bullets(tuple(self.titled(m.title, m.text) for m in s.managing))
            blocks.append(
                Section(self.heading(tr("How side effects are managed"), 3, "managing"), (managing,))
            )
        return Section(heading, tuple(blocks))

    def call_box(self) -> CallBox:
        tr, s, phones = self.tr, self.prose.side_effects, self.brand.phones
        items = tuple(
            self.titled(s.serious[i].title, s.serious[i].text) for i in self.facts.side_effects.serious
        )
        line = tr(
            "Day: **{main}** · After hours: **{after}** · Emergency: **{emergency}**",
            main=phones.main,
            after=phones.after_hours,
            emergency=phones.emergency,
        )
        note = f"**{s.serious_note}**" if s.serious_note else None
        title = tr("Call your care team right away")
        return CallBox(title, items, note, line, tr("{title} (continued)", title=title))

    def while_taking(self) -> Section:
        tr, p = self.tr, self.prose
        precautions = Bullets(tuple(self.titled(t.title, t.text) for t in p.precautions))
        do, dont = tr("Do"), tr("Don't")
        do_dont = DoDont(
            do,
            p.dos,
            dont,
            p.donts,
            tr("{title} (continued)", title=do),
            tr("{title} (continued)", title=dont),
        )
        return Section(self.heading(tr("While you take it"), 2, "precautions"), (precautions, do_dont))

    def questions(self) -> Section | None:
        """What the monograph does not answer: each question with room for the answer."""
        q = self.prose.questions
        if q is None:
            return None
        items = tuple(Question(f"question-{i}", self.tr.number(i), text) for i, text in enumerate(q.items, 1))
        heading = self.heading(self.tr("Questions to ask your care team"), 2, "questions")
        return Section(heading, (Questions(q.intro, items),))

    def clinic(self) -> Section | None:
        """The clinic's own sections in the handout's language, from the brand file."""
        own = self.brand.sections.get(self.h.language.code, ())
        if not own:
            return None
        heading = self.heading(self.tr("From {clinic}", clinic=self.brand.name), 2, "clinic")
        return Section(heading, (Bullets(tuple(self.titled(t.title, t.text) for t in own)),))

    def results(self) -> Section:
        r = self.prose.results
        blocks: list[Block | Section] = [Paragraph(r.intro), Bullets(r.items)]
        if r.note:
            blocks.append(Paragraph(f"**{r.note}**"))
        return Section(self.heading(self.tr("What studies have shown"), 2, "results"), tuple(blocks))

    def notes(self) -> Section:
        lines = self.h.theme.layout.notes_lines
        return Section(self.heading(self.tr("My notes and questions"), 2, "notes"), (Notes(lines),))

    def contact(self) -> Section:
        tr, b = self.tr, self.brand
        write_in = tuple(
            Field(key, tr(label))
            for key, label in (
                ("trial_doctor", N_("My trial doctor")),
                ("trial_nurse", N_("My trial nurse")),
                ("trial_name", N_("My trial name or number")),
            )
        )
        blocks: list[Block | Section] = [Contacts(b.name, self.phones(), b.website, write_in)]
        template = b.url or self.facts.url
        if template:
            url = online_url(template, self.facts, self.h.language.code)
            blocks.append(QR(url, tr("Scan to read this sheet online:")))
        blocks.append(Disclaimer(self.prose.disclaimer))
        return Section(self.heading(tr("Contact your care team"), 2, "contact"), tuple(blocks))

    def calendar(self) -> Section | None:
        """The optional dose calendar and side-effect diary, on a page of its own."""
        if not self.h.options.calendar:
            return None
        tr, f, p = self.tr, self.facts, self.patient or Patient()
        count = p.cycle or f.cycle_days[0]
        doses = f.times_per_day
        dose_heads = (
            (tr("Dose"),)
            if doses == 1
            else (tr("Morning"), tr("Evening"))
            if doses == 2
            else tuple(tr("Dose {n}", n=tr.number(i)) for i in range(1, doses + 1))
        )
        effects = tuple(self.prose.side_effects.common[e].name for e in f.side_effects.common)
        days, weeks = [], []
        for day in range(1, count + 1):
            date = p.start + dt.timedelta(days=day - 1) if p.start else None
            # the locale's own pattern for a short date with its weekday, as on the PDF
            label = self.h.language.digits(tr.day(date)) if date else ""
            if day > 1 and (day - 1) % 7 == 0:  # treatment weeks: days 1-7, 8-14 ...
                weeks.append(day - 1)
            days.append(CalendarDay(tr.number(day), label))
        intro = tr(
            "Tick each dose when you take it. Tick a side effect on each day you have it. "
            "Bring this page to your visits."
        )
        cal = Calendar(intro, tr("Day"), tr("Date"), dose_heads, effects, tuple(days), tuple(weeks))
        heading = self.heading(tr("My dose calendar and side-effect diary"), 2, "calendar")
        return Section(heading, (cal,), new_page=True)

    def footer(self) -> Footer:
        tr, h = self.tr, self.h
        content = h.facts.content
        line = " · ".join(
            [
                h.facts.name,
                h.language.native_name,
                tr("Content version {version}", version=content.version),
                tr("English original dated {date}", date=tr.date(content.reviewed)),
            ]
        )
        draft: tuple[str, ...] = ()
        tone, review = "alert", h.prose.review
        if review.is_draft:
            draft = tuple(dict.fromkeys([tr(DRAFT_NOTE), DRAFT_NOTE]))  # in the language, then in English
        elif review.status == "reviewed" and review.reviewed_by and review.reviewed_on:
            draft = (tr(REVIEW_NOTE, reviewer=review.reviewed_by, date=tr.date(review.reviewed_on)),)
            tone = "muted"
        return Footer(line, tr("Page {page} of {total}"), draft, "   ".join(self.phones()), tone)

    def document(self) -> Document:
        h, tr = self.h, self.tr
        # a name in the language's own script keeps the international name beside it
        name = f"{h.prose.names.drug} ({h.facts.name})" if h.prose.names.drug else h.facts.name
        parts = [
            self.key_points(),
            self.treatment(),
            self.studied_for(),
            self.dosing(),
            self.tests(),
            self.side_effects(),
            self.while_taking(),
            self.questions(),
            self.results(),
            self.clinic(),  # always after what studies have shown, before the notes
            self.notes(),
            self.contact(),
            self.calendar(),
        ]
        sections = [s for s in parts if s is not None]
        return Document(
            lang=h.language.tag,
            rtl=h.language.rtl,
            script=h.language.script,
            # as the PDF's metadata: the international name, which a search finds
            title=tr("{drug}: patient information", drug=h.facts.name),
            masthead=self.masthead(),
            heading=Heading(name, 1, "title"),
            intro=self.intro(),
            sections=tuple(sections),
            footer=self.footer(),
        )


def build_document(h: Handout) -> Document:
    """The handout's Document: built once, rendered as PDF or HTML. A UI message the
    language's catalog lacks is shown in English, and logged."""
    builder = Builder(h)
    doc = builder.document()
    for message in sorted(builder.tr.missing()):
        log.warning("%s: no translation of %r in the UI catalog: shown in English", h.language.code, message)
    return doc
