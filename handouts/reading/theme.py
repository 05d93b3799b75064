"""Styles are data: a theme file plus small overlays (paper size, large print, a brand).

``assets/themes/default.yaml`` holds every colour, font, size and spacing; an
overlay file holds only what it changes and is merged key by key on top, so an
error still names the file that set the value. Lengths are in millimetres and
sizes in points; the layout converts. Nothing here knows ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ContentError, Problem, UserError
from ..model import Brand
from . import loader
from .bundled import bundled
from .drugs import node_at
from .loader import Node
from .schema import Converter

PAPERS = ("a4", "letter")
HEX = "#0123456789abcdefABCDEF"


@dataclass(frozen=True)
class Page:
    paper: str = field(metadata={"choices": PAPERS})
    width: float
    height: float
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    header_height: float
    footer_height: float


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str


@dataclass(frozen=True)
class Fonts:
    families: dict[str, FontFamily]
    scripts: dict[str, str]  # ISO 15924 script code -> family name
    shaped: tuple[str, ...] = ()  # scripts set with HarfBuzz (Devanagari conjuncts ...)


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float
    small: float
    small_leading: float
    footer: float
    title: float
    h2: float
    h3: float
    table: float
    table_leading: float
    checkbox: float
    clinic_name: float


@dataclass(frozen=True)
class Spacing:
    paragraph: float
    list_item: float
    section_before: float
    heading_after: float
    box_padding: float
    table_padding: float
    notes_line_gap: float
    column_gap: float
    border: float
    alert_border: float
    rule: float
    radius: float


@dataclass(frozen=True)
class Layout:
    columns: int  # side-by-side blocks (Do / Don't); 1 in large print
    notes_lines: int


@dataclass(frozen=True)
class Theme:
    page: Page
    fonts: Fonts
    colors: dict[str, str]
    sizes: Sizes
    spacing: Spacing
    layout: Layout


REQUIRED_COLORS = (
    "text",
    "muted",
    "brand",
    "brand_light",
    "alert",
    "alert_light",
    "rule",
    "do",
    "dont",
    "white",
)


def assets() -> Path:
    """The bundled assets folder (fonts, themes, demo brand)."""
    return bundled("assets")


def merge(base: Node, overlay: Node) -> Node:
    """Overlay ``overlay`` on ``base`` key by key; overlay wins; marks kept per value."""
    if isinstance(base.value, dict) and isinstance(overlay.value, dict):
        merged = dict(base.value)
        marks = dict(base.key_marks)
        for key, value in overlay.value.items():
            merged[key] = merge(base.value[key], value) if key in base.value else value
            marks[key] = overlay.key_marks[key]
        return Node(merged, base.mark, marks)
    return overlay


def overlay_files(paper: str, large_print: bool) -> list[Path]:
    themes = assets() / "themes"
    files = [themes / f"paper-{paper}.yaml"]
    if large_print:
        files.append(themes / "large-print.yaml")
    return files


def load_theme(
    paper: str, *, large_print: bool = False, brand: Brand | None = None, extra: tuple[Path, ...] = ()
) -> Theme:
    if paper not in PAPERS:
        raise UserError(f"unknown paper '{paper}'; choose one of: {', '.join(PAPERS)}")
    problems: list[Problem] = []
    node = loader.load(assets() / "themes" / "default.yaml", problems)
    for path in [*overlay_files(paper, large_print), *extra]:
        over = loader.load(path, problems)
        if node is not None and over is not None:
            node = merge(node, over)
    theme = Converter(problems).build(Theme, node) if node is not None and not problems else None
    if theme is not None and node is not None:
        colors = dict(theme.colors)
        if brand is not None:
            colors.update(brand.colors)  # checked where the brand is read

        def bad(path: str, message: str) -> None:  # at the file and line that set the value
            problems.append(Problem(node_at(node, path).mark, path, message))

        for name in REQUIRED_COLORS:
            if name not in colors:
                bad(f"colors.{name}", "missing colour")
        for name, value in theme.colors.items():
            if not (len(value) == 7 and value[0] == "#" and all(c in HEX for c in value[1:])):
                bad(f"colors.{name}", f"'{value}' is not a colour like #0F5C6E")
        if theme.page.paper != paper:
            bad("page.paper", f"this theme is for {theme.page.paper} paper, not {paper}")
        if not problems:
            theme = replace(theme, colors=colors)
    if problems or theme is None:
        raise ContentError(problems)
    return theme
