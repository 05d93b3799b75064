"""The front-desk web app through Starlette's TestClient: every page, and every security
rule a clinic's IT would check (each test fails without the rule it names)."""

from __future__ import annotations

import base64
import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from handouts import pipeline
from handouts.cli import main
from handouts.errors import UserError
from handouts.web import server
from handouts.web.app import Settings, create_app
from handouts.web.guard import CSP, CSRF_COOKIE, EDITION_CSP, MAX_BODY, Guard, Tokens

from pdfread import all_text
from test_printing import QUEUE, cups, cups_pdf_output, wait_for_job  # the real CUPS server's fixtures

__all__ = ["cups"]

NAME = "Ana Zyxwvutsky"  # a patient name that appears nowhere else
BASE = "http://127.0.0.1"


@pytest.fixture
def files_written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file this process opens for writing while the test runs (not pipes to CUPS's
    clients: file descriptors and /dev/null)."""
    import builtins
    import io
    import os

    written: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def recording_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(m in mode for m in "wax+") and not isinstance(file, int) and file != os.devnull:
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def recording_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and path != os.devnull:
            written.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)
    return written


def client_for(settings: Settings | None = None, **kwargs: object) -> TestClient:
    return TestClient(create_app(settings or Settings()), base_url=BASE, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return client_for(Settings(cache_dir=tmp_path / "cache"))


def token(client: TestClient) -> str:
    """The CSRF token from the front page's form (its cookie is kept by the client)."""
    page = client.get("/")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    assert client.cookies.get(CSRF_COOKIE) == found[1]
    return found[1]


def handout_fields(client: TestClient, **extra: str) -> dict[str, str]:
    return {"csrf": token(client), "drug": "refametinib", "lang": "es", **extra}


PATIENT = {"name": NAME, "dose": "50 mg", "start": "2026-12-01", "cycle": "21", "team_phone": "555 0100"}


# ---- the pages ---------------------------------------------------------------------------


def test_front_page_offers_drugs_languages_in_their_own_names_and_paper(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'value="refametinib"' in html and 'value="ralimetinib"' in html
    assert '<option value="ar" lang="ar">العربية</option>' in html
    assert '<option value="es" lang="es">Español</option>' in html
    assert 'value="letter"' in html and 'name="large_print"' in html
    for field in ("name", "dose", "start", "cycle", "team_phone"):
        assert f'name="{field}"' in html
    assert 'enctype="multipart/form-data"' in html  # the packet upload


def test_download_puts_the_patient_details_in_the_pdf(client: TestClient) -> None:
    answer = client.post("/handout", data={**handout_fields(client, calendar="on"), **PATIENT})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="refametinib-es.pdf"'
    text = all_text(answer.content)
    assert NAME in text and "50 mg" in text
    assert "Refametinib" in text


def test_large_print_and_paper_reach_the_pdf(client: TestClient) -> None:
    from pdfread import reader

    answer = client.post("/handout", data=handout_fields(client, paper="letter", large_print="on"))
    assert answer.status_code == 200
    box = reader(answer.content).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert answer.content == pipeline.build(
        "refametinib", "es", pipeline.Options(paper="letter", large_print=True)
    )


def test_unknown_drug_is_a_clear_page_not_a_traceback(client: TestClient) -> None:
    answer = client.post("/handout", data=handout_fields(client, drug="aspirin"))
    assert answer.status_code == 400
    assert "no drug" in answer.text and "Traceback" not in answer.text
    assert "<h1>Something in the form needs a change</h1>" in answer.text


# ---- patient details: POST only, no-store, not in logs, cache or files --------------------


def test_patient_details_are_sent_by_post_only(client: TestClient) -> None:
    html = client.get("/").text
    form = html[: html.index('name="name"')]
    assert form.rsplit("<form", 1)[1].startswith(' class="card" method="post" action="/handout"')
    assert client.get("/handout", params={"name": NAME}).status_code == 405


def test_answers_with_patient_details_are_not_stored(client: TestClient) -> None:
    answer = client.post("/handout", data={**handout_fields(client), **PATIENT})
    assert answer.headers["cache-control"] == "no-store"
    problem = client.post("/handout", data={**handout_fields(client), **PATIENT, "cycle": "0"})
    assert problem.status_code == 400
    assert problem.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("action", ["download", "preview"])
def test_patient_details_stay_out_of_logs_cache_and_files(
    action: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    files_written: list[str],
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    client = client_for(Settings(cache_dir=tmp_path / "cache"))
    caplog.set_level(logging.DEBUG)
    fields = handout_fields(client, calendar="on", action=action)
    answer = client.post("/handout", data={**fields, **PATIENT})
    assert answer.status_code == 200
    assert NAME in (answer.text if action == "preview" else all_text(answer.content))
    bad = client.post(
        "/handout", data={**handout_fields(client, action=action), **PATIENT, "start": NAME[:10]}
    )
    assert bad.status_code == 400 and NAME[:10] not in bad.text  # the message names the field only
    assert NAME not in caplog.text and NAME[:10] not in caplog.text
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["tmp"]  # nothing left anywhere
    assert files_written == []  # nor written for a moment


def test_an_unexpected_error_shows_a_page_and_logs_no_form_value(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(raise_server_exceptions=False)  # as a real server would answer

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError(f"bug while printing {NAME}")

    monkeypatch.setattr(pipeline, "build", broken)
    caplog.set_level(logging.DEBUG)
    answer = client.post("/handout", data={**handout_fields(client), **PATIENT})
    assert answer.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in answer.text
    assert "Traceback" not in answer.text and NAME not in answer.text
    assert "RuntimeError" in caplog.text  # IT learns what failed and where ...
    assert NAME not in caplog.text  # ... but not the patient's name


def test_the_server_writes_no_access_log(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs))
    assert main(["serve", "--port", "8123"]) == 0
    assert seen["access_log"] is False and seen["host"] == "127.0.0.1" and seen["port"] == 8123


# ---- CSRF: a signed double-submit token on every form -------------------------------------


def test_every_form_that_posts_carries_the_token(client: TestClient) -> None:
    html = client.get("/").text
    forms = re.findall(r"<form[^>]*>.*?</form>", html, flags=re.S)
    posting = [f for f in forms if 'method="post"' in f]
    assert len(posting) == 2
    assert all('name="csrf"' in f for f in posting)


@pytest.mark.parametrize("case", ["none", "no-cookie", "no-field", "different", "unsigned", "other-key"])
def test_a_post_without_a_valid_token_is_refused(client: TestClient, case: str) -> None:
    good = token(client)
    forged = "x" * 32 + ".not-a-signature"
    other = Tokens.for_secret("another server's secret").new()
    cookie, field = {
        "none": (None, None),
        "no-cookie": (None, good),
        "no-field": (good, None),
        "different": (good, Tokens(b"k").new()),
        "unsigned": (forged, forged),
        "other-key": (other, other),
    }[case]
    client.cookies.clear()
    if cookie:
        client.cookies.set(CSRF_COOKIE, cookie)
    data = {"drug": "refametinib", "lang": "es", **PATIENT}
    if field:
        data["csrf"] = field
    answer = client.post("/handout", data=data)
    assert answer.status_code == 403
    assert "<h1>The form has expired</h1>" in answer.text
    packet = client.post("/packet", data={"csrf": field or ""}, files={"packet": ("p.yaml", b"name: x")})
    assert packet.status_code == 403


def test_the_token_cookie_is_strict_and_hidden_from_scripts(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_workers_sharing_the_secret_accept_each_others_tokens() -> None:
    auth = {"authorization": "Basic " + base64.b64encode(b"desk:" + b"s" * 20).decode()}
    one = client_for(Settings(secret="s" * 20), headers=auth)
    two = client_for(Settings(secret="s" * 20), headers=auth)
    issued = token(one)
    two.cookies.set(CSRF_COOKIE, issued)
    answer = two.post("/handout", data={"csrf": issued, "drug": "refametinib", "lang": "en"})
    assert answer.status_code == 200


def test_the_workers_of_one_serve_accept_each_others_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs, app=app))
    monkeypatch.setenv(server.WORKER_SETTINGS, "")  # restored after the test
    assert main(["serve", "--workers", "2"]) == 0
    assert seen["app"] == "handouts.web.server:worker_app" and seen["factory"] is True
    assert seen["workers"] == 2 and seen["access_log"] is False
    one, two = (TestClient(server.worker_app(), base_url=BASE) for _ in range(2))
    issued = token(one)
    two.cookies.set(CSRF_COOKIE, issued)
    answer = two.post("/handout", data={"csrf": issued, "drug": "refametinib", "lang": "en"})
    assert answer.status_code == 200
    assert two.get("/", headers={"host": "evil.example"}).status_code == 400  # still loopback only


# ---- limits -------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused(client: TestClient) -> None:
    fields = handout_fields(client, dose="x" * (MAX_BODY + 1))
    answer = client.post("/handout", data=fields)
    assert answer.status_code == 413
    assert "<h1>What was sent is too large</h1>" in answer.text


def test_a_body_without_length_is_cut_off_at_the_limit(client: TestClient) -> None:
    csrf = token(client)

    def chunks() -> Iterator[bytes]:
        yield f"csrf={csrf}&drug=refametinib&lang=en&dose=".encode()
        for _ in range(MAX_BODY // 1024 + 2):
            yield b"x" * 1024

    answer = client.post(
        "/handout", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413
    assert "<h1>What was sent is too large</h1>" in answer.text


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("name", "A" * 101, "Patient&#39;s name: too long"),
        ("dose", "5" * 41, "Dose: too long"),
        ("team_phone", "5" * 41, "Care team&#39;s phone: too long"),
        ("drug", "d" * 65, "Drug: too long"),
        ("cycle", "400", "Days in each cycle: a whole number of days, 1 to 366"),
        ("start", "2026-02-30", "First day of treatment: not a date"),
        ("name", "Ana\x00", "Patient&#39;s name: control characters are not allowed"),
        ("lang", "../../etc", "Language of the handout: not a language code"),
        ("copies", "101", "Copies: a number from 1 to 100"),
        ("extra", "xyzzy-unique", "extra: not a field of this form"),
    ],
)
def test_field_limits(client: TestClient, field: str, value: str, label: str) -> None:
    answer = client.post("/handout", data=handout_fields(client, **{field: value}))
    assert answer.status_code == 400
    assert label in answer.text
    assert value not in answer.text  # the value typed is not repeated


def test_a_field_given_twice_is_refused(client: TestClient) -> None:
    csrf = token(client)
    body = f"csrf={csrf}&drug=refametinib&lang=en&name=a&name=b"
    answer = client.post(
        "/handout", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 400 and "given more than once" in answer.text


# ---- error pages and headers --------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/nowhere", 404), ("PUT", "/", 405)])
def test_every_error_is_a_page(client: TestClient, method: str, path: str, status: int) -> None:
    answer = client.request(method, path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>There is no such page</h1>" in answer.text
    assert 'href="/?ui=en"' in answer.text


def test_security_headers_on_every_response(client: TestClient) -> None:
    answers = [
        client.get("/"),
        client.get("/static/style.css"),
        client.get("/static/filter.js"),
        client.get("/nowhere"),
        client.post("/handout", data={}),
        client.post("/handout", data=handout_fields(client)),
    ]
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for html in (client.get("/").text, client.get("/nowhere").text, client.get("/?ui=ar").text):
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/filter.js" defer>']
        assert (
            "<style" not in html and " style=" not in html and " on" not in re.sub(r"<[^>]*>", "", html)[:0]
        )
        assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no onclick= handlers


# ---- the shared secret and who may connect ------------------------------------------------


def test_beyond_loopback_the_server_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--secret-file"):
        server.settings_for("0.0.0.0", None, None, None)
    with pytest.raises(UserError, match="--secret-file"):
        server.settings_for("desk.example.org", None, None, None)
    short = tmp_path / "short"
    short.write_text("123\n")
    with pytest.raises(UserError, match="at least 16"):
        server.settings_for("0.0.0.0", None, None, short)
    good = tmp_path / "secret"
    good.write_text("correct horse battery staple\n")
    assert server.settings_for("0.0.0.0", None, None, good).secret == "correct horse battery staple"
    assert server.settings_for("127.0.0.1", None, None, None).secret is None
    assert server.settings_for("::1", None, None, None).secret is None


def test_the_command_says_why_it_will_not_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: pytest.fail("the server started"))
    assert main(["serve", "--host", "0.0.0.0"]) == 1
    assert "--secret-file" in capsys.readouterr().err
    assert main(["serve", "--content", str(tmp_path / "nowhere")]) == 1
    assert "content folder not found" in capsys.readouterr().err
    broken = tmp_path / "brand.yaml"
    broken.write_text("name: [\n")
    assert main(["serve", "--brand", str(broken)]) == 1
    assert "brand.yaml:" in capsys.readouterr().err


def test_content_that_goes_missing_is_a_page(tmp_path: Path) -> None:
    client = client_for(Settings(content=tmp_path / "gone"))
    answer = client.get("/")
    assert answer.status_code == 500
    assert "content folder not found" in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("password", "status"), [(None, 401), ("wrong password here", 401), ("correct horse battery", 200)]
)
def test_with_a_secret_every_request_needs_it(password: str | None, status: int) -> None:
    headers = {}
    if password is not None:
        headers["authorization"] = "Basic " + base64.b64encode(f"desk:{password}".encode()).decode()
    client = client_for(Settings(secret="correct horse battery"), headers=headers)
    for path in ("/", "/static/style.css", "/nowhere"):
        answer = client.get(path)
        assert answer.status_code == (status if path != "/nowhere" or status == 401 else 404)
        if status == 401:
            assert answer.headers["www-authenticate"].startswith("Basic")
            assert "<h1>This page needs the clinic&#39;s password</h1>" in answer.text


def test_on_loopback_only_loopback_host_names_are_served() -> None:
    settings = server.settings_for("127.0.0.1", None, None, None)
    client = client_for(settings)
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    rebound = client.get("/", headers={"host": "evil.example:8000"})  # DNS rebinding
    assert rebound.status_code == 400


# ---- the page in the user's language ------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "query", "lang", "direction", "heading"),
    [
        ("ar", "", "ar", "rtl", "طباعة نشرة لمريض"),
        ("de-DE, fr;q=0.8, en;q=0.5", "", "fr", "ltr", "Imprimer une fiche pour un patient"),
        ("es-MX,es;q=0.9", "", "es", "ltr", "Imprimir un folleto para un paciente"),
        ("ko", "", "en", "ltr", "Print a handout for a patient"),  # no web catalog: English
        ("es", "ar", "ar", "rtl", "طباعة نشرة لمريض"),  # the chooser wins
    ],
)
def test_the_page_speaks_the_users_language(
    client: TestClient, accept: str, query: str, lang: str, direction: str, heading: str
) -> None:
    html = client.get("/", params={"ui": query} if query else None, headers={"accept-language": accept}).text
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_the_answer_keeps_the_language_of_the_form(client: TestClient) -> None:
    answer = client.post("/handout", data=handout_fields(client, ui="ar", cycle="0"))
    assert '<html lang="ar" dir="rtl">' in answer.text
    assert "عدد أيام كل دورة: عدد صحيح من الأيام، من 1 إلى 366" in answer.text


# ---- packets ------------------------------------------------------------------------------

PACKET = b"""name: Week 48
duplex: false
cover: true
brand: /etc/passwd
entries:
  - {drug: refametinib, lang: en}
  - {drug: ralimetinib, lang: es, copies: 2}
"""


def test_an_uploaded_packet_is_built(client: TestClient) -> None:
    answer = client.post(
        "/packet",
        data={"csrf": token(client)},
        files={"packet": ("week 48.yaml", PACKET, "application/yaml")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == 'attachment; filename="week_48.pdf"'
    text = all_text(answer.content)
    assert "Week 48" in text and "Refametinib" in text and "Ralimetinib" in text


def test_a_bad_packet_names_the_uploaded_file_and_line(client: TestClient) -> None:
    bad = b"name: x\nentries:\n  - {drug: aspirin, lang: en}\n"
    answer = client.post("/packet", data={"csrf": token(client)}, files={"packet": ("mine.yaml", bad)})
    assert answer.status_code == 400
    assert "mine.yaml:3:" in answer.text and "no drug" in answer.text
    assert "handouts-packet-" not in answer.text  # not the temporary copy's path


def test_a_packet_form_takes_no_patient_details(client: TestClient) -> None:
    fields = {"csrf": token(client), "name": NAME}
    answer = client.post("/packet", data=fields, files={"packet": ("p.yaml", PACKET)})
    assert answer.status_code == 400
    assert "name: not a field of this form" in answer.text


def test_a_name_the_font_cannot_draw_is_named_by_its_label(client: TestClient) -> None:
    answer = client.post("/handout", data=handout_fields(client, lang="en", name="Ana \U0001f600"))
    assert answer.status_code == 400
    assert "Patient&#39;s name: no font has a glyph for" in answer.text
    assert "--patient" not in answer.text


def test_a_packet_over_its_limit_is_refused(client: TestClient) -> None:
    big = b"# " + b"x" * (70 * 1024)
    answer = client.post("/packet", data={"csrf": token(client)}, files={"packet": ("big.yaml", big)})
    assert answer.status_code == 413


# ---- printing (needs the CUPS test server: see tests/test_printing.py) ---------------------


def test_print_shows_the_job_id_and_the_page_reaches_the_printer(
    cups: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files_written: list[str]
) -> None:
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    client = client_for(Settings(cache_dir=tmp_path / "cache"))
    page = client.get("/").text
    assert f'<option value="{QUEUE}"' in page
    started = time.time() - 1
    fields = handout_fields(client, action="print", printer=QUEUE, copies="1")
    answer = client.post("/handout", data={**fields, **PATIENT})
    assert files_written == []  # the PDF went to lp through a pipe, not a file
    assert answer.status_code == 200, answer.text
    job_id = re.search(r'id="job-id">([^<]+)<', answer.text)
    assert job_id and job_id[1].startswith(f"{QUEUE}-")
    assert wait_for_job(cups, job_id[1])["job-state"] == "completed"
    printed = cups_pdf_output(job_id[1], started).read_bytes()
    assert NAME in all_text(printed)
    assert list(scratch.iterdir()) == []


def test_a_packet_is_printed_with_its_duplex(client: TestClient, cups: Path) -> None:
    import time

    started = time.time() - 1
    duplex = PACKET.replace(b"duplex: false", b"duplex: true")
    fields = {"csrf": token(client), "action": "print", "printer": QUEUE, "copies": "1"}
    answer = client.post("/packet", data=fields, files={"packet": ("week.yaml", duplex)})
    assert answer.status_code == 200, answer.text
    job_id = re.search(r'id="job-id">([^<]+)<', answer.text)
    assert job_id
    attributes = wait_for_job(cups, job_id[1])
    assert attributes["job-state"] == "completed"
    assert attributes["sides"] == "two-sided-long-edge" and attributes["job-name"] == "Week 48"
    assert "Week 48" in all_text(cups_pdf_output(job_id[1], started).read_bytes())


def test_printing_on_an_unknown_queue_is_a_clear_page(client: TestClient, cups: Path) -> None:
    answer = client.post("/handout", data=handout_fields(client, action="print", printer="nope"))
    assert answer.status_code == 400
    assert "no printer named" in answer.text


def test_the_web_app_loads_no_reportlab() -> None:
    """Only the PDF stage imports ReportLab; the app reaches it through the pipeline."""
    import subprocess
    import sys

    code = (
        "import sys, handouts.web.app, handouts.web.server; "
        "print(any(m.startswith('reportlab') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---- the HTML edition, previewed ----------------------------------------------------------


def csp_directives(header: str) -> dict[str, str]:
    return {d.split()[0]: " ".join(d.split()[1:]) for d in header.split(";") if d.strip()}


def test_the_form_offers_a_preview_that_needs_no_script(client: TestClient) -> None:
    html = client.get("/").text
    form = re.search(r'<form class="card" method="post" action="/handout">.*?</form>', html, flags=re.S)
    assert form
    # a plain submit button of the same form, opened in a new tab by HTML alone
    assert (
        '<button type="submit" name="action" value="preview" formtarget="_blank" '
        'aria-describedby="preview-hint">Preview</button>'
    ) in form[0]
    assert 'id="preview-hint"' in form[0]
    arabic = client.get("/", params={"ui": "ar"}).text
    assert 'value="preview" formtarget="_blank" aria-describedby="preview-hint">معاينة</button>' in arabic


def test_preview_is_the_html_edition_of_exactly_that_request(client: TestClient) -> None:
    import datetime as dt

    from handouts.model import Patient

    fields = handout_fields(
        client, lang="ar", action="preview", paper="letter", large_print="on", calendar="on"
    )
    answer = client.post("/handout", data={**fields, **PATIENT})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-disposition" not in answer.headers  # shown, not saved as a file
    assert answer.text.startswith("<!DOCTYPE html>")
    assert '<html lang="ar" dir="rtl">' in answer.text
    assert NAME in answer.text and "50 mg" in answer.text
    patient = Patient(name=NAME, dose="50 mg", start=dt.date(2026, 12, 1), cycle=21, team_phone="555 0100")
    options = pipeline.Options(paper="letter", large_print=True, calendar=True, patient=patient)
    assert answer.content == pipeline.build_html("refametinib", "ar", options)
    plain = client.post("/handout", data=handout_fields(client, lang="es", action="preview"))
    assert '<html lang="es" dir="ltr">' in plain.text and NAME not in plain.text
    assert plain.content == pipeline.build_html("refametinib", "es")


def test_the_preview_shows_its_own_styles_and_fonts_but_runs_no_script(client: TestClient) -> None:
    answer = client.post("/handout", data={**handout_fields(client, action="preview"), **PATIENT})
    assert answer.status_code == 200
    csp = csp_directives(answer.headers["content-security-policy"])
    assert csp["default-src"] == "'none'" and csp["script-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'none'"
    assert csp["style-src"] == "'unsafe-inline'"  # the edition's one stylesheet is inline
    assert csp["font-src"] == "data:" and csp["img-src"] == "data:"  # embedded, nothing fetched
    assert not any(("'self'" in v or "http" in v or "*" in v) for v in csp.values())
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in answer.text
    assert "<style>" in answer.text and "data:font/woff;base64," in answer.text
    # the front page and the error pages keep their own strict policy
    assert client.get("/").headers["content-security-policy"] == CSP
    bad = client.post("/handout", data={**handout_fields(client, action="preview"), "cycle": "0"})
    assert bad.status_code == 400 and bad.headers["content-security-policy"] == CSP


def test_only_the_editions_policy_replaces_the_strict_one() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    def answer(policy: str) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"content-security-policy": policy})

    async def loose(request: object) -> PlainTextResponse:
        return answer("default-src *; script-src 'unsafe-inline'")

    async def edition(request: object) -> PlainTextResponse:
        return answer(EDITION_CSP)

    async def error_page(request: object, status: int, detail: str) -> PlainTextResponse:
        return PlainTextResponse("error", status_code=status)

    app = Starlette(routes=[Route("/loose", loose), Route("/edition", edition)])
    app.add_middleware(Guard, error_page=error_page)
    client = TestClient(app, base_url=BASE)
    assert client.get("/loose").headers.get_list("content-security-policy") == [CSP]
    assert client.get("/edition").headers.get_list("content-security-policy") == [EDITION_CSP]


def test_a_preview_without_a_valid_token_is_refused(client: TestClient) -> None:
    token(client)
    data = {"drug": "refametinib", "lang": "es", "action": "preview", **PATIENT}
    forged = "x" * 32 + ".not-a-signature"
    for field in (None, forged, Tokens(b"k").new()):
        answer = client.post("/handout", data={**data, "csrf": field} if field else data)
        assert answer.status_code == 403
        assert "<h1>The form has expired</h1>" in answer.text and NAME not in answer.text
        assert answer.headers["content-security-policy"] == CSP


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("name", "A" * 101, "Patient&#39;s name: too long"),
        ("dose", "5" * 41, "Dose: too long"),
        ("start", "2026-02-30", "First day of treatment: not a date"),
        ("cycle", "0", "Days in each cycle: a whole number of days, 1 to 366"),
    ],
)
def test_a_preview_applies_every_limit(client: TestClient, field: str, value: str, label: str) -> None:
    answer = client.post("/handout", data=handout_fields(client, action="preview", **{field: value}))
    assert answer.status_code == 400
    assert "<h1>Something in the form needs a change</h1>" in answer.text
    assert label in answer.text
    assert value not in answer.text
    big = client.post("/handout", data=handout_fields(client, action="preview", dose="x" * (MAX_BODY + 1)))
    assert big.status_code == 413 and "<h1>What was sent is too large</h1>" in big.text


def test_a_packet_cannot_be_previewed(client: TestClient) -> None:
    answer = client.post(
        "/packet",
        data={"csrf": token(client), "action": "preview", "printer": QUEUE},
        files={"packet": ("week.yaml", PACKET)},
    )
    assert answer.status_code == 400 and "unknown action" in answer.text


def test_font_subsets_kept_in_memory_hold_no_patients_characters(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML edition keeps its font subsets by the characters of the handout's own text;
    a name with characters the handout lacks gets fonts cut for that page, not kept."""
    from handouts.html import fonts

    kept: list[str] = []
    cut: list[str] = []
    real_subset, real_cut = fonts.subset, fonts.cut

    def keeping(path: Path, text: str) -> bytes:
        kept.append(text)
        return real_subset(path, text)

    def cutting(path: Path, text: str) -> bytes:
        cut.append(text)
        return real_cut(path, text)

    monkeypatch.setattr(fonts, "subset", keeping)
    monkeypatch.setattr(fonts, "cut", cutting)
    zeta, omega = "\u0396", "\u03c9"  # Greek letters: in the font, not in the Russian handout
    greek = f"{zeta}{omega}\u03ae Ana"
    fields = handout_fields(client, lang="ru", action="preview", calendar="on", start="2026-12-01")
    answer = client.post("/handout", data={**fields, "name": greek})
    assert answer.status_code == 200 and greek in answer.text
    assert len(cut) == 2 and all(zeta in t and omega in t for t in cut)  # regular and bold, this page only
    assert not any(zeta in t or omega in t for t in kept)
    kept.clear()
    cut.clear()
    plain = client.post("/handout", data=handout_fields(client, lang="ru", action="preview"))
    assert plain.status_code == 200 and len(kept) == 2 and cut == []
    common = set(kept)
    # a name whose letters the handout already has: the kept subset, keyed without the name
    kept.clear()
    answer = client.post(
        "/handout", data={**handout_fields(client, lang="ru", action="preview"), "name": "Анна"}
    )
    assert answer.status_code == 200 and "Анна" in answer.text
    assert cut == [] and set(kept) == common
