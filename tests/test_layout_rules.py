"""Layout rules a patient would see broken, each read back from the built PDF or from the
laid-out flowables: words and numbers kept whole, no lone list item or table row at a
page's foot or head, boxes split only between their items, sizes a patient can read."""

from __future__ import annotations

import re

import pytest
from reportlab.lib.units import mm

from handouts import fonts, i18n
from handouts.kit import Kit
from handouts.theme import load_theme


def kit(lang: str, paper: str = "a4", large_print: bool = False) -> Kit:
    language = i18n.language(lang)
    theme = load_theme(paper, large_print=large_print)
    return Kit(theme, fonts.register(theme, language.script), language)


def para_lines(flowable: object, width: float) -> list[str]:
    """The lines a paragraph breaks into at ``width``."""
    flowable.wrap(width, 1e6)  # type: ignore[attr-defined]
    lines = flowable.blPara.lines  # type: ignore[attr-defined]
    out = []
    for line in lines:
        if hasattr(line, "words"):
            out.append("".join(w.text if hasattr(w, "text") else str(w) for w in line.words))
        else:
            out.append("".join(str(w) for w in line[1]))
    return out


@pytest.mark.parametrize("value", ["MEK\u00a01", "+33\u00a01\u00a098\u00a076\u00a054\u00a032"])
def test_chinese_lines_never_break_at_a_no_break_space(value: str) -> None:
    k = kit("zh-Hans")
    text = "药片每天两次服用医生团队联系" * 3 + value + "药片每天两次服用"
    found_split = False
    for width in range(130, 330, 3):  # some width puts the line's end inside the value
        lines = para_lines(k.para(text), width)
        joined = "".join(lines)
        assert value.replace("\u00a0", "") in joined.replace("\u00a0", "").replace(" ", "")
        whole = [line for line in lines if value.split("\u00a0")[0] in line]
        assert all(value in line for line in whole), (width, lines)
        found_split = found_split or any(line.endswith(value) or line.startswith(value) for line in lines)
    assert found_split  # the value did reach a line's end or start at some width
