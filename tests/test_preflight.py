"""The preflight: each check fires on a page built to fail it and stays quiet on its
fixed twin; the command reports `file page N: what, where` and exits 1; the layout's
record matches the PDF; and the whole bundled matrix passes."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.cli import main
from handouts.pdf.structure import BOX, CONTINUED, HEADING, ITEM, PAGE_START, TABLE, Block, Record
from handouts.pipeline import Options, build_recorded
from handouts.preflight import area, breaks, fill, flow, glyphs, preflight, typesize
from handouts.preflight.matrix import check_pdf
from handouts.preflight.problems import Problem
from handouts.preflight.reading import read
from handouts.preflight.sheet import Sheet
from handouts.reading.bundled import bundled
from handouts.reading.theme import load_theme

from pdfread import outline_titles

FONT = "PreflightSans"
W, H = 612.0, 792.0  # Letter, points: printable area 53.9 .. 558.1 x 31.2 .. 746.6
LEFT = 60.0

Draw = Callable[[Canvas], None]


def pdf(*pages: Draw) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(bundled("assets") / "fonts" / "NotoSans-Regular.ttf")))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(W, H), invariant=1)
    for draw in pages:
        canvas.setFont(FONT, 12)
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def lines(*rows: tuple[str, float], size: float = 12, x: float = LEFT) -> Draw:
    def draw(c: Canvas) -> None:
        c.setFont(FONT, size)
        for text, y in rows:
            c.drawString(x, y, text)

    return draw


def together(*draws: Draw) -> Draw:
    def draw(c: Canvas) -> None:
        for d in draws:
            d(c)

    return draw


def sheet(data: bytes, blocks: list[Block] | None = None, texts: list[str] | None = None) -> Sheet:
    record = Record(blocks or [], texts or [])
    return Sheet("case.pdf", read(data), record, load_theme("letter"), "Latn", False, False)


def kinds(problems: list[Problem]) -> list[str]:
    return [p.kind for p in problems]


BODY = [(f"Body line {i} of the page, with enough words to look like text.", 700 - 16 * i) for i in range(12)]
FULL = [(f"Line {i} of a page filled to its foot.", 730 - 16 * i) for i in range(41)]


# ---- where things are drawn --------------------------------------------------------


def test_a_rule_through_a_line_of_text_is_found() -> None:
    def edge(y: float) -> Draw:
        def draw(c: Canvas) -> None:
            lines(("Take one tablet with water", 600))(c)
            c.line(LEFT - 5, y, 300, y)

        return draw

    crossing = list(area.check(sheet(pdf(edge(603)))))
    assert kinds(crossing) == ["rule"]
    assert "page 1: a rule or box edge runs through the text, 'Take one tablet with water'" in str(
        crossing[0]
    )
    assert not list(area.check(sheet(pdf(edge(594)))))  # under the descenders: fine


def test_text_outside_the_margin_is_found() -> None:
    outside = list(area.check(sheet(pdf(lines(("Phone the clinic", 400), x=30)))))
    assert kinds(outside) == ["margin"]
    assert "past the left margin" in outside[0].what
    assert not list(area.check(sheet(pdf(lines(("Phone the clinic", 400))))))


def test_text_over_text_and_a_shape_over_text_are_found() -> None:
    both = pdf(together(lines(("Call right away", 500)), lines(("Do not wait", 503), x=LEFT + 20)))
    assert "overlap" in kinds(list(area.check(sheet(both))))

    def covered(c: Canvas) -> None:
        lines(("Call right away", 500))(c)
        c.rect(LEFT, 495, 80, 20, stroke=0, fill=1)  # painted after the text, over it

    assert kinds(list(area.check(sheet(pdf(covered))))) == ["overlap"]


# ---- where lines break -------------------------------------------------------------


def test_a_word_broken_without_a_hyphen_is_found() -> None:
    broken = pdf(lines(("Tirednes", 600), ("s", 586)))
    found = list(breaks.check(sheet(broken, texts=["Tiredness"])))
    assert kinds(found) == ["word"]
    assert "'Tirednes|s'" in found[0].what
    wrapped = pdf(lines(("Feeling very", 600), ("tired", 586)))
    assert not list(breaks.check(sheet(wrapped, texts=["Feeling very tired"])))


def test_a_table_header_broken_inside_a_word_is_found() -> None:
    head = pdf(lines(("Da", 600), ("y", 586), x=LEFT), lines(("Morni", 600), ("ng", 586), x=LEFT + 100))
    found = list(breaks.check(sheet(head, texts=["Day", "Morning"])))
    assert kinds(found) == ["word", "word"]


def test_a_phone_number_split_across_lines_is_found() -> None:
    split = pdf(lines(("Call +33 1 98 76 54", 600), ("32 at night", 586)))
    texts = ["Call +33\u00a01\u00a098\u00a076\u00a054\u00a032 at night"]
    assert kinds(list(breaks.check(sheet(split, texts=texts)))) == ["number"]
    whole = pdf(lines(("Call", 600), ("+33 1 98 76 54 32 at night", 586)))
    assert not list(breaks.check(sheet(whole, texts=texts)))


def test_a_line_starting_with_closing_punctuation_is_found() -> None:
    found = list(breaks.check(sheet(pdf(lines(("Take it with food", 600), (", or without.", 586))))))
    assert kinds(found) == ["line-start"]


# ---- how blocks flow over pages ------------------------------------------------------


def item(page: int, top: float, part: int = 0, group: int = 7, mark: str = "bullet") -> Block:
    return Block(ITEM, group, part, page, (LEFT, top - 14, 500, top), mark=mark)


def test_a_lone_list_item_at_the_head_of_a_page_is_found() -> None:
    two = pdf(lines(("First item", 120), ("Second item", 100)), lines(("Third item", 700)))
    lone = [item(1, 132), item(1, 112), item(2, 712)]
    found = list(flow.check(sheet(two, lone)))
    assert kinds(found) == ["lonely"]
    assert "case.pdf page 2: a list leaves one item alone at the top of the page (split 2/1)" in str(found[0])
    even = [item(1, 132), item(1, 112), item(2, 712), item(2, 692)]
    assert not list(flow.check(sheet(two, even)))


def test_a_heading_left_at_the_foot_of_a_page_is_found() -> None:
    pages = pdf(lines(*BODY[:2], ("How it works", 90), ("One line.", 70)), lines(*BODY))
    heading = Block(HEADING, 3, 0, 1, (LEFT, 86, 500, 104), text="How it works", level=2)
    assert kinds(list(flow.check(sheet(pages, [heading])))) == ["lonely"]
    # the twin: two lines under it, above the footer (the theme's 21 mm footer and margin)
    pages = pdf(lines(*BODY[:2], ("How it works", 140), ("One.", 120), ("Two.", 104)), lines(*BODY))
    heading = Block(HEADING, 3, 0, 1, (LEFT, 136, 500, 154), text="How it works", level=2)
    assert not list(flow.check(sheet(pages, [heading])))


def test_a_box_split_mid_sentence_without_its_title_is_found() -> None:
    pages = pdf(
        lines(("Don't", 160), ("Never take two doses", 140)),
        lines(("at once.", 720)),
    )
    box = [
        Block(BOX, 9, 0, 1, (LEFT - 4, 130, 500, 176), text="Don't"),
        Block(BOX, 9, 1, 2, (LEFT - 4, 710, 500, 736), text="Don't"),
    ]
    found = list(flow.check(sheet(pages, box)))
    assert sorted(kinds(found)) == ["box-split", "continued"]
    assert "split mid-sentence, 'Never take two doses'" in str(found[0])


@pytest.mark.parametrize(("script", "stop"), [("Devanagari", "\u0964"), ("Armenian", "\u0589")])
def test_a_box_split_after_a_danda_or_an_armenian_stop_is_between_sentences(script: str, stop: str) -> None:
    """Hindi and Panjabi end a sentence with a danda, Armenian with its own full stop: a
    box split 2/2 between its items was reported as split mid-sentence."""
    font = f"Preflight{script}"
    if font not in pdfmetrics.getRegisteredFontNames():
        path = bundled("assets") / "fonts" / f"NotoSans{script}Latin-Regular.ttf"
        pdfmetrics.registerFont(TTFont(font, str(path)))
    text = "\u0915\u0930\u0947\u0902" if script == "Devanagari" else "\u0561\u0575\u0578"

    def page(y: float, words: str) -> Draw:
        def draw(c: Canvas) -> None:
            c.setFont(font, 12)
            c.drawString(LEFT, y, words)

        return draw

    title = "Key points"
    pages = pdf(together(lines((title, 160)), page(140, text + stop)), lines((title + " (continued)", 720)))
    box = [
        Block(BOX, 9, 0, 1, (LEFT - 4, 130, 500, 176), text=title),
        Block(BOX, 9, 1, 2, (LEFT - 4, 690, 500, 736), text=title),
        Block(CONTINUED, 9, 0, 2, (LEFT, 716, 500, 732)),
    ]
    assert not list(flow.check(sheet(pages, box)))
    pages = pdf(together(lines((title, 160)), page(140, text)), lines((title + " (continued)", 720)))
    assert kinds(list(flow.check(sheet(pages, box)))) == ["box-split"]


def test_a_split_table_must_say_it_continues() -> None:
    pages = pdf(lines(("Side effect", 160), ("Rash", 140), ("Diarrhea", 120)), lines(("Side effect", 720)))
    table = [
        Block(TABLE, 4, 0, 1, (LEFT, 110, 500, 176), level=1, rows=3),
        Block(TABLE, 4, 1, 2, (LEFT, 660, 500, 736), level=1, rows=3),
    ]
    assert kinds(list(flow.check(sheet(pages, table)))) == ["continued"]
    said = [*table, Block(CONTINUED, 4, 1, 2, (LEFT, 736, 500, 746))]
    assert not list(flow.check(sheet(pages, said)))


# ---- type, glyphs, pages -------------------------------------------------------------------


def test_type_under_the_least_size_is_found() -> None:
    small = list(typesize.check(sheet(pdf(lines(*BODY), lines(("Main number: 555-0142", 400), size=9)))))
    assert "1 line(s) set at 9 pt, under 10 pt (body)" in small[0].what
    body = list(typesize.check(sheet(pdf(lines(*BODY, size=11)))))
    assert [p.what for p in body] == ["body text set at 11 pt, under 12 pt"]
    assert not list(typesize.check(sheet(pdf(lines(*BODY)))))


def test_long_lines_are_found_and_measured() -> None:
    long = [("x" * 60 + " long line of body text that runs on and on", 700 - 16 * i) for i in range(8)]
    found = list(typesize.check(sheet(pdf(lines(*long, size=9.5)))))
    assert "line-length" in kinds(found)
    lengths = typesize.figures(sheet(pdf(lines(*BODY)))).line_lengths
    assert lengths == {"Latn (standard)": [len(t) for t, _ in BODY]}


def test_a_character_without_a_glyph_is_found() -> None:
    found = list(glyphs.check(sheet(pdf(lines(("Dose: 50 mg \u4e2d", 500))))))
    assert kinds(found) == ["glyph"]
    assert "without a glyph in NotoSans-Regular" in found[0].what
    assert not list(glyphs.check(sheet(pdf(lines(("Dose: 50 mg", 500))))))


def test_an_almost_empty_page_before_the_last_is_found() -> None:
    found = list(fill.check(sheet(pdf(lines(*FULL), lines(("Only this", 700)), lines(("Last", 700))))))
    assert [(p.kind, p.page) for p in found] == [("empty", 2)]
    assert not list(fill.check(sheet(pdf(lines(*FULL), lines(*FULL), lines(("Last", 700))))))


# ---- the layout's record, the command, the matrix -----------------------------------------


def test_the_record_places_headings_where_the_pdf_has_them() -> None:
    data, record = build_recorded("refametinib", "en", Options(paper="letter"))
    headings = [b for b in record.blocks if b.kind == HEADING]
    assert [b.text for b in headings] == outline_titles(data)
    pages = read(data)
    for h in headings:
        inside = [ln.text for ln in pages[h.page - 1].lines if h.box[1] - 1 <= ln.baseline <= h.box[3]]
        assert h.text in inside
    assert "Tiredness" in record.texts
    # the running header and footer are marked as artifacts for screen readers: still read
    assert any("Content version" in ln.text for ln in pages[0].lines)
    assert any("Riverside Cancer Center" in ln.text for ln in pages[1].lines)


def test_the_command_reports_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        (bundled("assets") / "brand" / "brand.yaml").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    args = ["preflight", "refametinib", "--lang", "en", "--paper", "a4", "--size", "large"]
    args += ["--variant", "plain", "--no-packet", "--json", "--jobs", "1"]
    code = main(args)
    report = json.loads(capsys.readouterr().out)
    assert code == (1 if report["problems"] else 0)
    figures = report["figures"]
    assert figures["files"] == 1 and figures["pages"] >= 5
    assert set(figures["size_shares_percent"]) == {"large print"}
    assert "18" in figures["size_shares_percent"]["large print"]
    assert figures["median_chars_per_full_body_line"]["Latn (large print)"] > 20
    assert main(["preflight", "refametinib", "--jobs", "0"]) == 2


@pytest.mark.slow
def test_the_bundled_matrix_passes_preflight() -> None:
    """Every drug x language x paper x print size x variant, and a packet per paper."""
    report, _ = preflight(Options(), jobs=os.cpu_count() or 1)
    shown = "\n".join(str(p) for p in report.problems[:40])
    assert not report.problems, f"{len(report.problems)} problem(s):\n{shown}\n" + "\n".join(report.summary())


# ---- what the preflight found and this change fixed ------------------------------------


@pytest.mark.parametrize(
    ("lang", "paper", "large"), [("en", "letter", False), ("tl", "a4", False), ("es", "letter", True)]
)
def test_running_header_and_footer_stay_inside_the_margins(lang: str, paper: str, large: bool) -> None:
    """The header's logo stood 0.5 mm above the top margin on every page after the first,
    and a draft translation's two-line note ran under the bottom margin (6 mm in large print)."""
    data, record = build_recorded("ralimetinib", lang, Options(paper=paper, large_print=large))
    outcome = check_pdf("h.pdf", data, record, paper, large, lang)
    assert not [str(p) for p in outcome.problems if p.kind == "margin"]


def test_numbers_in_the_key_points_discs_are_10_pt_or_more() -> None:
    data, record = build_recorded("refametinib", "en", Options(paper="letter"))
    first = sheet(data, record.blocks, record.texts).pages[0]
    numbers = [ln for ln in first.lines if ln.text.strip() in {"1", "2", "3", "4"}]
    assert len(numbers) == 4
    assert min(ln.size for ln in numbers) >= 10


def test_the_packet_cover_footer_stays_inside_the_margin() -> None:
    report, _ = preflight(Options(), ["refametinib"], ["en"], ("letter",), ("standard",), ("plain",))
    assert not [str(p) for p in report.problems if p.kind == "margin" and p.file.startswith("packet")]


def problems_of(drug: str, lang: str, paper: str = "letter", large: bool = False) -> list[Problem]:
    data, record = build_recorded(drug, lang, Options(paper=paper, large_print=large))
    return check_pdf(f"{drug}-{lang}.pdf", data, record, paper, large, lang).problems


def test_a_split_box_and_a_split_table_say_they_continue() -> None:
    """Large print splits the key points box and the side-effect table: the part on the
    next page printed "(continued)" only in the box, and the layout record did not say
    so; the table's next part had no title at all."""
    data, record = build_recorded("refametinib", "en", Options(paper="letter", large_print=True))
    said = [b for b in record.blocks if b.kind == CONTINUED]
    for kind in (BOX, TABLE):
        split = {b.group for b in record.blocks if b.kind == kind and b.part > 0}
        assert split, f"no {kind} split in large print"
        assert split <= {b.group for b in said}
    pages = read(data)
    table = next(b for b in record.blocks if b.kind == TABLE and b.part > 0)
    assert any("Side effects (continued)" in ln.text for ln in pages[table.page - 1].lines)
    outcome = check_pdf("lp.pdf", data, record, "letter", True, "en")
    assert not [str(p) for p in outcome.problems if p.kind == "continued"]


def test_a_table_title_that_continues_stands_at_the_top_of_a_page() -> None:
    """The "(continued)" title goes between a table's parts: never at the foot of the
    page where the first part ends."""
    _data, record = build_recorded("refametinib", "en", Options(paper="letter", large_print=True))
    said = [b for b in record.blocks if b.kind == CONTINUED]
    tables = {b.group for b in record.blocks if b.kind == TABLE}
    for b in said:
        if b.group in tables:
            first = min(
                (x for x in record.blocks if x.page == b.page and x.kind == TABLE), key=lambda x: -x.box[3]
            )
            assert b.box[1] >= first.box[3] - 1  # above the table's part on its page


def test_the_last_two_questions_stay_together() -> None:
    """Arabic refametinib Letter left the eighth question alone at the top of page 6
    (split 7/1); English ralimetinib left one at the foot of page 5 (split 1/6)."""
    for drug, lang in (("refametinib", "ar"), ("ralimetinib", "en")):
        assert not [str(p) for p in problems_of(drug, lang) if p.kind == "lonely"]


def test_checklist_rules_clear_arabic_descenders_and_the_notice_stays_inside() -> None:
    """The rule under each checklist item ran through the Arabic letters that reach
    below the line; the investigational-drug box's left edge stood 0.5 mm past the margin."""
    found = problems_of("refametinib", "ar")
    assert not [str(p) for p in found if p.kind in ("rule", "margin")]


def test_body_lines_are_at_most_75_characters() -> None:
    """Latin lines held 81 characters (median) at 12 pt over 178 mm: body is 13 pt on a
    165 mm column now (1 inch side margins on Letter)."""
    for paper in ("letter", "a4"):
        data, record = build_recorded("ralimetinib", "en", Options(paper=paper))
        outcome = check_pdf("x.pdf", data, record, paper, False, "en")
        lengths = outcome.figures.line_lengths["Latn (standard)"]
        assert 60 <= sorted(lengths)[len(lengths) // 2] <= 75
        assert not [p for p in outcome.problems if p.kind == "line-length"]


def test_the_contact_panel_keeps_phones_and_the_web_address_whole() -> None:
    found = problems_of("refametinib", "en")
    assert not [str(p) for p in found if p.kind in ("number", "word")]


def test_a_page_of_note_lines_is_not_empty() -> None:
    """PDFium's bounds of a stroked line reach a whole line width past its ends: the
    note lines starting at the margin were not counted, and the notes page of large
    print read as 89% empty."""

    def ruled(c: Canvas) -> None:
        c.setLineWidth(1.3)
        for i in range(30):
            y = 720 - 22 * i
            c.line(53.9, y, 558.1, y)

    assert not list(fill.check(sheet(pdf(ruled, lines(("Last", 700))))))
    assert kinds(list(fill.check(sheet(pdf(lines(("Only this", 700)), lines(("Last", 700))))))) == ["empty"]


@pytest.mark.parametrize("lang", ["en", "fr", "hy", "pa"])
def test_large_print_running_header_phones_keep_their_size_and_clear_the_logo(lang: str) -> None:
    """French and Armenian phones were set at 12-13.5 pt, under large print's 14 pt, to
    fit one line under the clinic's name; Punjabi's ran under the logo. The name stays
    on one line (the taller header had let it wrap a word a line beside the phones)."""
    data, record = build_recorded("ralimetinib", lang, Options(paper="a4", large_print=True))
    found = check_pdf("h.pdf", data, record, "a4", True, lang).problems
    assert not [str(p) for p in found if p.kind in ("size", "overlap", "margin")]
    second = read(data)[1]
    assert any("Riverside Cancer Center" in ln.text for ln in second.lines)


@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_hanging_cjk_punctuation_stays_inside_the_margin(lang: str) -> None:
    """A full stop or comma that cannot start a line hangs past the line's end: it stood
    1.3 to 2.9 mm past the right margin."""
    found = problems_of("ralimetinib", lang)
    assert not [str(p) for p in found if p.kind == "margin"]


def test_the_large_print_dose_table_says_it_continues() -> None:
    """Chinese large print split the label-and-value dose table 2/2 without a title."""
    found = problems_of("ralimetinib", "zh-Hans", large=True)
    assert not [str(p) for p in found if p.kind == "continued"]


def calendar_problems(drug: str, lang: str, paper: str, large: bool, cycle: int) -> list[Problem]:
    import datetime as dt

    from handouts.model import Patient

    patient = Patient(start=dt.date(2026, 12, 7), cycle=cycle)
    options = Options(paper=paper, large_print=large, calendar=True, patient=patient)
    data, record = build_recorded(drug, lang, options)
    return check_pdf(f"{drug}-{lang}-calendar.pdf", data, record, paper, large, lang).problems


def test_turned_calendar_headers_of_three_lines_stay_inside_the_margin() -> None:
    """Tagalog large print: "Nabawasang gana sa pagkain" turned upwards takes three
    lines; its column was given room for two, the third stood 2.9 mm past the margin."""
    found = calendar_problems("ralimetinib", "tl", "letter", True, 21)
    assert not [str(p) for p in found if p.kind in ("margin", "word")]


@pytest.mark.parametrize("lang", ["tl", "ar", "hy"])
def test_a_printed_start_date_clears_the_line_under_it(lang: str) -> None:
    """Large print: the start date printed in "My treatment" sat 3 pt above its line, so
    the descenders of 'Nobyembre 24, 2026' (and Arabic's and Armenian's) crossed it."""
    found = calendar_problems("refametinib", lang, "letter", True, 21)
    assert not [str(p) for p in found if p.kind == "rule"]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_table_columns_keep_their_longest_words_whole(paper: str) -> None:
    """Armenian words broke without a hyphen in the side-effect table's first column
    (the header 'side effect' and the name 'tiredness'), a fifth of the page: the column takes the room
    its longest word needs from the wider ones."""
    found = problems_of("refametinib", "hy", paper)
    assert not [str(p) for p in found if p.kind == "word"]


def test_room_for_words_widens_only_the_short_column() -> None:
    from reportlab.platypus import Paragraph

    from handouts import fonts, i18n
    from handouts.pdf.kit import Kit, room_for_words

    language = i18n.language("hy")
    theme = load_theme("letter")
    k = Kit(theme, fonts.register(theme, language.script), language)
    word = Paragraph("ազդեցություն", k.styles["table_head"])
    need = word.minWidth() + 10 + 0.5  # its padding, and half a point for rounding
    cols = room_for_words([need - 8, 200.0, 100.0], [[word, "", ""]], 10)
    assert cols[0] >= need and abs(sum(cols) - (need + 292)) < 1e-6
    assert cols[1] < 200 and cols[2] < 100  # taken from both, in proportion to their room
    assert room_for_words([need + 1, 200.0], [[word, ""]], 10) == [need + 1, 200.0]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_line_with_a_hanging_full_stop_is_not_squeezed(lang: str) -> None:
    """A4: the last line of a result ended in a hanging 。 past its width; ReportLab
    narrowed its spaces to fit, and '約 40% 至 50%' was drawn over itself."""
    found = problems_of("refametinib", lang, "a4")
    assert not [str(p) for p in found if p.kind in ("overlap", "margin")]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_hanging_full_stop_in_a_table_cell_stays_inside_the_margin(paper: str) -> None:
    """Japanese large print: the dose note's 。 hung past its cell, 0.9 mm (Letter) and
    3.4 mm (A4) past the right margin, and a checklist intro hung two kana 6.3 mm past."""


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_japanese_large_print_lines_stay_inside_the_right_margin(paper: str) -> None:
    """Two small kana in a row ("チェッ|ク") both hung past a line's end (6.3 mm past the
    margin), and a full stop hung past a table cell's padding (0.9 mm on Letter, 3.4 mm
    on A4: '参加する臨床試験で決まります。')."""
    found = problems_of("refametinib", "ja", paper, large=True)
    assert not [str(p) for p in found if p.kind == "margin"]


def test_the_page_before_a_section_that_starts_its_own_page_is_the_handouts_end() -> None:
    """The calendar starts a page of its own: the page before it ends the handout's own
    pages, like a last page, and may end early. Any other short page is still found."""
    short = pdf(lines(("Only this", 700)), lines(*FULL), lines(("Last", 700)))
    start = Block(PAGE_START, 0, 0, 2, (0, 0, 0, 0))
    assert kinds(list(fill.check(sheet(short, [start])))) == []
    later = Block(PAGE_START, 0, 0, 3, (0, 0, 0, 0))
    assert [p.page for p in fill.check(sheet(short, [later]))] == [1]


def test_the_calendar_records_that_it_starts_a_page() -> None:
    data, record = build_recorded("ralimetinib", "en", Options(calendar=True))
    starts = [b.page for b in record.blocks if b.kind == PAGE_START]
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(data)]
    assert len(starts) == 1 and "My dose calendar" in pages[starts[0] - 1]
    assert "My dose calendar" not in pages[starts[0] - 2]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_chinese_line_with_a_hanging_full_stop_keeps_its_spaces(lang: str) -> None:
    """A line one hanging full stop wider than its width had its spaces pulled in by that
    much (negative word spacing): "约 40%至 50%的" was drawn over itself (A4, page 6)."""
    found = problems_of("refametinib", lang, "a4")
    assert not [str(p) for p in found if p.kind == "overlap"]


@pytest.mark.parametrize("lang", ["es", "hy"])
def test_a_call_right_away_box_taller_than_a_page_keeps_its_three_items_together(lang: str) -> None:
    """Large print on Letter: the box (three items, a note and the phones) is taller than a
    page; it split 2/1, the liver item alone at the top of the next page (in Armenian
    inside a sentence). Its items now stay together, the note and phones going on."""
    found = problems_of("refametinib", lang, "letter", large=True)
    assert not [str(p) for p in found if p.kind in ("lonely", "box-split", "continued")]


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_the_example_tick_stays_inside_the_margin_right_to_left(lang: str) -> None:
    """The example tick is drawn a little larger than its box; on a right-to-left page
    the box stands at the right margin, so the tick reached 0.3 mm past it in large print."""
    data, record = build_recorded("ralimetinib", lang, Options(paper="letter", large_print=True))
    problems = check_pdf("t.pdf", data, record, "letter", True, lang).problems
    assert [p for p in problems if p.kind == "margin"] == []


@pytest.mark.parametrize(("drug", "lang"), [("ralimetinib", "en"), ("refametinib", "es")])
def test_a_heading_and_its_list_or_table_do_not_leave_a_page_mostly_empty(drug: str, lang: str) -> None:
    """In large print a heading kept with its intro and a list of three (or a table's
    first rows) went whole to the next page and left the page before more than half
    empty (English ralimetinib page 4, Spanish refametinib pages 3 and 15). They now
    break where the rules allow: two lines under the heading, two items on each side."""
    found = problems_of(drug, lang, "letter", large=True)
    assert not [str(p) for p in found]


def test_a_table_row_of_two_lines_or_more_may_stand_alone() -> None:
    """Large print stacks a side effect's name, what you may notice and what to do in one
    row: such a row alone at a page's foot is a paragraph's worth of lines, not a lone
    line. A lone row of one line is still found."""
    rest = lines(
        ("Side effect (continued)", 730), ("Side effect", 710), ("Diarrhea", 690), ("Tiredness", 670)
    )
    said = Block(CONTINUED, 4, 1, 2, (LEFT, 726, 500, 744))
    later = Block(TABLE, 4, 1, 2, (LEFT, 660, 500, 722), level=1, rows=3, head=20)
    one = pdf(lines(("Side effect", 160), ("Rash", 140)), rest)
    first = Block(TABLE, 4, 0, 1, (LEFT, 130, 500, 176), level=1, rows=2, head=20)
    found = list(flow.check(sheet(one, [first, later, said])))
    assert kinds(found) == ["lonely"]
    assert "a table leaves 1 row(s) at the foot of the page (split 1/2)" in found[0].what
    stacked = pdf(
        lines(
            ("Side effect", 160),
            ("Rash", 140),
            ("What you may notice: spots.", 124),
            ("What to do: ask.", 108),
        ),
        rest,
    )
    first = Block(TABLE, 4, 0, 1, (LEFT, 100, 500, 176), level=1, rows=2, head=20)
    assert not list(flow.check(sheet(stacked, [first, later, said])))


# a first page filled to a little under half: 54% of its body frame is empty
HALF = [(f"Line {i} of a page that ends early.", 730 - 15 * i) for i in range(20)]


def test_a_page_ending_early_before_a_box_kept_whole_is_counted_not_found() -> None:
    """The call box is split only between its items, two on each side, or after all of
    them (its phones go on alone): a box of three items whose items alone are taller
    than the room left goes whole to the next page. That page is counted, not found;
    a box that could have been split there is found."""
    title = ("Call your care team right away", 690)
    texts = [(f"Item {n} line {i}", 660 - 170 * n - 18 * i) for n in range(3) for i in range(8)]
    box_page = lines(title, *texts, ("Day: 555-0142", 130))
    items = [item(2, 672 - 170 * n, group=5, mark="alert") for n in range(3)]
    items = [
        replace(b, box=(LEFT, 660 - 170 * n - 18 * 7 - 4, 500, 672 - 170 * n)) for n, b in enumerate(items)
    ]
    box = Block(BOX, 6, 0, 2, (LEFT - 4, 110, 500, 705), text="Call your care team right away")
    case = sheet(pdf(lines(*HALF), box_page, lines(("Last", 700))), [box, *items])
    assert not list(fill.check(case))
    assert fill.ending_early(case) == 1
    # four shorter items: the box may part after two, and two would have fitted
    four = [replace(b, box=(LEFT, 612 - 72 * n, 500, 672 - 72 * n)) for n, b in enumerate([*items, items[0]])]
    case = sheet(pdf(lines(*HALF), box_page, lines(("Last", 700))), [box, *four])
    assert kinds(list(fill.check(case))) == ["empty"]
    assert fill.ending_early(case) == 0


def test_a_page_ending_early_before_a_heading_kept_with_its_short_list_is_counted() -> None:
    """A heading keeps two lines under it and a list of three keeps two items on each
    side: with a one-line intro and items of three lines, no first piece is short
    enough for the room left, so the section starts the next page. With an intro of two
    lines the heading and its intro would have fitted: that page is found."""

    def section(intro: int) -> tuple[Draw, list[Block]]:
        shift = 20 * (intro - 1)
        rows = [("What studies have shown", 690), *[(f"Intro line {i}", 670 - 20 * i) for i in range(intro)]]
        rows += [(f"Item {n} line {i}", 630 - shift - 100 * n - 30 * i) for n in range(3) for i in range(3)]
        head = Block(HEADING, 3, 0, 2, (LEFT, 686, 500, 704), text="What studies have shown", level=2)
        marks = [
            Block(
                ITEM, 8, 0, 2, (LEFT, 630 - shift - 100 * n - 70, 500, 642 - shift - 100 * n), mark="bullet"
            )
            for n in range(3)
        ]
        return lines(*rows), [head, *marks]

    draw, blocks = section(1)
    case = sheet(pdf(lines(*HALF), draw, lines(("Last", 700))), blocks)
    assert not list(fill.check(case))
    assert fill.ending_early(case) == 1
    draw, blocks = section(2)
    case = sheet(pdf(lines(*HALF), draw, lines(("Last", 700))), blocks)
    assert kinds(list(fill.check(case))) == ["empty"]


def test_a_footer_is_only_as_tall_as_its_lines() -> None:
    """Large print kept 36 mm under every page for a footer of five lines (the footer
    line and a draft note in two languages, wrapped at 14 pt); an English footer has two,
    so 17 mm of every English page stayed empty. The body now goes down to the footer's
    own top, and the footer's lines stay inside the margin."""
    theme = load_theme("letter", large_print=True)
    heights = {}
    for lang in ("en", "tl"):
        data, record = build_recorded("refametinib", lang, Options(paper="letter", large_print=True))
        heights[lang] = max(record.footer_heights)
        outcome = check_pdf("f.pdf", data, record, "letter", True, lang)
        assert not [str(p) for p in outcome.problems if p.kind in ("margin", "overlap", "rule")]
    assert heights["en"] < theme.page.footer_height - 10
    assert heights["en"] + 10 < heights["tl"] <= theme.page.footer_height
