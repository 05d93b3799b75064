"""The PDF draws the Document: the same headings and paragraphs, in the Document's order.

The HTML tests compare the HTML edition with the PDF (test_html.py); these compare the
PDF with the Document both are rendered from, and show that the PDF renderer takes the
order of the sections from the Document, not from a list of its own.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
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
    SideEffectTable,
)
from handouts.model import Patient
from handouts.pdf.assemble import lay_out, meta_for
from handouts.pdf.render import render
from handouts.pipeline import Options, build_html, prepare
from handouts.text import plain

import democontent as dc
from htmlread import parse
from pdfread import outline_titles, pages_text, reader

MM = 72 / 25.4


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
        repeated = [f"{f.line} · {label}", *f.draft_note]  # the footer as pages.py prints it
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


# ---- an example tick beside "Tick the box" (PEMAT-P item 15) --------------------------------


def examples(doc: Document) -> list[tuple[str, Paragraph]]:
    return [
        (s.heading.key, b) for s in doc.sections for b in s.blocks if isinstance(b, Paragraph) and b.example
    ]


def outlines(page: Any) -> list[tuple[float, float, float, float]]:
    """The bounds of the paths a page strokes and does not fill (boxes, ticks, rules)."""
    out = []
    for o in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,)):
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_raw.FPDFPath_GetDrawMode(o.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if stroke.value and not fill.value:
            out.append(o.get_bounds())
    return out


def ticked_boxes(pdf: bytes) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Drawn square outlines with a tick drawn over them: (page, the square's bounds).
    A tick is a stroke about as wide as the square, centred in it (an icon's line or
    a number's disc is narrower, or filled)."""
    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for n, page in enumerate(doc):
            paths = outlines(page)
            for sq in paths:
                w, h = sq[2] - sq[0], sq[3] - sq[1]
                if not (6 < w < 20 and abs(w - h) < 0.5):
                    continue
                ticks = [
                    p
                    for p in paths
                    if p != sq
                    and p[2] - p[0] > 0.6 * w
                    and sq[0] < (p[0] + p[2]) / 2 < sq[2]
                    and sq[1] < (p[1] + p[3]) / 2 < sq[3]
                ]
                if ticks:
                    out.append((n, sq))
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_ticked_box_beside_the_sentence_that_asks_for_ticks(lang: str, built: Any) -> None:
    """The tests to tick and the side-effect table are explained by an example: a box
    with a tick in it, beside the sentence that says to tick (no word more to translate),
    drawn as the boxes to tick are, at the start of the line (the right in Arabic)."""
    h = prepare("refametinib", lang, Options())
    doc = build_document(h)
    assert [key for key, _ in examples(doc)] == ["tests", "side-effects"]
    plain_doc = dataclasses.replace(
        doc,
        sections=tuple(
            dataclasses.replace(
                s,
                blocks=tuple(
                    dataclasses.replace(b, example="") if isinstance(b, Paragraph) else b for b in s.blocks
                ),
            )
            for s in doc.sections
        ),
    )
    assert list(texts(plain_doc)) == list(texts(doc))  # the same words with or without

    pdf = built("refametinib", lang)
    ticked = ticked_boxes(pdf)
    assert len(ticked) == 2, ticked
    assert ticked_boxes(pdf_of(plain_doc, "refametinib", lang, Options())) == []
    page = h.theme.page
    left, right = page.margin_left * MM, (page.width - page.margin_right) * MM
    doc_pages = pdfium.PdfDocument(pdf)
    try:
        for n, (x0, _y0, x1, _y1) in ticked:
            # drawn as the empty boxes to tick on its page are (the tests', the table's)
            empty = [b for b in outlines(doc_pages[n]) if (n, b) not in ticked]
            sizes = [round(b[2] - b[0], 1) for b in empty if abs((b[2] - b[0]) - (b[3] - b[1])) < 0.5]
            assert round(x1 - x0, 1) in sizes, (x1 - x0, sizes)
            if lang == "ar":
                assert right - x1 < 2, (x1, right)
            else:
                assert x0 - left < 2, (x0, left)
    finally:
        doc_pages.close()


def test_the_example_tick_is_a_picture_not_a_form_field(built: Any) -> None:
    fields = reader(built("refametinib", "en", fillable=True)).get_fields() or {}
    boxes = [f for f in fields.values() if f.get("/FT") == "/Btn"]
    doc = build_document(prepare("refametinib", "en", Options()))
    to_tick = [b for s in doc.sections for b in s.blocks if isinstance(b, Checklist | SideEffectTable)]
    assert len(boxes) == sum(len(b.items) if isinstance(b, Checklist) else len(b.rows) for b in to_tick)


def test_the_html_shows_the_example_tick_without_words() -> None:
    root = parse(build_html("refametinib", "ar"))
    shown = [p for p in root.find_all("p") if "example" in p.attrs.get("class", "").split()]
    assert len(shown) == 2
    for p in shown:
        svg = p.children[0]
        assert not isinstance(svg, str) and svg.tag == "svg"
        assert svg.attrs.get("aria-hidden") == "true"
        assert svg.text().strip() == ""  # a picture: the sentence beside it says it in words


def test_no_block_is_left_out_by_the_arrangement() -> None:
    """A paragraph beside the notes lines and a part under a boxed section are drawn
    too: the arrangement chooses where, never whether."""
    options = Options()
    h = prepare("refametinib", "en", options)
    doc = build_document(h)
    by_key = {s.heading.key: s for s in doc.sections}
    notes, key_points = by_key["notes"], by_key["key-points"]
    extra = Section(dataclasses.replace(key_points.heading, text="Zebra part", key="zebra"), ())
    changed = {
        "notes": dataclasses.replace(notes, blocks=(Paragraph("Quokka before the lines."), *notes.blocks)),
        "key-points": dataclasses.replace(key_points, blocks=(*key_points.blocks, extra)),
    }
    moved = dataclasses.replace(doc, sections=tuple(changed.get(s.heading.key, s) for s in doc.sections))
    text = body_text(pdf_of(moved, "refametinib", "en", options), moved)
    assert "Quokkabeforethelines." in text
    assert "Zebrapart" in text
    assert_in_order(pdf_of(moved, "refametinib", "en", options), moved)
