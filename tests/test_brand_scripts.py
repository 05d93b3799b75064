"""A clinic's name in another script than the handout's: an Arabic or Chinese name on an
English handout prints in the theme's font for that script, shaped and ordered; a
character no font of the theme has is refused once per text, with its position."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bidi.algorithm import get_display
from pypdf.generic import ContentStream

from handouts.cli import main
from handouts.text import face_runs, shape

from pdfread import drawn_strings, pages_text, reader

ARABIC = "مستشفى الأمل للأورام"  # "Hope Oncology Hospital"
CHINESE = "河畔癌症中心 Riverside Cancer Center"
KOREAN = "서울 암센터"
LATIN = "Riverside Cancer Center"
FONT_OF = {ARABIC: "NotoSansArabic", CHINESE: "NotoSansCJKsc", KOREAN: "NotoSansCJKkr"}


def brand_file(folder: Path, name: str) -> Path:
    path = folder / "clinic.yaml"
    path.write_text(
        f'name: {name}\nphones:\n  main: "(617) 555-0142"\n  after_hours: "(617) 555-0199"\n',
        encoding="utf-8",
    )
    return path


def build(tmp_path: Path, name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> bytes:
    out = tmp_path / f"handout-{lang}.pdf"
    code = main(
        ["build", "refametinib", "--lang", lang, "--brand", str(brand_file(tmp_path, name)), "-o", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    return out.read_bytes()


def page_fonts(pdf: bytes, page: int) -> set[str]:
    fonts = reader(pdf).pages[page]["/Resources"]["/Font"]
    return {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values()}


def letters(text: str) -> list[str]:
    """The letters of a text, as a sorted list: a viewer may give Arabic in visual order,
    and in its joined forms (NFKC folds them back)."""
    return sorted(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


@pytest.mark.parametrize("name", [ARABIC, CHINESE, KOREAN])
def test_english_handout_prints_a_name_in_another_script(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = build(tmp_path, name, "en", capsys)
    text = pages_text(pdf)
    for page in (0, 1):  # the header band on page 1, the running header after it
        assert any(FONT_OF[name] in font for font in page_fonts(pdf, page)), page
        assert "NotoSans-Regular" in page_fonts(pdf, page)  # the handout's own font still
        assert set(letters(name)) <= set(letters(text[page])), page
    assert letters(name)[0] in letters(text[-1])  # the contact panel on the last page
    if name == ARABIC:  # joined, and drawn right to left: the first word rightmost
        assert get_display(shape(name)) in "".join(drawn_strings(pdf, 0))
    else:
        assert name in text[0]


def test_the_arabic_name_heads_every_page_in_reading_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In the running header the name is drawn in visual order, its first word rightmost."""
    pdf = build(tmp_path, ARABIC, "en", capsys)
    visual = get_display(shape(ARABIC))
    for page in range(1, len(reader(pdf).pages)):
        assert visual in "".join(drawn_strings(pdf, page)), page


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        (CHINESE, "ar"),
        (ARABIC, "zh-Hans"),
        (ARABIC, "ko"),
        (KOREAN, "ar"),
        (LATIN, "zh-Hans"),
        (LATIN, "ko"),
        (LATIN, "ar"),
    ],
)
def test_other_handouts_print_a_name_in_another_script(
    name: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = build(tmp_path, name, lang, capsys)
    first = pages_text(pdf)[0]
    assert set(letters(name)) <= set(letters(first))
    if name in FONT_OF:
        assert any(FONT_OF[name] in font for font in page_fonts(pdf, 0))


def test_packet_cover_prints_the_arabic_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brand = brand_file(tmp_path, ARABIC)
    packet = tmp_path / "packet.yaml"
    packet.write_text(
        f"name: Week 48\ncover: true\nbrand: {brand.name}\nentries:\n  - {{drug: refametinib, lang: en}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "packet.pdf"
    assert main(["packet", str(packet), "-o", str(out)]) == 0, capsys.readouterr().err
    pdf = out.read_bytes()
    assert any("NotoSansArabic" in font for font in page_fonts(pdf, 0))
    drawn = "".join(drawn_strings(pdf, 0))
    visual = get_display(shape(ARABIC))
    assert drawn.count(visual) == 2  # above the title, and in the footer


@pytest.mark.parametrize("form", ["pdf", "html"])
def test_a_character_no_font_has_is_reported_once_with_its_place(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before any rendering: the HTML edition, which embeds the same fonts,
    refuses it too."""
    brand = brand_file(tmp_path, f"{ARABIC} \U0001f397 \U0001f397")
    out = tmp_path / f"x.{form}"
    code = main(["build", "refametinib", "--brand", str(brand), "--format", form, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if "glyph" in line]
    assert len(lines) == 1, err  # one line for the text, naming the character once
    assert lines[0].endswith("clinic.yaml:1:7: name: no font has a glyph for U+1F397 REMINDER RIBBON"), err
    assert not out.exists()


def test_face_runs_join_spaces_digits_and_marks_to_their_neighbour() -> None:
    def faces(ch: str) -> tuple[str, ...]:
        if "\u0600" <= ch <= "\u06ff":
            return ("arabic",)
        if ch in "中東京":
            return ("sc", "jp")
        if ch in "がん":
            return ("jp",)
        return ("", "arabic", "sc", "jp")  # Latin letters, digits, spaces: every font has them

    assert face_runs("مستشفى 57357 - Boston", faces) == [("arabic", "مستشفى 57357 - "), ("", "Boston")]
    assert face_runs("(中) Clinic", faces) == [("sc", "(中) "), ("", "Clinic")]
    assert face_runs("東京がん", faces) == [("jp", "東京がん")]  # Han beside kana: Japanese
    assert face_runs("مَ", faces) == [("arabic", "مَ")]  # a haraka stays with its letter


HINDI = "नई दिल्ली कैंसर केंद्र"


def test_a_hindi_name_on_an_english_handout_is_shaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Devanagari is set with HarfBuzz in its own font (conjuncts, the vowel sign ि before
    its consonant), and marked with the name as written so extraction reads it."""
    pdf = build(tmp_path, HINDI, "en", capsys)
    doc = reader(pdf)
    for page in (0, 1):
        assert any("NotoSansDevanagari" in font for font in page_fonts(pdf, page)), page
        assert HINDI in pages_text(pdf)[page], page
        ops = [op for _, op in ContentStream(doc.pages[page].get_contents(), doc).operations]
        assert b"TJ" in ops, page  # glyphs placed by HarfBuzz; letters as typed are drawn by Tj alone
