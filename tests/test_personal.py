"""For the patient in front of you: details printed but never stored, the dated dose
calendar in several locales, large print, the QR code, and fillable form fields."""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
from pathlib import Path

import pypdf
import pytest
import zxingcpp

from handouts.cli import main
from handouts.model import Patient
from handouts.pipeline import Options, build
from handouts.reading.theme import load_theme

from pdfread import all_text, font_sizes, pages_text, reader, render, squash

ANA = Patient(
    name="Ana Zuñiga-Quesada", dose="50 mg", start=dt.date(2026, 12, 1), cycle=21, team_phone="(617) 555-0100"
)
SECRET = ("Ana Zuñiga-Quesada", "555-0100")


def personal(lang: str = "en", **kw: object) -> bytes:
    return build("refametinib", lang, Options(patient=ANA, calendar=True, **kw))  # type: ignore[arg-type]


def test_my_treatment_box_prints_the_details() -> None:
    text = all_text(personal())
    assert "My treatment" in text
    assert "Ana Zuñiga-Quesada" in text and "50 mg" in text and "December 1, 2026" in text
    assert "(617) 555-0100" in text


def test_without_details_the_box_has_lines_to_write_on(built) -> None:
    text = all_text(built("refametinib"))
    assert "My treatment" in text and "My name" in text
    assert "Ana" not in text


def test_details_go_nowhere_but_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "handout.pdf"
    cache = tmp_path / "cache"
    assert (
        main(
            [
                "build",
                "refametinib",
                "--patient",
                ANA.name or "",
                "--dose",
                "50 mg",
                "--start",
                "2026-12-01",
                "--team-phone",
                "(617) 555-0100",
                "--calendar",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    logged = caplog.text + "".join(capsys.readouterr())
    pdf = out.read_bytes()
    r = reader(pdf)
    meta = " ".join(str(v) for v in (r.metadata or {}).values())
    for secret in SECRET:
        assert secret not in logged
        assert secret not in meta
        assert secret.encode() not in pdf  # not as plain bytes either (page streams are compressed)
    assert not cache.exists() or not any(cache.rglob("*"))
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]
    assert any(secret in t for t in pages_text(pdf) for secret in SECRET)  # but it is on the page


@pytest.mark.parametrize(
    ("name", "font"),
    [("محمد", "NotoSansArabic"), ("张伟", "NotoSansCJKsc"), ("अमित कुमार", "NotoSansDevanagari")],
)
def test_a_name_in_another_script_prints_in_that_scripts_font(name: str, font: str) -> None:
    """The name is the patient's, whatever the handout's language: on an English handout
    an Arabic, Chinese or Hindi name is set in the theme's font for its script."""
    pdf = build("refametinib", "en", Options(patient=Patient(name=name)))
    texts = pages_text(pdf)
    page = next(i for i, t in enumerate(texts) if "My name" in t)
    assert name in texts[page]
    resources = reader(pdf).pages[page]["/Resources"]["/Font"]
    used = [str(f.get_object()["/BaseFont"]) for f in resources.values()]
    assert any(font in u for u in used), used


def test_a_name_no_font_can_draw_is_refused_without_repeating_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "refametinib", "--patient", "Ana \U0001f600", "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert "--patient: no font has a glyph for U+1F600 GRINNING FACE" in err
    assert "Ana" not in err


def test_bad_start_date_message_does_not_repeat_the_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "refametinib", "--patient", "Ana", "--start", "01/12/2026"]) == 2
    err = capsys.readouterr().err
    assert "01/12/2026" not in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize(
    ("lang", "days"),
    [
        ("en", ["Tue, Dec 1", "Tue, Dec 8", "Mon, Dec 21"]),  # the locale's own pattern (CLDR MMMEd)
        ("es", ["mar, 1 dic", "mar, 8 dic", "lun, 21 dic"]),
        ("ar", ["الثلاثاء، 1 ديسمبر", "الثلاثاء، 8 ديسمبر", "الاثنين، 21 ديسمبر"]),
    ],
)
def test_calendar_dates_in_three_locales(lang: str, days: list[str]) -> None:
    from handouts import i18n

    pages = [squash(t) for t in pages_text(personal(lang))]
    heading = i18n.Translator(i18n.language(lang))("My dose calendar and side-effect diary")
    start = next(i for i, t in enumerate(pages) if squash(heading) in t)
    calendar = " ".join(pages[start:])  # a cycle may take two pages
    for label in days:
        for word in label.split():
            assert word in calendar, (lang, label)


def test_calendar_without_a_start_date_has_blank_dates() -> None:
    pdf = build("ralimetinib", "en", Options(calendar=True))
    last = squash(pages_text(pdf)[-1])
    assert "My dose calendar and side-effect diary" in last
    assert "Morning" in last and "Evening" in last
    assert "Dec" not in last and "Mon" not in last


MM = 72 / 25.4  # points


def test_large_print_is_18pt() -> None:
    # the running header and footer (small on purpose) repeat on every page: leave them
    # out, or a longer handout would read as less large print
    page = load_theme("letter", large_print=True).page
    top, bottom = (page.margin_top + page.header_height) * MM, (page.margin_bottom + page.footer_height) * MM
    sizes = font_sizes(build("refametinib", "en", Options(large_print=True)), top=top, bottom=bottom)
    body = sum(n for size, n in sizes.items() if size >= 18)
    assert body / sum(sizes.values()) > 0.85, sizes


def test_qr_code_decodes_to_the_versioned_url(tmp_path: Path) -> None:
    brand = tmp_path / "brand.yaml"
    shutil.copy(Path(__file__).parent.parent / "assets" / "brand" / "logo.png", tmp_path / "logo.png")
    brand.write_text(
        "name: Lakeside Clinic\nphones: {main: (555) 010-0000, after_hours: (555) 010-0001}\nlogo: logo.png\n"
        "url: https://lakeside.example/handouts/{drug}/{lang}/v{version}\n"
    )
    pdf = build("refametinib", "es", Options(brand=brand))
    found = []
    for page in range(len(reader(pdf).pages)):
        found += [r.text for r in zxingcpp.read_barcodes(render(pdf, page, 150))]
    assert found == ["https://lakeside.example/handouts/refametinib/es/v1.0"]
    assert "https://lakeside.example/handouts/refametinib/es/v1.0" in all_text(pdf)


def test_fillable_fields_read_back() -> None:
    pdf = personal(fillable=True)
    fields = pypdf.PdfReader(io.BytesIO(pdf)).get_fields() or {}
    # details given at print time are printed on the page, with no field over them
    assert "my_name" not in fields and "my_dose" not in fields
    assert "Ana Zuñiga-Quesada" in all_text(pdf) and "50 mg" in all_text(pdf)
    assert "notes" in fields
    boxes = [n for n, f in fields.items() if f.get("/FT") == "/Btn"]
    # 3 tests + 4 side effects + 21 days x (2 doses + 4 side effects)
    assert len(boxes) == 3 + 4 + 21 * 6


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_japanese_large_print_dates_stay_on_one_line(paper: str) -> None:
    """Chinese and Japanese table cells keep room at the right for a hanging full stop,
    and the date column did not count it: a two-digit day wrapped ("12月10日(" over "木)"),
    its row grew, and the calendar held a week a page, each page half empty."""
    data = personal("ja", paper=paper, large_print=True)
    lines = [ln for page in pages_text(data) for ln in page.splitlines()]
    for day in range(10, 22):
        assert any(f"12月{day}日(" in ln and ")" in ln.split(f"12月{day}日(")[1] for ln in lines), day
    calendar = [t for t in pages_text(data) if "12月1日(" in t or "12月21日(" in t]
    assert len(calendar) == 2  # 21 days: two pages, not three
