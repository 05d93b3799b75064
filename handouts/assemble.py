"""A prepared handout -> a laid-out part (story + page furniture), and document metadata."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from . import fonts
from .i18n import N_, Translator
from .kit import Kit
from .layout import Context, Extras, story
from .logo import Logo, load_logo
from .pages import Part
from .personal import online_url
from .pipeline import Handout
from .render import Meta

log = logging.getLogger(__name__)
DRAFT_NOTE = N_("Translation not yet reviewed by a qualified medical translator.")
REVIEW_NOTE = N_("Translation reviewed by {reviewer} on {date}.")


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
    content = h.facts.content
    footer = " · ".join(
        [
            h.facts.name,
            h.language.native_name,
            tr("Content version {version}", version=content.version),
            tr("English original dated {date}", date=tr.date(content.reviewed)),
        ]
    )
    draft: tuple[str, ...] = ()
    note_color = "alert"
    review = h.prose.review
    if review.is_draft:
        draft = tuple(dict.fromkeys([tr(DRAFT_NOTE), DRAFT_NOTE]))  # in the language, then in English
    elif review.status == "reviewed" and review.reviewed_by and review.reviewed_on:
        draft = (tr(REVIEW_NOTE, reviewer=review.reviewed_by, date=tr.date(review.reviewed_on)),)
        note_color = "muted"
    phones = "   ".join(
        [
            tr("Main number: **{phone}**", phone=h.brand.phones.main),
            tr("After hours: **{phone}**", phone=h.brand.phones.after_hours),
        ]
    )
    flowables = story(c)
    for message in sorted(tr.missing()):
        log.warning(
            "%s: no translation of %r in the UI catalog: printed in English", h.language.code, message
        )
    return Part(
        story=flowables,
        kit=kit,
        title=h.facts.name,
        footer=footer,
        page_label=tr("Page {page} of {total}"),
        draft_note=draft,
        note_color=note_color,
        clinic=h.brand.name,
        phones=phones,
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
