"""Clinic packets: one print-ready PDF (cover, copies, fresh sheets, per-handout page
numbers, bookmarks), split files, the cache, parallel builds, and real printing."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pypdf
import pytest

from handouts.cache import Cache
from handouts.cli import main
from handouts.errors import ContentError
from handouts.packet import build as packet_mod
from handouts.packet.build import build_all, build_packet
from handouts.packet.plan import load
from handouts.pipeline import Options

from pdfread import pages_text, squash
from test_printing import cups, cups_pdf_output, wait_for_job  # the real CUPS server's fixtures

__all__ = ["cups"]

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "weekly-packet.yaml"


def write_packet(folder: Path, body: str) -> Path:
    path = folder / "packet.yaml"
    path.write_text(body)
    return path


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[str]]:
    cache = Cache(tmp_path_factory.mktemp("cache"))
    result = build_packet(load(EXAMPLE, Options()), 2, cache)
    return result.pdf, [squash(t) for t in pages_text(result.pdf)]


def test_every_handout_starts_on_a_fresh_sheet(example: tuple[bytes, list[str]]) -> None:
    _, pages = example
    firsts = [
        i for i, text in enumerate(pages, 1) if re.search(r"Page 1 of \d+|Página 1 de|第 1 页|1 من", text)
    ]
    copies = 2 + 1 + 1 + 4  # refametinib en x2, es, ralimetinib en, 2 drugs x (zh-Hans, ar)
    assert len(firsts) == copies
    assert all(page % 2 == 1 for page in firsts), firsts  # fronts of sheets when printed duplex
    assert len(pages) % 2 == 0
    blanks = [i for i, t in enumerate(pages, 1) if "intentionally blank" in t or "عمدا" in t or "有意" in t]
    assert blanks, "odd-length handouts get a blank back"
    for i in blanks:  # a blank back follows the last page of a handout, never another blank
        assert "intentionally blank" in pages[i - 1] or pages[i - 2] != pages[i - 1]


def test_page_numbers_count_the_handout_not_the_packet(example: tuple[bytes, list[str]]) -> None:
    _, pages = example
    english = [t for t in pages if "Refametinib · English" in t and "Page" in t]
    totals = {re.search(r"Page \d+ of (\d+)", t).group(1) for t in english}  # type: ignore[union-attr]
    assert totals == {str(len(english) // 2)}  # two copies: each counts its own pages


def test_cover_lists_where_each_handout_starts(example: tuple[bytes, list[str]]) -> None:
    _, pages = example
    cover = pages[0]
    assert "MEK trial, new patients (week 48)" in cover and "Riverside Cancer Center" in cover
    assert "Español" in cover and "العربية" in cover
    # the Spanish handout starts where the cover says
    start = int(re.search(r"Refametinib Español 1 (\d+)", cover).group(1))  # type: ignore[union-attr]
    assert "Página 1 de" in pages[start - 1]


def test_one_bookmark_per_handout_under_the_cover(example: tuple[bytes, list[str]]) -> None:
    pdf, _ = example
    outline = pypdf.PdfReader(io.BytesIO(pdf)).outline
    assert outline[0].title == "MEK trial, new patients (week 48)"
    handouts = [item for item in outline[1] if not isinstance(item, list)]
    assert len(handouts) == 8
    assert handouts[0].title == "Refametinib · English (1/2)"


def test_split_writes_one_file_per_handout(tmp_path: Path) -> None:
    out = tmp_path / "split"
    assert main(["packet", str(EXAMPLE), "--split", str(out), "--cache-dir", str(tmp_path / "c"), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "ralimetinib-ar.pdf",
        "ralimetinib-en.pdf",
        "ralimetinib-zh-Hans.pdf",
        "refametinib-ar.pdf",
        "refametinib-en.pdf",
        "refametinib-es.pdf",
        "refametinib-zh-Hans.pdf",
    ]


@pytest.mark.parametrize("where", ["--split", "-o"])
def test_one_handout_listed_twice_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """en and en-US are the same handout: copies say how many, not a second entry."""
    path = write_packet(
        tmp_path,
        "name: x\nentries:\n  - {drug: refametinib, lang: en}\n  - {drug: refametinib, lang: en-US}\n",
    )
    target = tmp_path / ("out" if where == "--split" else "p.pdf")
    assert main(["packet", str(path), where, str(target), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "packet.yaml:4:5: entries[1]: refametinib in en is already listed at line 3" in err
    assert not target.exists()


def test_packet_reports_type_errors_and_entry_errors_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_packet(
        tmp_path,
        "name: x\nduplex: maybe\nentries:\n  - {drug: refametinib, lang: en, copies: 0}\n"
        "  - {drug: refametinb, lang: en}\n  - {drug: ralimetinib, lang: xx}\n  - {drug: 7}\n",
    )
    assert main(["packet", str(path), "-o", str(tmp_path / "p.pdf"), "--no-cache"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 2)[1] for line in err] == [
        "duplex",
        "entries[0].copies",
        "entries[1]",
        "entries[2]",
        "entries[3]",
    ], err
    assert "did you mean 'refametinib'" in err[2]


def test_all_problems_reported_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_packet(
        tmp_path,
        "name: x\nduplx: true\nentries:\n  - {drug: refametinb, lang: en}\n"
        "  - {drug: ralimetinib, lang: sw, copies: 0}\n  - {drugs: [ralimetinib], languages: [de]}\n",
    )
    monkeypatch.setattr(packet_mod, "_build_one", lambda *a: pytest.fail("built despite errors"))
    assert main(["packet", "packet.yaml", "-o", "out.pdf", "--no-cache"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "packet.yaml:2:1: duplx: unknown key (did you mean 'duplex'?)"
    assert not (tmp_path / "out.pdf").exists()


def test_entry_errors_name_the_line(tmp_path: Path) -> None:
    path = write_packet(
        tmp_path,
        "name: x\nentries:\n  - {drug: refametinb, lang: en}\n"
        "  - {drug: ralimetinib, lang: sw}\n  - {drug: ralimetinib, lang: en, copies: 0}\n",
    )
    with pytest.raises(ContentError) as err:
        load(path, Options())
    lines = [f"{p.mark.line}: {p.message}" for p in err.value.problems]
    assert (
        lines[0]
        == "3: no drug 'refametinb' (did you mean 'refametinib'?); available: ralimetinib, refametinib"
    )
    assert lines[1].startswith("4: ralimetinib: no content in language 'sw'; available: ar (العربية)")
    assert lines[2] == "5: copies must be from 1 to 100"


def test_cache_is_used_and_parallel_builds_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_packet(
        tmp_path, "name: x\nentries:\n  - {drugs: [refametinib, ralimetinib], languages: [en, ko]}\n"
    )
    plan = load(path, Options())
    one = build_all(plan, 1, None)
    two = build_all(plan, 2, Cache(tmp_path / "cache"))
    assert one == two  # byte-identical whichever process built them
    monkeypatch.setattr(packet_mod, "_build_one", lambda *a: pytest.fail("a cached handout was rebuilt"))
    assert build_all(plan, 2, Cache(tmp_path / "cache")) == one
    first = build_packet(plan, 2, Cache(tmp_path / "cache"))
    assert build_packet(plan, 2, Cache(tmp_path / "cache")).pdf == first.pdf


def test_a_changed_input_is_not_served_from_the_cache(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "cases" / "_base" / "content", content)
    path = write_packet(tmp_path, "name: x\nentries:\n  - {drug: demo, lang: en}\n")
    options = Options(content=content)
    cache = Cache(tmp_path / "cache")
    before = build_all(load(path, options), 1, cache)
    en = content / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("For information only.", "For information only, changed."))
    after = build_all(load(path, options), 1, cache)
    assert before != after
    assert "changed" in squash(" ".join(pages_text(after[("demo", "en")])))


@pytest.mark.slow
def test_print_a_packet_through_cups(cups: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The packet goes to a real CUPS queue with its own duplex, paper and name."""
    started = time.time() - 1
    assert main(["print", str(EXAMPLE), "--printer", "handouts-test", "--cache-dir", str(tmp_path)]) == 0
    job_id = capsys.readouterr().out.strip()
    attributes = wait_for_job(cups, job_id)
    assert attributes["job-state"] == "completed", attributes
    assert attributes["sides"] == "two-sided-long-edge"
    assert attributes["media"] == "Letter"
    assert attributes["job-name"] == "MEK trial, new patients (week 48)"
    printed = pypdf.PdfReader(cups_pdf_output(job_id, started))
    built = build_packet(load(EXAMPLE, Options()), 1, Cache(tmp_path))
    assert len(printed.pages) == built.pages


def test_unchanged_packet_comes_from_the_cache_and_a_change_rebuilds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "cases" / "_base" / "content", content)
    path = write_packet(tmp_path, "name: x\nentries:\n  - {drug: demo, lang: en, copies: 2}\n")
    args = ["packet", str(path), "--content", str(content), "--cache-dir", str(tmp_path / "c"), "-q"]
    assert main([*args, "-o", str(tmp_path / "a.pdf")]) == 0
    assert main([*args, "-o", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    en = content / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("For information only.", "For information only, changed."))
    assert main([*args, "-o", str(tmp_path / "c.pdf")]) == 0
    assert "changed" in squash(" ".join(pages_text((tmp_path / "c.pdf").read_bytes())))
