"""Layout at the limits: a 300-character word, 2,000 list items, the smallest content the
rules allow, a table cell taller than a page, the longest clinic name, in Latin, Arabic
and Chinese script. Every build succeeds (ReportLab's LayoutError never happens) and
every word is read back from the PDF."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from reportlab.lib.units import mm

from handouts.errors import ContentError, UserError
from handouts.pipeline import Options, build, build_recorded
from handouts.reading.brand import MAX_NAME, default_brand_file
from handouts.reading.theme import load_theme

import democontent as dc
from pdfread import all_text, pages_text

LANGS = ["en", "ar", "zh-Hans"]
LETTERS = {
    "en": string.ascii_lowercase,
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "zh-Hans": "药片每天两次服用医生团队联系",
}
SENTENCE = {"en": "Take it with water", "ar": dc.ARABIC, "zh-Hans": dc.CHINESE}


def word(i: int, lang: str, width: int = 3) -> str:
    """A distinct word for ``i`` with no digit in it (digits are not allowed in prose)."""
    letters = LETTERS[lang]
    out = ""
    for _ in range(width):
        i, r = divmod(i, len(letters))
        out += letters[r]
    return out


def content(tmp_path: Path, lang: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """The demo drug with ``change`` applied to the text in ``lang`` (English is the
    source: a translation has the same lists, so the English gets them too)."""
    en = dc.english()
    if lang == "en":
        change(en)
        return dc.write(tmp_path / "content", {"en": en})
    other = dc.translate(en, lang, lambda path, text: SENTENCE[lang])
    change(other)
    en = dc.rewrite(other, lambda path, text: "Some English text.")
    en.update(language="en", review={"status": "source"})
    return dc.write(tmp_path / "content", {"en": en, lang: other})


def printed(pdf: bytes) -> str:
    return dc.squash(" ".join(pages_text(pdf)))


def count(page: str, text: str, how: str) -> int:
    """How many times ``text`` is on ``page`` (both squashed): as a whole ("text"); by its
    rarest word ("words": pdfium gives a line that mixes Arabic and Latin back in display
    order, and a running header's first line together with the phones beside it); or by
    its rarest character ("chars": a Chinese line breaks between any two, and a word
    broken at the foot of a table's column is read back in two pieces)."""
    if how == "text":
        return page.count(dc.squash(dc.expected(text)))
    if how == "words":
        return min(page.count(dc.squash(w)) for w in dc.expected(text).split())
    have, want = Counter(page), Counter(dc.squash(dc.expected(text)))
    return min(have[ch] // n for ch, n in want.items())


HOW = {"en": "text", "ar": "words", "zh-Hans": "chars"}


def furniture(pdf: bytes, paper: str, footers: list[float], large_print: bool = False) -> list[str]:
    """Per page, the text outside the frame the story flows in: the running header and
    the footer only (``footers``: each page's footer height, as the layout recorded it: a
    footer is as tall as its lines). Text of the story there would have run past the frame."""
    page = load_theme(paper, large_print=large_print).page
    top = (page.height - page.margin_top - page.header_height) * mm
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for number, p in enumerate(doc):
            tp = p.get_textpage()
            bottom = (page.margin_bottom + footers[number]) * mm
            # A character is outside when its middle is: a line marked with its text
            # (/ActualText) gives every character the line's height, descenders included.
            chars = []
            for i in range(tp.count_chars()):
                _, y0, _, y1 = tp.get_charbox(i)
                middle = (y0 + y1) / 2
                if middle < bottom - 1 or (number and middle > top + 1):  # page 1: no header
                    chars.append(tp.get_text_range(i, 1))
            out.append(dc.squash("".join(chars)))
        return out
    finally:
        doc.close()


def assert_printed(pdf: bytes, lang: str, *texts: str) -> None:
    page = printed(pdf)
    missing = [t[:60] for t in texts if count(page, t, HOW[lang]) < 1]
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_a_word_longer_than_a_line_wraps_by_letters(tmp_path: Path, lang: str) -> None:
    long_word = (LETTERS[lang] * 20)[:300]
    url = "https://example.org/" + "very-long-path/" * 19
    long_text = f"{SENTENCE[lang]} {long_word} {url} {SENTENCE[lang]}"

    def change(p: dict[str, Any]) -> None:
        p["summary"] = long_text
        p["key_points"] = [long_word]
        p["dos"] = [long_word]
        p["side_effects"]["common"]["tiredness"]["name"] = long_word
        p["side_effects"]["serious"]["liver"]["text"] = long_text

    pdf, record = build_recorded("demo", lang, Options(content=content(tmp_path, lang, change)))
    page = printed(pdf)
    if lang == "ar":  # the Latin address inside Arabic lines: every character is there
        assert count(page, f"{SENTENCE[lang]} {long_word}", "words") >= 4
        assert count(page, url, "chars") >= 2
    else:
        assert count(page, long_text, HOW[lang]) >= 2
    assert count(page, long_word, "chars" if lang == "zh-Hans" else "text") >= 5
    part = dc.squash(long_word[:6])
    paper = "letter" if lang == "en" else "a4"
    assert not [text for text in furniture(pdf, paper, record.footer_heights) if part in text]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_two_thousand_list_items(tmp_path: Path, lang: str) -> None:
    items = [f"{SENTENCE[lang].split()[0]} {word(i, lang)}" for i in range(2000)]

    def change(p: dict[str, Any]) -> None:
        p["key_points"] = items
        p["dos"] = items if lang == "en" else items[:500]
        p["donts"] = items[:500]

    pdf, record = build_recorded("demo", lang, Options(content=content(tmp_path, lang, change)))
    page = printed(pdf)
    missing = [item for item in items if count(page, item, HOW[lang]) < 1]
    assert not missing
    first = dc.squash(SENTENCE[lang].split()[0])
    paper = "letter" if lang == "en" else "a4"
    assert not [text for text in furniture(pdf, paper, record.footer_heights) if first in text]
    assert "2,000" in all_text(pdf) or lang != "en"  # the number of the last key point


@pytest.mark.parametrize("lang", LANGS)
def test_the_smallest_content_the_rules_allow(tmp_path: Path, lang: str) -> None:
    """Every list holds one item, every optional key is left out, every text is one word."""
    count = iter(range(10_000))

    def change(p: dict[str, Any]) -> None:
        for key in ("key_points", "how_it_works", "dos", "donts"):
            p[key] = p[key][:1]
        for key in ("studied_for", "results"):
            p[key]["items"] = p[key]["items"][:1]
            p[key].pop("note", None)
        p["dosing"].pop("missed_dose", None)
        p["side_effects"].pop("managing", None)
        p["side_effects"].pop("serious_note", None)
        p.update(dc.rewrite(p, lambda path, text: word(next(count), lang, 4)))

    root = content(tmp_path, lang, change)
    pdf = build("demo", lang, Options(content=root))
    prose = yaml.safe_load((root / "demo" / f"{lang}.yaml").read_text())
    assert_printed(pdf, lang, *(text for _, text in dc.texts(prose)))


@pytest.mark.parametrize(("lang", "large_print"), [(lang, False) for lang in LANGS] + [("ar", True)])
def test_a_table_cell_or_box_taller_than_a_page_splits_across_pages(
    tmp_path: Path, lang: str, large_print: bool
) -> None:
    """A side effect's advice in the table, a serious one in the alert box and a precaution,
    each pages long: split across pages, never running past the foot of a page."""
    marker = word(7, lang, 5)
    times = 300 if lang == "en" else 80  # some 1,500 English words; pages in each script
    text = " ".join([SENTENCE[lang], marker] * times)

    def change(p: dict[str, Any]) -> None:
        p["side_effects"]["common"]["tiredness"]["action"] = text
        p["side_effects"]["common"]["tiredness"]["notice"] = " ".join([marker] * times)
        p["side_effects"]["serious"]["liver"]["text"] = text
        p["precautions"][0]["text"] = text

    paper = "letter" if lang == "en" else "a4"
    options = Options(content=content(tmp_path, lang, change), large_print=large_print)
    pdf, record = build_recorded("demo", lang, options)
    assert len(pages_text(pdf)) >= 6
    assert not [text for text in furniture(pdf, paper, record.footer_heights, large_print) if marker in text]
    found = count(printed(pdf), marker, HOW[lang])
    assert found == 4 * times if lang != "zh-Hans" else found >= 4 * times  # characters recur


def brand_file(tmp_path: Path, name: str) -> Path:
    data = yaml.safe_load(default_brand_file().read_text())
    data["name"] = name
    data["logo"] = str(default_brand_file().parent / data["logo"])
    path = tmp_path / "brand.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=1_000_000))
    return path


LONG_NAMES = {
    "en": "Riverside Regional Comprehensive Cancer Center, Department of Medical Oncology"
    " and Supportive Care Services",
    "ar": "مركز ريفرسايد الإقليمي الشامل لعلاج السرطان وقسم الأورام الطبية والرعاية الداعمة"
    " والبحوث السريرية الجناح الغربي",
    "zh-Hans": "河畔地区综合癌症中心肿瘤内科与支持治疗部临床研究网络门诊输液中心西翼分部" * 3,
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_longest_clinic_name_prints_whole_everywhere(tmp_path: Path, lang: str) -> None:
    """The first page's band, the running header of later pages and the contact box."""
    name = LONG_NAMES[lang][:MAX_NAME].strip()
    assert len(name) >= MAX_NAME - 1
    pdf = build(
        "demo",
        lang,
        Options(content=content(tmp_path, lang, lambda p: None), brand=brand_file(tmp_path, name)),
    )
    pages = [dc.squash(text) for text in pages_text(pdf)]
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        want = 2 if number == len(pages) else 1  # page 1: the band; later: header (+ contact)
        assert count(text, name, "chars" if lang == "zh-Hans" else "words") >= want, number


def test_a_clinic_name_too_long_for_the_page_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as err:
        build("refametinib", "en", Options(brand=brand_file(tmp_path, "A" * (MAX_NAME + 1))))
    assert "name: 101 characters; a clinic's name is at most 100" in str(err.value)
    # Large print has room for less: a long name that cannot fit even set smaller is a
    # clear error, never a header running past the margin.
    with pytest.raises(UserError) as err:
        build(
            "refametinib", "ar", Options(brand=brand_file(tmp_path, LONG_NAMES["ar"][:80]), large_print=True)
        )
    assert str(err.value).startswith(
        "the clinic's name (name in the brand file) is too long to fit on the page"
    )
