"""The front-desk page in a real browser: Debian's chromium driven by Playwright.

The server runs as ``handouts serve`` in a subprocess on a free loopback port. The tests
choose a drug and a language, fill in the patient's details, download the PDF and read
it back, preview the HTML edition (with JavaScript switched off), print on the cups-pdf
test queue, use the page by keyboard alone, check that the Arabic page runs right to left,
and run axe-core on the front page and on the previewed handout.

Needs the ``chromium`` package (apt) and Playwright (pip); Playwright's own browser
download is not used. axe-core comes from npm (``npm ci --prefix tests/browser``; .ci/run does
it). Skipped only when chromium is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe import axe_violations

from pdfread import all_text
from test_printing import QUEUE, cups, cups_pdf_output, wait_for_job  # the real CUPS server's fixtures

__all__ = ["cups"]

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)"),
]
NAME = "Bea Qwertzuiopsky"  # a patient name that appears nowhere else
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, log: Path) -> None:
        self.url, self.log = url, log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("server")
    port = free_port()
    log = home / "server.log"
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "handouts", "serve", "--port", str(port)],
            cwd=home,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"handouts serve did not start: {log.read_text()}")
                time.sleep(0.1)
        yield Server(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert NAME not in log.read_text(errors="replace"), "a patient's name reached the server's output"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def fill_patient(page: Any) -> None:
    page.fill("#name", NAME)
    page.fill("#dose", "50 mg")
    page.fill("#start", "2026-12-01")
    page.fill("#cycle", "21")
    page.check("#calendar")


def test_download_a_personal_handout(server: Server, page: Any, tmp_path: Path) -> None:
    page.goto(server.url)
    page.fill("#drug-filter", "rali")  # the type-to-filter script
    assert page.eval_on_selector("#drug", "s => s.value") == "ralimetinib"
    assert page.is_hidden("#drug option[value=refametinib]")
    page.select_option("#lang", "es")
    fill_patient(page)
    with page.expect_download() as download:
        page.click("button[value=download]")
    assert download.value.suggested_filename == "ralimetinib-es.pdf"
    target = tmp_path / "handout.pdf"
    download.value.save_as(target)
    text = all_text(target.read_bytes())
    assert NAME in text and "Ralimetinib" in text
    assert "Calendario" in text or "calendario" in text  # the Spanish calendar page
    assert NAME not in page.url


def test_print_on_the_test_queue(server: Server, page: Any, cups: Path) -> None:
    started = time.time() - 1
    page.goto(server.url)
    page.select_option("#drug", "refametinib")
    page.select_option("#lang", "en")
    fill_patient(page)
    page.select_option("#printer", QUEUE)
    page.click("button[value=print]")
    job_id = page.inner_text("#job-id")
    assert job_id.startswith(f"{QUEUE}-")
    assert page.inner_text("h1") == "Sent to the printer"
    assert wait_for_job(cups, job_id)["job-state"] == "completed"
    assert NAME in all_text(cups_pdf_output(job_id, started).read_bytes())


def tab_to(page: Any, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element has the focus (a keyboard user's only way around)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} cannot be reached with Tab")


def test_the_page_works_by_keyboard_alone(server: Server, page: Any, tmp_path: Path) -> None:
    page.goto(server.url)
    tab_to(page, "drug-filter")
    page.keyboard.type("refa")
    tab_to(page, "lang")
    page.keyboard.type("Fran")  # a select jumps to the option typed: Français
    assert page.eval_on_selector("#lang", "s => s.value") == "fr"
    tab_to(page, "name")
    page.keyboard.type(NAME)
    tab_to(page, "large_print")
    # Each control shows where the focus is (a visible outline).
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    focused_download = None
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "download":
            focused_download = True
            break
    assert focused_download, "the Download button cannot be reached with Tab"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    target = tmp_path / "keyboard.pdf"
    download.value.save_as(target)
    assert download.value.suggested_filename == "refametinib-fr.pdf"
    assert NAME in all_text(target.read_bytes())


def test_the_arabic_page_runs_right_to_left(server: Server, browser: Any) -> None:
    context = browser.new_context(locale="ar")  # the browser asks for Arabic
    page = context.new_page()
    try:
        page.goto(server.url)
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        heading = page.locator("h1").bounding_box()
        label = page.locator("label[for=drug]").bounding_box()
        width = page.viewport_size["width"]
        # Text starts at the right: the label's right edge is near the right of the page.
        assert label["x"] + label["width"] > width / 2
        assert page.inner_text("h1") == "طباعة نشرة لمريض"
        assert heading["x"] + heading["width"] > width / 2
    finally:
        context.close()


@pytest.mark.parametrize("ui", ["en", "ar"])
def test_axe_finds_no_violations_on_the_front_page(server: Server, browser: Any, ui: str) -> None:
    # The page's CSP allows no injected script: axe is added by the test browser only.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/?ui={ui}")
        assert axe_violations(page) == []
    finally:
        context.close()


# The handout's "My treatment" heading in each language previewed (the handouts catalog).
MY_TREATMENT = {"es": "Mi tratamiento", "ar": "علاجي"}


def open_preview(server: Server, context: Any, lang: str) -> tuple[Any, list[str]]:
    """Fill the form for ``lang`` and press Preview: the edition opens in a new tab."""
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url)
    page.select_option("#drug", "refametinib")
    page.select_option("#lang", lang)
    fill_patient(page)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(f"{r.method} {r.url}"))
    with context.expect_page() as opened:
        page.click("button[value=preview]")
    preview = opened.value
    preview.wait_for_load_state()
    preview.evaluate("document.fonts.ready.then(() => true)")
    return preview, requests


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_preview_the_html_edition_without_javascript(server: Server, browser: Any, lang: str) -> None:
    # JavaScript off, the page's own policy in force: the preview is a plain form post.
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        preview, requests = open_preview(server, context, lang)
        policy_errors: list[str] = []
        preview.on("console", lambda m: policy_errors.append(m.text))
        assert preview.url == f"{server.url}/handout" and NAME not in preview.url
        assert requests == [f"POST {server.url}/handout"]  # one post; fonts and images are inside
        root = preview.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        assert root == [lang, "rtl" if lang == "ar" else "ltr"]
        assert preview.inner_text("h1") == "Refametinib"
        heading = preview.locator("h2", has_text=MY_TREATMENT[lang])
        assert heading.count() == 1
        assert NAME in preview.inner_text("main")
        # its own stylesheet and embedded fonts apply (a policy blocking them would not)
        family = preview.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert family.startswith("handout-"), family
        faces = preview.evaluate("Array.from(document.fonts).map(f => f.status)")
        assert faces and set(faces) == {"loaded"}, faces
        assert preview.evaluate("document.scripts.length") == 0
        # where the heading's words sit in its line: at the right end in Arabic, else the left
        box = heading.bounding_box()
        left, right = heading.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " const b = r.getBoundingClientRect(); return [b.left, b.right]; }"
        )
        if lang == "ar":
            assert abs(right - (box["x"] + box["width"])) < 2 and left > box["x"] + box["width"] / 2
        else:
            assert abs(left - box["x"]) < 2 and right < box["x"] + box["width"] / 2
        # the dose the desk typed keeps its order ("50 mg", not "mg 50") in Arabic too, and
        # stays where the page's direction puts it (the values line up on one side)
        dose = preview.locator(".value bdi", has_text="50 mg")
        assert dose.evaluate("e => getComputedStyle(e).direction") == "ltr"
        sides = preview.eval_on_selector_all(
            ".value", "es => es.map(e => getComputedStyle(e).direction + ' ' + getComputedStyle(e).textAlign)"
        )
        assert len(set(sides)) == 1, sides
        assert policy_errors == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_axe_finds_no_violations_on_the_preview(server: Server, browser: Any, lang: str) -> None:
    # The preview's CSP allows no script at all: axe is added by the test browser only.
    context = browser.new_context(bypass_csp=True, locale="en-US")
    try:
        preview, _ = open_preview(server, context, lang)
        assert NAME in preview.inner_text("main")
        assert axe_violations(preview) == []
    finally:
        context.close()
