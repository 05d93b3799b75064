"""A prepared handout -> a laid-out part (story + page furniture), and document metadata."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from .. import fonts
from ..document.builder import Builder
from ..handout import Handout
from ..i18n import Translator
from ..logo import Logo, load_logo
from .kit import Kit
from .layout import Context, Extras, story
from .pages import Part
from .personal import online_url
from .render import Meta

log = logging.getLogger(__name__)


@cache
def _logo(path: str, background: str) -> Logo:
    rgb = tuple(int(background[i : i + 2], 16) for i in (1, 3, 5))
    # 400 px is over 500 dpi at the size the logo prints; more only slows every build
    return load_logo(Path(path), background=rgb, max_px=400)  # type: ignore[arg-type]


def lay_out(h: Handout, index: int = 0, outline_level: int = 0) -> Part:
    tr = Translator(h.language)
    pair = fonts.register(h.theme, h.language.script)
    o = h.options
    kit = Kit(h.theme, pair, h.language, f"h{index}-", outline_level, fillable=o.fillable)
    logo = _logo(h.brand.logo, h.theme.colors["brand_light"]) if h.brand.logo else None
    template = h.brand.url or h.facts.url
    url = online_url(template, h.facts, h.language.code) if template else None
    c = Context(h.facts, h.prose, h.brand, logo, tr, kit, Extras(o.patient, o.calendar, url))
    # what every page repeats: the same words as the HTML edition's footer, decided once
    furniture = Builder(h).footer()
    flowables = story(c)
    for message in sorted(tr.missing()):
        log.warning(
            "%s: no translation of %r in the UI catalog: printed in English", h.language.code, message
        )
    return Part(
        story=flowables,
        kit=kit,
        title=h.facts.name,
        footer=furniture.line,
        page_label=furniture.page_label,
        draft_note=furniture.draft_note,
        note_color=furniture.note_tone,
        clinic=h.brand.name,
        phones=furniture.running_header,
        logo=logo,
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
