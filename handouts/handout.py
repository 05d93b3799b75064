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
from .text import keep_ltr, nobreak, plain

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
