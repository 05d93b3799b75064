"""Pages that are mostly empty before a handout's last page (or before a section that
begins a page of its own, such as the calendar: the handout's own pages end there).

A page may end early when what begins the next page could not have begun on it without
breaking a rule the other checks hold the layout to: a box is split only between its
items, two at least on each side (or all of them before its phones); a heading keeps two
lines under it; a list keeps two items on each side; a paragraph or an item parts leaving
two lines on each side. For a box, or a heading with its intro and a list of three or
fewer, the check measures the least first piece those rules allow against the room the
page left. Only when even that is taller is the page counted as ending early before a
block kept whole (a figure, not a problem); any other mostly empty page is a problem."""

from __future__ import annotations

from collections.abc import Iterator

from ..pdf.structure import BOX, HEADING, ITEM, PAGE_START, Block
from .problems import Problem
from .reading import Line, Page
from .sheet import MM, Sheet, within

MOSTLY_EMPTY = 0.5  # share of the body frame left empty at the foot of a page
LEAST = 2  # lines of a paragraph, items of a list, on each side of a break
# The room a page left is measured from its lowest ink, and the flow keeps some space under
# that (an answer's writing line, a list item's space after): a first piece that would have
# fitted with less than half a body line to spare is not counted as fitting.
SLACK_LINES = 0.5


def check(sheet: Sheet) -> Iterator[Problem]:
    for page, empty, lowest, kept in _early(sheet):
        if not kept:
            yield Problem(
                sheet.name,
                page.number,
                "empty",
                f"the page is {round(100 * empty)}% empty before page {page.number + 1}",
                f"nothing under {sheet.at(page, lowest)}",
            )


def ending_early(sheet: Sheet) -> int:
    """Pages that end mostly empty before a block the rules keep whole (a figure)."""
    return sum(1 for *_, kept in _early(sheet) if kept)


def _early(sheet: Sheet) -> Iterator[tuple[Page, float, float, bool]]:
    """Each mostly empty page: how empty, its lowest ink, and whether a block kept
    whole by rule begins the next page."""
    for page, empty, lowest in _mostly_empty(sheet):
        yield page, empty, lowest, _kept_whole(sheet, page, lowest - sheet.frame(page)[1])


def _mostly_empty(sheet: Sheet) -> Iterator[tuple[Page, float, float]]:
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
            yield page, empty, lowest


def _kept_whole(sheet: Sheet, page: Page, room: float) -> bool:
    """Whether the next page begins with a box, or a heading with its intro and a short
    list, whose least first piece the rules allow is taller than ``room``."""
    following = next((p for p in sheet.pages if p.number == page.number + 1), None)
    if following is None:
        return False
    top = sheet.frame(following)[3]
    body = [ln for ln in following.lines if ln.baseline <= top]
    if not body:
        return False
    first_line = max(body, key=lambda ln: ln.box[3])
    blocks = [b for b in sheet.record.blocks if b.page == following.number]
    space = sheet.theme.spacing
    room -= SLACK_LINES * sheet.theme.sizes.leading
    boxes = [b for b in blocks if b.kind == BOX and _holds(b.box, first_line)]
    if boxes:  # room for the box's padding above and below what it holds
        return _box_kept(sheet, boxes[0], blocks, room - 2 * space.box_padding * MM)
    heads = [b for b in blocks if b.kind == HEADING and _holds(b.box, first_line)]
    if heads:  # room for the space before a section
        return _heading_kept(heads[0], blocks, body, room - space.section_before * MM)
    return False


def _holds(box: tuple[float, float, float, float], line: Line) -> bool:
    return box[1] - 1 <= line.baseline <= box[3] + 1 and box[0] - 1 <= line.box[0] <= box[2] + 1


def _box_kept(sheet: Sheet, box: Block, blocks: list[Block], room: float) -> bool:
    pieces = [b for b in sheet.record.blocks if b.kind == BOX and b.group == box.group]
    if len(pieces) > 1 or box.box[3] - box.box[1] <= room:
        return False  # split after all, or it would have fitted
    items = sorted((b for b in blocks if b.kind == ITEM and within(b.box, box.box)), key=lambda b: -b.box[3])
    n = len(items)
    # the first piece after k items: k and n - k at least two, or all n (its phones go on)
    allowed = [k for k in range(1, n + 1) if k == n or (k >= LEAST and n - k >= LEAST)]
    return all(box.box[3] - items[k - 1].box[1] > room for k in allowed)


def _heading_kept(head: Block, blocks: list[Block], body: list[Line], room: float) -> bool:
    """A heading, the lines of its intro and a list of three or fewer items all on this
    page: the least legal first piece (two lines under the heading, two items on each
    side of the list, two lines on each side of a paragraph or an item that parts)."""
    under = sorted((ln for ln in body if ln.box[3] <= head.box[1] + 1), key=lambda ln: -ln.baseline)
    items = [b for b in blocks if b.kind == ITEM and b.box[3] <= head.box[1] + 1]
    if not items:
        return False
    group = max(items, key=lambda b: b.box[3]).group
    listed = sorted((b for b in items if b.group == group), key=lambda b: -b.box[3])
    if len(listed) > 3 or any(b.part for b in listed):
        return False  # a longer list may part after two items: the layout's to do
    last = listed[-1]
    lines: list[Line] = []  # one per printed line (PDFium gives a line's runs apart)
    for ln in under:
        middle = (ln.box[1] + ln.box[3]) / 2
        if ln.baseline >= last.box[1] - 1 and not (lines and lines[-1].box[1] <= middle <= lines[-1].box[3]):
            lines.append(ln)

    def block_of(line: Line) -> int:  # -1: the intro, else the item's index
        return next((i for i, b in enumerate(listed) if _holds(b.box, line)), -1)

    owners = [block_of(ln) for ln in lines]
    for cut in range(LEAST, len(lines) + 1):  # the first ``cut`` lines under the heading stay
        before, after = owners[:cut], owners[cut:]
        parted = bool(after) and before[-1] == after[0]
        if parted and (before.count(before[-1]) < LEAST or after.count(after[0]) < LEAST):
            continue  # a paragraph or an item parted leaving one line
        here = len({o for o in before if o >= 0})
        there = len({o for o in after if o >= 0})
        if (here and here < LEAST) or (there and there < LEAST):
            continue  # a list leaving one item alone
        if head.box[3] - lines[cut - 1].box[1] <= room:
            return False  # this first piece would have fitted
    return True
