"""Pages that are mostly empty before a handout's last page (or before a section that
begins a page of its own, such as the calendar: the handout's own pages end there)."""

from __future__ import annotations

from collections.abc import Iterator

from ..pdf.structure import PAGE_START
from .problems import Problem
from .sheet import Sheet

MOSTLY_EMPTY = 0.5  # share of the body frame left empty at the foot of a page


def check(sheet: Sheet) -> Iterator[Problem]:
    starts = {b.page for b in sheet.record.blocks if b.kind == PAGE_START}
    for page in sheet.pages:
        part = sheet.part_of(page)
        if part is None or page.number == part[1] or page.number + 1 in starts:
            continue  # a cover, a blank back, the last page, or the last before the calendar
        x0, y0, _x1, y1 = sheet.frame(page)
        inside = [c.box[1] for c in page.chars if not c.space and y0 - 1 <= c.box[1] <= y1 + 1]
        # PDFium's bounds of a stroked path reach a whole line width past its ends
        inside += [
            s.bounds[1]
            for s in page.shapes
            if y0 - 1 <= s.bounds[1] <= y1 + 1 and x0 - 1 - s.stroke_width <= s.bounds[0]
        ]
        lowest = min(inside, default=y1)
        empty = (lowest - y0) / (y1 - y0)
        if empty > MOSTLY_EMPTY:
            yield Problem(
                sheet.name,
                page.number,
                "empty",
                f"the page is {round(100 * empty)}% empty before page {page.number + 1}",
                f"nothing under {sheet.at(page, lowest)}",
            )
