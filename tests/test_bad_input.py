"""Bad-input cases, one per folder under tests/cases/: collected automatically.

A case folder holds ``files/`` (laid over a copy of ``cases/_base``, a small valid
content tree), ``args`` (the command line, run in the copy's folder) and
``expected`` (the exact lines the command must print to stderr). ``exit`` holds the
exit code when it is not 1. To add a case: make the folder, run the command, check
the lines by eye, save them as ``expected``.

A case with a ``limits`` file (hostile input: pipes, devices, huge numbers) runs in a
child process with a time limit and a memory cap, so a hang or a runaway read fails
the test instead of stopping the run.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import main

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
TIME_LIMIT = 120  # seconds: generous on a busy machine; a hang never ends
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space: reading /dev/zero unbounded would pass it


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(args: list[str], work: Path) -> tuple[int, str]:
    """The command in a child process, in ``work``, with the time and memory limits."""
    code = "import sys; from handouts.cli import main; sys.exit(main(sys.argv[1:]))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            preexec_fn=_cap_memory,
            env={**os.environ, "COLUMNS": "80"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {TIME_LIMIT} s: {shlex.join(args)}")
    return done.returncode, done.stderr


def run_case(case: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    shutil.copytree(CASES / "_base", work, dirs_exist_ok=True)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", work, dirs_exist_ok=True)
    if (case / "setup.py").is_file():  # cases whose input a text file cannot hold (bytes, sizes)
        scope: dict[str, object] = {}
        exec(compile((case / "setup.py").read_text(), str(case / "setup.py"), "exec"), scope)
        scope["setup"](work)  # type: ignore[operator]
    args = shlex.split((case / "args").read_text())
    if (case / "limits").is_file():
        code, err = run_limited(args, work)
        return code, [line for line in err.splitlines() if line.strip()]
    old = Path.cwd()
    os.chdir(work)
    try:
        code = main(args)
    finally:
        os.chdir(old)
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("name", NAMES)
def test_case(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES / name
    monkeypatch.setenv("COLUMNS", "80")
    code, lines = run_case(case, tmp_path / "work", capsys)
    expected = [line for line in (case / "expected").read_text().splitlines() if line.strip()]
    want_code = int((case / "exit").read_text()) if (case / "exit").is_file() else 1
    assert lines == expected
    assert code == want_code
    assert not any("Traceback" in line for line in lines)
