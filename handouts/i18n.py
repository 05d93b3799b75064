"""Languages, UI catalogs and locale formatting, with the Babel Locale passed explicitly.

UI wording (headings, table headers, "Page 2 of 3") comes from gettext catalogs in
``handouts/locales/<locale>/LC_MESSAGES/handouts.po``, compiled to ``.mo`` when the
package is built; from a source checkout the ``.po`` is compiled in memory. Medical
prose comes from the content files, never from here. Nothing calls setlocale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import io
import logging
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_compound_unit, format_unit

from .errors import UserError
from .model import Quantity
from .text import nobreak

log = logging.getLogger(__name__)
DOMAIN = "handouts"
SOURCE_LANGUAGE = "en"
# Content codes whose Babel locale differs from the code (CLDR maps Tagalog to Filipino).
_ALIASES = {"tl": "fil"}
# Languages whose numbers are printed in their own digits. Persian readers read U+06F0..U+06F9 (CLDR's
# default numbering system for fa is "arabext"); Babel formats with Latin digits (and
# Persian separators with numbering_system="default"), so the digits are replaced after
# formatting. Arabic handouts keep Latin digits, as their reviewed text does.
NATIVE_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹"}
T = TypeVar("T")


@dataclass(frozen=True)
class Language:
    """A content language: its code as used in file names, and its Babel locale."""

    code: str
    locale: Locale

    @property
    def native_name(self) -> str:
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    @property
    def english_name(self) -> str:
        return self.locale.get_display_name("en") or self.code

    @property
    def script(self) -> str:
        """ISO 15924 script code: Latn, Cyrl, Hans, Kore, Arab ..."""
        return _script_of(self.locale) or "Latn"

    @property
    def rtl(self) -> bool:
        return bool(self.locale.character_order == "right-to-left")

    def digits(self, text: str) -> str:
        """``text`` with its Latin digits in the language's own digits, where it uses them."""
        native = NATIVE_DIGITS.get(str(self.locale.language))
        if not native:
            return text
        # with its own percent sign (U+066A), which Babel leaves as "%"
        return text.translate(str.maketrans("0123456789%", native + "\u066a"))

    @property
    def numbering(self) -> str:
        """Babel's numbering system for separators: the locale's own where its digits are."""
        return "default" if str(self.locale.language) in NATIVE_DIGITS else "latn"

    @property
    def tag(self) -> str:
        """BCP 47 tag for PDF /Lang."""
        return self.code


def _normalise(tag: str) -> str:
    parts = [p for p in re.split(r"[-_]", tag.strip()) if p]
    out = []
    for i, p in enumerate(parts):
        if i == 0:
            out.append(p.lower())
        elif len(p) == 4 and p.isalpha():
            out.append(p.title())
        else:
            out.append(p.upper())
    return "_".join(out)


# A language tag as people type it: es, es-MX, zh_Hans, fil. Nothing else (a tag names
# output files: "zh-Hans/../../x" must not reach Babel, which would take it for zh-Hans).
TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")


def parse_locale(tag: str) -> Locale | None:
    if not TAG.match(tag.strip()):
        return None
    norm = _normalise(tag)
    if not norm:
        return None
    first, _, rest = norm.partition("_")
    norm = "_".join(filter(None, [_ALIASES.get(first, first), rest]))
    try:
        return Locale.parse(norm)
    except (ValueError, UnknownLocaleError):
        pass
    # A region CLDR has no locale for (vi-US, ru-US): the language (and script) alone.
    parts = norm.split("_")
    if len(parts) < 2 or parts[-1] != region(tag):
        return None
    try:
        return Locale.parse("_".join(parts[:-1]))
    except (ValueError, UnknownLocaleError):
        return None


def region(tag: str) -> str:
    """The region a tag names, upper case ("es-mx" -> "MX"), or ""."""
    if not TAG.match(tag.strip()):
        return ""
    parts = re.split(r"[-_]", tag.strip())[1:]
    found = [p.upper() for p in parts if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())]
    return found[0] if found else ""


@cache
def language(code: str) -> Language:
    locale = parse_locale(code)
    if locale is None:
        raise UserError(f"'{code}' is not a language code Babel knows")
    return Language(code, locale)


def _script_of(locale: Locale) -> str:
    if locale.script:
        return str(locale.script)
    likely = get_global("likely_subtags").get(
        f"{locale.language}_{locale.territory}" if locale.territory else str(locale.language), ""
    ) or get_global("likely_subtags").get(str(locale.language), "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else ""


def negotiate(requested: str, available: Iterable[str]) -> str:
    """Pick the available content language that best serves ``requested`` (es-MX -> es)."""
    codes = sorted(available)
    wanted = parse_locale(requested)
    if wanted is not None:
        for code in codes:
            have = language(code).locale
            if have.language != wanted.language:
                continue
            if have.script and _script_of(wanted) not in ("", have.script):
                continue
            return code
    listing = ", ".join(f"{c} ({language(c).native_name})" for c in codes)
    raise UserError(f"no content in language '{requested}'; available: {listing}")


class _Catalog(gettext.GNUTranslations):
    """A compiled catalog that can say whether it translates a message. It is cached and
    shared by every build in the process, so it keeps no record of what one build asked."""

    def has(self, message: str, plural: bool = False) -> bool:
        messages = self._catalog  # type: ignore[attr-defined]
        return message in messages or (plural and (message, 0) in messages)


@cache
def catalog(lang: Language, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The UI catalog for a language; English (the msgids) when there is none.
    ``domain`` names the catalog: "handouts" (the printed page), "web" (the web app)."""
    if lang.locale.language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = Path(str(resources.files("handouts"))) / "locales"
    for name in (str(lang.locale), lang.locale.language):
        base = folder / name / "LC_MESSAGES"
        mo, po = base / f"{domain}.mo", base / f"{domain}.po"
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            data = mo.read_bytes()  # compiled when the package was built
        elif po.is_file():
            data = _compile(po.read_bytes())  # a source checkout, or a .po edited since
        else:
            continue
        return _Catalog(io.BytesIO(data))
    if domain == DOMAIN:
        log.warning("no UI catalog for %s: headings will be in English", lang.code)
    return gettext.NullTranslations()


def _compile(po: bytes) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po)))
    return out.getvalue()


class Translator:
    """UI wording and number/date formatting for one language."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.locale = lang.locale
        self._catalog = catalog(lang)
        self._missing: set[str] = set()  # this translator's own misses, never another build's

    def _note(self, message: str, plural: bool = False) -> None:
        if isinstance(self._catalog, _Catalog) and not self._catalog.has(message, plural):
            self._missing.add(message)

    def __call__(self, message: str, **values: Any) -> str:
        self._note(message)
        text = self._catalog.gettext(message)
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: English, not a crash
            log.warning(
                "%s: the translation of %r has wrong {placeholders}; using English", self.lang.code, message
            )
            return message.format(**values)

    _ = __call__

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """A count in words: the catalog's plural form for ``n`` (Russian 2 раза, 5 раз),
        with ``{n}`` and any other placeholders filled."""
        self._note(singular, plural=True)
        text = self._catalog.ngettext(singular, plural, n)
        values = {"n": self.number(n), **values}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            log.warning(
                "%s: the translation of %r has wrong {placeholders}; using English", self.lang.code, singular
            )
            return (singular if n == 1 else plural).format(**values)

    def missing(self) -> set[str]:
        """The UI strings this translator printed in English for want of a translation."""
        return set(self._missing)

    def number(self, value: float) -> str:
        return self.lang.digits(
            format_decimal(value, locale=self.locale, numbering_system=self.lang.numbering)
        )

    def date(self, value: dt.date) -> str:
        # CLDR has only skeleton data for a few locales (Haitian Creole): no month
        # names, so "long" would print "2026 M01 15". Its numeric form is 2026-01-15.
        named = _cldr_has(self.locale, "months")
        return self.lang.digits(format_date(value, "long" if named else "short", locale=self.locale))

    def day(self, value: dt.date) -> str:
        """A calendar day with its weekday, in the locale's own order: "Mon, Dec 7",
        "12月7日周一" (CLDR's MMMEd skeleton; where CLDR has no month names, as before)."""
        if _cldr_has(self.locale, "months"):
            return format_skeleton("MMMEd", value, locale=self.locale)
        return format_date(value, "EEE d MMM", locale=self.locale)

    def one(self, value: float, unit: str) -> str:
        """One value with its unit, never split across lines ("50 mg", "21 days"), in the
        language's digits."""
        return self.lang.digits(self._one(value, unit))

    def _one(self, value: float, unit: str) -> str:
        if unit == "percent":
            return nobreak(format_percent(value / 100, locale=self.locale))
        if unit == "year":  # a calendar year, as written: 2026
            return str(int(value))
        if unit in _DURATIONS and not _cldr_has(self.locale, "units"):  # Haitian: root's "21 d"
            return nobreak(self._(_DURATION_WORDS[unit], n=self.number(value)))
        if unit in _UNITS:
            long = unit in _DURATIONS  # "21 days", but "50 mg"
            text = format_unit(value, _UNITS[unit], length="long" if long else "short", locale=self.locale)
            return nobreak(text)
        if unit in _PER:
            top, below = _PER[unit]
            per = format_compound_unit(value, top, denominator_unit=below, length="short", locale=self.locale)
            return nobreak(per or f"{self.number(value)} {unit}")
        return self.number(value)

    def quantity(self, q: Quantity) -> str:
        if q.to is None:
            return self.one(q.value, q.unit)
        return self._("{low} to {high}", low=self.one(q.value, q.unit), high=self.one(q.to, q.unit))

    def times_per_day(self, n: int) -> str:
        if n == 1:
            return self._("Once a day")
        if n == 2:
            return self._("Twice a day")
        return self.ngettext("{n} time a day", "{n} times a day", n)

    def alternatives(self, items: list[str]) -> str:
        """ "21 or 28": CLDR's pattern, or the catalog's where CLDR has none (Haitian
        Creole gets the root pattern, which is English)."""
        if _cldr_has(self.locale, "list_patterns") or len(items) < 2:
            return format_list(items, style="or", locale=self.locale)
        return self._("{first} or {second}", first=", ".join(items[:-1]), second=items[-1])

    def days(self, days: Iterable[int]) -> str:
        """The cycle lengths as a {cycle_days} placeholder: "21 days or 28 days"."""
        return self.alternatives([self.one(d, "day") for d in days])

    def cycles(self, days: Iterable[int]) -> str:
        days = list(days)
        listed = self.alternatives([self.number(d) for d in days])
        # the noun agrees with the number nearest to it: "21 или 28 дней", "21 или 22 дня"
        return self.ngettext(
            "Often {days} day per cycle", "Often {days} days per cycle", days[-1], days=listed
        )


def not_needed(locale: Locale) -> frozenset[str]:
    """Catalog entries the locale never prints: CLDR has the pattern they stand in for."""
    needless = {"{first} or {second}"} if _cldr_has(locale, "list_patterns") else set()
    if _cldr_has(locale, "units"):  # "{n} days" is printed elsewhere too
        needless |= {_DURATION_WORDS[unit] for unit in ("hour", "week", "month")}
    return frozenset(needless)


def _cldr_has(locale: Locale, what: str) -> bool:
    """Whether CLDR has the locale's own month names or "or" lists, not root's."""
    if locale.language == SOURCE_LANGUAGE:
        return True
    if what == "months":
        return bool(locale.months["format"]["wide"][1] != "M01")
    root = Locale.parse("root")
    if what == "units":  # root writes durations as "21 d"
        return bool(format_unit(2, "duration-day", length="long", locale=locale) != "2 d")
    return dict(locale.list_patterns["or"]) != dict(root.list_patterns["or"])


# Our unit names -> CLDR's, so Babel writes them in each language ("3 meses", "60 мл/мин").
_DURATIONS = {
    "hour": "duration-hour",
    "day": "duration-day",
    "week": "duration-week",
    "month": "duration-month",
}
_UNITS = {
    **_DURATIONS,
    "mg": "mass-milligram",
    "g": "mass-gram",
    "mcg": "mass-microgram",
    "mL": "volume-milliliter",
    "mg/dL": "concentr-milligram-ofglucose-per-deciliter",  # CLDR's only mg/dL; prints "mg/dL"
}
_PER = {
    "mg/kg": ("mass-milligram", "mass-kilogram"),
    "mg/m2": ("mass-milligram", "area-square-meter"),
    "mL/min": ("volume-milliliter", "duration-minute"),
}


def week_start(locale: Locale) -> int:
    """The first day of the week where the language is at home (0 = Monday): Sunday for
    US English, Saturday for Egyptian Arabic, Monday for Spain. CLDR keeps it by territory."""
    if not locale.territory:
        likely = get_global("likely_subtags").get(str(locale.language))
        if likely:
            locale = Locale.parse(likely)
    return int(locale.first_week_day)


def N_(message: str) -> str:
    """Mark a string for the catalog where it is defined; translate it where it is used."""
    return message


# Where CLDR has no words for durations, the catalog's (translated like any UI string).
_DURATION_WORDS = {
    "hour": N_("{n} hours"),
    "day": N_("{n} days"),
    "week": N_("{n} weeks"),
    "month": N_("{n} months"),
}


def fill(obj: T, values: dict[str, str]) -> T:
    """Replace ``{name}`` in every string of a (nested) dataclass with ``values[name]``."""

    def sub(text: str) -> str:
        # {{ and }} are literal braces (validation reads text the way str.format does)
        return string.Formatter().vformat(text, (), values) if "{" in text or "}" in text else text

    def walk(x: Any) -> Any:
        if isinstance(x, str):
            return sub(x)
        if isinstance(x, tuple):
            return tuple(walk(i) for i in x)
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            changes = {f.name: walk(getattr(x, f.name)) for f in dataclasses.fields(x)}
            return dataclasses.replace(x, **changes)
        return x

    return walk(obj)  # type: ignore[no-any-return]
