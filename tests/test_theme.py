"""Theme overlays that are wrong: each problem names the overlay file, the line and the
column that set the value, all at once; an unknown paper is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import ContentError, UserError
from handouts.reading.theme import load_theme


def overlay(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clinic-theme.yaml"
    path.write_text(text)
    return path


def problems(paper: str, *extra: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_theme(paper, extra=extra)
    return [str(p) for p in err.value.problems]


def test_unknown_paper_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="unknown paper 'a5'; choose one of: a4, letter"):
        load_theme("a5")


def test_overlay_problems_point_at_the_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = overlay(
        tmp_path,
        "# A clinic's overlay with a typo, a wrong type, a bad colour and the wrong paper.\n"
        "page:\n"
        "  paper: a4\n"
        "  margn_top: 12\n"
        "sizes:\n"
        "  body: large\n",
    )
    assert problems("letter", path) == [
        "clinic-theme.yaml:4:3: page.margn_top: unknown key (did you mean 'margin_top'?)",
        "clinic-theme.yaml:6:9: sizes.body: expected a number, got text ('large')",
    ]
    path = overlay(tmp_path, "page:\n  paper: a4\ncolors:\n  brand: teal\n")
    assert problems("letter", path) == [
        "clinic-theme.yaml:2:10: page.paper: this theme is for a4 paper, not letter",
        "clinic-theme.yaml:4:10: colors.brand: 'teal' is not a colour like #0F5C6E",
    ]


def test_missing_or_broken_overlay_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems("a4", tmp_path / "nowhere.yaml") == [
        "nowhere.yaml: cannot read: No such file or directory"
    ]
    assert problems("a4", overlay(tmp_path, "page: [a4\n")) == [
        "clinic-theme.yaml:2:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"
    ]
