"""The command line as a nurse or IT person uses it: exit codes, messages, outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import main

from pdfread import all_text, reader

CASES = Path(__file__).parent / "cases"


def pdf_text(path: Path) -> str:
    return all_text(path.read_bytes())


def page_size(path: Path) -> tuple[int, int]:
    box = reader(path.read_bytes()).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


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


@pytest.mark.parametrize("before", [True, False])
def test_common_options_work_before_or_after_the_command(
    before: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / "_base" / "content", content)
    common = ["-q", "--content", str(content)]
    args = [*common, "build", "demo"] if before else ["build", "demo", *common]
    assert main([*args, "-o", str(tmp_path / "x.pdf")]) == 0
    assert capsys.readouterr().err == ""  # quiet: no "wrote ..."
    args = ["--content", str(tmp_path / "nowhere"), "list"] if before else ["list", "--content", "nowhere"]
    assert main(args) == 1
    assert "content folder not found" in capsys.readouterr().err
    (content / "demo" / "en.yaml").write_text("summary: [broken\n")
    args = ["--debug", "build", "demo"] if before else ["build", "demo", "--debug"]
    with pytest.raises(Exception, match="YAML syntax error"):
        main([*args, "--content", str(content), "-o", str(tmp_path / "y.pdf")])


def test_content_folders_are_searched_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours = tmp_path / "ours"
    shutil.copytree(CASES / "_base" / "content", ours)
    assert main(["list", "--json", "--content", str(ours)]) == 0
    assert [row["drug"] for row in json.loads(capsys.readouterr().out)] == ["demo"]
    assert main(["--content", str(ours), "list", "--json", "--content", "bundled"]) == 0
    assert [row["drug"] for row in json.loads(capsys.readouterr().out)] == [
        "demo",
        "ralimetinib",
        "refametinib",
    ]
    # a clinic's own refametinib folder hides the bundled one
    shutil.copytree(ours / "demo", ours / "refametinib")
    facts = ours / "refametinib" / "facts.yaml"
    facts.write_text(facts.read_text().replace("drug_id: demo", "drug_id: refametinib"))
    out = tmp_path / "out"
    assert (
        main(
            [
                "build",
                "refametinib",
                "ralimetinib",
                "--content",
                str(ours),
                "--content",
                "bundled",
                "--out-dir",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    assert "Demotinib" in pdf_text(out / "refametinib-en.pdf")
    assert "Ralimetinib" in pdf_text(out / "ralimetinib-en.pdf")


def test_several_unknown_drugs_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "refametinb", "refametinib", "ralimetinb", "--out-dir", str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "'refametinb'" in err[0] and "'ralimetinb'" in err[1], err


@pytest.mark.parametrize("jobs", ["0", "-3", "x"])
def test_jobs_must_be_one_or_more(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packet", "packet.yaml", "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_paper_in_any_case(tmp_path: Path) -> None:
    assert main(["build", "refametinib", "--paper", "A4", "-o", str(tmp_path / "a.pdf"), "-q"]) == 0
    assert page_size(tmp_path / "a.pdf") == (595, 842)


def test_standard_output_on_a_terminal_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["build", "refametinib", "-o", "-"]) == 2
    assert "standard output, which is a terminal" in capsys.readouterr().err


def test_stamp_needs_a_content_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translations", "--stamp", "refametinib", "es"]) == 2
    assert "--stamp writes into a language file" in capsys.readouterr().err


def test_folders_with_invalid_ids_are_not_listed_or_suggested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / "_base" / "content" / "demo", content / "Demo.Test")
    shutil.copytree(CASES / "_base" / "content" / "demo", content / "demo")
    assert main(["list", "--content", str(content)]) == 0
    assert capsys.readouterr().out.splitlines() == ["demo: en (English)"]
    assert main(["build", "demo.test", "--content", str(content), "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert "Demo.Test" not in err and "available: demo" in err


def test_a_region_the_content_lacks_falls_back_to_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang in ("vi-US", "ru-US", "tl-US", "es-US"):
        assert main(["build", "refametinib", "--lang", lang, "--out-dir", str(tmp_path), "-q"]) == 0, lang
    assert main(["build", "refametinib", "--lang", "es", "--out-dir", str(tmp_path), "-q"]) == 0
    assert main(["build", "refametinib", "--lang", "es-MX", "--out-dir", str(tmp_path), "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "refametinib-es-MX.pdf",  # not written over refametinib-es.pdf
        "refametinib-es-US.pdf",
        "refametinib-es.pdf",
        "refametinib-ru-US.pdf",
        "refametinib-tl-US.pdf",
        "refametinib-vi-US.pdf",
    ]


def test_builds_that_differ_in_paper_or_print_size_write_different_files(tmp_path: Path) -> None:
    """Without -o, --paper (when it changes the paper) and --large-print are in the name:
    the A4 copy never replaces the letter one."""
    variants = (
        [],
        ["--paper", "letter"],
        ["--paper", "a4"],
        ["--large-print"],
        ["--paper", "A4", "--large-print"],
    )
    for extra in variants:
        assert main(["build", "refametinib", "--out-dir", str(tmp_path), "-q", *extra]) == 0, extra
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "refametinib-en-a4-large-print.pdf",
        "refametinib-en-a4.pdf",
        "refametinib-en-large-print.pdf",
        "refametinib-en.pdf",  # letter: the bundled brand's paper
    ]
    assert page_size(tmp_path / "refametinib-en.pdf") == (612, 792)
    assert page_size(tmp_path / "refametinib-en-a4.pdf") == (595, 842)
    assert page_size(tmp_path / "refametinib-en-a4-large-print.pdf") == (595, 842)
    pages = {p.name: len(reader(p.read_bytes()).pages) for p in tmp_path.iterdir()}
    assert pages["refametinib-en-large-print.pdf"] > pages["refametinib-en.pdf"]
    # the HTML edition prints on the paper too (its @page rule): named the same way
    html = ["build", "refametinib", "--format", "html", "--paper", "a4", "--out-dir", str(tmp_path), "-q"]
    assert main(html) == 0
    assert "@page { size: A4;" in (tmp_path / "refametinib-en-a4.html").read_text()


def test_build_and_packet_print_one_handout_on_the_same_paper(tmp_path: Path) -> None:
    packet = tmp_path / "p.yaml"
    packet.write_text("name: x\ncover: false\nentries:\n  - {drug: refametinib, lang: es}\n")
    assert main(["packet", str(packet), "--split", str(tmp_path / "split"), "--no-cache", "-q"]) == 0
    assert main(["build", "refametinib", "--lang", "es", "-o", str(tmp_path / "b.pdf"), "-q"]) == 0
    assert page_size(tmp_path / "split" / "refametinib-es.pdf") == page_size(tmp_path / "b.pdf") == (612, 792)


@pytest.mark.parametrize(
    ("paper", "given", "sent"), [("a4", None, "a4"), ("letter", None, "letter"), ("a4", "Letter", "letter")]
)
def test_print_uses_the_pdfs_own_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paper: str, given: str | None, sent: str
) -> None:
    from handouts import printing

    pdf = tmp_path / "h.pdf"
    assert main(["build", "refametinib", "--paper", paper, "-o", str(pdf), "-q"]) == 0
    jobs: list[printing.PrintJob] = []
    monkeypatch.setattr(printing, "submit", lambda path, job: jobs.append(job) or "q-1")
    extra = ["--paper", given] if given else []
    assert main(["print", str(pdf), "--printer", "q", *extra]) == 0
    assert [job.media for job in jobs] == [sent]


def test_translations_table_has_a_header_and_straight_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from wcwidth import wcswidth

    assert main(["translations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["DRUG", "LANG", "LANGUAGE", "STATE", "REVIEW"]
    assert any("中文" in line for line in lines)
    # where the state column starts, counted in terminal columns (CJK is two wide)
    starts = {
        wcswidth(line[: line.index(state)])
        for line in lines
        for state in ("STATE", "complete", "source")
        if state in line
    }
    assert len(starts) == 1, lines
