"""A clinic's brand file: name, phones, paper, colours and logo.

Every check reads the file's nodes, not the converted brand, so one run reports every
problem: a wrong type in one key does not hide a bad colour or a long name in another.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .. import fonts, i18n
from ..errors import ContentError, Mark, Problem, UserError
from ..model import Brand
from ..text import plain, shape
from . import loader
from .drugs import LANG_FILE, find, node_at
from .loader import Node
from .schema import Converter, did_you_mean
from .theme import HEX, REQUIRED_COLORS, assets, load_theme

MAX_NAME = 100  # characters: the name heads every page, beside the phones
MAX_PHONE = 40
MIN_CONTRAST = 4.5  # WCAG AA for body text; large print uses the same colours
# (text colour, background colour) pairs a handout prints; see pdf/layout.py and pdf/kit.py.
TEXT_ON = (
    ("text", "white"),
    ("text", "brand_light"),
    ("text", "alert_light"),
    ("muted", "white"),
    ("brand", "white"),
    ("brand", "brand_light"),
    ("alert", "white"),
    ("alert", "alert_light"),
    ("do", "white"),
    ("dont", "white"),
)


def default_brand_file() -> Path:
    return assets() / "brand" / "brand.yaml"


def load_brand(path: Path | None = None) -> Brand:
    path = path or default_brand_file()
    problems: list[Problem] = []
    node = loader.load(path, problems)
    if node is None:
        raise ContentError(problems)
    brand = Converter(problems).build(Brand, node)
    problems += _colour_problems(node) + _text_problems(node)
    if brand is not None:
        problems += _section_problems(brand, node)
    if problems or brand is None:
        raise ContentError(problems)
    if brand.logo is not None:
        brand = replace(brand, logo=str((path.parent / brand.logo).resolve()))
    return replace(brand, marks={field: found.mark for field, found in _texts(node)})


def _is_colour(value: object) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(c in HEX for c in value[1:])


def _colour_problems(node: Node) -> list[Problem]:
    problems: list[Problem] = []
    colors = find(node, "colors")
    if colors is None or not isinstance(colors.value, dict):
        return problems  # none given, or not a mapping (reported by the schema)
    given: dict[str, tuple[str, Mark]] = {}
    for name, child in colors.value.items():
        if name not in REQUIRED_COLORS:
            hint = did_you_mean(name, REQUIRED_COLORS)
            message = f"unknown colour{hint}; known: {', '.join(REQUIRED_COLORS)}"
            problems.append(Problem(colors.key_marks.get(name, child.mark), f"colors.{name}", message))
        elif isinstance(child.value, str) and not _is_colour(child.value):
            problems.append(
                Problem(child.mark, f"colors.{name}", f"'{child.value}' is not a colour like #0F5C6E")
            )
        elif _is_colour(child.value):
            given[name] = (str(child.value), child.mark)
    if given:
        problems += _contrast_problems(given)
    return problems


def _contrast_problems(given: dict[str, tuple[str, Mark]]) -> list[Problem]:
    """Text that would be hard or impossible to read on its background, at the colour
    the brand changed (the theme's own colours pass)."""
    colors = {**load_theme("letter").colors, **{name: value for name, (value, _) in given.items()}}
    problems = []
    for ink, paper in TEXT_ON:
        if ink not in given and paper not in given:
            continue
        ratio = contrast(colors[ink], colors[paper])
        if ratio < MIN_CONTRAST:
            name = ink if ink in given else paper
            problems.append(
                Problem(
                    given[name][1],
                    f"colors.{name}",
                    f"'{ink}' {colors[ink]} on '{paper}' {colors[paper]} has a contrast of "
                    f"{ratio:.2f}:1; text needs at least {MIN_CONTRAST}:1 to be read",
                )
            )
    return problems


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two #RRGGBB colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance (sRGB)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _texts(node: Node) -> Iterator[tuple[str, Node]]:
    """The brand's printed text values (strings only: other types are the schema's)."""
    for path in ("name", "website", "phones.main", "phones.after_hours", "phones.emergency"):
        found = find(node, path)
        if found is not None and isinstance(found.value, str):
            yield path, found
    address = find(node, "address")
    if address is not None and isinstance(address.value, list):
        for i, line in enumerate(address.value):
            if isinstance(line.value, str):
                yield f"address[{i}]", line


def _text_problems(node: Node) -> list[Problem]:
    """Text printed on every page: short enough for the running header, and printed as
    written (``**`` would turn into bold marks and vanish)."""
    problems = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(node_at(node, path).mark, path, message))

    for path, found in _texts(node):
        text = str(found.value).strip()
        if path == "name" and len(text) > MAX_NAME:
            bad(path, f"{len(text)} characters; a clinic's name is at most {MAX_NAME} (it heads every page)")
        if path.startswith("phones."):
            if len(text) > MAX_PHONE:
                bad(path, f"{len(text)} characters; a phone number is at most {MAX_PHONE}")
            elif not any(ch.isdigit() for ch in text):
                bad(path, f"'{text}' has no digits: write the number as it should be dialled")
        if "**" in text:
            bad(path, "'**' cannot be printed: it marks bold text in a handout")
    return problems


def _section_problems(brand: Brand, node: Node) -> list[Problem]:
    """The clinic's own sections: under a language code Babel knows, bold marks paired,
    every character drawable by that language's font. Digits are allowed: a pharmacy's
    hours are the clinic's to print, not a drug fact."""
    problems: list[Problem] = []
    if not brand.sections:
        return problems
    keys = node_at(node, "sections")
    theme = load_theme("letter")
    for code, items in brand.sections.items():
        where = keys.key_marks.get(code, keys.mark)
        try:
            if not LANG_FILE.match(code):
                raise UserError("not a language code like es or zh-Hans")
            language = i18n.language(code)
            covered = fonts.coverage(theme, language.script)
        except UserError as exc:
            problems.append(Problem(where, f"sections.{code}", str(exc)))
            continue
        for i, item in enumerate(items):
            for key in ("title", "text"):
                path = f"sections.{code}[{i}].{key}"
                text = getattr(item, key)
                mark = node_at(node, path).mark
                if text.count("**") % 2:
                    problems.append(Problem(mark, path, "unpaired ** (bold marks come in pairs)"))
                drawn = plain(text) + (shape(plain(text)) if language.rtl else "")
                for ch in fonts.missing(drawn, covered):
                    message = f"the {language.english_name} font has no glyph for {fonts.describe(ch)}"
                    problems.append(Problem(mark, path, message))
    return problems
