"""Shared fixtures: handouts built once per test session, and ways to read them back."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from handouts.pipeline import Options, build

Builder = Callable[..., bytes]


@pytest.fixture(scope="session")
def built() -> Builder:
    """Build a handout once per session per (drug, lang, options)."""
    cache: dict[tuple[object, ...], bytes] = {}

    def get(drug: str, lang: str = "en", **options: object) -> bytes:
        key = (drug, lang, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = build(drug, lang, Options(**options))  # type: ignore[arg-type]
        return cache[key]

    return get


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes more than a few seconds (install, printing, subprocesses)"
    )


@pytest.fixture
def update_references() -> bool:
    """Set HANDOUTS_UPDATE_REFERENCES=1 to rewrite the reference PNGs from the current output."""
    return os.environ.get("HANDOUTS_UPDATE_REFERENCES") == "1"
