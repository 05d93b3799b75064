"""The PDF draws the Document: the same headings and paragraphs, in the Document's order.

The HTML tests compare the HTML edition with the PDF (test_html.py); these compare the
PDF with the Document both are rendered from, and show that the PDF renderer takes the
order of the sections from the Document, not from a list of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from handouts import i18n
from handouts.document import Document, build_document
from handouts.document.blocks import (
    Block,
    Bullets,
    Calendar,
    CallBox,
    Checklist,
    Paragraph,
    Questions,
    Section,
)
from handouts.model import Patient
from handouts.pdf.assemble import lay_out, meta_for
from handouts.pdf.render import render
from handouts.pipeline import Options, prepare
from handouts.text import plain

import democontent as dc
from pdfread import outline_titles, pages_text


def texts(doc: Document) -> Iterator[str]:
    """Every heading and paragraph of the Document, and the items of its lists, in
    reading order."""
    yield doc.heading.text
    for b in doc.intro:
        yield from block_texts(b)
    for s in doc.sections:
        yield from section_texts(s)


def section_texts(s: Section) -> Iterator[str]:
    yield s.heading.text
    for b in s.blocks:
        yield from section_texts(b) if isinstance(b, Section) else block_texts(b)


def block_texts(b: Block) -> Iterator[str]:
    if isinstance(b, Paragraph):
        yield b.text
    elif isinstance(b, Bullets | CallBox):
        yield from b.items
    elif isinstance(b, Checklist):
        yield from (item.text for item in b.items)
    elif isinstance(b, Questions):
        yield b.intro
        yield from (q.text for q in b.items)
    elif isinstance(b, Calendar):
        yield b.intro


def comparable(text: str, rtl: bool) -> str:
    """Text as compared: no white space, no format characters. In a right-to-left
    handout only the Arabic letters: pdfium gives a Latin run or a number inside an
    Arabic line back in visual order ("LY2228820" as "2228820LY"), the Arabic words
    in reading order (their vowel marks aside: a mark may come back before or after
    the letter it sits on)."""
    text = "".join(c for c in dc.squash(text) if unicodedata.category(c) != "Cf")
    if not rtl:
        return text
    return "".join(c for c in text if "\u0600" <= c <= "\u06ff" and unicodedata.category(c) != "Mn")


def body_text(pdf: bytes, doc: Document) -> str:
    """The PDF's text without what every page repeats (running header, footer, page
    number, draft note), all white space removed."""
    pages = pages_text(pdf)
    tr = i18n.Translator(i18n.language(doc.lang))
    f = doc.footer
    out = []
    for n, page in enumerate(pages, 1):
        text = comparable(page, doc.rtl)
        label = f.page_label.format(page=tr.number(n), total=tr.number(len(pages)))
        repeated = [f.line, label, *f.draft_note]
        if n > 1:
            repeated += [f.running_header, doc.masthead.clinic]
        for t in repeated:
            if wanted := comparable(plain(t), doc.rtl):
                text = text.replace(wanted, "", 1)
        out.append(text)
    return "".join(out)


def assert_in_order(pdf: bytes, doc: Document) -> None:
    """Each text of the Document is in the PDF, after the one before it."""
    text, at = body_text(pdf, doc), 0
    for t in texts(doc):
        wanted = comparable(plain(t), doc.rtl)
        found = text.find(wanted, at)
        assert found >= 0, f"not in the PDF after {text[max(0, at - 40) : at]!r}: {plain(t)!r}"
        at = found + len(wanted)


def pdf_of(doc: Document, drug: str, lang: str, options: Options) -> bytes:
    h = prepare(drug, lang, options)
    return render([lay_out(h, document=doc)], meta_for([h]))


CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("refametinib", "en", {}),
    ("ralimetinib", "en", {"large_print": True}),
    ("refametinib", "zh-Hans", {}),
    ("ralimetinib", "ko", {"calendar": True, "patient": Patient(start=dt.date(2026, 12, 7))}),
    ("refametinib", "hy", {"large_print": True, "paper": "a4"}),
    ("ralimetinib", "ar", {}),
]


@pytest.mark.parametrize(("drug", "lang", "options"), CASES)
def test_the_pdf_prints_the_documents_texts_in_order(
    drug: str, lang: str, options: dict[str, Any], built: Any
) -> None:
    doc = build_document(prepare(drug, lang, Options(**options)))
    assert_in_order(built(drug, lang, **options), doc)


def bookmarked(doc: Document, outline: list[str]) -> list[str]:
    """The Document's headings that the PDF bookmarks, in the Document's order."""

    def walk(s: Section) -> Iterator[str]:
        yield s.heading.text
        for b in s.blocks:
            if isinstance(b, Section):
                yield from walk(b)

    return [t for s in doc.sections for t in walk(s) if t in outline]


@pytest.mark.parametrize(("lang", "large_print"), [("en", False), ("ar", True)])
def test_the_pdf_follows_the_documents_section_order(lang: str, large_print: bool) -> None:
    """Sections in another order in the Document come out in that order on paper:
    the PDF renderer keeps no order of its own. The notes lines still fill the page
    above the section that follows them, whichever it is."""
    options = Options(large_print=large_print, calendar=True)
    h = prepare("refametinib", lang, options)
    doc = build_document(h)
    calendar = doc.sections[-1]
    assert calendar.new_page  # the calendar stays last: it starts a page of its own
    reordered = dataclasses.replace(doc, sections=(*reversed(doc.sections[:-1]), calendar))
    usual = outline_titles(render([lay_out(h)], meta_for([h])))
    pdf = pdf_of(reordered, "refametinib", lang, options)
    # the calendar's later pages are bookmarked "(continued)": one section still
    continued = {s.heading.continued for s in doc.sections}
    outline = [t for t in outline_titles(pdf) if t not in continued]
    assert len(outline) >= 12
    assert outline == bookmarked(reordered, usual)
    assert outline != usual
    assert_in_order(pdf, reordered)
