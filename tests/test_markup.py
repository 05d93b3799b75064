"""Content text is data, never markup: ReportLab's paragraph tags, entities and links in
a clinic's content print as the characters they are, and never make ReportLab read a
file or fetch an address. ``**bold**`` is the only emphasis there is."""

from __future__ import annotations

import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from reportlab.lib import utils as rl_utils

from handouts.pipeline import Options, build
from handouts.reading.brand import default_brand_file

import democontent as dc
from pdfread import fonts, pages_text, reader

LOGO = default_brand_file().parent / "logo.png"
# The <img> names a file that exists: the tests run in a folder holding a copy of the
# logo under this relative name (see `in_folder_with_logo`), so the prose carries no
# part of the checkout's path (which may hold digits, spaces or any letter).
LOGO_NAME = "logo.png"
HOSTILE = (
    f'a < b > c & d <img src="{LOGO_NAME}"/> <img src="/etc/passwd"> <a href="http://example.org/x">link</a> '
    '<font name="Courier" color="red">font</font> <para>para</para> <b>b</b> &amp; &lt; &#xAB; '
    "<br/> <![CDATA[x]]> <!-- comment --> <?pi?>"
)
ARABIC_HOSTILE = f"{dc.ARABIC} {HOSTILE} {dc.ARABIC}"


@pytest.fixture(autouse=True)
def in_folder_with_logo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in a folder where the hostile `<img src="logo.png"/>` names a real image."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    (folder / LOGO_NAME).write_bytes(LOGO.read_bytes())
    monkeypatch.chdir(folder)


def hostile_content(tmp_path: Path, lang: str) -> Path:
    """Markup in prose (paragraphs, list items, table cells, the alert box), in a term
    that prose refers to, and in the drug's other names."""
    text = HOSTILE if lang == "en" else ARABIC_HOSTILE

    def change(p: dict[str, Any]) -> None:
        p["summary"] = text + " {code}"
        p["dos"] = [text]
        p["side_effects"]["common"]["tiredness"]["notice"] = text
        p["side_effects"]["serious"]["liver"]["text"] = text
        p["precautions"][0]["text"] = text

    en = dc.english()
    prose = {"en": en}
    if lang == "en":
        change(en)
    else:
        other = dc.translate(en, lang, lambda path, t: dc.ARABIC)
        change(other)
        en["summary"] += " {code}"
        prose[lang] = other
    facts = dc.facts()
    facts["terms"]["code"] = '&#x41; <img src="/etc/passwd"/>'
    facts["other_names"] = ["<b>DM-1</b> &amp; <i>x</i>"]
    return dc.write(tmp_path / "content", prose, facts)


def hostile_brand(tmp_path: Path) -> Path:
    data = yaml.safe_load(default_brand_file().read_text())
    data["name"] = 'Riverside <font name="Courier">&amp;</font> Center'
    data["website"] = '<a href="http://example.org">riverside</a>'
    data["logo"] = str(LOGO)
    path = tmp_path / "brand.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def images(pdf: bytes) -> set[bytes]:
    """The image XObjects the pages use (their data, so one logo on every page is one)."""
    found = set()
    for page in reader(pdf).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.add(obj.get_data())
    return found


def links(pdf: bytes) -> list[Any]:
    return [a for page in reader(pdf).pages for a in (page.get("/Annots") or [])]


def test_markup_prints_literally_in_latin(tmp_path: Path) -> None:
    pdf = build("demo", "en", Options(content=hostile_content(tmp_path, "en"), brand=hostile_brand(tmp_path)))
    page = dc.squash(" ".join(pages_text(pdf)))
    assert page.count(dc.squash(HOSTILE)) == 5  # summary, a do, a table cell, the alert box, a precaution
    for literal in (
        '&#x41;<imgsrc="/etc/passwd"/>',  # the term, where the summary refers to it
        "<b>DM-1</b>&amp;<i>x</i>",
        'Riverside<fontname="Courier">&amp;</font>Center',
        '<ahref="http://example.org">riverside</a>',
    ):
        assert literal in page


def test_markup_prints_literally_in_arabic(tmp_path: Path) -> None:
    pdf = build("demo", "ar", Options(content=hostile_content(tmp_path, "ar"), brand=hostile_brand(tmp_path)))
    page = dc.squash(" ".join(pages_text(pdf)))
    # Every character is there, five times over (summary, a do, a table cell, the alert
    # box, a precaution); the Arabic words are whole. Punctuation at the edge of a Latin
    # run takes the Arabic direction (the bidi algorithm), so pdfium may read "&amp;"
    # back as ";amp&": Latin runs are checked from letter to letter.
    assert not Counter(dc.squash(ARABIC_HOSTILE) * 5) - Counter(page)
    words = [*dc.ARABIC.split(), 'src="/etc/passwd', 'href="http://example.org/x', 'name="Courier']
    for word in [*words, "CDATA", "xAB", "amp", "lt"]:
        assert page.count(dc.squash(word)) >= 5, word


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_markup_reads_no_file_and_fetches_nothing(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No image but the logo, no link, no font but the handout's, and no file opened
    through ReportLab (its <img> and <font> tags would) nor any address fetched."""
    content, brand = hostile_content(tmp_path, lang), hostile_brand(tmp_path)
    build("demo", lang, Options(content=content, brand=brand))  # fonts and logo read once

    real = rl_utils.open_for_read

    def refuse(name: object, *args: object, **kwargs: object) -> object:
        if isinstance(name, (str, Path)):  # a file name or an address; the logo is in memory
            raise AssertionError(f"the build tried to open {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(rl_utils, "open_for_read", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    pdf = build("demo", lang, Options(content=content, brand=brand))
    assert len(images(pdf)) == 1  # the logo, on every page
    assert links(pdf) == []
    assert b"/URI" not in pdf and b"/Link" not in pdf
    assert not [name for name in fonts(pdf) if "Courier" in name or "Helvetica" in name]
    assert isinstance(reader(pdf), pypdf.PdfReader)


def test_bold_is_the_only_emphasis(tmp_path: Path) -> None:
    """**Words** print bold, without the stars; everything else prints as written."""
    en = dc.english()
    en["summary"] = "Plain **strong words** and <b>tags</b> and __underscores__ and *one star*."
    pdf = build("demo", "en", Options(content=dc.write(tmp_path / "content", {"en": en})))
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    tp = doc[0].get_textpage()
    text = tp.get_text_range()
    assert "Plain strong words and <b>tags</b> and __underscores__ and *one star*." in text
    start = text.index("Plain strong words")
    weight = [pdfium.raw.FPDFText_GetFontWeight(tp, start + i) for i in range(len("Plain strong"))]
    assert weight[0] < 600 <= weight[len("Plain ")]  # "strong" is set in the bold face
    doc.close()
