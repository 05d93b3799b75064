"""The accessible HTML edition: the same words as the PDF of the same request, semantic
markup (lang and dir, one h1, headings in order, header cells, labelled checkboxes),
self-contained (fonts, logo and styles inside; nothing fetched), and the command line."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from handouts import i18n
from handouts.cli import main
from handouts.document import Document, build_document
from handouts.document.blocks import Calendar, CallBox, Checklist, DoDont, SideEffectTable
from handouts.model import Patient
from handouts.pipeline import Options, build, build_html, default_content, prepare
from handouts.reading.brand import default_brand_file
from handouts.text import plain

import democontent as dc
from htmlread import Element, body_text, by_id, element, font_faces, parse
from pdfread import pages_text

# every language the bundled content ships
SHIPPED = tuple(
    sorted(p.stem for p in (default_content() / "refametinib").glob("*.yaml") if p.stem != "facts")
)
ANA = Patient(name="Ana García", dose="50 mg", cycle=21, team_phone="(617) 555-0100")
# Brackets and quotation marks are mirrored in right-to-left lines of the PDF, which
# pdfium reads back in visual order: count a pair as one character.
MIRRORED = str.maketrans("()[]\u00ab\u00bb\u2039\u203a<>", "(([[\u00ab\u00ab\u2039\u2039<<")


@pytest.fixture(scope="module")
def pages() -> Any:
    """Each (drug, lang, options) built once per module, as HTML and its Document."""
    cache: dict[tuple[object, ...], tuple[bytes, Document]] = {}

    def get(drug: str = "refametinib", lang: str = "en", **options: Any) -> tuple[bytes, Document]:
        key = (drug, lang, tuple(sorted(options.items())))
        if key not in cache:
            opts = Options(**options)
            h = prepare(drug, lang, opts)
            cache[key] = (build_html(drug, lang, opts), build_document(h))
        return cache[key]

    return get


def chars(text: str) -> Counter[str]:
    """What was printed or shown, character by character, order and spacing aside."""
    squashed = dc.squash(text).translate(MIRRORED)
    return Counter(c for c in squashed if unicodedata.category(c) != "Cf")


def furniture(doc: Document, lang: str, count: int) -> Counter[str]:
    """What the PDF's pages repeat and a web page shows once (or not at all): the
    running header and the footer of every page after the first, "Page x of y"."""
    tr = i18n.Translator(i18n.language(lang))
    f = doc.footer
    later = plain(doc.masthead.clinic + f.running_header + f.line + "".join(f.draft_note))
    out: Counter[str] = Counter()
    for page in range(1, count + 1):
        out += chars(" · " + f.page_label.format(page=tr.number(page), total=tr.number(count)))
        if page > 1:
            out += chars(later)
    return out


def table_heads(doc: Document, lang: str, large_print: bool) -> list[Counter[str]]:
    """The header row of each table, and "Key points (continued)" over a box: the PDF
    repeats them on every page the table or box runs onto."""
    tr = i18n.Translator(i18n.language(lang))
    out = []
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, SideEffectTable):
                heads = [block.name_header, block.check_header]
                if not large_print:
                    heads[1:1] = [block.notice_header, block.action_header]
                out.append(chars("".join(heads)))
            elif isinstance(block, Calendar):
                heads = [block.day_header, block.date_header, *block.dose_headers, *block.effect_headers]
                out.append(chars("".join(heads)))
    # a box, or a table under its section's title, that runs onto another page
    split = ("key-points", "calendar", "side-effects", "dosing")
    titles = [s.heading.text for s in doc.sections if s.heading.key in split]
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, CallBox):
                titles.append(block.title)
            elif isinstance(block, DoDont):
                titles += [block.do_title, block.dont_title]
    return out + [chars(tr("{title} (continued)", title=t)) for t in titles]


def assert_same_words(pdf: bytes, page: bytes, doc: Document, lang: str, large_print: bool = False) -> None:
    printed = pages_text(pdf)
    shown = chars(body_text(page)) + furniture(doc, lang, len(printed))
    on_paper = chars(" ".join(printed))
    assert not shown - on_paper, f"only in the HTML: {dict(shown - on_paper)}"
    rest = on_paper - shown
    # header rows and titles repeated on later pages, longest first: a short title's
    # letters must not be taken from a longer one's
    for head in sorted(table_heads(doc, lang, large_print), key=lambda c: -c.total()):
        while head and head <= rest:
            rest -= head
    assert not rest, f"only in the PDF: {dict(rest)}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_html_has_the_words_of_the_pdf(lang: str, pages: Any, built: Any) -> None:
    page, doc = pages("refametinib", lang)
    assert_same_words(built("refametinib", lang), page, doc, lang)


@pytest.mark.parametrize(
    ("drug", "lang", "options"),
    [
        ("ralimetinib", "en", {"patient": ANA, "calendar": True}),
        ("refametinib", "ar", {"patient": ANA, "calendar": True, "large_print": True}),
        ("refametinib", "zh-Hans", {"calendar": True, "large_print": True}),
        ("ralimetinib", "es", {"large_print": True, "paper": "a4"}),
    ],
)
def test_html_has_the_words_of_the_pdf_with_options(
    drug: str, lang: str, options: dict[str, Any], pages: Any, built: Any
) -> None:
    page, doc = pages(drug, lang, **options)
    assert_same_words(built(drug, lang, **options), page, doc, lang, options.get("large_print", False))
    if "patient" in options:
        assert "Ana García" in body_text(page)


def headings(root: Element) -> list[tuple[int, str]]:
    return [(int(e.tag[1]), e.text().strip()) for e in root.walk() if re.fullmatch(r"h[1-6]", e.tag)]


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ar"])
def test_sections_in_the_order_of_the_pdf(lang: str, pages: Any, built: Any) -> None:
    """The PDF's bookmarks (every section and part of one) in the HTML's heading order."""
    from pdfread import outline_titles

    page, _ = pages("refametinib", lang, calendar=True)
    outline = outline_titles(built("refametinib", lang, calendar=True))
    html = [text for _, text in headings(parse(page))]
    assert len(outline) >= 12
    assert [t for t in html if t in outline] == outline


@pytest.mark.parametrize(
    ("lang", "direction"), [("en", "ltr"), ("zh-Hans", "ltr"), ("ko", "ltr"), ("ar", "rtl")]
)
def test_language_and_direction_on_the_root(lang: str, direction: str, pages: Any) -> None:
    root = parse(pages("refametinib", lang)[0])
    html = element(root, "html")
    assert html.attrs["lang"] == lang
    assert html.attrs["dir"] == direction
    assert element(root, "title").text().startswith("Refametinib")


@pytest.mark.parametrize("options", [{}, {"calendar": True, "large_print": True}])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_one_h1_and_headings_in_order(lang: str, options: dict[str, Any], pages: Any) -> None:
    levels = [level for level, _ in headings(parse(pages("ralimetinib", lang, **options)[0]))]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading jumps from h{before} to h{after}: {levels}"
    assert len(levels) > 15


def test_tables_have_header_cells_with_scope(pages: Any) -> None:
    root = parse(pages("refametinib", "en", calendar=True)[0])
    tables = root.find_all("table")
    assert len(tables) == 3  # dosing, side effects, calendar
    for table in tables:
        cells = table.find_all("th")
        assert cells, "a table without header cells"
        assert {c.attrs.get("scope") for c in cells} <= {"col", "row"}
        assert all(c.text().strip() for c in cells if c.attrs.get("scope") == "col")
        for row in table.find_all("tr"):
            if row.find_all("td"):  # every data row is headed by its row header
                assert row.find_all("th") and row.find_all("th")[0].attrs["scope"] == "row"


def accessible_name(control: Element, root: Element) -> str:
    ids = by_id(root)
    if "aria-labelledby" in control.attrs:
        return " ".join(ids[i].text().strip() for i in control.attrs["aria-labelledby"].split())
    labels = [e for e in root.find_all("label") if e.attrs.get("for") == control.attrs.get("id")]
    return " ".join(label.text().strip() for label in labels)


@pytest.mark.parametrize("large_print", [False, True])
def test_every_checkbox_and_field_has_a_label(large_print: bool, pages: Any) -> None:
    page, doc = pages("refametinib", "es", calendar=True, large_print=large_print)
    root = parse(page)
    controls = root.find_all("input") + root.find_all("textarea")
    boxes = [c for c in controls if c.attrs.get("type") == "checkbox"]
    # tests (3), side effects (4), calendar 21 days x (2 doses + 4 side effects)
    assert len(boxes) == 3 + 4 + 21 * 6
    for control in controls:
        name = accessible_name(control, root)
        assert name, f"an unlabelled <{control.tag}> {control.attrs}"
    ids = [e.attrs["id"] for e in root.walk() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), "ids must be unique"
    (checklist,) = [b for s in doc.sections for b in s.blocks if isinstance(b, Checklist)]
    names = [" ".join(accessible_name(b, root).split()) for b in boxes[:3]]
    assert names == [" ".join(plain(item.text).split()) for item in checklist.items]
    assert names[0].startswith("Prueba genética de su tumor")


def test_call_box_is_a_labelled_region_not_an_alert(pages: Any) -> None:
    root = parse(pages("refametinib", "en")[0])
    ids = by_id(root)
    (box,) = [e for e in root.walk() if "callbox" in e.attrs.get("class", "").split()]
    assert box.tag == "section" and "role" not in box.attrs
    title = ids[box.attrs["aria-labelledby"]]
    assert title.text() == "Call your care team right away"
    assert "911" in box.text()
    assert all(e.attrs.get("role") not in ("alert", "alertdialog") for e in root.walk())


def test_self_contained_and_no_script(tmp_path: Path) -> None:
    """Nothing is fetched: no http(s) or protocol-relative address in any src, href or
    CSS url() but the online copy's link; no script, no external stylesheet."""
    brand = yaml.safe_load(default_brand_file().read_text())
    brand["logo"] = str(default_brand_file().parent / "logo.png")
    brand["url"] = "https://riverside-cancer.example.org/handouts/{drug}-{lang}"
    (tmp_path / "brand.yaml").write_text(yaml.safe_dump(brand))
    page = build_html("refametinib", "en", Options(brand=tmp_path / "brand.yaml"))
    root = parse(page)
    assert not root.find_all("script") and not root.find_all("link") and not root.find_all("iframe")
    addresses = [(e.tag, k, v) for e in root.walk() for k, v in e.attrs.items() if k in ("src", "href")]
    css = "".join(str(c) for s in root.find_all("style") for c in s.children)
    addresses += [("style", "url", u) for u in re.findall(r"url\(([^)]*)\)", css)]
    remote = [a for a in addresses if re.match(r"\s*['\"]?(https?:)?//", a[2])]
    url = "https://riverside-cancer.example.org/handouts/refametinib-en"
    assert remote == [("a", "href", url)]
    (link,) = root.find_all("a")
    assert link.text() == url
    assert [e.attrs["src"][:22] for e in root.find_all("img")] == ["data:image/png;base64,"]
    assert all(u.startswith("data:font/woff;base64,") for _, _, u in addresses if _ == "url")
    assert not any(k.startswith("on") for e in root.walk() for k in e.attrs)
    policy = [e.attrs["content"] for e in root.find_all("meta") if e.attrs.get("http-equiv")]
    assert policy and "default-src 'none'" in policy[0] and "script-src" not in policy[0]


@pytest.mark.parametrize(
    ("lang", "family"),
    [
        ("zh-Hans", "CJK SC"),
        ("zh-Hant", "CJK TC"),
        ("ja", "CJK JP"),
        ("ko", "CJK KR"),
        ("ar", "Arabic"),
        ("hy", "Armenian"),
    ],
)
def test_fonts_embedded_for_every_character_shown(lang: str, family: str, pages: Any) -> None:
    """Chinese, Korean and Arabic display on a machine without those fonts: the page
    carries a regular and a bold face that map every character it shows, and only a
    subset of the shipped font."""
    page, _ = pages("refametinib", lang, calendar=True)
    faces = font_faces(page)
    assert sorted(w for w, _ in faces) == [400, 700]
    shown = {c for c in body_text(page) if not c.isspace() and unicodedata.category(c) != "Cf"}
    assert len(shown) > 80
    for weight, font in faces:
        assert family in font["name"].getDebugName(1), font["name"].getDebugName(1)
        cmap = font.getBestCmap()
        assert not [c for c in shown if ord(c) not in cmap], f"weight {weight} lacks characters"
        assert len(cmap) < len(shown) + 40  # a subset, not the whole font
    assert len(page) < 400_000


def test_a_name_in_another_script_carries_its_font() -> None:
    """An Arabic, Chinese or Hindi patient's name on an English page: the page also carries
    the theme's font for that script, cut down to the name's letters, and lists it after
    the page's own font, so the browser draws each letter from the font that has it."""
    names = {"Arabic": "محمد", "CJK SC": "张伟", "Devanagari": "अमित"}
    page = build_html("refametinib", "en", Options(patient=Patient(name=" ".join(names.values()))))
    assert all(name in body_text(page) for name in names.values())
    faces = font_faces(page)
    for family, name in names.items():
        fonts = [f for _, f in faces if family in f["name"].getDebugName(1)]
        assert len(fonts) == 2, family  # regular and bold
        assert all(set(map(ord, name.replace(" ", ""))) <= set(f.getBestCmap()) for f in fonts), family
        assert all(len(f.getBestCmap()) < 40 for f in fonts), family  # the name's letters, not the font
    css = "".join(str(c) for s in parse(page).find_all("style") for c in s.children)
    stack = re.search(r"html \{ font-family: ([^;]+);", css)
    assert stack and stack[1].startswith("handout-noto-sans, ") and stack[1].endswith(", sans-serif")
    assert len(stack[1].split(", ")) == 5


def test_arabic_joins_in_the_browser_from_logical_text(pages: Any) -> None:
    """The page holds Arabic in logical order, unshaped (the browser joins the letters
    with the font's own layout tables, which the subset keeps)."""
    page, _ = pages("refametinib", "ar")
    text = body_text(page)
    assert "للسرطان" in text  # logical order, base letters
    assert not [c for c in text if 0xFB50 <= ord(c) <= 0xFEFF and c != "\ufeff"]
    for _, font in font_faces(page):
        assert "GSUB" in font and "GPOS" in font


def test_content_is_escaped(tmp_path: Path) -> None:
    """Content text is data: markup in prose, a term, a name or the brand prints as text."""
    hostile = '<script>alert(x)</script> <img src=x onerror=alert(y)> & <b>b</b> "q" **bold**'
    en = dc.english()
    en["summary"] = hostile
    en["dos"] = [hostile]
    fact_data = dc.facts()
    fact_data["other_names"] = ["<i>x</i>"]
    content = dc.write(tmp_path, {"en": en}, fact_data)
    page = build_html("demo", "en", Options(content=content))
    root = parse(page)
    assert not root.find_all("script") and not root.find_all("b") and not root.find_all("i")
    assert body_text(page).count("<script>alert(x)</script> <img src=x onerror=alert(y)> & <b>b</b>") == 2
    assert b"&lt;script&gt;" in page
    assert [e.text() for e in root.find_all("strong") if e.text() == "bold"] == ["bold", "bold"]


def test_large_print_uses_the_large_print_theme(pages: Any) -> None:
    normal, _ = pages("refametinib", "en")
    large, _ = pages("refametinib", "en", large_print=True)
    # the theme's body size, 12 pt to the rem: 13.5 pt on paper, 18 pt in large print
    assert b"--size-body: 1.125rem" in normal and b"--size-body: 1.5rem" in large
    assert element(parse(large), "body").attrs["class"] == "large-print"


def test_patient_details_shown_not_asked(pages: Any) -> None:
    page, _ = pages("ralimetinib", "en", patient=ANA)
    root = parse(page)
    text = body_text(page)
    assert "Ana García" in text and "50 mg" in text and "(617) 555-0100" in text
    ids = by_id(root)
    assert "my_name" not in ids and "my_start" in ids  # a line to write the start date on


def test_cli_build_html_and_both(tmp_path: Path) -> None:
    assert (
        main(["build", "refametinib", "--lang", "ar", "--format", "html", "-o", str(tmp_path / "a.html")])
        == 0
    )
    assert parse((tmp_path / "a.html").read_bytes()).find_all("html")[0].attrs["dir"] == "rtl"
    assert (
        main(["build", "ralimetinib", "--lang", "zh-Hans", "--format", "both", "--out-dir", str(tmp_path)])
        == 0
    )
    assert (tmp_path / "ralimetinib-zh-Hans.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "ralimetinib-zh-Hans.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert main(["build", "refametinib", "--format", "both", "-o", str(tmp_path / "x.pdf")]) == 0
    assert {p.name for p in tmp_path.glob("x.*")} == {"x.pdf", "x.html"}


def test_cli_html_to_stdout_only_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "refametinib", "--format", "both", "-o", "-"]) == 2
    assert "choose --format pdf or html" in capsys.readouterr().err


def test_packet_split_html(tmp_path: Path) -> None:
    packet = tmp_path / "p.yaml"
    packet.write_text(
        "name: t\nentries:\n  - {drug: refametinib, lang: ko}\n  - {drug: ralimetinib, lang: en}\n"
    )
    assert (
        main(["packet", str(packet), "--split", str(tmp_path / "out"), "--format", "both", "--no-cache"]) == 0
    )
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["ralimetinib-en.html", "ralimetinib-en.pdf", "refametinib-ko.html", "refametinib-ko.pdf"]
    assert (
        element(parse((tmp_path / "out" / "refametinib-ko.html").read_bytes()), "html").attrs["lang"] == "ko"
    )
    assert main(["packet", str(packet), "--format", "html", "-o", str(tmp_path / "p.pdf")]) == 2


def test_the_same_request_gives_the_same_bytes() -> None:
    """No clock, no randomness: fonts are subset without a new timestamp."""
    from handouts.html import fonts

    first = build_html("refametinib", "ko")
    fonts.subset.cache_clear()
    assert build_html("refametinib", "ko") == first


def test_pdf_path_unchanged_by_the_document(built: Any) -> None:
    """The PDF is still built by the layout, with the same text as before."""
    assert build("refametinib", "en") == built("refametinib", "en")


def test_document_imports_neither_reportlab_nor_yaml() -> None:
    """The Document is renderer-neutral and sees only the model; the HTML renderer
    never loads ReportLab."""
    import subprocess
    import sys

    code = (
        "import sys, handouts.document;"
        "a = sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'yaml'});"
        "import handouts.html; b = 'reportlab' in sys.modules; print(a, b)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "False"]


def test_building_the_html_edition_never_loads_reportlab() -> None:
    """The whole way to the HTML edition, glyph check included (the fonts' character
    maps are read with fontTools), stays clear of the PDF's library."""
    import subprocess
    import sys

    code = (
        "import sys; from handouts.pipeline import build_html; build_html('refametinib', 'ar');"
        "print('reportlab' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_optional_prose_shows_in_both(tmp_path: Path) -> None:
    """A text the content may leave out (studied_for.note, missed_dose) shows on the page
    when given, and in the PDF: the Document decides what is shown, for both."""
    en = dc.english()
    en["studied_for"]["note"] = "It is also studied in lab tests for other illnesses."
    en["dosing"]["missed_dose"] = "Skip a missed dose. Take the next one at the usual time."
    options = Options(content=dc.write(tmp_path, {"en": en}))
    page = build_html("demo", "en", options)
    doc = build_document(prepare("demo", "en", options))
    assert "It is also studied in lab tests for other illnesses." in body_text(page)
    assert "Skip a missed dose." in body_text(page)
    assert_same_words(build("demo", "en", options), page, doc, "en")


CLINIC_SECTIONS = {
    "en": [
        {"title": "Safe handling at home", "text": "Keep the pills in their bottle, away from children."},
        {"title": "Pharmacy hours", "text": "Monday to Friday, 8 am to 6 pm. Call (617) 555-0150."},
    ],
    "es": [{"title": "Horario de la farmacia", "text": "De lunes a viernes, de 8 a 18 h."}],
}


def brand_with_sections(tmp_path: Path) -> Path:
    brand = yaml.safe_load(default_brand_file().read_text())
    brand["logo"] = str(default_brand_file().parent / "logo.png")
    brand["sections"] = CLINIC_SECTIONS
    (tmp_path / "brand.yaml").write_text(yaml.safe_dump(brand, allow_unicode=True), encoding="utf-8")
    return tmp_path / "brand.yaml"


def section_of(root: Element, key: str) -> Element:
    (found,) = [e for e in root.find_all("section") if e.attrs.get("id") == key]
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_questions_and_clinic_sections_as_on_paper(lang: str, tmp_path: Path) -> None:
    """The questions to ask, each with a labelled box for the answer, and the clinic's own
    sections after what studies have shown: in the PDF's order and words."""
    from pdfread import outline_titles

    opts = Options(brand=brand_with_sections(tmp_path))
    h = prepare("refametinib", lang, opts)
    doc, page = build_document(h), build_html("refametinib", lang, opts)
    pdf = build("refametinib", lang, opts)
    assert_same_words(pdf, page, doc, lang)
    root = parse(page)
    html = [text for _, text in headings(root)]
    outline = outline_titles(pdf)
    assert [t for t in html if t in outline] == outline

    tr = i18n.Translator(h.language)
    asked, clinic = tr("Questions to ask your care team"), tr("From {clinic}", clinic=h.brand.name)
    studies, notes = tr("What studies have shown"), tr("My notes and questions")
    order = [tr("While you take it"), asked, studies, clinic, notes]
    assert [html.index(t) for t in order] == sorted(html.index(t) for t in order)

    assert h.prose.questions is not None
    boxes = section_of(root, "questions").find_all("textarea")
    assert [" ".join(accessible_name(b, root).split()) for b in boxes] == [
        " ".join(plain(q).split()) for q in h.prose.questions.items
    ]
    assert len({b.attrs["id"] for b in boxes}) == len(boxes) >= 3

    shown = " ".join(section_of(root, "clinic").text().split())
    for item in CLINIC_SECTIONS[lang]:
        assert item["title"] in shown and item["text"] in shown


def test_no_clinic_section_without_the_brands_words(pages: Any) -> None:
    root = parse(pages("refametinib", "ko")[0])  # the brand file has no sections
    assert not [e for e in root.find_all("section") if e.attrs.get("id") == "clinic"]
    assert section_of(root, "questions").find_all("textarea")


def test_twice_a_day_as_sun_and_moon(pages: Any) -> None:
    root = parse(pages("refametinib", "es")[0])  # refametinib: twice a day
    (times,) = [e for e in root.walk() if "dose-times" in e.attrs.get("class", "").split()]
    words = [" ".join(li.text().split()) for li in times.find_all("li")]
    assert words == ["Mañana", "Noche"]
    icons = [e.attrs["class"] for e in times.walk() if e.tag == "svg"]
    assert icons == ["icon icon-sun", "icon icon-moon"]
    assert all(e.attrs.get("aria-hidden") == "true" for e in times.walk() if e.tag == "svg")


def test_approved_translation_names_its_reviewer(tmp_path: Path) -> None:
    """An approved translation shows who reviewed it, not the draft warning; the footer
    dates the English original, as the PDF does."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(default_content(), content)
    reviewer = "Dra. Ana Ruiz, traductora médica"
    args = ["translations", "--approve", "refametinib", "es", "--by", reviewer, "--on", "2026-02-10"]
    assert main([*args, "--content", str(content), "-q"]) == 0
    opts = Options(content=content)
    page = build_html("refametinib", "es", opts)
    doc = build_document(prepare("refametinib", "es", opts))
    assert_same_words(build("refametinib", "es", opts), page, doc, "es")
    root = parse(page)
    (note,) = [e for e in root.walk() if "draft" in e.attrs.get("class", "").split()]
    assert note.text() == f"Traducción revisada por {reviewer} el 10 de febrero de 2026."
    assert "tone-muted" in note.attrs["class"]
    assert "no revisada" not in body_text(page)
    assert "Fecha del original en inglés: 15 de enero de 2026" in element(root, "footer").text()
