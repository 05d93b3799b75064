"""A clinic's brand file: name, phones, colours and logo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import loader
from .drugs import node_at
from .errors import ContentError, Problem
from .model import Brand
from .schema import Converter
from .theme import HEX, REQUIRED_COLORS, assets


def default_brand_file() -> Path:
    return assets() / "brand" / "brand.yaml"


def load_brand(path: Path | None = None) -> Brand:
    path = path or default_brand_file()
    problems: list[Problem] = []
    node = loader.load(path, problems)
    brand = Converter(problems).build(Brand, node) if node is not None else None
    if brand is not None and node is not None:
        for name, value in brand.colors.items():
            where = node_at(node, f"colors.{name}").mark
            if name not in REQUIRED_COLORS:
                problems.append(
                    Problem(where, f"colors.{name}", f"unknown colour; known: {', '.join(REQUIRED_COLORS)}")
                )
            elif not (len(value) == 7 and value[0] == "#" and all(c in HEX for c in value[1:])):
                problems.append(Problem(where, f"colors.{name}", f"'{value}' is not a colour like #0F5C6E"))
        if brand.logo is not None:
            logo = (path.parent / brand.logo).resolve()
            brand = replace(brand, logo=str(logo))
    if problems or brand is None:
        raise ContentError(problems)
    return brand
