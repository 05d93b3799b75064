"""A clinic's own sections (safe handling, its trial team, its pharmacy's hours), written
per language in its brand file: validated with their positions, printed in one place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.errors import ContentError
from handouts.pipeline import Options, build
from handouts.reading.brand import default_brand_file, load_brand

from pdfread import all_text, outline_titles, squash

SECTIONS = """\
sections:
  en:
    - title: Safe handling at home
      text: Keep the pills in their bottle, away from children.
    - title: Pharmacy hours
      text: Monday to Friday, 8 am to 6 pm. Call (617) 555-0150.
  es:
    - title: Horario de la farmacia
      text: De lunes a viernes, de 8 a 18 h.
"""


# the added sections start after the demo brand file's last line
BASE = len(default_brand_file().read_text(encoding="utf-8").splitlines())


def brand_with(tmp_path: Path, extra: str) -> Path:
    shutil.copy(default_brand_file().parent / "logo.png", tmp_path / "logo.png")
    path = tmp_path / "brand.yaml"
    path.write_text(default_brand_file().read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_clinic_sections_print_after_the_study_results(tmp_path: Path) -> None:
    pdf = build("refametinib", "en", Options(brand=brand_with(tmp_path, SECTIONS)))
    text = squash(all_text(pdf))
    heading = "From Riverside Cancer Center"
    assert heading in outline_titles(pdf)
    at = text.index(heading)
    assert text.index("What studies have shown") < at < text.index("My notes and questions")
    assert "Safe handling at home: Keep the pills in their bottle" in text[at:]
    assert "Monday to Friday, 8 am to 6 pm. Call (617) 555-0150." in text[at:]  # digits are the clinic's


def test_clinic_sections_print_only_in_their_language(tmp_path: Path) -> None:
    brand = brand_with(tmp_path, SECTIONS)
    es = squash(all_text(build("ralimetinib", "es", Options(brand=brand))))
    assert "Horario de la farmacia" in es and "Información de Riverside Cancer Center" in es
    assert "Pharmacy hours" not in es
    ko = squash(all_text(build("ralimetinib", "ko", Options(brand=brand))))
    assert "Riverside Cancer Center 안내" not in ko and "Pharmacy hours" not in ko


def test_without_sections_nothing_is_added(built) -> None:
    assert "From Riverside Cancer Center" not in squash(all_text(built("refametinib")))


def problems(tmp_path: Path, extra: str) -> list[str]:
    path = brand_with(tmp_path, extra)
    with pytest.raises(ContentError) as caught:
        load_brand(path)
    return [str(p).replace(str(path), "brand.yaml") for p in caught.value.problems]


def has(problems: list[str], start: str) -> bool:
    return any(p.startswith(start) for p in problems)


def test_clinic_sections_are_validated_all_at_once_with_positions(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        """\
sections:
  en:
    - title: Pharmacy **hours
      text: 약국 hours
  xx-nope-nope:
    - title: Hours
      text: Open
""",
    )
    assert has(got, f"brand.yaml:{BASE + 3}:14: sections.en[0].title: unpaired **")
    assert has(got, f"brand.yaml:{BASE + 4}:13: sections.en[0].text: the English font has no glyph")
    assert has(got, f"brand.yaml:{BASE + 5}:3: sections.xx-nope-nope: not a language code")
    assert len(got) == 4, got  # the two Hangul syllables are two problems


def test_a_clinic_section_needs_a_title_and_a_text(tmp_path: Path) -> None:
    got = problems(tmp_path, "sections:\n  es:\n    - title: Horario\n")
    assert has(got, f"brand.yaml:{BASE + 3}:7: sections.es[0].text: missing required key"), got
