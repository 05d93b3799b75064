"""Every number printed on a translated handout is one the English handout prints, as
many times: a translation can neither drop, add nor change a number. Page furniture is
left out: the footer line (content version, review date, page x of y) and the clinic's
phone numbers from the brand file. Digits of every script count as the same number
(fifty in Persian digits is 50)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from handouts.pipeline import Options, build, default_content
from handouts.reading.brand import default_brand_file

from pdfread import pages_text

DRUGS = ["refametinib", "ralimetinib"]
SHIPPED = sorted(
    {p.stem for drug in DRUGS for p in (default_content() / drug).glob("*.yaml")} - {"facts", "en"}
)
DIGITS = re.compile(r"\d+")  # \d is every script's decimal digit: Persian, Devanagari, ...


def value(run: str) -> int:
    return int("".join(str(unicodedata.digit(ch)) for ch in run))


def phone_numbers() -> set[int]:
    """The digit groups of the clinic's phone numbers (main, after hours, emergency)."""
    brand = yaml.safe_load(default_brand_file().read_text())
    return {value(run) for phone in brand["phones"].values() for run in DIGITS.findall(str(phone))}


def printed_numbers(pdf: bytes, version: str) -> Counter[int]:
    """The numbers on every page, without the footer line and the clinic's phones."""
    skip = phone_numbers()
    found: Counter[int] = Counter()
    for page in pages_text(pdf):
        footer = False
        for line in page.splitlines():
            if "·" in line and version in line:  # the footer: version, review date, page x of y
                footer = True
                continue
            if footer:  # the footer's wrapped end ("de 7"): it wraps rather than shrink
                footer = False
                continue
            found.update(n for n in map(value, DIGITS.findall(line)) if n not in skip)
    return found


def differences(english: Counter[int], other: Counter[int]) -> dict[str, dict[int, int]]:
    return {k: v for k, v in {"missing": dict(english - other), "extra": dict(other - english)}.items() if v}


def version_of(content: Path, drug: str) -> str:
    return str(yaml.safe_load((content / drug / "facts.yaml").read_text())["content"]["version"])


def test_every_language_is_listed() -> None:
    assert {"fa", "hi", "pa", "ja", "zh-Hant", "hy", "pt", "fr", "ht", "pl"} <= set(SHIPPED)


def test_english_numbers_are_read() -> None:
    """The reading finds the facts' numbers, so a comparison of two empty sets cannot pass."""
    nums = printed_numbers(
        build("ralimetinib", "en", Options()), version_of(default_content(), "ralimetinib")
    )
    for n in (200, 420, 21, 28, 10, 40, 50, 30, 2026, 2228820, 38, 6):
        assert nums[n] >= 1, n
    assert 555 not in nums and 911 not in nums


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("drug", DRUGS)
def test_translation_prints_the_english_numbers(built: Callable[..., bytes], drug: str, lang: str) -> None:
    version = version_of(default_content(), drug)
    english = printed_numbers(built(drug, "en"), version)
    other = printed_numbers(built(drug, lang), version)
    assert not differences(english, other), (drug, lang, differences(english, other))


def test_a_changed_number_is_found(tmp_path: Path) -> None:
    """Digits in prose are refused by validate, so a number changes through a wrong
    placeholder: {common_rate} (10 %) where the English has {shrink} (30 %)."""
    content = tmp_path / "content"
    shutil.copytree(default_content(), content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    fr = content / "ralimetinib" / "fr.yaml"
    text = fr.read_text()
    assert text.count("{shrink}") == 1
    fr.write_text(text.replace("{shrink}", "{common_rate}"))
    version = version_of(content, "ralimetinib")
    english = printed_numbers(build("ralimetinib", "en", Options(content=content)), version)
    changed = printed_numbers(build("ralimetinib", "fr", Options(content=content)), version)
    assert differences(english, changed) == {"missing": {30: 1}, "extra": {10: 1}}
