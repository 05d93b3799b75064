"""A prepared handout -> its Document -> a laid-out part (story + page furniture), and
document metadata."""

from __future__ import annotations

from dataclasses import replace

from .. import fonts
from ..document import Document, build_document
from ..handout import Handout
from ..i18n import Translator
from .kit import Kit
from .layout import story
from .pages import Part, footer_height
from .render import Meta


def lay_out(h: Handout, index: int = 0, outline_level: int = 0, document: Document | None = None) -> Part:
    """The handout's Document (built once, unless given) drawn on pages."""
    doc = document or build_document(h)
    pair = fonts.register(h.theme, h.language.script)
    furniture = doc.footer  # what every page repeats: the same words as the HTML edition's footer
    # the body goes down to the footer's top: the footer as tall as its lines need
    need = footer_height(
        Kit(h.theme, pair, h.language), furniture.line, furniture.page_label, furniture.draft_note
    )
    theme = replace(h.theme, page=replace(h.theme.page, footer_height=need))
    kit = Kit(theme, pair, h.language, f"h{index}-", outline_level, fillable=h.options.fillable)
    return Part(
        story=story(doc, kit),
        kit=kit,
        title=h.facts.name,
        footer=furniture.line,
        page_label=furniture.page_label,
        draft_note=furniture.draft_note,
        note_color=furniture.note_tone,
        clinic=doc.masthead.clinic,
        phones=furniture.running_header,
        logo=doc.masthead.logo,
    )


def meta_for(handouts: list[Handout], title: str | None = None) -> Meta:
    first = handouts[0]
    tr = Translator(first.language)
    names = ", ".join(dict.fromkeys(h.facts.name for h in handouts))
    return Meta(
        title=title or tr("{drug}: patient information", drug=first.facts.name),
        author=first.brand.name,
        subject=tr("Patient information about {drugs}, an investigational drug", drugs=names),
        lang=first.language.tag,
        keywords=tuple(dict.fromkeys(k for h in handouts for k in (h.facts.drug_id, h.language.code))),
    )
