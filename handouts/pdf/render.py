"""Laid-out parts -> PDF bytes: invariant (byte-identical), with metadata (information
dictionary and XMP), /Lang, outline, subset tags and an /ID of its own."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..errors import UserError
from . import pdfmeta
from .pages import HandoutDoc, Part, StartPart, canvas_maker
from .structure import Record


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    lang: str
    keywords: tuple[str, ...] = ()


def render(parts: list[Part], meta: Meta) -> bytes:
    return render_recorded(parts, meta)[0]


def render_recorded(parts: list[Part], meta: Meta) -> tuple[bytes, Record]:
    """The PDF, and the layout's record of where its blocks landed (see structure.py)."""
    buffer = io.BytesIO()
    kit = parts[0].kit
    doc = HandoutDoc(
        buffer,
        kit,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=f"handouts {__version__}",
        lang=meta.lang,
        invariant=1,
        displayDocTitle=1,
        initialFontName=kit.fonts.regular,
    )
    doc.parts = parts
    doc.info = meta
    story: list[Flowable] = []
    for index, part in enumerate(parts):
        story += [StartPart(index), *part.story]
    try:
        doc.build(story, canvasmaker=canvas_maker(doc))
    except LayoutError as exc:  # a safety net: the layout is made so that it never happens
        raise UserError(f"could not lay out '{meta.title}': {exc}") from None
    if doc.too_long:
        raise UserError("\n".join(dict.fromkeys(doc.too_long)))
    record = doc.record
    for part in parts:
        record.texts += part.kit.texts
    return pdfmeta.finish(buffer.getvalue()), record
