"""The command line as a nurse or IT person uses it: exit codes, messages, outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import main

CASES = Path(__file__).parent / "cases"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "handouts", *args], capture_output=True, timeout=120)


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from handouts.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0\n"
        "heavy = [m for m in ('reportlab', 'PIL', 'yaml', 'babel', 'bidi') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_list_json_names_languages_in_their_own_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    drugs = {row["drug"]: row for row in rows}
    assert set(drugs) == {"refametinib", "ralimetinib"}
    names = {lang["code"]: lang["name"] for lang in drugs["refametinib"]["languages"]}
    assert names["en"] == "English"


def test_build_to_stdout_and_out_dir(tmp_path: Path) -> None:
    out = run("build", "refametinib", "-o", "-", "-q")
    assert out.returncode == 0
    assert out.stdout.startswith(b"%PDF-") and out.stdout.rstrip().endswith(b"%%EOF")
    assert (
        run("build", "refametinib", "ralimetinib", "--out-dir", str(tmp_path / "new"), "-q").returncode == 0
    )
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == [
        "ralimetinib-en.pdf",
        "refametinib-en.pdf",
    ]


def test_one_output_file_for_several_drugs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "refametinib", "ralimetinib", "-o", "x.pdf"]) == 2
    assert "-o names one file" in capsys.readouterr().err


def test_shipped_content_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0, capsys.readouterr().err


def test_failed_build_keeps_the_earlier_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / "_base" / "content", content)
    target = tmp_path / "demo.pdf"
    assert main(["build", "demo", "--content", str(content), "-o", str(target), "-q"]) == 0
    good = target.read_bytes()
    (content / "demo" / "en.yaml").write_text("summary: [broken\n")
    assert main(["build", "demo", "--content", str(content), "-o", str(target)]) == 1
    assert "YAML syntax error" in capsys.readouterr().err
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_unwritable_output_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "refametinib", "-o", str(tmp_path / "missing" / "x.pdf")]) == 1
    assert "output folder does not exist" in capsys.readouterr().err
