"""What the layout records while it draws: where each heading, list item, box and table
landed (page and extent), and every text it was given. The preflight reads the PDF back
and uses this record only for what a PDF cannot say by itself: which lines form a
heading, which items form one list, which pieces are one box split over two pages, and
where the source text had a space (a line may only break there).

Nothing here imports ReportLab: a flowable calls :func:`note` from its ``draw``, and
the canvas carries the record (see pages.canvas_maker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HEADING, ITEM, BOX, TABLE = "heading", "item", "box", "table"
CONTINUED = "continued"  # a "(continued)" label printed where a box or table goes on
PAGE_START = "page-start"  # a section that begins a page of its own (the calendar)


@dataclass(frozen=True)
class Block:
    kind: str  # heading, item, box, table
    group: int  # one list, box or table: its pieces share the group
    part: int  # 0 for the first piece, 1, 2 ... for what continues after a page break
    page: int  # 1-based, in the document as built
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin bottom left
    text: str = ""  # a heading's text, a box's title
    level: int = 0  # heading level; for a table, the number of header rows
    rows: int = 0  # a table piece's rows (header rows included)
    head: float = 0.0  # a table piece's header rows: their height in points
    mark: str = ""  # a list item's mark: bullet, number, tick, cross, box, alert


@dataclass
class Record:
    """What one built PDF holds, as the layout placed it."""

    blocks: list[Block] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # as given to the layout (RTL: shaped)
    footer_heights: list[float] = field(default_factory=list)  # mm, each page's footer


def note(flowable: Any, kind: str, group: int, part: int = 0, **info: Any) -> None:
    """Record where ``flowable`` is being drawn (call from its ``draw``)."""
    canv = flowable.canv
    record = getattr(canv, "record", None)
    if record is None:
        return
    a, b, c, d, e, f = canv._currentMatrix
    w = float(getattr(flowable, "width", 0) or getattr(flowable, "_width", 0))  # a Table: _width
    h = float(getattr(flowable, "height", 0) or getattr(flowable, "_height", 0))
    xs = [a * x + c * y + e for x, y in ((0, 0), (w, h))]
    ys = [b * x + d * y + f for x, y in ((0, 0), (w, h))]
    box = (min(xs), min(ys), max(xs), max(ys))
    record.blocks.append(Block(kind, group, part, canv.getPageNumber(), box, **info))
