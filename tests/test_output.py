"""Faults while writing: a build killed at any moment, a full disk, a folder that cannot be
written, an output path that is not a file. The output path always holds either the
earlier good file or the complete new one; a clear error, never a traceback.

The PDF is written to ``.<name>.<random>.part`` in the output's folder and renamed over
the output path when complete (handouts/output.py). A process killed with SIGKILL while
it writes that file cannot remove it: the .part file is left behind (the next build does
not remove it either: it may belong to another build writing the same file), but the
output path itself is never touched until the rename.
"""

from __future__ import annotations

import errno
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts import output
from handouts.cli import main
from handouts.errors import UserError
from handouts.output import write_atomic

import democontent as dc

# Runs ``handouts`` with a pause at one moment of the build: it says PAUSED on standard
# error and sleeps there, so the test can kill it exactly then.
PAUSING = r"""
import os, sys, time
import handouts.output as output
import handouts.pdf.render as render

def pause(*args, **kwargs):
    sys.stderr.write("PAUSED\n")
    sys.stderr.flush()
    time.sleep(300)

stage = sys.argv[1]
if stage == "layout":  # before any byte is written
    render.render = pause
elif stage == "write":  # half of the PDF written to the temporary file
    real = os.fdopen
    class Half:
        def __init__(self, f): self.f = f
        def __enter__(self): return self
        def __exit__(self, *exc): return self.f.__exit__(*exc)
        def fileno(self): return self.f.fileno()
        def flush(self): self.f.flush()
        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            pause()
    output.os.fdopen = lambda fd, mode: Half(real(fd, mode))
elif stage == "rename":  # the temporary file complete, not yet renamed
    output.os.replace = pause
from handouts.cli import main
sys.exit(main(sys.argv[2:]))
"""


def content(tmp_path: Path, items: int = 1) -> Path:
    en = dc.english()
    en["key_points"] = [f"Point {'abcdefghij'[i % 10]}." for i in range(items)]
    return dc.write(tmp_path / f"content-{items}", {"en": en})


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def is_complete_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """An output path holding an earlier good handout."""
    target = tmp_path / "out" / "demo.pdf"
    target.parent.mkdir()
    assert main(["build", "demo", "--content", str(content(tmp_path)), "-o", str(target), "-q"]) == 0
    return target


def kill_when_paused(stage: str, args: list[str]) -> None:
    proc = subprocess.Popen([sys.executable, "-c", PAUSING, stage, *args], stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        assert ready, "the build never paused"
        assert proc.stderr.readline() == b"PAUSED\n"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["layout", "write", "rename"])
def test_killed_build_keeps_the_earlier_file(tmp_path: Path, good: Path, stage: str) -> None:
    before = good.read_bytes()
    new = content(tmp_path, items=200)
    kill_when_paused(stage, ["build", "demo", "--content", str(new), "-o", str(good), "-q"])
    assert good.read_bytes() == before
    left = parts(good.parent)
    if stage == "layout":
        assert left == []  # nothing was being written
    else:  # the temporary file stays (SIGKILL cannot be caught); the output is untouched
        assert [p.name.startswith(".demo.pdf.") for p in left] == [True]
        assert is_complete_pdf(left[0].read_bytes()) == (stage == "rename")
    assert sorted(p.name for p in good.parent.iterdir() if not p.name.startswith(".")) == ["demo.pdf"]
    # The next build replaces the file whole.
    assert main(["build", "demo", "--content", str(new), "-o", str(good), "-q"]) == 0
    assert is_complete_pdf(good.read_bytes()) and good.read_bytes() != before


@pytest.mark.slow
def test_killed_at_random_moments_the_file_is_old_or_new(tmp_path: Path, good: Path) -> None:
    """The real command, no hooks, killed at moments spread over a build: the output is
    always one of the two complete files."""
    before = good.read_bytes()
    new = content(tmp_path, items=1500)
    args = [sys.executable, "-m", "handouts", "build", "demo", "--content", str(new), "-o", str(good), "-q"]
    start = time.monotonic()
    subprocess.run(args, check=True)
    duration = time.monotonic() - start
    after = good.read_bytes()
    good.write_bytes(before)
    for share in (0.3, 0.6, 0.85, 0.95):
        proc = subprocess.Popen(args)
        time.sleep(duration * share)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert good.read_bytes() in (before, after), share
        good.write_bytes(before)


def test_full_disk_is_a_clear_error(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up half way through the file: ENOSPC, as the OS reports it."""
    before = good.read_bytes()
    real = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            self.f = real(fd, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def write(self, data: bytes) -> None:
            self.f.write(data[:4096])
            self.f.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen", Full)
    assert main(["build", "demo", "--content", str(content(tmp_path, 3)), "-o", str(good)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"handouts: cannot write {good}: the disk is full"]
    assert good.read_bytes() == before
    assert parts(good.parent) == []


def test_full_disk_on_standard_output(tmp_path: Path) -> None:
    """Standard output redirected to /dev/full, which fails every write with ENOSPC."""
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "handouts",
                "build",
                "demo",
                "--content",
                str(content(tmp_path)),
                "-o",
                "-",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert run.returncode == 1
    assert run.stderr.decode().splitlines() == ["handouts: cannot write to standard output: the disk is full"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_read_only_folder_is_a_clear_error(
    tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good.read_bytes()
    good.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert main(["build", "demo", "--content", str(content(tmp_path, 3)), "-o", str(good)]) == 1
    finally:
        good.parent.chmod(stat.S_IRWXU)
    message = f"handouts: cannot write {good}: permission denied (choose a folder you can write to)"
    assert capsys.readouterr().err.splitlines() == [message]
    assert good.read_bytes() == before


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, good: Path, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the OS answers for a folder without write permission, or on a read-only file
    system (the tests run as root in CI, where permissions do not stop a write)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    before = good.read_bytes()
    assert main(["build", "demo", "--content", str(content(tmp_path, 3)), "-o", str(good)]) == 1
    message = f"handouts: cannot write {good}: permission denied (choose a folder you can write to)"
    assert capsys.readouterr().err.splitlines() == [message]
    assert good.read_bytes() == before


def test_output_path_that_is_not_a_file(tmp_path: Path) -> None:
    """A folder, or a device or pipe, is never replaced by the PDF (renaming over
    /dev/null as root would); a symbolic link is replaced, its target left alone."""
    with pytest.raises(UserError, match="it is a folder: name a file"):
        write_atomic(tmp_path, b"%PDF-")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        write_atomic(fifo, b"%PDF-")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link = tmp_path / "link.pdf"
    link.symlink_to("/dev/null")
    write_atomic(link, b"%PDF- data")
    assert link.read_bytes() == b"%PDF- data" and not link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert parts(tmp_path) == []


def test_output_names_come_from_drug_ids_not_content(tmp_path: Path) -> None:
    """A drug is named on the command line and must be a folder's id; ids are checked
    (lowercase letters, digits, '-', '_'), so no content can steer a file elsewhere."""
    root = content(tmp_path)
    out = tmp_path / "pdfs"
    assert main(["build", "DEMO", "--content", str(root), "--out-dir", str(out), "-q"]) == 0
    assert [p.name for p in out.iterdir()] == ["demo-en.pdf"]
    for name in ("../demo", "demo/../demo", "/etc/passwd", "..", "."):
        assert main(["build", name, "--content", str(root), "--out-dir", str(out), "-q"]) == 1
    (out / "demo-en").mkdir()  # a folder that "en/../../x" would climb out of
    for lang in ("en/../../x", "en_../x", "../en", "en/.."):
        assert (
            main(["build", "demo", "--lang", lang, "--content", str(root), "--out-dir", str(out), "-q"]) == 1
        )
    (out / "demo-en").rmdir()
    assert [p.name for p in out.iterdir()] == ["demo-en.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content-1", "pdfs"]
    evil = tmp_path / "evil"
    shutil.copytree(root, evil)
    (evil / "demo").rename(evil / "..demo")
    facts = evil / "..demo" / "facts.yaml"
    facts.write_text(facts.read_text().replace("drug_id: demo", "drug_id: ../demo"))
    assert main(["validate", "--content", str(evil)]) == 1
