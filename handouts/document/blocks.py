"""The blocks a handout is made of, independent of any output format.

Every string is what the patient reads, in the handout's language, in content syntax
(``**bold**`` is the only markup; everything else is literal text). Numbers and dates
are already formatted for the locale. A renderer decides how a block looks (PDF boxes
and page breaks, HTML elements and CSS), never what it says or whether it is shown.

Headings carry their level in the document's outline (1 is the title, 2 a section,
3 a part of a section), not a type size: the PDF maps levels to its styles.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 title, 2 section, 3 part of a section
    key: str  # a stable anchor: "dosing", "side-effects" (bookmarks, ids)
    # the heading over what runs onto another page: "Key points (continued)" (paper only)
    continued: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    tone: str = "body"  # body | muted (the "also called" line) | strong (a note to heed) | small
    # a picture beside the text showing what it asks: "ticked" (a ticked checkbox, beside
    # "Tick the box ..." over a table or list of boxes); it adds no words
    example: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    labels: tuple[str, ...] = ()  # numbered lists: "1", "2" ... in the locale's digits


@dataclass(frozen=True)
class Notice:
    """A short statement that stands out at the top (the investigational-drug notice)."""

    text: str


@dataclass(frozen=True)
class DosingTable:
    """One row of dosing facts: each column has a header and one or more paragraphs."""

    headers: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    # twice a day: the morning and evening doses under "How often" (cell ``times_row``)
    times: tuple[DoseTime, ...] = ()
    times_row: int = 1
    continued: str = ""  # the title over a part on the next page (paper only)


@dataclass(frozen=True)
class DoseTime:
    """A time of day to take a dose, drawn as its picture beside its word."""

    icon: str  # sun | moon
    word: str  # "Morning", "Evening"


@dataclass(frozen=True)
class CheckItem:
    key: str  # unique in the document: names the checkbox
    text: str


@dataclass(frozen=True)
class Checklist:
    """Things to tick when done (the tests before starting)."""

    items: tuple[CheckItem, ...]


@dataclass(frozen=True)
class SideEffectRow:
    key: str
    name: str
    notice: str
    action: str
    note: str | None = None
    # the same two texts, each headed by its column's name, for a layout that stacks a
    # row's parts under its name instead of side by side (large print)
    stacked: tuple[str, ...] = ()


@dataclass(frozen=True)
class SideEffectTable:
    """Side effects, what the patient may notice and do, and a box to tick."""

    name_header: str
    notice_header: str
    action_header: str
    check_header: str
    rows: tuple[SideEffectRow, ...]
    continued: str = ""  # the title over a part on the next page (paper only)


@dataclass(frozen=True)
class CallBox:
    """Call your care team right away: the warning that must stand out."""

    title: str
    items: tuple[str, ...]
    note: str | None
    phones: str
    continued: str = ""  # the title over a part on the next page (paper only)


@dataclass(frozen=True)
class DoDont:
    do_title: str
    dos: tuple[str, ...]
    dont_title: str
    donts: tuple[str, ...]
    # each title over a part on the next page (paper only)
    do_continued: str = ""
    dont_continued: str = ""


@dataclass(frozen=True)
class Question:
    key: str  # unique in the document: names the answer's text box
    label: str  # its number, in the locale's digits
    text: str


@dataclass(frozen=True)
class Questions:
    """Questions for the care team, numbered, each with room to write the answer."""

    intro: str
    items: tuple[Question, ...]


@dataclass(frozen=True)
class Notes:
    """Room to write (lines on paper)."""

    lines: int


@dataclass(frozen=True)
class Field:
    """A detail to fill in: printed when given, else a line to write on."""

    key: str
    label: str
    value: str | None = None


@dataclass(frozen=True)
class MyTreatment:
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class CalendarDay:
    day: str  # the day's number in the cycle, formatted
    date: str  # "Tue 1 Dec" in the locale, or "" without a start date


@dataclass(frozen=True)
class Calendar:
    """One row per day of the cycle: dose boxes and side effects to tick."""

    intro: str
    day_header: str
    date_header: str
    dose_headers: tuple[str, ...]
    effect_headers: tuple[str, ...]
    days: tuple[CalendarDay, ...]
    week_starts: tuple[int, ...]  # indexes into days where a treatment week begins (day 8, 15 ...)


@dataclass(frozen=True)
class QR:
    """The online copy: a QR code on paper, a link on screen."""

    url: str
    caption: str  # "Scan to read this sheet online:"


@dataclass(frozen=True)
class Contacts:
    clinic: str
    phones: tuple[str, ...]  # "Main number: **...**", "After hours: **...**"
    website: str | None
    write_in: tuple[Field, ...]  # "My trial doctor", ... with lines to write on


@dataclass(frozen=True)
class Disclaimer:
    text: str


@dataclass(frozen=True)
class Image:
    """A raster image (the clinic's logo) as PNG bytes."""

    png: bytes
    width_px: int
    height_px: int


@dataclass(frozen=True)
class Masthead:
    """The clinic band at the top of the handout."""

    clinic: str
    tagline: str  # "Patient information"
    phones: tuple[str, ...]
    logo: Image | None = None


@dataclass(frozen=True)
class Footer:
    """What every printed page repeats, and what the end of a screen page shows once."""

    line: str  # drug · language · content version · English original dated
    page_label: str  # "Page {page} of {total}" (pages only)
    # the unreviewed-translation warning, in the language and in English; or, for an
    # approved translation, who reviewed it and when
    draft_note: tuple[str, ...]
    running_header: str  # clinic phones on pages after the first
    note_tone: str = "alert"  # alert (a draft) | muted (the review line)


Block = (
    Heading
    | Paragraph
    | Bullets
    | Notice
    | DosingTable
    | Checklist
    | SideEffectTable
    | CallBox
    | DoDont
    | Questions
    | Notes
    | MyTreatment
    | Calendar
    | QR
    | Contacts
    | Disclaimer
)


@dataclass(frozen=True)
class Section:
    """A heading and what belongs under it; parts of a section are sections too."""

    heading: Heading
    blocks: tuple[Block | Section, ...]
    tone: str = "plain"  # plain | highlight (the key points) | card (my treatment)
    new_page: bool = False  # the calendar starts a page of its own on paper


@dataclass(frozen=True)
class Document:
    """One handout for one drug in one language, ready for any renderer."""

    lang: str  # BCP 47 tag
    rtl: bool
    script: str  # ISO 15924: Latn, Hans, Kore, Arab ...
    title: str  # the document title ("Refametinib: patient information")
    masthead: Masthead
    heading: Heading  # the one level-1 heading: the drug's name
    intro: tuple[Block, ...]  # under the title: the notice, "also called", the summary
    sections: tuple[Section, ...]
    footer: Footer
