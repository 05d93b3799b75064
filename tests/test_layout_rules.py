"""Layout rules a patient would see broken, each read back from the built PDF or from the
laid-out flowables: words and numbers kept whole, no lone list item or table row at a
page's foot or head, boxes split only between their items, sizes a patient can read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest

from handouts import fonts, i18n
from handouts.kit import Grid, Kit
from handouts.model import Patient
from handouts.pipeline import Options, prepare
from handouts.text import plain
from handouts.theme import load_theme

from pdfread import pages_text, squash

Builder = Callable[..., bytes]


def kit(lang: str, paper: str = "a4", large_print: bool = False) -> Kit:
    language = i18n.language(lang)
    theme = load_theme(paper, large_print=large_print)
    return Kit(theme, fonts.register(theme, language.script), language)


def para_lines(flowable: object, width: float) -> list[str]:
    """The lines a paragraph breaks into at ``width``."""
    flowable.wrap(width, 1e6)  # type: ignore[attr-defined]
    lines = flowable.blPara.lines  # type: ignore[attr-defined]
    out = []
    for line in lines:
        if hasattr(line, "words"):
            out.append("".join(w.text if hasattr(w, "text") else str(w) for w in line.words))
        else:
            out.append("".join(str(w) for w in line[1]))
    return out


@pytest.mark.parametrize("value", ["MEK\u00a01", "+33\u00a01\u00a098\u00a076\u00a054\u00a032"])
def test_chinese_lines_never_break_at_a_no_break_space(value: str) -> None:
    k = kit("zh-Hans")
    text = "药片每天两次服用医生团队联系" * 3 + value + "药片每天两次服用"
    found_split = False
    for width in range(130, 330, 3):  # some width puts the line's end inside the value
        lines = para_lines(k.para(text), width)
        joined = "".join(lines)
        assert value.replace("\u00a0", "") in joined.replace("\u00a0", "").replace(" ", "")
        whole = [line for line in lines if value.split("\u00a0")[0] in line]
        assert all(value in line for line in whole), (width, lines)
        found_split = found_split or any(line.endswith(value) or line.startswith(value) for line in lines)
    assert found_split  # the value did reach a line's end or start at some width


# --- reading pages back -------------------------------------------------------------


def chars(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float, float]]:
    """Every character drawn on ``page``: (char, left, bottom, right, top, size) in points."""
    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[page].get_textpage()
        out = []
        for i in range(tp.count_chars()):
            ch = chr(pdfium.raw.FPDFText_GetUnicode(tp, i))
            if ch.isspace() or not ch.isprintable():
                continue
            left, bottom, right, top = tp.get_charbox(i)
            out.append((ch, left, bottom, right, top, pdfium.raw.FPDFText_GetFontSize(tp, i)))
        return out
    finally:
        doc.close()


def lines_of(pdf: bytes, page: int) -> list[str]:
    return [squash(line) for line in pages_text(pdf)[page].splitlines() if line.strip()]


def page_of(pdf: bytes, text: str) -> list[int]:
    """The pages ``text`` is on (squashed)."""
    return [i for i, t in enumerate(pages_text(pdf)) if squash(text) in squash(t)]


def words_of(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", text) if w]


def calendar_pdf(built: Builder, drug: str, lang: str, paper: str, large: bool, cycle: int = 28) -> bytes:
    return built(
        drug,
        lang,
        paper=paper,
        large_print=large,
        calendar=True,
        patient=Patient(start=dt.date(2026, 12, 7), cycle=cycle),
    )


def calendar_pages(pdf: bytes, lang: str) -> list[int]:
    """The pages of the calendar: those that show a date of the cycle (from 7 December)."""
    from babel.dates import format_skeleton

    locale = i18n.language(lang).locale
    labels = [
        squash(format_skeleton("MMMEd", dt.date(2026, 12, 7) + dt.timedelta(days=d), locale=locale))
        for d in range(28)
    ]
    texts = [squash(t) for t in pages_text(pdf)]
    return [i for i, t in enumerate(texts) if any(label in t for label in labels)]


# --- the dose calendar --------------------------------------------------------------

CALENDAR_CASES = [
    (lang, paper, large)
    for lang in ("en", "tl", "ru", "vi", "ar")
    for paper, large in (("letter", False), ("a4", True))
]


@pytest.mark.parametrize(("lang", "paper", "large"), CALENDAR_CASES)
def test_calendar_headers_keep_every_word_whole(built: Builder, lang: str, paper: str, large: bool) -> None:
    """ "Tirednes/s", "Усталос/ть", "Ngà/y", "Da/y": each header word is read back on one line."""
    pdf = calendar_pdf(built, "refametinib", lang, paper, large)
    tr = i18n.Translator(i18n.language(lang))
    heads = [tr("Day"), tr("Date"), tr("Morning"), tr("Evening")]
    pages = calendar_pages(pdf, lang)
    assert pages
    for page in pages:
        lines = lines_of(pdf, page)
        text = " ".join(lines)
        for head in heads:
            for word in words_of(head):
                if lang == "ar":  # pdfium reads Arabic lines in display order: the word itself
                    assert word in text, (page, word)
                else:
                    assert any(word in re.split(r"[\s\u00a0]+", line) for line in lines), (
                        page,
                        word,
                        lines[:12],
                    )


def test_calendar_words_unbroken_in_every_side_effect_name(built: Builder) -> None:
    """The side effects' names head the narrow columns: every word read back whole."""
    for lang in ("en", "tl", "ru"):
        for large in (False, True):
            pdf = calendar_pdf(built, "ralimetinib", lang, "letter", large)
            page = calendar_pages(pdf, lang)[0]
            lines = lines_of(pdf, page)
            tokens = {t for line in lines for t in re.split(r"[\s\u00a0]+", line)}
            for name in ("Tiredness", "Nausea") if lang == "en" else ():
                assert name in tokens, (lang, large, sorted(tokens)[:40])
            broken = [t for t in tokens if t in ("Tirednes", "Pagkapa", "Усталос", "Da", "Morni")]
            assert not broken, (lang, large, broken)


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "Mon, Dec 7"),
        ("zh-Hans", "12月7日周一"),
        ("ko", "12월 7일 (월)"),
        ("vi", "Thứ 2, 7 thg 12"),
        ("es", "lun, 7 dic"),
    ],
)
def test_calendar_dates_in_the_locales_own_pattern(built: Builder, lang: str, label: str) -> None:
    pdf = calendar_pdf(built, "refametinib", lang, "a4", False, 21)
    text = squash(" ".join(pages_text(pdf)[p] for p in calendar_pages(pdf, lang)))
    assert squash(label) in text, text[:400]


@pytest.mark.parametrize("lang", ["en", "tl", "ar"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_28_day_cycle_fits_one_page_in_standard_print(built: Builder, lang: str, paper: str) -> None:
    pdf = calendar_pdf(built, "ralimetinib", lang, paper, False)
    pages = calendar_pages(pdf, lang)
    assert len(pages) == 1, pages
    assert pages[0] == len(pages_text(pdf)) - 1


@pytest.mark.parametrize("lang", ["en", "tl", "ar"])
def test_large_print_calendar_pages_are_whole_treatment_weeks(built: Builder, lang: str) -> None:
    """No page of a few days: each calendar page holds whole weeks (7, 14 ... rows)."""
    pdf = calendar_pdf(built, "refametinib", lang, "letter", True)
    firsts = []
    for page in range(len(pages_text(pdf))):  # pages with rows: lines that start with a day
        numbers = [int(m) for line in lines_of(pdf, page) for m in re.findall(r"^(\d{1,2})\s", line + " ")]
        days = [n for n in numbers if 1 <= n <= 28]
        if len(days) >= 5:
            firsts.append(min(days))
    assert firsts and all((first - 1) % 7 == 0 for first in firsts), firsts
    pages = firsts
    assert len(pages) <= 3


def test_week_rules_follow_treatment_weeks() -> None:
    """The heavier rules fall above days 8, 15 and 22, whatever the weekday of day 1."""
    from handouts.assemble import lay_out
    from handouts.pipeline import prepare

    options = Options(calendar=True, patient=Patient(start=dt.date(2026, 12, 2), cycle=28))  # a Wednesday
    part = lay_out(prepare("refametinib", "en", options))
    tables = [f for f in part.story if isinstance(f, Grid) and len(f._cellvalues) > 20]
    assert len(tables) == 1
    heavy = sorted({c[1][1] for c in tables[0]._linecmds if c[0] == "LINEABOVE" and c[3] >= 1})
    assert heavy == [8, 15, 22]  # rows: the header is row 0, day d is row d


def test_page_cuts_share_weeks_evenly() -> None:
    from handouts.personal import page_cuts

    assert page_cuts(28, 29, 32) == [28]
    assert page_cuts(28, 20, 21) == [14, 28]  # not 20 days and then 8
    assert page_cuts(28, 12, 18) == [7, 21, 28]
    assert page_cuts(21, 14, 30) == [14, 21]


# --- lists, tables and boxes across pages -----------------------------------------------

MATRIX = [
    (drug, lang, paper, large)
    for drug in ("refametinib", "ralimetinib")
    for lang in ("en", "tl", "es")
    for paper in ("letter", "a4")
    for large in (False, True)
]


def items_per_page(pdf: bytes, items: list[str]) -> list[int]:
    """How many of ``items`` are printed whole on each page."""
    texts = [squash(t) for t in pages_text(pdf)]
    return [sum(1 for item in items if squash(plain(item)) in t) for t in texts]


@pytest.mark.parametrize(("drug", "lang", "paper", "large"), MATRIX)
def test_no_list_leaves_one_item_alone_at_a_page_foot_or_head(
    built: Builder, drug: str, lang: str, paper: str, large: bool
) -> None:
    prose = prepare(drug, lang, Options()).prose  # the lists, as printed
    pdf = built(drug, lang, paper=paper, large_print=large)
    se = prose.side_effects
    lists = {
        "studied for": list(prose.studied_for.items),
        "managing": [f"{m.title}: {m.text}" for m in se.managing],
        "precautions": [f"{t.title}: {t.text}" for t in prose.precautions],
        "results": list(prose.results.items),
        "tests": [f"{t.name}: {t.why}" for t in prose.tests.items.values()],
        "serious": [f"{t.title}: {t.text}" for t in se.serious.values()],
        "side effects": [e.notice for e in se.common.values()],
    }
    for name, items in lists.items():
        counts = [n for n in items_per_page(pdf, items) if n]
        if len(items) >= 2 and sum(counts) == len(items):  # (an item split in two: its lines)
            assert min(counts) >= 2, (name, counts)


@pytest.mark.parametrize(("drug", "lang", "paper", "large"), MATRIX)
def test_do_and_dont_boxes_never_split_mid_sentence(
    built: Builder, drug: str, lang: str, paper: str, large: bool
) -> None:
    prose = prepare(drug, lang, Options()).prose
    pdf = built(drug, lang, paper=paper, large_print=large)
    texts = [squash(t) for t in pages_text(pdf)]
    for sentence in [*prose.dos, *prose.donts]:
        assert any(squash(plain(sentence)) in t for t in texts), sentence  # whole on one page
