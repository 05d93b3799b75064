"""A small content tree to build in tests: the demo drug of the bad-input cases
(tests/cases/_base), its English text changed at will, and translations made from it
by a function that gives every text."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).parent / "cases" / "_base" / "content" / "demo"
UNTRANSLATED = ("language", "review", "translated_from")


def english() -> dict[str, Any]:
    return yaml.safe_load((BASE / "en.yaml").read_text())  # type: ignore[no-any-return]


def facts() -> dict[str, Any]:
    return yaml.safe_load((BASE / "facts.yaml").read_text())  # type: ignore[no-any-return]


def texts(prose: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text a patient reads, as (field path, text)."""

    def walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}" if path else key)

    for key, value in prose.items():
        if key not in UNTRANSLATED:
            yield from walk(value, key)


def rewrite(prose: dict[str, Any], text: Callable[[str, str], str]) -> dict[str, Any]:
    """A copy of ``prose`` with every text replaced by ``text(path, old text)``."""

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, str):
            return text(path, value)
        if isinstance(value, list):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: walk(v, f"{path}.{k}" if path else k) for k, v in value.items()}
        return value

    out = copy.deepcopy(prose)
    for key, value in prose.items():
        if key not in UNTRANSLATED:
            out[key] = walk(value, key)
    return out


def translate(prose: dict[str, Any], lang: str, text: Callable[[str, str], str]) -> dict[str, Any]:
    """A draft translation of the English ``prose``: the same keys and lists."""
    out = rewrite(prose, text)
    out["language"] = lang
    out["review"] = {"status": "draft"}
    return out


def write(root: Path, prose: dict[str, dict[str, Any]], fact_data: dict[str, Any] | None = None) -> Path:
    """A content folder under ``root`` holding the demo drug: ``prose`` maps a language
    code to its text (English is the base text unless given)."""
    folder = root / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    data = {"facts": fact_data or facts(), "en": english(), **prose}
    for name, value in data.items():
        dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, sort_keys=False)
        (folder / f"{name}.yaml").write_text(dumped, encoding="utf-8")
    return root


def squash(text: str) -> str:
    """Text without any white space and in compatibility form (pdfium gives Arabic
    letters back unshaped, ligatures as letters), to compare what was printed. pdfium
    marks a hyphen that ends a line as U+FFFE (or U+0002): it is a hyphen again here."""
    text = text.replace("\ufffe", "-").replace("\x02", "-")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def expected(text: str) -> str:
    """Content text as it should read on the page: stripped, NFC, without bold marks."""
    return unicodedata.normalize("NFC", text).strip().replace("**", "")


ARABIC = "تناول الدواء مرتين في اليوم مع الطعام واتصل بفريقك الطبي إذا شعرت بتعب شديد"
CHINESE = "请每天两次服药每天都在相同的时间服用如果您感到非常疲倦请立即联系您的医疗团队"
