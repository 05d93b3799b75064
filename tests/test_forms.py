"""Fillable handouts in every script: values given at build time printed on the page,
fields set in an embedded font that covers the language, filled by a script and typed
on screen (PDFium with forms on), checkboxes without a second outline, and labels and
a tab order for screen readers."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import Image, ImageChops
from pypdf.generic import NameObject

from handouts import i18n
from handouts.cli import main
from handouts.model import Patient
from handouts.pdf.fields import FORM_FONT_NAME
from handouts.reading.bundled import bundled
from handouts.reading.drugs import find_drugs

from pdfread import pages_text, squash

LANGUAGES = sorted(find_drugs(bundled("content"))["refametinib"].languages)
START = dt.date(2026, 12, 1)
# A patient's name in each language's script (the examples); a language not
# listed uses its own name, which is written in its script.
NAMES = {
    "en": "Mary O\u2019Brien",  # a curly apostrophe, outside Latin-1
    "es": "José Núñez",
    "vi": "Nguyễn Văn An",
    "tl": "Maria dela Cruz",
    "ru": "Иван",
    "zh-Hans": "张伟",
    "ko": "김민준",
    "ar": "محمد",
    "fr": "Éloïse Lefèvre",
    "pt": "João Gonçalves",
    "pl": "Łukasz Wójcik",
    "ht": "Wòdlin Pòl",
}


def name_for(lang: str) -> str:
    return NAMES.get(lang) or i18n.language(lang).native_name


def build_cli(tmp_path: Path, lang: str, *args: str) -> bytes:
    out = tmp_path / f"{lang}.pdf"
    code = main(["build", "refametinib", "--lang", lang, "-q", "-o", str(out), *args])
    assert code == 0
    return out.read_bytes()


@pytest.fixture(scope="module")
def fillable(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every shipped language, fillable, with a start date and a name in its script."""
    folder = tmp_path_factory.mktemp("fillable")
    return {
        lang: build_cli(folder, lang, "--fillable", "--start", START.isoformat(), "--patient", name_for(lang))
        for lang in LANGUAGES
    }


def widget(pdf: bytes, name: str) -> tuple[int, tuple[float, float, float, float]]:
    """The page (0-based) and rectangle of the field called ``name``."""
    for i, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/T") == name:
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                return i, (x0, y0, x1, y1)
    raise AssertionError(f"no field {name}")


def render_forms(pdf: bytes, page: int, scale: float = 3) -> Image.Image:
    """A page as PDFium draws it with form fields on, as a screen viewer does."""
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    try:
        return doc[page].render(scale=scale, may_draw_forms=True).to_pil().convert("L")
    finally:
        doc.close()


def crop(image: Image.Image, pdf: bytes, page: int, rect: tuple[float, ...], scale: float = 3) -> Image.Image:
    height = float(pypdf.PdfReader(io.BytesIO(pdf)).pages[page].mediabox.height)
    x0, y0, x1, y1 = rect
    return image.crop(
        (int(x0 * scale), int((height - y1) * scale), int(x1 * scale), int((height - y0) * scale))
    )


def ink(image: Image.Image) -> int:
    return sum(image.point(lambda v: 255 if v < 128 else 0).histogram()[255:])


def typed_text(lang: str) -> str:
    return f"{name_for(lang)} 50"


# ---- values given at build time --------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_name_and_start_date_print_on_the_page_in_every_language(
    fillable: dict[str, bytes], lang: str
) -> None:
    # the "My treatment" box is on page 1, or page 2 where a long first page pushes it on
    text = " ".join(pages_text(fillable[lang])[:2])
    assert name_for(lang) in text
    assert i18n.Translator(i18n.language(lang)).date(START) in text
    fields = pypdf.PdfReader(io.BytesIO(fillable[lang])).get_fields() or {}
    # printed, so no field lies over it to type across; the empty ones stay fillable
    assert "my_name" not in fields and "my_start" not in fields
    assert {"my_dose", "my_cycle", "my_team", "notes"} <= set(fields)


# ---- filled by a script, and typed on screen -------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_field_filled_by_a_script_reads_back_and_shows_in_pdfium(
    fillable: dict[str, bytes], lang: str
) -> None:
    pdf = fillable[lang]
    page, rect = widget(pdf, "my_dose")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.update_page_form_field_values(writer.pages[page], {"my_dose": typed_text(lang)})
    out = io.BytesIO()
    writer.write(out)
    filled = out.getvalue()
    assert (pypdf.PdfReader(io.BytesIO(filled)).get_fields() or {})["my_dose"]["/V"] == typed_text(lang)
    before = ink(crop(render_forms(pdf, page), pdf, page, rect))
    after = ink(crop(render_forms(filled, page), filled, page, rect))
    assert after > before + 200, (before, after)
    # the field's appearance uses the embedded field font, and every character has a glyph
    annot = next(
        a.get_object()
        for a in pypdf.PdfReader(io.BytesIO(filled)).pages[page]["/Annots"]
        if a.get_object().get("/T") == "my_dose"
    )
    fonts = annot["/AP"]["/N"]["/Resources"]["/Font"]
    assert all(is_embedded(f) for f in fonts.values())


def type_into(pdf: bytes, name: str, text: str) -> bytes:
    """Click into a field and type ``text`` as a user would, in PDFium; the saved file."""
    page_no, (x0, y0, x1, y1) = widget(pdf, name)
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    page = doc[page_no]
    form = doc.formenv.raw
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    pdfium_raw.FORM_OnAfterLoadPage(page.raw, form)
    pdfium_raw.FORM_OnLButtonDown(form, page.raw, 0, cx, cy)
    pdfium_raw.FORM_OnLButtonUp(form, page.raw, 0, cx, cy)
    for ch in text:
        pdfium_raw.FORM_OnChar(form, page.raw, ord(ch), 0)
    pdfium_raw.FORM_ForceToKillFocus(form)
    pdfium_raw.FORM_OnBeforeClosePage(page.raw, form)
    out = io.BytesIO()
    doc.save(out)
    page.close()
    doc.close()
    return out.getvalue()


def flattened_text(pdf: bytes, page_no: int) -> str:
    """The page's text once PDFium has merged the field appearances into it."""
    doc = pdfium.PdfDocument(pdf)
    page = doc[page_no]
    assert pdfium_raw.FPDFPage_Flatten(page.raw, pdfium_raw.FLAT_PRINT) == pdfium_raw.FLATTEN_SUCCESS
    page.close()
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return pages_text(out.getvalue())[page_no]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_typed_on_screen_shows_in_the_embedded_font(fillable: dict[str, bytes], lang: str) -> None:
    pdf = fillable[lang]
    typed = type_into(pdf, "my_dose", typed_text(lang))
    page, rect = widget(pdf, "my_dose")
    assert ink(crop(render_forms(typed, page), typed, page, rect)) > 200
    reader = pypdf.PdfReader(io.BytesIO(typed))
    annot = next(
        a.get_object() for a in reader.pages[page]["/Annots"] if a.get_object().get("/T") == "my_dose"
    )
    fonts = annot["/AP"]["/N"]["/Resources"]["/Font"]
    # the field font is there and embedded (PDFium may add a system font of its own for a
    # script when the machine has one: a choice of the viewer, made when the user types)
    assert is_embedded(fonts["/" + FORM_FONT_NAME])
    # each character was set in the font (a missing one would read back as "?" or not at all)
    assert typed_text(lang) in squash(flattened_text(typed, page))
    # and Poppler (Evince, Okular, a print queue) draws what was typed too
    if shutil.which("pdftoppm"):
        assert ink(crop(render_poppler(typed, page), typed, page, rect)) > 200


def render_poppler(pdf: bytes, page: int, scale: float = 3) -> Image.Image:
    """A page as Poppler's pdftoppm draws it (form fields by their appearance streams)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        n = str(page + 1)
        args = ["pdftoppm", "-r", str(round(72 * scale)), "-f", n, "-l", n, "-png", "-singlefile"]
        subprocess.run([*args, str(path), str(Path(tmp) / "out")], check=True)
        return Image.open(Path(tmp) / "out.png").convert("L")


# ---- checkboxes ------------------------------------------------------------------


def test_an_unticked_checkbox_looks_the_same_with_forms_on_and_off(fillable: dict[str, bytes]) -> None:
    """The field draws nothing of its own over the drawn rounded box: no hairline square."""
    pdf = fillable["en"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    name = next(n for n, f in (reader.get_fields() or {}).items() if f.get("/FT") == "/Btn")
    page, (x0, y0, x1, y1) = widget(pdf, name)
    rect = (x0 - 4, y0 - 4, x1 + 4, y1 + 4)
    doc = pdfium.PdfDocument(pdf)
    plain = doc[page].render(scale=6).to_pil().convert("L")
    doc.close()
    on = render_forms(pdf, page, scale=6)
    assert (
        ImageChops.difference(crop(plain, pdf, page, rect, 6), crop(on, pdf, page, rect, 6)).getbbox() is None
    )


def test_a_ticked_checkbox_shows_a_tick_inside_its_box(fillable: dict[str, bytes]) -> None:
    pdf = fillable["en"]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    name = next(n for n, f in (writer.get_fields() or {}).items() if f.get("/FT") == "/Btn")
    page, rect = widget(pdf, name)
    for ref in writer.pages[page]["/Annots"]:
        a = ref.get_object()
        if a.get("/T") == name:
            a[NameObject("/V")] = a[NameObject("/AS")] = NameObject("/Yes")
    out = io.BytesIO()
    writer.write(out)
    ticked = out.getvalue()
    box = crop(render_forms(ticked, page, 6), ticked, page, rect, 6)
    assert ink(box) > 100
    # the tick is not clipped: its strokes stay clear of the field's edges
    w, h = box.size
    inner = box.crop((2, 2, w - 2, h - 2))
    assert ink(inner) == ink(box)


# ---- labels and tab order ----------------------------------------------------------


def test_fields_are_labelled_in_the_handouts_language_and_pages_have_a_tab_order(tmp_path: Path) -> None:
    pdf = build_cli(tmp_path, "es", "--fillable", "--calendar")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fields = reader.get_fields() or {}
    tr = i18n.Translator(i18n.language("es"))
    assert fields["my_dose"]["/TU"] == tr("My dose")
    assert fields["notes"]["/TU"] == tr("My notes and questions")
    assert str(fields["day1_dose0"]["/TU"]).startswith(tr("Day") + " 1")
    for name, f in fields.items():
        label = str(f.get("/TU", ""))
        assert label and label != name, name
    for page in reader.pages:
        if page.get("/Annots"):
            assert page.get("/Tabs") == "/S"


# ---- fonts --------------------------------------------------------------------------


def is_embedded(font: Any) -> bool:
    font = font.get_object()
    desc = font.get("/FontDescriptor")
    if desc is None and font.get("/DescendantFonts"):
        desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    desc = desc.get_object() if desc is not None else {}
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def every_font(pdf: bytes) -> list[Any]:
    """Every font anywhere: pages, form XObjects, annotation appearances, form resources."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    seen: set[int] = set()
    found: list[Any] = []

    def resources(res: Any) -> None:
        res = res.get_object() if res is not None else None
        if not res:
            return
        for f in (res.get("/Font") or {}).values():
            found.append(f)
        for x in (res.get("/XObject") or {}).values():
            obj = x.get_object()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.get("/Subtype") == "/Form":
                resources(obj.get("/Resources"))

    for page in reader.pages:
        resources(page.get("/Resources"))
        for ref in page.get("/Annots") or []:
            for appearance in (ref.get_object().get("/AP") or {}).values():
                appearance = appearance.get_object()
                if isinstance(appearance, pypdf.generic.StreamObject):
                    resources(appearance.get("/Resources"))
                else:  # one appearance per state (a checkbox's /Yes and /Off)
                    for state in appearance.values():
                        resources(state.get_object().get("/Resources"))
    form = reader.trailer["/Root"].get("/AcroForm")
    if form is not None:
        resources(form.get_object().get("/DR"))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_font_is_left_unembedded(fillable: dict[str, bytes], lang: str) -> None:
    fonts = every_font(fillable[lang])
    assert fonts
    assert [str(f.get_object().get("/BaseFont")) for f in fonts if not is_embedded(f)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_font_is_left_unembedded_in_the_other_variants(built, lang: str) -> None:
    """The plain handout, and large print on A4 with the patient's details and the dose
    calendar: every font embedded (preflight), as in the fillable one above."""
    patient = Patient(name=name_for(lang), start=START, cycle=21, dose="50 mg")
    for pdf in (
        built("refametinib", lang),
        built("ralimetinib", lang, large_print=True, paper="a4", calendar=True, patient=patient),
    ):
        assert [str(f.get_object().get("/BaseFont")) for f in every_font(pdf) if not is_embedded(f)] == []


# What the field font may add to a handout (measured: en 43, ru 37, ar 57, ko 200,
# ja 599, zh-Hans 732, zh-Hant 1,140 KB): what a patient types in the language, never
# the whole font (Chinese would be 2.6 MB, Japanese and Traditional Chinese were 1.3
# and 2.4 MB before they had a character list).
BUDGET = {
    "Latn": 50_000,
    "Cyrl": 50_000,
    "Arab": 65_000,
    "Kore": 260_000,
    "Jpan": 700_000,
    "Hans": 800_000,
    "Hant": 1_250_000,
}


@pytest.mark.parametrize("lang", ["en", "ru", "ar", "ko", "ja", "zh-Hans", "zh-Hant"])
def test_the_field_font_costs_no_more_than_its_budget(built, lang: str) -> None:
    plain = built("refametinib", lang)
    fillable = built("refametinib", lang, fillable=True)
    assert 0 < len(fillable) - len(plain) < BUDGET[i18n.language(lang).script]
