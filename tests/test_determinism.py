"""The same inputs give the same bytes: across runs and processes, in every script, and
whatever the clock, the time zone, the locale or SOURCE_DATE_EPOCH say (a handout's only
date is its content's review date)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.pipeline import Options, build

from pdfread import reader


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "zh-Hans"])
def test_byte_identical_across_processes_and_environments(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes with a different time zone, locale and hash seed, and this one."""
    environments = [
        {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
        {"TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "2"},
    ]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outputs = []
    for i, extra in enumerate(environments):
        out = tmp_path / f"{i}.pdf"
        command = ["-m", "handouts", "build", "ralimetinib", "--lang", lang, "-o", str(out), "-q"]
        subprocess.run([sys.executable, *command], check=True, env={**os.environ, **extra}, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == build("ralimetinib", lang, Options())


def test_source_date_epoch_sets_the_pdf_dates_and_nothing_else_varies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH, when set, is the PDF's creation date (ReportLab honours it, in
    UTC); unset, the date is ReportLab's fixed invariant one, never the clock's."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    unset = reader(build("refametinib", "en", Options())).metadata
    assert unset is not None and unset["/CreationDate"].startswith("D:20000101000000")
    dated = []
    for zone in ("UTC", "Asia/Tokyo"):
        out = tmp_path / f"{zone.replace('/', '-')}.pdf"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "2000000000", "TZ": zone}
        command = [sys.executable, "-m", "handouts", "build", "refametinib", "-o", str(out), "-q"]
        subprocess.run(command, check=True, env=env, timeout=120)
        dated.append(out.read_bytes())
    assert dated[0] == dated[1]
    info = reader(dated[0]).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20330518033320")  # 2,000,000,000 s, in UTC
    assert info["/ModDate"].startswith("D:20330518033320")


CLOCKS = {"time", "time_ns", "now", "utcnow", "today"}  # C functions that read the clock


def test_the_clock_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """No function that reads the clock is called while a handout is built (the first
    build registers fonts and fills caches; the second is watched)."""
    build("refametinib", "es", Options())
    called: list[str] = []

    def watch(frame: object, event: str, arg: object) -> None:
        if event == "c_call" and getattr(arg, "__name__", "") in CLOCKS:
            owner = getattr(arg, "__self__", None)
            called.append(f"{getattr(owner, '__name__', owner)}.{getattr(arg, '__name__', '')}")

    for name in ("gmtime", "localtime", "ctime", "asctime", "strftime"):  # clock reads without a time

        def without_time(*args: object, _real: object = getattr(time, name), _name: str = name) -> object:
            if len(args) < (2 if _name == "strftime" else 1):
                called.append(f"time.{_name}()")
            return _real(*args)  # type: ignore[operator]

        monkeypatch.setattr(time, name, without_time)
    sys.setprofile(watch)
    try:
        build("refametinib", "es", Options())
    finally:
        sys.setprofile(None)
    assert called == []
