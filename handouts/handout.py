"""A request -> a prepared Handout: content read and checked, every placeholder filled,
numbers and dates formatted for the locale, glyphs checked against the theme's fonts.

Everything the renderers need comes in the Handout; nothing above this reads YAML.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import i18n
from .errors import ContentError, Mark, Problem
from .model import Brand, Facts, Patient, Phones, Prose, Review
from .reading import drugs
from .reading.brand import load_brand
from .reading.bundled import bundled
from .reading.theme import Theme, load_theme
from .text import keep_ltr, nobreak, plain, shape

LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "GT", "SV", "CR", "PA", "DO"})


@dataclass(frozen=True)
class Options:
    content: Path | tuple[Path, ...] | None = None  # searched in order; "bundled": ours
    brand: Path | None = None
    paper: str | None = None
    large_print: bool = False
    patient: Patient | None = None  # print-time details: never cached, logged or stored
    calendar: bool = False  # add the dose calendar and side-effect diary page
    fillable: bool = False  # checkboxes, notes and "My treatment" as PDF form fields


@dataclass(frozen=True)
class Handout:
    """One drug in one language, every placeholder filled, ready to lay out."""

    facts: Facts
    prose: Prose
    brand: Brand
    language: i18n.Language
    theme: Theme
    paper: str
    options: Options


def default_content() -> Path:
    return bundled("content")


BUNDLED = "bundled"  # --content bundled: the content shipped with handouts


def content_roots(options: Options) -> tuple[Path, ...]:
    """The content folders to search, in order (the bundled content when none is given)."""
    given = (options.content,) if isinstance(options.content, Path) else options.content or ()
    roots = tuple(default_content() if str(p) == BUNDLED else p for p in given)
    return roots or (default_content(),)


def default_paper(requested: str, language: i18n.Language) -> str:
    """Letter where the locale's territory uses it (US English by default), else A4. Used
    only when neither ``--paper`` nor the brand file (``paper:``) says."""
    locale = i18n.parse_locale(requested) or language.locale
    territory = i18n.region(requested) or locale.territory
    if not territory:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(str(locale.language), "")
        territory = likely.rsplit("_", 1)[-1] if likely else ""
    return "letter" if territory in LETTER_TERRITORIES else "a4"


@cache
def _brand_at(path: Path | None, stamp: int) -> Brand:
    return load_brand(path)


def _brand(path: Path | None) -> Brand:
    """The brand, read once per file and version (a packet reuses it for every handout)."""
    if path is None:
        return _brand_at(None, 0)
    full = path.resolve()
    try:
        stamp = full.stat().st_mtime_ns
    except OSError:
        stamp = 0  # load_brand reports the missing file
    return _brand_at(full, stamp)


def unusual_paper(requested: str, code: str, options: Options) -> str:
    """``--paper`` when it is not the paper the build would print on without it (the
    brand's, else the language's), for the file's name; else ""."""
    usual = _brand(options.brand).paper or default_paper(requested, i18n.language(code))
    return options.paper if options.paper and options.paper != usual else ""


def prepare(drug: str, lang: str, options: Options) -> Handout:
    found = drugs.find_drugs(content_roots(options))
    folder = drugs.pick_drug(found, drug)
    code = i18n.negotiate(lang, folder.languages)
    loaded = drugs.load_drug(folder, (code,))
    language = i18n.language(code)
    brand = _brand(options.brand)
    phones = [nobreak(p) for p in dataclasses.astuple(brand.phones)]
    if language.rtl:  # "(617) 555-0142" keeps its order inside Arabic text
        phones = [keep_ltr(p, always=True) for p in phones]
    brand = dataclasses.replace(brand, phones=Phones(*phones))
    paper = options.paper or brand.paper or default_paper(lang, language)
    theme = load_theme(paper, large_print=options.large_print, brand=brand)
    tr = i18n.Translator(language)
    prose = fill(loaded.facts, current_review(loaded.prose[code], loaded.prose[drugs.SOURCE]), tr)
    check_glyphs(prose, theme, language, f"{folder.folder / code}.yaml")
    check_print_glyphs(loaded.facts, brand, options.patient, theme, language)
    return Handout(loaded.facts, prose, brand, language, theme, paper, options)


def current_review(prose: Prose, english: Prose) -> Prose:
    """A reviewed translation stays reviewed only while the English is the one it was
    stamped against: after any English change the page is a draft again."""
    if prose.review.status != "reviewed":
        return prose
    wanted = drugs.source_fingerprints(english)
    if all(prose.translated_from.get(s) == fp for s, fp in wanted.items()):
        return prose
    return dataclasses.replace(prose, review=Review("draft"))


def fill(facts: Facts, prose: Prose, tr: i18n.Translator) -> Prose:
    """Put the locale-formatted facts into the prose's {placeholders}."""
    values = {name: tr.quantity(q) for name, q in facts.values.items()}
    values.update(facts.terms)
    values.update(prose.terms)  # a term in this language, where the file gives one
    values["name"] = facts.name
    values["cycle_days"] = tr.days(facts.cycle_days)
    values = {k: nobreak(v) for k, v in values.items()}  # "MEK 1", "30 mg" stay on one line
    if tr.lang.rtl:
        values = {k: keep_ltr(v) for k, v in values.items()}
    return i18n.fill(prose, values)


def check_glyphs(prose: Prose, theme: Theme, language: i18n.Language, file: str) -> None:
    """Refuse to print a character the language's font cannot draw (no empty boxes)."""
    from . import fonts

    covered = fonts.coverage(theme, language.script)
    problems = []
    for path, text in _texts(prose):
        for ch in fonts.missing(plain(text), covered):
            problems.append(Problem(Mark(file), path, f"the font has no glyph for {fonts.describe(ch)}"))
    if problems:
        raise ContentError(problems)


def check_print_glyphs(
    facts: Facts, brand: Brand, patient: Patient | None, theme: Theme, language: i18n.Language
) -> None:
    """The facts, the brand and the patient's details print as written: refuse a
    character no font can draw (an emoji, Chinese in an English handout's drug name)
    rather than print an empty box. The facts are set in the handout's font. The brand's
    texts and the patient's details may be in another script (an Arabic clinic name, a
    Chinese patient's name on an English handout): each run of it is set in the theme's
    font for that script, so they are refused only for a character no font of the theme
    has. Checked before any renderer, so the PDF and the HTML edition refuse alike."""
    from . import fonts

    covered = fonts.coverage(theme, language.script)
    f, b = facts, brand
    texts: list[tuple[Mark | str, str, str]] = [(f"{f.drug_id}/facts.yaml", "name", f.name)]
    texts += [(f"{f.drug_id}/facts.yaml", f"other_names[{i}]", n) for i, n in enumerate(f.other_names)]
    p = patient or Patient()  # the message names the option, never the value typed
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
    checks = [
        (texts, covered, f"the {language.english_name} font has no"),
        (any_script, fonts.any_coverage(theme), "no font has a"),
    ]
    for group, fonts_have, whose in checks:
        for where, path, text in group:  # one problem per text, naming every character
            text = plain(text)
            if language.rtl or group is any_script:
                text += shape(text)  # Arabic letters print in their joined forms
            if chars := fonts.missing(text, fonts_have):
                message = f"{whose} glyph for {', '.join(fonts.describe(ch) for ch in chars)}"
                problems.append(Problem(where if isinstance(where, Mark) else Mark(where), path, message))
    if problems:
        raise ContentError(problems)


def _texts(obj: object, path: str = "") -> list[tuple[str, str]]:
    if isinstance(obj, str):
        return [(path, obj)]
    if isinstance(obj, tuple):
        return [t for i, v in enumerate(obj) for t in _texts(v, f"{path}[{i}]")]
    if isinstance(obj, dict):
        return [t for k, v in obj.items() for t in _texts(v, f"{path}.{k}" if path else k)]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [
            t
            for f in dataclasses.fields(obj)
            for t in _texts(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
        ]
    return []
