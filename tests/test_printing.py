"""handouts.printing against a real CUPS server with cups-pdf queues (see .ci/cups-setup).

As root the session fixture runs .ci/cups-setup (installs and starts CUPS if needed);
otherwise it expects that someone ran it. When CUPS cannot be had the server tests are
skipped, except when CI is set: then they fail, so CI never passes without printing.
The checks that need no server (bad options, missing file, CUPS absent) always run.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from handouts import printing
from handouts.errors import UserError
from handouts.printing import Printer, PrintJob, list_printers, submit

REPO = Path(__file__).resolve().parents[1]
SETUP = REPO / ".ci" / "cups-setup"
QUEUE = "handouts-test"
DISABLED_QUEUE = "handouts-test-disabled"
REJECTING_QUEUE = "handouts-test-rejecting"
OUT_ROOT = Path("/var/spool/cups-pdf/handouts-test")  # cups-pdf writes <user>/job_<id>-*.pdf
PAGES = 3
JOB_TIMEOUT = 30.0
END_STATES = {"completed", "canceled", "aborted", "processing-stopped"}

# Get-Job-Attributes as the job's owner: CUPS hides job-name from anyone else.
GET_JOB_ATTRIBUTES = """{
  NAME "Get-Job-Attributes"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri job-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes all
  STATUS successful-ok
}
"""
ATTRIBUTE_LINE = re.compile(r"\s+([a-z0-9-]+) \([^)]*\) = (.*)")


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"CUPS test server unavailable, and CI is set: {reason}", pytrace=False)
    pytest.skip(f"no CUPS test server ({reason})")


@pytest.fixture(scope="session")
def cups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A running CUPS with the test queues; returns the ipptool test file to read jobs."""
    if os.geteuid() == 0:
        try:
            result = subprocess.run(
                ["bash", str(SETUP)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        except subprocess.TimeoutExpired:
            result = subprocess.CompletedProcess(SETUP.name, 1, "", "no end after 600 s")
        if result.returncode != 0:
            _unavailable(f"{SETUP.name} failed: {result.stderr.strip()[-2000:]}")
    names: set[str] = set()
    problem = ""
    try:
        names = {p.name for p in list_printers()}
    except UserError as error:
        problem = str(error)  # reported outside the except: no chained traceback
    if problem:
        _unavailable(problem)
    missing = {QUEUE, DISABLED_QUEUE, REJECTING_QUEUE} - names
    if missing:
        _unavailable(f"queues {', '.join(sorted(missing))} missing: run sudo .ci/cups-setup")
    if shutil.which("ipptool") is None:
        _unavailable("ipptool missing: run sudo .ci/cups-setup")
    test_file = tmp_path_factory.mktemp("ipptool") / "get-job-attributes.test"
    test_file.write_text(GET_JOB_ATTRIBUTES)
    return test_file


@pytest.fixture(scope="session")
def leaflet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small PDF of PAGES A4 pages."""
    path = tmp_path_factory.mktemp("pdf") / "leaflet.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for number in range(1, PAGES + 1):
        canvas.drawString(72, 760, f"Test leaflet, page {number} of {PAGES}")
        canvas.showPage()
    canvas.save()
    return path


def job_attributes(cups: Path, job_id: str) -> dict[str, str]:
    number = job_id.rsplit("-", 1)[1]
    user = pwd.getpwuid(os.getuid()).pw_name
    result = subprocess.run(
        ["ipptool", "-tv", "-d", f"user={user}", f"ipp://localhost/jobs/{number}", str(cups)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, f"ipptool failed: {result.stdout}{result.stderr}"
    return {m[1]: m[2] for line in result.stdout.splitlines() if (m := ATTRIBUTE_LINE.match(line))}


def wait_for_job(cups: Path, job_id: str) -> dict[str, str]:
    """The job's attributes once CUPS is done with it (bounded by JOB_TIMEOUT)."""
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        attributes = job_attributes(cups, job_id)
        if attributes.get("job-state") in END_STATES:
            return attributes
        if time.monotonic() > deadline:
            subprocess.run(["cancel", job_id], capture_output=True, check=False)
            pytest.fail(f"job {job_id} not done after {JOB_TIMEOUT:g} s: {attributes}")
        time.sleep(0.1)


def cups_pdf_output(job_id: str, not_before: float) -> Path:
    number = job_id.rsplit("-", 1)[1]
    folder = OUT_ROOT / pwd.getpwuid(os.getuid()).pw_name
    # Job numbers start again at 1 if CUPS is reinstalled: ignore files from before.
    found = [p for p in folder.glob(f"job_{number}-*.pdf") if p.stat().st_mtime >= not_before]
    assert len(found) == 1, f"cups-pdf output of {job_id} in {folder}: {found}"
    return found[0]


def test_list_printers_shows_the_test_queues(cups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPDEST", QUEUE)  # the user's default printer, as CUPS clients read it
    printers = {p.name: p for p in list_printers()}
    assert printers[QUEUE] == Printer(
        QUEUE, enabled=True, accepting=True, is_default=True, description="handouts test printer (cups-pdf)"
    )
    assert printers[DISABLED_QUEUE] == Printer(
        DISABLED_QUEUE,
        enabled=False,
        accepting=True,
        is_default=False,
        description="handouts test printer, kept disabled",
    )
    assert printers[REJECTING_QUEUE] == Printer(
        REJECTING_QUEUE,
        enabled=True,
        accepting=False,
        is_default=False,
        description="handouts test printer, kept rejecting jobs",
    )
    assert [p.name for p in printers.values() if p.is_default] == [QUEUE]


@pytest.mark.parametrize(
    ("job", "expected", "page_size"),
    [
        pytest.param(
            PrintJob(QUEUE, copies=2, sides="two-sided-long-edge", media="a4", title="Aspirin de"),
            {"copies": "2", "sides": "two-sided-long-edge", "media": "A4", "job-name": "Aspirin de"},
            (595, 842),
            id="a4-duplex-2-copies",
        ),
        pytest.param(
            PrintJob(QUEUE.upper(), sides="one-sided", media="Letter"),
            {"copies": "1", "sides": "one-sided", "media": "Letter", "job-name": "leaflet.pdf"},
            (612, 792),
            id="letter-simplex-name-in-capitals",
        ),
        pytest.param(
            PrintJob(QUEUE),  # the queue's defaults: .ci/cups-setup makes it A4
            {"copies": "1", "media": "A4", "job-name": "leaflet.pdf"},
            (595, 842),
            id="queue-defaults",
        ),
    ],
)
def test_submit_prints_with_the_job_options(
    cups: Path, leaflet: Path, job: PrintJob, expected: dict[str, str], page_size: tuple[int, int]
) -> None:
    started = time.time() - 1  # file times may be coarser than the clock
    job_id = submit(leaflet, job)

    assert re.fullmatch(rf"{QUEUE}-\d+", job_id)
    attributes = wait_for_job(cups, job_id)
    assert attributes["job-state"] == "completed", attributes
    assert {key: attributes.get(key) for key in expected} == expected
    if job.sides is None:
        assert "sides" not in attributes  # nothing asked, so CUPS recorded nothing
    output_path = cups_pdf_output(job_id, started)
    output = PdfReader(output_path)
    # cups-pdf makes one PDF per job: copies show in the job's attributes, not here.
    assert len(output.pages) == PAGES
    box = output.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == page_size
    output_path.unlink()


def test_unknown_printer_lists_the_available_ones(
    cups: Path, leaflet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LPDEST", QUEUE)
    with pytest.raises(UserError, match=r'no printer named "no-such-queue"; available: .*') as error:
        submit(leaflet, PrintJob("no-such-queue"))
    assert f"{QUEUE} (default)" in str(error.value)
    assert f"{DISABLED_QUEUE}," in str(error.value)


def test_paused_printer_is_refused(cups: Path, leaflet: Path) -> None:
    ready = rf'"cupsenable {DISABLED_QUEUE}", or choose another: .*{QUEUE}'
    with pytest.raises(UserError, match=rf'printer "{DISABLED_QUEUE}" is paused; resume it with {ready}'):
        submit(leaflet, PrintJob(DISABLED_QUEUE))


def test_printer_not_accepting_jobs_is_refused(cups: Path, leaflet: Path) -> None:
    with pytest.raises(UserError, match=rf'"{REJECTING_QUEUE}" is not accepting jobs; allow .*"cupsaccept'):
        submit(leaflet, PrintJob(REJECTING_QUEUE))


def test_lp_refusal_carries_lps_message(cups: Path, leaflet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the queue stopped accepting jobs between lpstat and lp.
    monkeypatch.setattr(printing, "list_printers", lambda: [Printer(REJECTING_QUEUE, True, True, False)])
    with pytest.raises(UserError) as error:
        submit(leaflet, PrintJob(REJECTING_QUEUE))
    message = str(error.value)
    assert re.match(rf'the print service refused .*leaflet\.pdf for printer "{REJECTING_QUEUE}": ', message)
    assert f'Destination "{REJECTING_QUEUE}" is not accepting jobs.' in message


def test_scheduler_not_running(monkeypatch: pytest.MonkeyPatch, leaflet: Path) -> None:
    if shutil.which("lpstat") is None:
        pytest.skip("needs lpstat (cups-client)")
    # A CUPS client pointed at a socket where no scheduler listens.
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/handouts-test/cups.sock")
    with pytest.raises(UserError, match="CUPS scheduler is not running: start it"):
        list_printers()
    with pytest.raises(UserError, match="CUPS scheduler is not running"):
        submit(leaflet, PrintJob(QUEUE))


@pytest.fixture
def no_cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    yield


@pytest.mark.usefixtures("no_cups")
def test_cups_absent(leaflet: Path) -> None:
    with pytest.raises(UserError, match=r"CUPS is not installed .*install cups-client"):
        list_printers()
    with pytest.raises(UserError, match="CUPS is not installed"):
        submit(leaflet, PrintJob(QUEUE))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"cannot print .*nothing\.pdf: no such file"):
        submit(tmp_path / "nothing.pdf", PrintJob(QUEUE))


@pytest.mark.parametrize("content", [b"", b"hello, not a PDF\n"])
def test_not_a_pdf(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(content)
    with pytest.raises(UserError, match=r"fake\.pdf: it is not a PDF file"):
        submit(path, PrintJob(QUEUE))


@pytest.mark.parametrize("copies", [0, -1, printing.MAX_COPIES + 1])
def test_bad_copies(copies: int) -> None:
    with pytest.raises(UserError, match=f"copies must be from 1 to {printing.MAX_COPIES}, not {copies}"):
        PrintJob(QUEUE, copies=copies)


def test_bad_sides_and_media() -> None:
    with pytest.raises(UserError, match='unknown sides "duplex"; use one of: one-sided, '):
        PrintJob(QUEUE, sides="duplex")
    with pytest.raises(UserError, match='unknown paper size "a5"; use one of: a4, letter'):
        PrintJob(QUEUE, media="a5")


def test_unknown_printer_suggests_the_nearest_name(leaflet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queues = [Printer("Front-Desk", True, True, True), Printer("pharmacy", True, True, False)]
    monkeypatch.setattr(printing, "list_printers", lambda: queues)
    with pytest.raises(UserError, match='no printer named "frontdesk" \\(did you mean "Front-Desk"\\?\\)'):
        submit(leaflet, PrintJob("frontdesk"))


def test_a_pipe_is_not_printed(tmp_path: Path) -> None:
    fifo = tmp_path / "job.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="named pipe"):
        submit(fifo, PrintJob(QUEUE))  # refused before CUPS is asked, without waiting
