"""The HTML edition in a real browser: Chromium (Debian's package, driven by Playwright)
with axe-core injected finds no accessibility violation in any shipped language; the
page is one column on a phone and two on a desk, loads its own fonts and nothing else,
and prints the calendar on a page of its own. Skipped only where chromium is absent."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from axe import axe_violations

from handouts.model import Patient
from handouts.pipeline import Options, build_html, default_content

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
SHOTS = Path(__file__).parent / "output" / "html"  # screenshots to look at (not kept in git)
# every language the bundled content ships
SHIPPED = tuple(
    sorted(p.stem for p in (default_content() / "refametinib").glob("*.yaml") if p.stem != "facts")
)
ANA = Patient(name="Ana García", dose="50 mg", cycle=21, team_phone="(617) 555-0100")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        yield b
        b.close()


class Opened:
    def __init__(self, page: Any, requests: list[str]) -> None:
        self.page, self.requests = page, requests


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    contexts = []

    def go(html: bytes, width: int = 1024, name: str = "page") -> Opened:
        # bypass_csp lets the test inject axe-core: the page's own policy forbids any script
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        page.goto(path.as_uri())
        page.evaluate("document.fonts.ready.then(() => true)")
        return Opened(page, [u for u in requests if u != path.as_uri()])

    yield go
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", SHIPPED)
def test_axe_finds_no_violation(lang: str, open_page: Any) -> None:
    opened = open_page(build_html("refametinib", lang), name=lang)
    assert axe_violations(opened.page) == []
    assert opened.requests == [], "the page fetched something"


@pytest.mark.parametrize(
    ("drug", "lang", "options"),
    [
        ("ralimetinib", "en", {"patient": ANA, "calendar": True}),
        ("ralimetinib", "ar", {"calendar": True, "large_print": True}),
        ("refametinib", "zh-Hans", {"calendar": True, "large_print": True}),
    ],
)
@pytest.mark.parametrize("width", [375, 1024])
def test_axe_finds_no_violation_with_options(
    drug: str, lang: str, options: dict[str, Any], width: int, open_page: Any
) -> None:
    opened = open_page(build_html(drug, lang, Options(**options)), width)
    assert axe_violations(opened.page) == []


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return list(
        page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().toJSON())")
    )


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ar"])
def test_one_column_on_a_phone_two_on_a_desk(lang: str, open_page: Any) -> None:
    html = build_html("refametinib", lang, Options(calendar=True))
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1024):
        page = open_page(html, width, f"{lang}-{width}").page
        page.screenshot(path=str(SHOTS / f"refametinib-{lang}-{width}.png"), full_page=True)
        do, dont = boxes(page, ".dodont > div")
        # nothing wider than the screen but the calendar, which scrolls in its own box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            assert do["x"] == dont["x"] and dont["y"] >= do["y"] + do["height"]
            name, *cells = boxes(page, ".effects tbody tr:first-child > *")
            assert all(c["x"] == name["x"] for c in cells)  # each side effect's parts stacked
        else:
            assert do["y"] == dont["y"] and do["x"] != dont["x"]
            assert (dont["x"] < do["x"]) == (lang == "ar")  # Do comes first in reading order
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "ja", "ko", "ar", "hy"])
def test_embedded_fonts_load_and_draw_the_text(lang: str, open_page: Any) -> None:
    """The machine has no Chinese, Korean or Arabic font of its own to fall back on
    (Debian's chromium brings none): the page's two faces load and cover its text."""
    page = open_page(build_html("refametinib", lang)).page
    faces = page.evaluate("[...document.fonts].map(f => [f.family, f.weight, f.status])")
    assert sorted((w, s) for _, w, s in faces) == [("400", "loaded"), ("700", "loaded")]
    family = faces[0][0]
    sample = page.evaluate("document.querySelector('h2').textContent")
    assert page.evaluate(f"document.fonts.check('16px {family}', {sample!r})")
    used = page.evaluate("getComputedStyle(document.querySelector('h2')).fontFamily")
    assert used.startswith(family)


def test_print_puts_the_calendar_on_its_own_page(open_page: Any) -> None:
    page = open_page(build_html("refametinib", "en", Options(calendar=True, paper="a4"))).page
    page.emulate_media(media="print")
    pdf = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True, print_background=True))
    try:
        texts = [p.get_textpage().get_text_range() for p in pdf]
        width, height = pdf[0].get_size()
    finally:
        pdf.close()
    assert (round(width), round(height)) == (595, 842)  # A4, from the page's print CSS
    (calendar_page,) = [i for i, t in enumerate(texts) if "My dose calendar and side-effect diary" in t]
    assert texts[calendar_page].lstrip().startswith("My dose calendar and side-effect diary")
    assert "Contact your care team" in texts[calendar_page - 1]
    assert 3 <= len(texts) <= 8


def test_keyboard_reaches_every_control_in_order(open_page: Any) -> None:
    """Tab walks the checkboxes and fields in reading order; Space ticks a box."""
    page = open_page(build_html("refametinib", "en")).page
    count = page.evaluate("document.querySelectorAll('input, textarea').length")
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert seen[:5] == ["my_name", "my_dose", "my_start", "my_cycle", "my_team"]
    assert seen[5] == "test-gene_test" and len(set(seen)) == count
    page.focus("#effect-rash")
    page.keyboard.press("Space")
    assert page.is_checked("#effect-rash")
