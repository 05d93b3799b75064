"""Layout rules a patient would see broken, each read back from the built PDF or from the
laid-out flowables: words and numbers kept whole, no lone list item or table row at a
page's foot or head, boxes split only between their items, sizes a patient can read."""

from __future__ import annotations

import ctypes
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image
from reportlab.lib.units import mm

from handouts import fonts, i18n
from handouts.model import Patient
from handouts.pdf.kit import Grid, Kit
from handouts.pipeline import Options, build, build_recorded, prepare
from handouts.reading.brand import default_brand_file
from handouts.reading.theme import load_theme
from handouts.text import plain

from pdfread import font_sizes, pages_text, render, squash

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


# "40 % to 50 %" in Chinese joins two numbers and a Chinese character with no-break spaces
@pytest.mark.parametrize(
    "value", ["MEK\u00a01", "+33\u00a01\u00a098\u00a076\u00a054\u00a032", "40%\u00a0至\u00a050%"]
)
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


def test_japanese_small_kana_never_hang_past_the_line_end() -> None:
    """'終わった検査にはチェッ|ク': ReportLab hung the small kana ェ past the line's end and
    the kit hung ッ after it, two characters past the margin: only a comma or a full stop
    hangs, and one at most; kana that cannot start a line take the characters before
    them to the next line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    k = kit("ja", "letter", True)
    text = "薬を始める前に、次の検査を受けます。終わった検査にはチェックを入れてください。"
    size = k.styles["body"].fontSize
    font = k.styles["body"].fontName
    for width in range(120, 520, 7):
        p = k.para(text)
        lines = para_lines(p, width)
        room = width - p.style.rightIndent
        assert "".join(lines) == text
        for line in lines:
            past = stringWidth(line, font, size) - room
            assert past <= 0.01 or (line[-1] in "、。" and past <= size + 0.01), (width, lines)
        for line in lines[1:]:
            assert line[0] not in "ェッャュョぁぃぅぇぉっゃゅょー、。", (width, lines)


def test_japanese_lines_hang_one_character_at_most_inside_the_margin() -> None:
    """ReportLab hangs one character that cannot start a line past the line's end, in the
    room body text keeps for it; two small kana in a row ("チェッ|ク") hung two, 6.3 mm
    past the right margin in large print. The line now ends before them."""
    from reportlab.lib.textsplit import ALL_CANNOT_START
    from reportlab.pdfbase.pdfmetrics import stringWidth

    k = kit("ja", "letter", large_print=True)
    text = "終わった検査にはチェックを入れてください。薬を飲んでいるっ、と伝えます。"
    para = k.para("薬を始める前に、次の検査を受けます。" + text * 2)
    st = para.style
    seen_start = False
    for width in range(200, 520, 2):
        lines = para_lines(para, width)
        for n, line in enumerate(lines):
            assert stringWidth(line, st.fontName, st.fontSize) <= width + 0.01, (width, line)
            assert n == 0 or line[0] not in ALL_CANNOT_START, (width, lines)
        seen_start = seen_start or any(line.startswith("チェック") for line in lines)
    assert seen_start  # some width put a line's end inside "チェック"


# --- reading pages back -------------------------------------------------------------


def chars(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float, float, float]]:
    """Every character drawn on ``page``: (char, left, bottom, right, top, size, baseline),
    in points from the page's lower left corner."""
    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[page].get_textpage()
        out = []
        x, y = ctypes.c_double(), ctypes.c_double()
        for i in range(tp.count_chars()):
            ch = chr(pdfium.raw.FPDFText_GetUnicode(tp, i))
            if ch.isspace() or not ch.isprintable():
                continue
            left, bottom, right, top = tp.get_charbox(i)
            pdfium.raw.FPDFText_GetCharOrigin(tp, i, x, y)
            out.append((ch, left, bottom, right, top, pdfium.raw.FPDFText_GetFontSize(tp, i), y.value))
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
    # Arabic rows are deeper (the letters reach below the line): two pages of two weeks
    assert len(pages) == (2 if lang == "ar" else 1), pages
    assert pages[-1] == len(pages_text(pdf)) - 1


def calendar_rows(pdf: bytes) -> list[list[int]]:
    """The day numbers on each of the calendar's pages, which close the handout: walk
    back from the last page while pages have rows (lines that start with a day; the
    numbered questions earlier are not days)."""
    out: list[list[int]] = []
    for page in reversed(range(len(pages_text(pdf)))):
        numbers = [int(m) for line in lines_of(pdf, page) for m in re.findall(r"^(\d{1,2})\s", line + " ")]
        days = [n for n in numbers if 1 <= n <= 28]
        if len(days) >= 5:
            out.insert(0, days)
        elif out:
            break
    return out


@pytest.mark.parametrize("lang", ["en", "tl", "ar"])
@pytest.mark.parametrize("cycle", [21, 28])
def test_large_print_calendar_takes_the_fewest_pages_none_half_empty(
    built: Builder, lang: str, cycle: int
) -> None:
    """A 28-day cycle in large print was cut 7/14/7 days (whole weeks), leaving the first
    and last pages half empty: now as few pages as hold the days, shared out evenly."""
    pdf = calendar_pdf(built, "refametinib", lang, "letter", True, cycle)
    pages = calendar_rows(pdf)
    assert sorted(d for days in pages for d in days) == list(range(1, cycle + 1)), pages
    counts = [len(days) for days in pages]
    # Tagalog's longer introduction and Arabic's deeper rows (the letters reach below the
    # line) leave room for fewer rows: 28 days take three pages there
    assert len(pages) <= (2 if lang == "en" or cycle == 21 else 3), counts
    assert all(2 * n >= max(counts) for n in counts[:-1]), counts  # no page of a few days


def test_week_rules_follow_treatment_weeks() -> None:
    """The heavier rules fall above days 8, 15 and 22, whatever the weekday of day 1."""
    from handouts.pdf.assemble import lay_out
    from handouts.pipeline import prepare

    options = Options(calendar=True, patient=Patient(start=dt.date(2026, 12, 2), cycle=28))  # a Wednesday
    part = lay_out(prepare("refametinib", "en", options))
    tables = [f for f in part.story if isinstance(f, Grid) and len(f._cellvalues) > 20]
    assert len(tables) == 1
    heavy = sorted({c[1][1] for c in tables[0]._linecmds if c[0] == "LINEABOVE" and c[3] >= 1})
    assert heavy == [8, 15, 22]  # rows: the header is row 0, day d is row d


def test_page_cuts_share_weeks_evenly() -> None:
    from handouts.pdf.personal import page_cuts

    assert page_cuts(28, 29, 32) == [28]
    assert page_cuts(28, 20, 21) == [14, 28]  # not 20 days and then 8
    assert page_cuts(28, 12, 18) == [12, 28]  # two pages hold the days: not 7, 14, 7
    assert page_cuts(28, 13, 16) == [13, 28]
    assert page_cuts(21, 10, 16) == [7, 21]  # whole weeks when as few pages hold them
    assert page_cuts(21, 13, 16) == [11, 21]  # not 7 on a page for 13
    assert page_cuts(28, 9, 14) == [7, 21, 28]
    assert page_cuts(28, 5, 6) == [5, 11, 17, 23, 28]
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
    tr = i18n.Translator(i18n.language(lang))
    continued = squash(tr("{title} (continued)", title=tr("Call your care team right away")))
    split_box = continued in squash(" ".join(pages_text(pdf)))
    for name, items in lists.items():
        counts = [n for n in items_per_page(pdf, items) if n]
        if name == "serious" and large and split_box:
            # In large print the red box of three items is taller than a page: it splits
            # where it must, repeating its title with "(continued)".
            continue
        if name == "side effects" and large:
            # a large-print row stacks a side effect's name, what you notice and what to
            # do: one row, a paragraph's worth of lines, may stand alone on a page
            continue
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


# --- sizes a patient can read -------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tl", "ar"])
@pytest.mark.parametrize("large", [False, True])
def test_nothing_a_patient_reads_is_too_small(built: Builder, lang: str, large: bool) -> None:
    """14 pt at least in large print (header, footer, labels, calendar), 10 pt otherwise."""
    pdf = calendar_pdf(built, "refametinib", lang, "letter", large)
    least = 14 if large else 10
    sizes = font_sizes(pdf)
    small = {size: n for size, n in sizes.items() if size < least - 0.05}
    assert not small, small


def test_contact_labels_and_disclaimer_in_body_size(built: Builder) -> None:
    pdf = built("refametinib", "en")
    last = len(pages_text(pdf)) - 1
    body = load_theme("letter").sizes.body
    text = chars(pdf, last)
    for words in ("My trial doctor", "This sheet is for information only"):
        start = "".join(c[0] for c in text).find(words.replace(" ", ""))
        assert start >= 0, words
        assert {round(c[5], 1) for c in text[start : start + 8]} == {body}, words


def test_large_print_treatment_labels_stay_on_one_line(built: Builder) -> None:
    pdf = built("refametinib", "en", paper="letter", large_print=True)
    page = page_of(pdf, "My treatment")[0]
    assert "My care team's phone" in lines_of(pdf, page)


# --- nothing drawn through text ------------------------------------------------------


def ink_rows(image: Image.Image, x0: int, x1: int) -> list[int]:
    """Rows (top down) with any dark or coloured pixel between columns x0 and x1."""
    px = image.load()
    return [y for y in range(image.height) if any(px[x, y] < 200 for x in range(x0, x1))]


@pytest.mark.parametrize("drug", ["refametinib", "ralimetinib"])
@pytest.mark.parametrize("large", [False, True])
def test_footer_rule_clear_of_the_footer_text(drug: str, large: bool) -> None:
    """On every page, the footer's rule stays above the top of the footer's letters (the
    footer is as tall as its lines: the layout records each page's footer height)."""
    pdf, record = build_recorded(drug, "ar", Options(paper="a4", large_print=large))
    page = load_theme("a4", large_print=large).page
    for n in range(len(pages_text(pdf))):
        rule_y = (page.margin_bottom + record.footer_heights[n] - 1.5) * mm
        below = [c for c in chars(pdf, n) if c[2] < rule_y + 2]
        assert below, n
        assert max(c[4] for c in below) < rule_y - 0.5, (n, max(c[4] for c in below), rule_y)


def test_arabic_large_print_title_clear_of_the_notice_box(built: Builder) -> None:
    """The investigational box's top edge runs below the title's lowest letter."""
    pdf = built("refametinib", "ar", paper="letter", large_print=True)
    title = [c for c in chars(pdf, 0) if c[5] >= load_theme("letter", large_print=True).sizes.title - 0.5]
    assert title
    lowest = min(c[2] for c in title)  # the title's lowest glyph box, in points from the foot
    scale = 2.0
    image = render(pdf, 0, int(72 * scale))
    x0, x1 = (int(c * scale) for c in (min(c[1] for c in title), max(c[3] for c in title)))
    top_of_box = None
    height = image.height
    px = image.load()
    for y in range(int((height / scale - lowest) * scale), height):  # down from the title's foot
        if sum(1 for x in range(image.width // 4, 3 * image.width // 4) if px[x, y] < 160) > image.width / 3:
            top_of_box = y
            break
    assert top_of_box is not None
    glyph_foot = max(ink_rows(image.crop((0, 0, image.width, top_of_box)), x0, x1))
    assert top_of_box - glyph_foot >= 2 * scale, (top_of_box, glyph_foot)


# --- boxes ------------------------------------------------------------------------------


def heading(
    text: list[tuple[str, float, float, float, float, float, float]], word: str, size: float
) -> list[Any]:
    """The glyphs of the line that reads ``word`` alone, set at ``size``."""
    lines: dict[int, list[Any]] = {}
    for c in text:
        if abs(c[5] - size) < 0.3:
            lines.setdefault(round(c[6]), []).append(c)
    groups = []  # a line cut where a gap wider than two letters opens (the two boxes)
    for line in lines.values():
        line.sort(key=lambda c: c[1])
        groups.append([line[0]])
        for c in line[1:]:
            if c[1] - groups[-1][-1][3] > size * 1.5:
                groups.append([])
            groups[-1].append(c)
    want = sorted(word.replace(" ", ""))
    found = [g for g in groups if sorted(c[0] for c in g) == want]
    assert found, (word, ["".join(c[0] for c in g) for g in groups])
    return found[0]


def rgb(pdf: bytes, page: int, scale: float = 2.0) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()


def near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def extent(image: Image.Image, color: tuple[int, int, int], box: tuple[int, int, int, int]) -> list[int]:
    """The bounding rows and columns (x0, y0, x1, y1) of ``color`` inside ``box``."""
    px = image.load()
    xs, ys = [], []
    for y in range(box[1], box[3]):
        for x in range(box[0], box[2], 2):
            if near(px[x, y], color):
                xs.append(x)
                ys.append(y)
    return [min(xs), min(ys), max(xs), max(ys)] if xs else []


DO, DONT, ALERT_RED = (0x0F, 0x5C, 0x6E), (0xB3, 0x26, 0x1E), (0xB3, 0x26, 0x1E)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_do_and_dont_boxes_are_as_tall_as_each_other_and_their_stroke_runs_round(
    built: Builder, lang: str
) -> None:
    pdf = built("ralimetinib", lang, paper="a4")
    tr = i18n.Translator(i18n.language(lang))
    page = page_of(pdf, tr("Don't"))[0]
    scale = 2.0
    image = rgb(pdf, page, scale)
    w, h = image.size
    px = image.load()
    grey = (0xC4, 0xD0, 0xD6)  # the boxes' outline
    h3 = load_theme("a4").sizes.h3
    text = chars(pdf, page)
    bottoms = []
    for half, color in (((0, w // 2), DO), ((w // 2, w), DONT)):
        if lang == "ar":  # mirrored: Do on the right
            color = DONT if color == DO else DO
        word = tr("Do") if color == DO else tr("Don't")
        glyphs = heading(text, word, h3)
        head_top = int((h / scale - max(c[4] for c in glyphs)) * scale)
        # the stroke: the first row above the heading where the colour spans the box
        rows = [
            y
            for y in range(head_top - 60, head_top)
            if sum(1 for x in range(half[0], half[1], 3) if near(px[x, y], color)) > (half[1] - half[0]) / 9
        ]
        top = rows[0]
        side = extent(image, grey, (half[0], top + 30, half[1], top + 40))  # the side lines
        xl = side[0]
        y = top + 30
        while y < h and any(near(px[x, y], grey, 25) for x in range(xl - 1, xl + 3)):
            y += 1
        bottoms.append(y)
        # the coloured top edge follows the rounded corner down to the side line
        corner = [
            (x, yy) for x in range(xl - 1, xl + 3) for yy in range(top, top + 12) if near(px[x, yy], color)
        ]
        assert corner, (half, xl, top)
    assert abs(bottoms[0] - bottoms[1]) <= 2, bottoms


def test_heading_after_the_red_box_stands_clear(built: Builder) -> None:
    # Spanish refametinib on A4: the heading follows the red box on its page (in English
    # the box ends its page, after the side-effect table, and the heading opens the next)
    name = i18n.Translator(i18n.language("es"))("How side effects are managed")
    pdf = built("refametinib", "es", paper="a4")
    page = page_of(pdf, name)[0]
    text = chars(pdf, page)
    joined = "".join(c[0] for c in text)
    key = "".join(name.split())[:14]
    at = joined.find(key)
    assert at >= 0
    heading_top = max(c[4] for c in text[at : at + len(key)])
    image = rgb(pdf, page, 1.0)
    above = int(image.height - heading_top)  # the red box above the heading (the Don't box below is red too)
    red = extent(image, ALERT_RED, (0, 0, image.width, above))
    box_bottom = image.height - red[3]  # in points from the foot of the page
    assert box_bottom - heading_top >= 12, (box_bottom, heading_top)


def test_arabic_do_and_dont_icons_stand_clear_of_their_headings(built: Builder) -> None:
    pdf = built("refametinib", "ar", paper="a4")
    tr = i18n.Translator(i18n.language("ar"))
    page = page_of(pdf, tr("Don't"))[0]
    text = chars(pdf, page)
    image = rgb(pdf, page, 2.0)
    px = image.load()
    for word in (tr("Do"), tr("Don't")):
        glyphs = heading(text, word, load_theme("a4").sizes.h3)
        right = max(c[3] for c in glyphs)  # the heading's right end: the icon stands right of it
        top, bottom = max(c[4] for c in glyphs), min(c[2] for c in glyphs)
        y0, y1 = (int((image.height / 2 - v) * 2) for v in (top, bottom))
        gap = [
            x
            for x in range(int(right * 2) + 1, int((right + 4) * 2))
            if all(px[x, y] == (255, 255, 255) for y in range(y0, y1))
        ]
        assert len(gap) >= 4, (word, right)


def test_arabic_logo_has_its_padding_on_the_band_edge(built: Builder) -> None:
    pdf = built("refametinib", "ar", paper="a4")
    theme = load_theme("a4")
    doc = pdfium.PdfDocument(pdf)
    try:
        images = [o for o in doc[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        _, _, right, _ = images[0].get_bounds()
    finally:
        doc.close()
    band_right = (theme.page.width - theme.page.margin_right) * mm
    assert band_right - right >= theme.spacing.box_padding * mm - 0.5, (band_right, right)


# --- wide logos -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wide_brand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo brand with a 10:1 logo, the widest the docs allow."""
    folder = tmp_path_factory.mktemp("wide")
    Image.new("RGB", (1000, 100), (15, 92, 110)).save(folder / "wide.png")
    data = yaml.safe_load(default_brand_file().read_text())
    data["logo"] = "wide.png"
    (folder / "brand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return folder / "brand.yaml"


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ar"])
@pytest.mark.parametrize("large", [False, True])
def test_a_wide_logo_leaves_the_name_and_phones_whole(wide_brand: Path, lang: str, large: bool) -> None:
    pdf = build("refametinib", lang, Options(brand=wide_brand, large_print=large))
    doc = pdfium.PdfDocument(pdf)
    paper = "letter" if abs(doc[0].get_width() - 612) < 2 else "a4"  # the brand's paper
    theme = load_theme(paper, large_print=large)
    width = (theme.page.width - theme.page.margin_left - theme.page.margin_right) * mm
    try:
        images = [o for o in doc[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        left, _, right, _ = images[0].get_bounds()
    finally:
        doc.close()
    assert right - left <= 0.25 * width + 0.5
    lines = lines_of(pdf, 0)
    name = "Riverside Cancer Center"
    if lang == "ar":  # display order: the name's words, each whole on one line
        assert any(all(w in line.split() for w in name.split()) for line in lines), lines[:6]
    else:
        assert any(name in line for line in lines), lines[:6]
    for phone in ("(617) 555-0142", "(617) 555-0199"):
        if lang == "ar":  # pdfium may give the number's groups in display order
            assert any(all(g in line for g in phone.split()) for line in lines), (phone, lines[:8])
        else:
            assert any(phone in line for line in lines), (phone, lines[:8])


# --- long text ----------------------------------------------------------------------------


def test_a_long_table_cell_is_laid_out_in_near_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Breaking lines is the work: a cell twice as long costs about twice as many
    characters broken into lines, not four times (each page broke the rest again)."""
    from reportlab.platypus import paragraph

    import democontent as dc

    work = {"chars": 0}
    break_lines = paragraph.Paragraph.breakLines
    split = paragraph._split_blParaSimple

    def counting_break(self: Any, widths: Any) -> Any:
        work["chars"] += sum(len(getattr(f, "text", "")) for f in self.frags)
        return break_lines(self, widths)

    def counting_split(bl: Any, start: int, stop: int) -> Any:
        work["chars"] += sum(len(w) for line in bl.lines[start:stop] for w in line[1]) if bl.kind == 0 else 0
        return split(bl, start, stop)

    monkeypatch.setattr(paragraph.Paragraph, "breakLines", counting_break)
    monkeypatch.setattr(paragraph, "_split_blParaSimple", counting_split)

    def cost(repeats: int) -> int:
        en = dc.english()
        en["side_effects"]["common"]["tiredness"]["action"] = " ".join(
            ["Take it with water and food."] * repeats
        )
        root = dc.write(tmp_path / f"c{repeats}", {"en": en})
        work["chars"] = 0
        build("demo", "en", Options(content=root))
        return work["chars"]

    small, large = cost(1500), cost(3000)
    assert large < 2.6 * small, (small, large)


def test_the_call_box_may_leave_only_its_phones_for_the_next_page() -> None:
    """A call box of three items cannot part between them (two on each side): when its
    items fit the room left and its phones do not, the phones go on under the repeated
    title instead of the whole box moving on (large print left pages two thirds empty)."""
    from handouts.document.blocks import CallBox
    from handouts.pdf.flowables import Item
    from handouts.pdf.layout import call_box

    k = kit("en", "letter", large_print=True)
    items = ("Eyes: any change in your vision.", "Heart: anything new.", "Liver: your blood tests.")
    box = call_box(k, CallBox("Call right away", items, None, "Day: (617) 555-0142"))
    _, whole = box.wrap(k.width, k.frame_height)
    phones = k.para("Day: (617) 555-0142", after=0).wrap(k.width, k.frame_height)[1]
    parts = box.split(k.width, whole - phones / 2)

    def marked(part: Any) -> int:
        cells = [c for row in part._cellvalues for cell in row for c in cell]  # a cell: its flowables
        return sum(1 for c in cells if isinstance(c, Item))

    assert [marked(p) for p in parts] == [3, 0]
