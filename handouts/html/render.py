"""Document -> one self-contained, accessible HTML file.

Jinja2 templates (autoescaped) give the markup; the theme gives colours and sizes;
fonts are subset and embedded (fonts.py), the logo is inlined. The page asks no
server for anything: its Content-Security-Policy allows only inline styles and
data: images and fonts, and it carries no script.
"""

from __future__ import annotations

import base64
import dataclasses
from functools import cache

import jinja2
from markupsafe import Markup, escape

from ..document.blocks import CalendarDay, Document, Field, Image
from ..reading.theme import Theme
from ..text import runs
from .fonts import faces

# Colours as CSS custom properties, type sizes in rem (12 pt body = 1 rem = 16 px).
PT_PER_REM = 12.0


def inline(text: str) -> Markup:
    """Content syntax as HTML: text escaped, ``**bold**`` as <strong>."""
    parts = []
    for run in runs(text):
        safe = escape(run.text)
        parts.append(Markup("<strong>{}</strong>").format(safe) if run.bold else safe)
    return Markup("").join(parts)


def data_url(image: Image) -> str:
    return "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")


def kind(block: object) -> str:
    """The template macro for a block: its class name."""
    return type(block).__name__


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("handouts.html", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["inline"] = inline
    env.filters["data_url"] = data_url
    env.filters["kind"] = kind
    return env


def _texts(obj: object, personal: bool = True) -> list[str]:
    """Every string in a document (for the font subset); ``personal=False``: without a
    patient's details (the filled-in fields, the calendar's dates from the first day)."""
    if not personal and isinstance(obj, Field):
        return [obj.label]
    if not personal and isinstance(obj, CalendarDay):
        return [obj.day]
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, tuple):
        return [t for x in obj for t in _texts(x, personal)]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type | Image):
        return [t for f in dataclasses.fields(obj) for t in _texts(getattr(obj, f.name), personal)]
    return []


def sizes(theme: Theme) -> dict[str, str]:
    return {name: f"{value / PT_PER_REM:.4g}rem" for name, value in vars(theme.sizes).items()}


def render_html(doc: Document, theme: Theme) -> bytes:
    """The handout as an HTML page (UTF-8 bytes)."""
    text, shared = "".join(_texts(doc)), "".join(_texts(doc, personal=False))
    fonts = faces(theme, doc.script, text, shared)
    page = (
        environment()
        .get_template("handout.html.j2")
        .render(
            doc=doc,
            theme=theme,
            fonts=fonts,
            sizes=sizes(theme),
            large=theme.layout.columns == 1,
        )
    )
    return page.encode("utf-8")
