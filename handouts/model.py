"""The typed model every later stage works on: frozen dataclasses, no YAML, no ReportLab.

A drug has *facts* (language-neutral: names, doses, cycles, which tests, which
side effects) stored once, and *prose* per language. Prose refers to numbers
and code names through ``{placeholders}`` that are filled from the facts, so no
translation can retype a dose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import Mark

# Units a quantity may have; each is formatted per language by Babel (see i18n.py).
DOSE_UNITS = ("mg", "g", "mcg", "mg/kg", "mg/m2", "mL")  # what a dose is measured in
DURATIONS = ("hour", "day", "week", "month")  # "5 hours", "21 days", "3 months"
UNITS = (*DOSE_UNITS, "mg/dL", "mL/min", "percent", *DURATIONS, "year", "number")  # year: 2026


@dataclass(frozen=True)
class Quantity:
    """A number, or a range ``value`` to ``to``, with a unit."""

    value: float
    unit: str = field(metadata={"choices": UNITS})
    to: float | None = None


@dataclass(frozen=True)
class ContentInfo:
    version: str
    reviewed: dt.date
    source: str


@dataclass(frozen=True)
class SideEffectIds:
    common: tuple[str, ...]
    serious: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Language-neutral facts about one drug (``content/<drug>/facts.yaml``)."""

    drug_id: str
    name: str
    other_names: tuple[str, ...]
    drug_class: str
    status: str = field(metadata={"choices": ("investigational",)})
    dose: Quantity
    times_per_day: int
    cycle_days: tuple[int, ...]
    tests: tuple[str, ...]
    side_effects: SideEffectIds
    content: ContentInfo
    values: dict[str, Quantity] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    url: str | None = None


# ---- prose: one file per language; field names are the YAML keys -------------


@dataclass(frozen=True)
class Review:
    status: str = field(metadata={"choices": ("source", "draft", "reviewed")})
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class Names:
    drug_class: str
    form: str
    # The drug's name as this language writes it (рефаметиниб, 레파메티닙); the
    # international name from facts.yaml is printed beside it. None: the facts' name.
    drug: str | None = None


@dataclass(frozen=True)
class ListSection:
    intro: str
    items: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Titled:
    title: str
    text: str


@dataclass(frozen=True)
class Dosing:
    dose_note: str
    how_to_take: str
    changes_intro: str
    changes: tuple[Titled, ...]
    missed_dose: str | None = None


@dataclass(frozen=True)
class Check:
    """A pre-treatment test: what it is and why."""

    name: str
    why: str


@dataclass(frozen=True)
class Tests:
    intro: str
    items: dict[str, Check]


@dataclass(frozen=True)
class SideEffect:
    name: str
    notice: str
    action: str
    note: str | None = None


@dataclass(frozen=True)
class SideEffects:
    intro: str
    common: dict[str, SideEffect]
    serious: dict[str, Titled]
    serious_note: str | None = None
    managing: tuple[Titled, ...] = ()


@dataclass(frozen=True)
class Questions:
    """What the monograph is silent on: questions for the care team, with room to
    write the answers. ``intro`` says plainly that the study documents do not answer them."""

    intro: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Prose:
    """Everything a patient reads about one drug in one language."""

    language: str
    review: Review
    names: Names
    summary: str
    key_points: tuple[str, ...]
    studied_for: ListSection
    how_it_works: tuple[str, ...]
    results: ListSection
    dosing: Dosing
    tests: Tests
    side_effects: SideEffects
    precautions: tuple[Titled, ...]
    dos: tuple[str, ...]
    donts: tuple[str, ...]
    disclaimer: str
    questions: Questions | None = None
    translated_from: dict[str, str] = field(default_factory=dict)
    # facts.yaml's terms in this language ("FGFR 1, 2 y 3"), same digits in the same order
    terms: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Phones:
    main: str
    after_hours: str
    emergency: str = "911"


@dataclass(frozen=True)
class Brand:
    """A clinic's identity, printed on every handout (``--brand FILE.yaml``)."""

    name: str
    phones: Phones
    address: tuple[str, ...] = ()
    website: str | None = None
    logo: str | None = None  # a path, relative to the brand file when read
    colors: dict[str, str] = field(default_factory=dict)
    url: str | None = None  # printed as a QR code; may hold {drug}, {lang}, {version}
    paper: str | None = field(default=None, metadata={"choices": ("a4", "letter")})  # the clinic's
    # where each printed text stands in the brand file ("name", "phones.main" ...), for
    # messages; filled when the file is read, never a key of the file
    marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False, metadata={"yaml": False})
    # The clinic's own sections (safe handling at home, its trial team, its pharmacy's
    # hours), per language code; printed after "What studies have shown". The clinic
    # writes them and is responsible for them: no monograph covers them.
    sections: dict[str, tuple[Titled, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Handout:
    """One drug in one language: what the layout stage turns into pages."""

    facts: Facts
    prose: Prose
    brand: Brand


# ---- packets: what a clinic prints every week -----------------------------------


@dataclass(frozen=True)
class PacketEntry:
    """One handout (``drug`` + ``lang``) or a shorthand (``drugs`` x ``languages``)."""

    drug: str | None = None
    lang: str | None = None
    drugs: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    copies: int = 1


@dataclass(frozen=True)
class Packet:
    name: str
    entries: tuple[PacketEntry, ...]
    brand: str | None = None  # a brand file, relative to the packet file
    paper: str | None = field(default=None, metadata={"choices": ("a4", "letter")})
    duplex: bool = True
    cover: bool = True
    large_print: bool = False
    date: dt.date | None = None  # printed on the cover; else SOURCE_DATE_EPOCH, else today


@dataclass(frozen=True)
class Patient:
    """What a nurse types at print time for the patient in front of them. Never stored:
    it goes into the page (and its form fields) only."""

    name: str | None = None
    dose: str | None = None
    start: dt.date | None = None
    cycle: int | None = None
    team_phone: str | None = None
