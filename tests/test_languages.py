"""The bundled languages and their scripts: catalogs, formatting, fonts, right-to-left order,
locale negotiation and translation status."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from bidi.algorithm import get_display
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from handouts import fonts, i18n
from handouts.cli import main
from handouts.errors import UserError
from handouts.i18n import Translator, negotiate
from handouts.pdf.flowables import LineStyle, RtlParagraph
from handouts.pipeline import Options, build, default_content, prepare
from handouts.reading.brand import default_brand_file
from handouts.reading.drugs import find_drugs
from handouts.reading.theme import load_theme
from handouts.text import Run, drawable, keep_ltr, shape
from handouts.translating.translations import statuses

from pdfread import all_text, drawn_strings, reader
from pdfread import fonts as pdf_fonts

LANGS = [
    "en",
    "es",
    "zh-Hans",
    "vi",
    "ko",
    "ru",
    "tl",
    "ar",
    "pt",
    "fr",
    "ht",
    "pl",
    "ja",
    "zh-Hant",
    "hy",
    "fa",
    "hi",
    "pa",
]
DRUGS = ["refametinib", "ralimetinib"]


def squash_all(text: str) -> str:
    """Without spaces and without Arabic-script vowel marks: PDFium returns a mark such
    as the tanwin of "فوراً" before its letter, Poppler after it."""
    return "".join(ch for ch in "".join(text.split()) if not "\u064b" <= ch <= "\u0652")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("drug", DRUGS)
def test_handout_in_every_language(built, drug: str, lang: str) -> None:
    pdf = built(drug, lang)
    h = prepare(drug, lang, Options())
    tr = Translator(h.language)
    # pdfium gives logical order (and plain Arabic letters) back; compare without spaces,
    # since CJK lines break between any two characters.
    text = squash_all(all_text(pdf))
    for heading in ("How to take it", "Before you start", "Side effects", "Call your care team right away"):
        assert squash_all(tr(heading)) in text, (lang, heading)
    if not h.language.rtl:  # Arabic lines are checked glyph by glyph below
        assert squash_all(drawable(tr.quantity(h.facts.dose))) in text
    for name, info in pdf_fonts(pdf).items():
        assert info["embedded"] and "+" in name, name
    assert reader(pdf).trailer["/Root"]["/Lang"] == lang
    if lang != "en":
        assert squash_all("Translation not yet reviewed by a qualified medical translator.") in text
        assert squash_all(tr("Translation not yet reviewed by a qualified medical translator.")) in text


def test_doses_are_formatted_for_the_locale() -> None:
    def dose(lang: str) -> str:
        h = prepare("refametinib", lang, Options())
        return drawable(Translator(h.language).quantity(h.facts.dose)).replace("\u00a0", " ")

    assert dose("en") == "30 mg to 50 mg"
    assert dose("es") == "30 mg a 50 mg"
    assert dose("ru") == "от 30 мг до 50 мг"
    assert "30" in dose("ar") and "50" in dose("ar") and "mg" not in dose("ar")


def test_dates_are_formatted_for_the_locale(built) -> None:
    assert "English original dated January 15, 2026" in all_text(built("refametinib", "en"))
    assert "15 de enero de 2026" in all_text(built("refametinib", "es"))
    assert "2026年1月15日" in all_text(built("refametinib", "zh-Hans"))
    assert "2026年1月15日" in all_text(built("refametinib", "ja"))
    assert "2026 թ. հունվարի 15" in all_text(built("refametinib", "hy"))


@pytest.mark.parametrize(
    ("asked", "got"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("es_MX", "es"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("ZH_hans", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("tl", "tl"),
        ("fil", "tl"),
        ("AR", "ar"),
        ("en-US", "en"),
        ("pt-BR", "pt"),
        ("fr-CA", "fr"),
        ("ht", "ht"),
        ("pl_PL", "pl"),
        ("ja-JP", "ja"),
        ("zh-Hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("hy-AM", "hy"),
        ("fa-IR", "fa"),
    ],
)
def test_language_negotiation(asked: str, got: str) -> None:
    assert negotiate(asked, LANGS) == got


def test_unknown_language_lists_native_names() -> None:
    with pytest.raises(UserError) as err:
        negotiate("de", LANGS)
    message = str(err.value)
    for name in (
        "Español",
        "Tiếng Việt",
        "العربية",
        "한국어",
        "Русский",
        "Português",
        "Français",
        "Kreyòl Ayisyen",
        "Polski",
        "日本語",
        "繁體",
        "Հայերեն",
        "فارسی",
    ):
        assert name in message
    with pytest.raises(UserError):  # Traditional Chinese is not Simplified
        negotiate("zh-Hant", [lang for lang in LANGS if lang != "zh-Hant"])


def test_haitian_creole_fills_what_cldr_lacks(built) -> None:
    """CLDR has no Haitian Creole month names and no "or" list pattern: Babel falls
    back to root ("2026 M01 15", "21 or 28"). The footer date is then numeric, and the
    cycle line joins with the catalog's word."""
    text = all_text(built("refametinib", "ht"))
    assert "M01" not in text and "2026-01-15" in text
    assert squash_all("Souvan, sik 21 oswa 28 jou") in squash_all(text)
    assert "21or28" not in squash_all(text)
    for lang in LANGS:  # every other language keeps CLDR's own month names and list
        tr = Translator(i18n.language(lang))
        if lang != "ht":
            assert tr.date(dt.date(2026, 1, 15)) != "2026-01-15", lang
        assert tr.alternatives(["21", "28"]) != "21 or 28" or lang == "en", lang
    assert Translator(i18n.language("ht")).alternatives(["7", "21", "28"]) == "7, 21 oswa 28"


def test_paper_from_option_then_brand_then_language(tmp_path: Path) -> None:
    """The clinic's paper (brand file) wins over the language; --paper over both."""
    shipped = default_brand_file()
    assert "paper: letter" in shipped.read_text()  # the demo clinic is in Boston
    for lang in ("en", "es", "zh-Hans", "ar", "ko", "ru", "vi"):
        assert prepare("refametinib", lang, Options()).paper == "letter"
    assert prepare("refametinib", "es", Options(paper="a4")).paper == "a4"
    no_paper = tmp_path / "brand.yaml"
    no_paper.write_text(shipped.read_text().replace("paper: letter", "").replace("logo: logo.png", ""))
    by_language = {"en": "letter", "es": "a4", "es-MX": "letter", "tl": "letter", "vi-US": "letter"}
    for lang, paper in by_language.items():
        assert prepare("refametinib", lang, Options(brand=no_paper)).paper == paper, lang
    a4 = tmp_path / "a4.yaml"
    a4.write_text(no_paper.read_text() + "paper: a4\n")
    assert prepare("refametinib", "en", Options(brand=a4)).paper == "a4"
    assert prepare("refametinib", "en", Options(brand=a4, paper="letter")).paper == "letter"


def test_every_shipped_character_has_a_glyph() -> None:
    """validate checks content and catalogs against each language's font; here the
    check is shown to bite: a character no font has is reported with its code point."""
    theme = load_theme("letter")
    covered = fonts.coverage(theme, "Latn")
    assert fonts.missing("Café ✓ 💊", covered) == ["✓", "💊"]
    assert fonts.describe("💊") == "U+1F48A PILL"
    assert main(["validate"]) == 0


def test_persian_zero_width_non_joiner_is_read_back() -> None:
    """The zero-width non-joiner is part of a Persian word ("می<ZWNJ>شود" is one word, not
    "میشود"): the bidi algorithm drops it from the display order, but extraction must
    still read it, in its place."""
    pair = fonts.register(load_theme("a4"), "Arab")
    zwnj = "\u200c"
    logical = f"این دارو می{zwnj}شود و آن{zwnj}ها را نمی{zwnj}گیرند."  # noqa: RUF001
    para = RtlParagraph([Run(logical)], LineStyle(pair.regular, pair.bold, 12, 16, black))
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    para.wrapOn(canvas, 500, 100)
    para.drawOn(canvas, 50, 700)
    canvas.save()
    import pypdfium2 as pdfium

    assert pdfium.PdfDocument(buf.getvalue())[0].get_textpage().get_text_range() == logical
    # the printed Persian handout: its words with a non-joiner read back whole
    text = all_text(build("refametinib", "fa", Options()))
    assert f"می{zwnj}شود" in text and f"آن{zwnj}ها" in text  # noqa: RUF001


def test_arabic_glyph_order_follows_the_bidi_algorithm() -> None:
    """Draw an Arabic line with Latin, digits and brackets; read the glyphs back left to
    right; they must be the Unicode bidi algorithm's display order of the shaped text."""
    theme = load_theme("a4")
    pair = fonts.register(theme, "Arab")
    logical = "خذ الدواء " + keep_ltr("30 mg") + " مرتين (صباحا ومساء) مع فحص ECHO كل شهر."
    para = RtlParagraph([Run(logical)], LineStyle(pair.regular, pair.bold, 12, 16, black))
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    para.wrapOn(canvas, 500, 100)
    assert len(para.lines) == 1
    para.drawOn(canvas, 50, 700)
    canvas.save()
    drawn = "".join(drawn_strings(buf.getvalue()))
    expected = drawable(get_display(shape(logical), base_dir="R"))
    assert drawn == expected
    assert "30 mg" in drawn and "ECHO" in drawn  # left-to-right runs keep their inner order
    # the bracket that opens the phrase (logically first) stands at its right, mirrored
    assert "(ﺀﺎﺴﻣﻭ ﺎﺣﺎﺒﺻ)" in drawn
    # and the line is set flush right: its rightmost glyph ends at the right edge (50 + 500)
    import pypdfium2 as pdfium

    tp = pdfium.PdfDocument(buf.getvalue())[0].get_textpage()
    right = max(tp.get_charbox(i)[2] for i in range(tp.count_chars()))
    assert 548 < right <= 550.5


def test_arabic_handout_lines_are_in_display_order(built) -> None:
    """In a whole Arabic handout, the heading of the dosing section is drawn as the bidi
    algorithm orders it (shaped, reversed), not in logical order."""
    pdf = built("refametinib", "ar")
    tr = Translator(i18n.language("ar"))
    heading = tr("How to take it")
    # a line is drawn in pieces (runs of letters, marked for extraction), left to right
    drawn = "".join(s for page in range(len(reader(pdf).pages)) for s in drawn_strings(pdf, page))
    assert drawable(get_display(shape(heading), base_dir="R")) in drawn
    assert shape(heading) not in drawn  # logical order would read backwards


def test_persian_handout_reads_back_with_persian_letters(built) -> None:
    """Persian is drawn with the Arabic pipeline, but its letters stay Persian: the text read
    back has ی and ک (shaped to their Persian forms), never the Arabic ي and ك."""
    text = all_text(built("refametinib", "fa"))
    assert "ی" in text and "ک" in text
    assert not {"ي", "ك"} & set(text)
    assert squash_all("یک **درمان هدفمند** برای سرطان".replace("**", "")) in squash_all(text)


def test_translations_are_complete_and_stale_when_english_changes(tmp_path: Path, capsys) -> None:
    rows = statuses(find_drugs(default_content()))
    assert {r.state for r in rows if r.lang != "en"} == {"complete"}
    assert {(r.drug, r.lang) for r in rows} == {(d, lang) for d in DRUGS for lang in LANGS}
    assert all(r.review == "draft" for r in rows if r.lang != "en")
    assert main(["translations", "--strict"]) == 0

    content = tmp_path / "content"
    shutil.copytree(default_content() / "refametinib", content / "refametinib")
    en = content / "refametinib" / "en.yaml"
    en.write_text(en.read_text().replace("Your trial sets your dose.", "Your trial team sets your dose."))
    capsys.readouterr()
    assert main(["translations", "--strict", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert ["refametinib", "es", "Español", "stale", "draft;", "stale:", "dosing"] in [
        line.split() for line in out.splitlines()
    ]
    # A translator updates the text, then stamps it: complete again.
    assert main(["translations", "--stamp", "refametinib", "es", "--content", str(content), "-q"]) == 0
    before = (content / "refametinib" / "es.yaml").read_text()
    assert main(["translations", "--stamp", "refametinib", "es", "--content", str(content), "-q"]) == 0
    assert (content / "refametinib" / "es.yaml").read_text() == before  # stamping twice changes nothing
    rows = statuses(find_drugs(content))
    assert next(r for r in rows if r.lang == "es").state == "complete"


def test_missing_ui_string_falls_back_to_english() -> None:
    tr = Translator(i18n.language("es"))
    assert tr("A heading nobody translated") == "A heading nobody translated"
    assert "A heading nobody translated" in tr.missing()
    assert tr("Side effects") == "Efectos secundarios"


def test_a_miss_is_reported_by_its_own_build_only(caplog: pytest.LogCaptureFixture) -> None:
    """The catalog is cached for the whole process: one translator's miss must not be
    reported again, as a warning, by every later build in the language (a warning is
    also a read of the clock, for its timestamp)."""
    Translator(i18n.language("es"))("A heading nobody translated")
    assert Translator(i18n.language("es")).missing() == set()
    with caplog.at_level("WARNING"):
        build("refametinib", "es", Options())
    assert [r.getMessage() for r in caplog.records if "no translation" in r.getMessage()] == []
