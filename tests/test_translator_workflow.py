"""The translator's workflow: XLIFF export and import, approval, stale UI catalogs."""

from __future__ import annotations

import difflib
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.pipeline import Options, build, default_content
from handouts.reading.drugs import find_drugs
from handouts.translating.catalogs import catalog_statuses
from handouts.translating.translations import statuses

from pdfread import pages_text, squash

X = "{urn:oasis:names:tc:xliff:document:2.0}"
DRAFT_ES = "Traducción aún no revisada por un traductor médico calificado."
DRAFT_EN = "Translation not yet reviewed by a qualified medical translator."
REVIEWER = "Dra. Ana Ruiz, traductora médica"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the bundled content to write to."""
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    return folder


def export(content: Path, drug: str, lang: str, out: Path) -> ET.Element:
    assert (
        main(["translations", "--export", drug, lang, "-o", str(out), "--content", str(content), "-q"]) == 0
    )
    return ET.parse(out).getroot()


def unit(root: ET.Element, name: str) -> ET.Element:
    return next(u for u in root.iter(f"{X}unit") if u.get("name") == name)


def test_export_is_xliff_2_with_notes_and_protected_codes(content: Path, tmp_path: Path) -> None:
    root = export(content, "refametinib", "es", tmp_path / "es.xlf")
    assert root.tag == f"{X}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "es")
    units = list(root.iter(f"{X}unit"))
    assert len(units) > 50
    for u in units:
        assert u.find(f"{X}notes/{X}note").text.startswith(("Page", "Section", "The "))
    summary = unit(root, "summary")
    source, target = summary.find(f"{X}segment/{X}source"), summary.find(f"{X}segment/{X}target")
    # {mek1} and {mek2} are codes a CAT tool protects, paired by id in source and target
    assert [p.get("disp") for p in source.iter(f"{X}ph")] == ["{mek1}", "{mek2}"]
    assert [p.get("id") for p in source.iter(f"{X}ph")] == [p.get("id") for p in target.iter(f"{X}ph")]
    data = {d.get("id"): d.text for d in summary.iter(f"{X}data")}
    assert [data[p.get("dataRef")] for p in target.iter(f"{X}ph")] == ["{mek1}", "{mek2}"]
    bold = source.find(f"{X}pc")
    assert (bold.text, bold.get("subType")) == ("targeted therapy", "xlf:b")
    assert target.find(f"{X}pc").text == "terapia dirigida"
    assert "{" not in "".join(source.itertext()).replace("{mek1}", "").replace("{mek2}", "")
    # XLIFF 2.0 rules a CAT tool relies on: unique unit ids; notes, originalData, then
    # segments; code ids unique within a source or target; every dataRef defined.
    assert len({u.get("id") for u in units}) == len(units)
    for u in units:
        order = [child.tag.removeprefix(X) for child in u]
        assert order == sorted(order, key=["notes", "originalData", "segment"].index)
        data_ids = {d.get("id") for d in u.iter(f"{X}data")}
        for part in (*u.iter(f"{X}source"), *u.iter(f"{X}target")):
            ids = [c.get("id") for c in part.iter() if c.tag in (f"{X}ph", f"{X}pc")]
            assert len(ids) == len(set(ids))
            assert {c.get("dataRef") for c in part.iter(f"{X}ph")} <= data_ids
    assert (
        "Section 'Changes to your dose'"
        in unit(root, "dosing.changes[0].title").find(f"{X}notes/{X}note").text
    )


@pytest.mark.parametrize("drug", ["refametinib", "ralimetinib"])
def test_export_then_import_without_change_is_a_no_op(content: Path, tmp_path: Path, drug: str) -> None:
    for lang in find_drugs(content)[drug].languages:
        if lang == "en":
            continue
        before = (content / drug / f"{lang}.yaml").read_bytes()
        xlf = tmp_path / f"{drug}-{lang}.xlf"
        export(content, drug, lang, xlf)
        assert main(["translations", "--import", str(xlf), "--content", str(content), "-q"]) == 0
        assert (content / drug / f"{lang}.yaml").read_bytes() == before, lang


def test_segments_split_by_a_cat_tool_are_joined_again(content: Path, tmp_path: Path) -> None:
    es = content / "refametinib" / "es.yaml"
    before = es.read_bytes()
    xlf = tmp_path / "es.xlf"
    root = export(content, "refametinib", "es", xlf)
    # The tool splits a unit of two sentences into two segments, the space between ignorable.
    u = unit(root, "results.note")
    segment = u.find(f"{X}segment")
    source, target = segment.find(f"{X}source"), segment.find(f"{X}target")
    s_text, t_text = source.text, target.text
    s_cut, t_cut = s_text.index(". ") + 1, t_text.index(". ") + 1
    source.text, target.text = s_text[:s_cut], t_text[:t_cut]
    ignorable = ET.Element(f"{X}ignorable")
    ET.SubElement(ignorable, f"{X}source").text = " "
    second = ET.Element(f"{X}segment", state="translated")
    ET.SubElement(second, f"{X}source").text = s_text[s_cut + 1 :]
    ET.SubElement(second, f"{X}target").text = t_text[t_cut + 1 :]
    u.extend([ignorable, second])
    ET.ElementTree(root).write(xlf, encoding="utf-8", xml_declaration=True)
    assert main(["translations", "--import", str(xlf), "--content", str(content), "-q"]) == 0
    assert es.read_bytes() == before
    # and an edit in the second segment lands in the same text
    second.find(f"{X}target").text = "Pregunte a su médico qué significan para usted."
    ET.ElementTree(root).write(xlf, encoding="utf-8", xml_declaration=True)
    assert main(["translations", "--import", str(xlf), "--content", str(content), "-q"]) == 0
    text = es.read_text()
    assert re.search(
        r"vienen de ensayos\.\s+Pregunte\s+a\s+su\s+médico\s+qué\s+significan\s+para\s+usted\.\n", text
    )


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_import_of_a_translators_edit_changes_that_text_and_its_stamp(content: Path, tmp_path: Path) -> None:
    en, es = content / "refametinib" / "en.yaml", content / "refametinib" / "es.yaml"
    # The English summary changes: the Spanish summary is stale.
    english = en.read_text()
    assert "send a signal to grow." in english
    en.write_text(english.replace("send a signal to grow.", "send a signal to grow and divide."))
    before = es.read_text()
    xlf = tmp_path / "es.xlf"
    root = export(content, "refametinib", "es", xlf)
    summary = unit(root, "summary")
    segment = summary.find(f"{X}segment")
    assert segment.get("state") == "initial"  # stale: the translator sees it needs work
    assert "changed since" in summary.find(f"{X}notes/{X}note").text
    # The translator edits one sentence in the CAT tool and confirms the segment.
    target = segment.find(f"{X}target")
    last = list(target)[-1]
    assert last.tail.endswith("No es quimioterapia.")
    last.tail = last.tail.replace("No es quimioterapia.", "No es una quimioterapia.")
    segment.set("state", "translated")
    ET.ElementTree(root).write(xlf, encoding="utf-8", xml_declaration=True)

    capsys_out = main(["translations", "--import", str(xlf), "--content", str(content), "-q"])
    assert capsys_out == 0
    after = es.read_text()
    diff = changed_lines(before, after)
    removed = [line for line in diff if line.startswith("-")]
    added = [line for line in diff if line.startswith("+")]
    # exactly the summary's last line and the summary's stamp
    assert len(removed) == len(added) == 2, diff
    assert removed[0] == "-  señal de crecer. No es quimioterapia."
    assert added[0] == "+  señal de crecer. No es una quimioterapia."
    assert removed[1].startswith("-  summary: ") and added[1].startswith("+  summary: ")
    row = next(s for s in statuses(find_drugs(content)) if (s.drug, s.lang) == ("refametinib", "es"))
    assert row.state == "complete"
    # importing the same file again changes nothing
    assert main(["translations", "--import", str(xlf), "--content", str(content), "-q"]) == 0
    assert es.read_text() == after


def position(xlf: Path, needle: str) -> str:
    """file:line:col of the element that starts with ``needle``."""
    text = xlf.read_text()
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{xlf.name}:{line}:{column}"


def test_a_broken_import_is_refused_with_every_problem_and_its_position(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    es = content / "refametinib" / "es.yaml"
    before = es.read_bytes()
    xlf = tmp_path / "es.xlf"
    text = export(content, "refametinib", "es", xlf) and xlf.read_text()
    # 1. the translator's tool dropped {mek2} and typed it as text
    text = text.replace(
        'y <ph id="3" dataRef="d2" disp="{mek2}" />, que',
        "y {mek2}, que",
    )
    # 2. a digit typed in a target; 3. a character the font cannot draw
    text = text.replace("<target>Su ensayo clínico fija su dosis.", "<target>Su ensayo clínico fija 2 dosis.")
    text = text.replace("<target>inhibidor de MEK", "<target>inhibidor de MEK \U0001f48a")
    # 4. the tool lost {mek1} altogether
    dropped = 'se pega a las proteínas <ph id="1" dataRef="d1" disp="{mek1}" /> y'
    assert dropped in text
    text = text.replace(dropped, "se pega a las proteínas y")
    xlf.write_text(text)
    capsys.readouterr()
    assert main(["translations", "--import", "es.xlf", "--content", str(content)]) == 1
    err = capsys.readouterr().err.splitlines()
    summary_at = position(xlf, "<target>Refametinib es una")
    assert (
        f"{summary_at}: summary: a brace typed as text: a {{placeholder}} is the source's inline code (tag)"
        in err
    )
    assert not any(": summary: has the digit" in e for e in err)  # {mek2} typed as text is not "a digit"
    cell_at = position(xlf, "<target>Una célula de cáncer crece")
    assert f"{cell_at}: how_it_works[0]: placeholders ['mek2'] should be ['mek1', 'mek2']" in err
    assert any(
        e.startswith(
            f"{position(xlf, '<target>Su ensayo clínico fija 2')}: dosing.dose_note: has the digit(s) 2"
        )
        for e in err
    )
    assert any(
        e.startswith(
            f"{position(xlf, '<target>inhibidor de MEK')}: names.drug_class: the Spanish font has no glyph"
        )
        for e in err
    )
    assert es.read_bytes() == before  # nothing written


def test_an_xliff_with_entities_is_refused(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = tmp_path / "bomb.xlf"
    xlf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0">&b;</xliff>\n'
    )
    assert main(["translations", "--import", str(xlf), "--content", str(content)]) == 1
    assert "refused" in capsys.readouterr().err


def test_writes_to_the_bundled_content_need_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (default_content() / "refametinib" / "es.yaml").read_bytes()
    assert main(["translations", "--approve", "refametinib", "es", "--by", REVIEWER]) == 2
    assert main(["translations", "--import", str(tmp_path / "x.xlf")]) == 2
    assert "--content" in capsys.readouterr().err
    assert (default_content() / "refametinib" / "es.yaml").read_bytes() == before


def footer_notes(pdf: bytes) -> str:
    return squash(pages_text(pdf)[0])


def test_approval_names_the_review_until_the_english_changes(content: Path) -> None:
    es = content / "refametinib" / "es.yaml"
    args = ["translations", "--approve", "refametinib", "es", "--by", REVIEWER, "--on", "2026-02-10"]
    assert main([*args, "--content", str(content), "-q"]) == 0
    text = es.read_text()
    assert (
        'review: {status: reviewed, reviewed_by: "Dra. Ana Ruiz, traductora médica", reviewed_on: 2026-02-10}'
        in text
    )
    row = next(s for s in statuses(find_drugs(content)) if (s.drug, s.lang) == ("refametinib", "es"))
    assert row.approved and row.reviewed_by == REVIEWER

    page = footer_notes(build("refametinib", "es", Options(content=content)))
    assert squash(f"Traducción revisada por {REVIEWER} el 10 de febrero de 2026.") in page
    assert squash(DRAFT_ES) not in page and squash(DRAFT_EN) not in page

    # --strict=drafts: refametinib es is approved; the other translations are drafts
    only = content.parent / "only"
    (only / "refametinib").mkdir(parents=True)
    for name in ("facts.yaml", "en.yaml", "es.yaml"):
        shutil.copy(content / "refametinib" / name, only / "refametinib" / name)
    assert main(["translations", "--strict=drafts", "--content", str(only), "-q"]) == 0
    assert main(["translations", "--strict=drafts", "--content", str(content), "-q"]) == 1

    # Any later English change: stale, a draft again on the page
    en = only / "refametinib" / "en.yaml"
    en.write_text(en.read_text().replace("Your trial sets your dose.", "Your trial team sets your dose."))
    assert main(["translations", "--strict=drafts", "--content", str(only), "-q"]) == 1
    page = footer_notes(build("refametinib", "es", Options(content=only)))
    assert squash(DRAFT_ES) in page
    assert "revisadapor" not in page
    # and it cannot be approved again until it matches the English
    assert main([*args, "--content", str(only), "-q"]) == 1


@pytest.mark.parametrize(
    "lang",
    [
        "es",
        "fr",
        "pt",
        "pl",
        "ht",
        "vi",
        "ko",
        "zh-Hans",
        "ru",
        "tl",
        "ar",
        "ja",
        "zh-Hant",
        "hy",
        "hi",
        "pa",
        "fa",
    ],
)
def test_the_review_line_is_translated_and_ends_once(lang: str) -> None:
    """Russian dates end in a period: the line must not end in two (seen on a rendered page)."""
    import datetime as dt

    from handouts import i18n
    from handouts.document.builder import REVIEW_NOTE

    tr = i18n.Translator(i18n.language(lang))
    line = tr(REVIEW_NOTE, reviewer="X", date=tr.date(dt.date(2026, 2, 10)))
    assert line != REVIEW_NOTE.format(reviewer="X", date=tr.date(dt.date(2026, 2, 10)))
    assert ".." not in line and "。." not in line


@pytest.mark.parametrize("by", ["Ana Ruiz 2", "", "A" * 61, "{name}"])
def test_approval_refuses_a_reviewer_that_cannot_print(content: Path, by: str) -> None:
    before = (content / "refametinib" / "es.yaml").read_bytes()
    assert main(
        ["translations", "--approve", "refametinib", "es", "--by", by, "--content", str(content)]
    ) in (1, 2)
    assert (content / "refametinib" / "es.yaml").read_bytes() == before


def test_an_import_that_changes_a_reviewed_text_makes_it_a_draft(content: Path, tmp_path: Path) -> None:
    es = content / "refametinib" / "es.yaml"
    assert (
        main(
            [
                "translations",
                "--approve",
                "refametinib",
                "es",
                "--by",
                REVIEWER,
                "--on",
                "2026-02-10",
                "--content",
                str(content),
                "-q",
            ]
        )
        == 0
    )
    xlf = tmp_path / "es.xlf"
    export(content, "refametinib", "es", xlf)
    xlf.write_text(
        xlf.read_text().replace(
            "<target>Su ensayo clínico fija su dosis.", "<target>Su ensayo fija su dosis."
        )
    )
    assert main(["translations", "--import", str(xlf), "--content", str(content), "-q"]) == 0
    text = es.read_text()
    assert "dose_note: Su ensayo fija su dosis." in text
    assert re.search(r"^review: \{status: draft\}$", text, re.M)


def test_ui_catalogs_are_stale_when_the_english_template_changes(tmp_path: Path) -> None:
    bundled = Path(__file__).parent.parent / "handouts" / "locales"
    assert {c.state for c in catalog_statuses(bundled)} == {"complete"}
    folder = tmp_path / "locales"
    shutil.copytree(bundled, folder)
    pot = folder / "handouts.pot"
    # An English wording changes: the template has a new msgid; the catalogs still the old one.
    pot.write_text(pot.read_text().replace('msgid "Key points"', 'msgid "The key points"'))
    po = folder / "es" / "LC_MESSAGES" / "handouts.po"
    po.write_text(
        po.read_text().replace(
            '#, python-brace-format\nmsgid "Page {page} of {total}"',
            '#, fuzzy, python-brace-format\nmsgid "Page {page} of {total}"',
        )
    )
    rows = {c.locale: c for c in catalog_statuses(folder)}
    assert rows["ko"].state == "stale" and rows["ko"].untranslated == ("The key points",)
    assert rows["ko"].unused == ("Key points",)
    assert rows["es"].fuzzy == ("Page {page} of {total}",)
