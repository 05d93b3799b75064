"""What a clinic's own drug may say: units formatted per language, the built-in
{cycle_days}, terms in a language of their own, and a section's note on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import ContentError
from handouts.i18n import Translator, language
from handouts.model import UNITS, Quantity
from handouts.pipeline import Options, build
from handouts.reading.drugs import DOSE_UNITS, quantity_problems

import democontent as dc
from pdfread import all_text, squash


@pytest.mark.parametrize(
    ("lang", "unit", "value", "want"),
    [
        ("en", "hour", 5, "5 hours"),
        ("en", "hour", 1, "1 hour"),
        ("es", "week", 2, "2 semanas"),
        ("ru", "month", 3, "3 месяца"),
        ("ru", "day", 21, "21 день"),
        ("vi", "day", 21, "21 ngày"),
        ("en", "mg/dL", 100, "100 mg/dL"),
        ("ru", "mg/dL", 100, "100 мг/дл"),
        ("en", "mL/min", 60, "60 mL/min"),
        ("ru", "mL/min", 60, "60 мл/мин"),
        ("en", "mg/m2", 50, "50 mg/m²"),
        ("en", "mg/kg", 2, "2 mg/kg"),
        ("en", "mcg", 2, "2 μg"),
        ("es", "mg", 1.5, "1,5 mg"),
    ],
)
def test_units_are_written_the_way_each_language_writes_them(
    lang: str, unit: str, value: float, want: str
) -> None:
    got = Translator(language(lang)).one(value, unit)
    assert got.replace("\u00a0", " ").replace("\u202f", " ") == want


def test_every_unit_prints_its_number() -> None:
    for lang in ("en", "es", "ru", "ko", "zh-Hans", "vi", "tl"):
        tr = Translator(language(lang))
        for unit in UNITS:
            assert "7" in tr.one(7, unit), (lang, unit)


def test_doses_must_be_measured_as_doses() -> None:
    assert quantity_problems(Quantity(10, "day"), dose=True) == [
        ("unit", f"a dose is measured in {', '.join(DOSE_UNITS)}, not 'day'")
    ]
    assert quantity_problems(Quantity(50, "mg/m2", 60), dose=True) == []


def content(tmp_path: Path, en_change: dict[str, str], extra: dict[str, dict[str, object]]) -> Path:
    en = dc.english()
    en["how_it_works"] = [en_change["how"]]
    facts = dc.facts()
    facts["cycle_days"] = [21, 28]
    facts["terms"]["targets"] = "FGFR 1, 2 and 3"
    return dc.write(tmp_path / "content", {"en": en, **extra}, facts)


def test_cycle_days_is_a_placeholder(tmp_path: Path) -> None:
    root = content(tmp_path, {"how": "Each cycle lasts {cycle_days}."}, {})
    text = squash(all_text(build("demo", "en", Options(content=root))))
    assert squash("Each cycle lasts 21 days or 28 days.") in text


def test_a_language_gives_its_own_term(tmp_path: Path) -> None:
    en = dc.english()
    es = dc.translate(en, "es", lambda path, text: text)
    es["how_it_works"] = ["Bloquea {targets}."]
    es["terms"] = {"targets": "FGFR 1, 2 y 3"}
    root = content(tmp_path, {"how": "It blocks {targets}."}, {"es": es})
    assert squash("It blocks FGFR 1, 2 and 3.") in squash(
        all_text(build("demo", "en", Options(content=root)))
    )
    assert squash("Bloquea FGFR 1, 2 y 3.") in squash(all_text(build("demo", "es", Options(content=root))))


def test_a_translated_term_keeps_its_digits(tmp_path: Path) -> None:
    en = dc.english()
    es = dc.translate(en, "es", lambda path, text: text)
    es["terms"] = {"targets": "FGFR 1, 2 y 4", "tagrets": "x"}
    root = content(tmp_path, {"how": "It blocks {targets}."}, {"es": es})
    with pytest.raises(ContentError) as err:
        build("demo", "es", Options(content=root))
    messages = [f"{p.path}: {p.message}" for p in err.value.problems]
    assert "terms.targets: must have the digits of facts.yaml's term, in order: 1 2 3" in messages
    assert "terms.tagrets: not a term in facts.yaml (did you mean 'targets'?)" in messages


def test_studied_for_note_is_printed(tmp_path: Path) -> None:
    en = dc.english()
    en["studied_for"]["note"] = "It has no uses outside cancer care."
    root = dc.write(tmp_path / "content", {"en": en})
    assert squash(en["studied_for"]["note"]) in squash(all_text(build("demo", "en", Options(content=root))))


def test_durations_are_words_in_every_shipped_language() -> None:
    """CLDR has no duration words for some languages (Haitian Creole) and Babel falls
    back to root's "5 d": the catalog's words are used instead."""
    from handouts.pipeline import default_content
    from handouts.reading.drugs import find_drugs

    shipped = {lang for drug in find_drugs(default_content()).values() for lang in drug.languages}
    for lang in sorted(shipped):
        tr = Translator(language(lang))
        for unit, root in (("hour", "5 h"), ("day", "5 d"), ("week", "5 w"), ("month", "5 m")):
            assert tr.one(5, unit).replace("\u00a0", " ") != root, (lang, unit)
    assert Translator(language("ht")).one(5, "week") == "5\u00a0semèn"
