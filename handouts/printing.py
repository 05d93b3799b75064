"""Send a finished PDF to the system print service (CUPS) with its command-line clients.

Only ``lpstat`` (to list the queues) and ``lp`` (to submit) are used, run with the C
locale so their output can be parsed. Every problem a user can fix (CUPS missing or
stopped, an unknown, paused or rejecting printer, a bad option, a missing file, a job
that lp refuses) is a UserError with what to do about it.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import UserError, display_path
from handouts.reading.files import NotRegularFile, TooBig, read_limited

MAX_COPIES = 100
SIDES = ("one-sided", "two-sided-long-edge", "two-sided-short-edge")
MEDIA = {"a4": "A4", "letter": "Letter"}  # our name -> the name lp knows
MAX_PDF_BYTES = 500_000_000  # a PDF to print: a packet of 100 copies is far smaller
TIMEOUT = 30.0  # seconds for one lp or lpstat call

_PRINTER_LINE = re.compile(r"printer (\S+) (?:is idle|now printing|disabled since)")
_ACCEPTING_LINE = re.compile(r"(\S+) (not )?accepting requests since")
_DEFAULT_LINE = re.compile(r"system default destination: ([^\s/]+)")
_REQUEST_ID = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class Printer:
    """A CUPS print queue as ``lpstat`` reports it."""

    name: str
    enabled: bool
    accepting: bool
    is_default: bool
    description: str = ""


@dataclass(frozen=True)
class PrintJob:
    """What to print where. Checked on creation: a bad value raises UserError."""

    printer: str
    copies: int = 1
    sides: str | None = None  # one of SIDES; None: the queue's default
    media: str | None = None  # a key of MEDIA; None: the queue's default
    title: str = ""  # job name shown in the queue; empty: the file name

    def __post_init__(self) -> None:
        if not 1 <= self.copies <= MAX_COPIES:
            raise UserError(f"copies must be from 1 to {MAX_COPIES}, not {self.copies}")
        if self.sides is not None and self.sides not in SIDES:
            raise UserError(f'unknown sides "{self.sides}"; use one of: {", ".join(SIDES)}')
        if self.media is not None and self.media.lower() not in MEDIA:
            raise UserError(f'unknown paper size "{self.media}"; use one of: {", ".join(MEDIA)}')


def list_printers() -> list[Printer]:
    """The print queues CUPS knows, in its order. Empty when it has none."""
    result = _run("lpstat", "-l", "-p", "-d", "-a")
    if result.returncode != 0:
        if "No destinations added" in result.stderr:
            return []
        raise UserError(f"lpstat could not list the printers: {_said(result)}")
    enabled: dict[str, bool] = {}
    accepting: dict[str, bool] = {}
    descriptions: dict[str, str] = {}
    default = ""
    current = ""  # the printer whose indented detail lines follow
    for line in result.stdout.splitlines():
        if line.startswith("\t"):
            label, _, value = line.strip().partition(":")
            if current and label == "Description":
                descriptions[current] = value.strip()
            continue
        current = ""
        if match := _ACCEPTING_LINE.match(line):
            accepting[match[1]] = not match[2]
        elif match := _PRINTER_LINE.match(line):
            current = match[1]
            enabled[current] = not line.startswith(f"printer {current} disabled")
        elif match := _DEFAULT_LINE.match(line):
            default = match[1]
    return [
        Printer(
            name=name,
            enabled=is_enabled,
            accepting=accepting.get(name, True),  # if lpstat -a missed it, lp will tell
            is_default=name == default,
            description=descriptions.get(name, ""),
        )
        for name, is_enabled in enabled.items()
    ]


def submit(pdf: Path, job: PrintJob) -> str:
    """Queue ``pdf`` for printing as ``job``; return the CUPS job id, e.g. "office-12"."""
    _check_pdf(pdf)
    return _submit(job, str(pdf.resolve()), None, display_path(pdf))  # absolute: "-x" is no option


def submit_data(pdf: bytes, job: PrintJob) -> str:
    """Queue a PDF held in memory (lp reads it from its standard input): a handout with
    patient details is never written to a file of ours."""
    if not pdf.startswith(b"%PDF-"):
        raise UserError("cannot print: the data is not a PDF")
    return _submit(job, None, pdf, job.title or "the handout")


def _submit(job: PrintJob, path: str | None, data: bytes | None, shown: str) -> str:
    printers = list_printers()
    # CUPS compares queue names without regard to case.
    printer = next((p for p in printers if p.name.lower() == job.printer.lower()), None)
    if printer is None:
        if not printers:
            raise UserError(
                f'no printer named "{job.printer}": CUPS has no printers; '
                "add one in the system's printer settings (or with lpadmin) and try again"
            )
        close = difflib.get_close_matches(job.printer.lower(), [p.name.lower() for p in printers], n=1)
        hint = next(
            (f' (did you mean "{p.name}"?)' for p in printers if close and p.name.lower() == close[0]), ""
        )
        raise UserError(f'no printer named "{job.printer}"{hint}; available: {_names(printers)}')
    if not printer.enabled:
        raise UserError(
            f'printer "{printer.name}" is paused; resume it with "cupsenable {printer.name}"'
            f"{_others(printers)}"
        )
    if not printer.accepting:
        raise UserError(
            f'printer "{printer.name}" is not accepting jobs; allow them with "cupsaccept {printer.name}"'
            f"{_others(printers)}"
        )

    args = ["lp", "-d", printer.name, "-n", str(job.copies)]
    if job.sides is not None:
        args += ["-o", f"sides={job.sides}"]
    if job.media is not None:
        args += ["-o", f"media={MEDIA[job.media.lower()]}"]
    if job.title:
        args += ["-t", job.title]
    if path is not None:
        args.append(path)
    result = _run(*args, input=data)
    match = _REQUEST_ID.search(result.stdout)
    if result.returncode != 0 or match is None:
        raise UserError(f'the print service refused {shown} for printer "{printer.name}": {_said(result)}')
    return match[1]


def pdf_paper(pdf: Path) -> str | None:
    """The paper of a PDF's first page ("a4" or "letter", within 3 pt), or None for any
    other size or a file that cannot be read (``submit`` reports those)."""
    try:
        data = read_regular(pdf)
    except (OSError, UserError):
        return None
    return paper_of(data)


def paper_of(data: bytes) -> str | None:
    """The paper of a PDF in memory, as :func:`pdf_paper`."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        box = PdfReader(io.BytesIO(data)).pages[0].mediabox
        size = sorted((float(box.width), float(box.height)))
    except (OSError, PyPdfError, ValueError, IndexError, KeyError, TypeError):
        return None
    for name, (w, h) in (("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))):
        if abs(size[0] - w) <= 3 and abs(size[1] - h) <= 3:
            return name
    return None


def read_regular(pdf: Path) -> bytes:
    """A PDF's bytes: a regular file only (a pipe would hang), at most MAX_PDF_BYTES."""
    try:
        return read_limited(pdf, MAX_PDF_BYTES)
    except FileNotFoundError:
        raise UserError(f"cannot print {display_path(pdf)}: no such file; check the path") from None
    except NotRegularFile as error:
        raise UserError(f"cannot print {display_path(pdf)}: {error.kind}, not a file") from None
    except TooBig:
        raise UserError(
            f"cannot print {display_path(pdf)}: larger than {MAX_PDF_BYTES // 1_000_000} MB"
        ) from None
    except OSError as error:
        raise UserError(f"cannot print {display_path(pdf)}: {error.strerror}") from None


def _check_pdf(pdf: Path) -> None:
    head = read_regular(pdf)[:1024]
    if b"%PDF-" not in head:
        raise UserError(f"cannot print {display_path(pdf)}: it is not a PDF file")


def _run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run a CUPS client with the C locale; UserError when it is missing or hangs.
    ``input``: bytes for its standard input (a PDF for lp)."""
    program = shutil.which(args[0])
    if program is None:
        raise UserError(
            f'CUPS is not installed ("{args[0]}" not found): install cups-client and cups '
            '(e.g. "sudo apt-get install cups cups-client") and add a printer, then try again'
        )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        raw = subprocess.run(
            [program, *args[1:]],
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UserError(
            f"{args[0]} got no answer from CUPS within {TIMEOUT:g} s; "
            'check the print service ("lpstat -r") and try again'
        ) from None
    except OSError as error:
        raise UserError(f"cannot run {program}: {error.strerror}") from None
    result = subprocess.CompletedProcess(
        raw.args, raw.returncode, raw.stdout.decode(errors="replace"), raw.stderr.decode(errors="replace")
    )
    if "scheduler is not running" in result.stderr.lower():
        raise UserError(
            'the CUPS scheduler is not running: start it (e.g. "sudo systemctl start cups", '
            'or "sudo cupsd") and try again'
        )
    return result


def _said(result: subprocess.CompletedProcess[str]) -> str:
    """What a CUPS client said, without its "lp: " / "Error - " prefixes."""
    lines = (result.stderr.strip() or result.stdout.strip() or "no message").splitlines()
    said = " ".join(re.sub(r"^\w+: (Error - )?", "", line.strip()) for line in lines)
    return f"{said} (exit status {result.returncode})"


def _names(printers: list[Printer]) -> str:
    return ", ".join(p.name + (" (default)" if p.is_default else "") for p in printers)


def _others(printers: list[Printer]) -> str:
    """ ", or choose another: a, b" naming the printers that can take a job now, if any."""
    ready = [p for p in printers if p.enabled and p.accepting]
    return f", or choose another: {_names(ready)}" if ready else ""
