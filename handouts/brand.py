"""A clinic's brand file: name, phones, colours and logo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import loader
from .drugs import node_at
from .errors import ContentError, Problem
from .loader import Node
from .model import Brand
from .schema import Converter, did_you_mean
from .theme import HEX, REQUIRED_COLORS, assets

MAX_NAME = 100  # characters: the name heads every page, beside the phones
MAX_PHONE = 40


def default_brand_file() -> Path:
    return assets() / "brand" / "brand.yaml"


def load_brand(path: Path | None = None) -> Brand:
    path = path or default_brand_file()
    problems: list[Problem] = []
    node = loader.load(path, problems)
    brand = Converter(problems).build(Brand, node) if node is not None else None
    if brand is not None and node is not None:
        problems += _colour_problems(brand, node) + _text_problems(brand, node)
        if brand.logo is not None:
            logo = (path.parent / brand.logo).resolve()
            brand = replace(brand, logo=str(logo))
    if problems or brand is None:
        raise ContentError(problems)
    return brand


def _colour_problems(brand: Brand, node: Node) -> list[Problem]:
    problems = []
    colors = node_at(node, "colors")
    for name, value in brand.colors.items():
        where = node_at(node, f"colors.{name}").mark
        if name not in REQUIRED_COLORS:
            where = colors.key_marks.get(name, where)
            hint = did_you_mean(name, REQUIRED_COLORS)
            problems.append(
                Problem(where, f"colors.{name}", f"unknown colour{hint}; known: {', '.join(REQUIRED_COLORS)}")
            )
        elif not (len(value) == 7 and value[0] == "#" and all(c in HEX for c in value[1:])):
            problems.append(Problem(where, f"colors.{name}", f"'{value}' is not a colour like #0F5C6E"))
    return problems


def _text_problems(brand: Brand, node: Node) -> list[Problem]:
    """Text printed on every page: short enough for the running header, and printed as
    written (``**`` would turn into bold marks and vanish)."""
    problems = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(node_at(node, path).mark, path, message))

    if len(brand.name) > MAX_NAME:
        bad(
            "name",
            f"{len(brand.name)} characters; a clinic's name is at most {MAX_NAME} (it heads every page)",
        )
    for key in ("main", "after_hours", "emergency"):
        phone = getattr(brand.phones, key)
        if len(phone) > MAX_PHONE:
            bad(f"phones.{key}", f"{len(phone)} characters; a phone number is at most {MAX_PHONE}")
        elif not any(ch.isdigit() for ch in phone):
            bad(f"phones.{key}", f"'{phone}' has no digits: write the number as it should be dialled")
    texts = [("name", brand.name), ("website", brand.website or "")]
    texts += [(f"phones.{key}", getattr(brand.phones, key)) for key in ("main", "after_hours", "emergency")]
    texts += [(f"address[{i}]", line) for i, line in enumerate(brand.address)]
    for path, text in texts:
        if "**" in text:
            bad(path, "'**' cannot be printed: it marks bold text in a handout")
    return problems
