"""How blocks flow over pages, from the layout's record of where each landed: no heading,
list, checklist or table leaves fewer than two of its lines or items alone at the foot or
head of a page; a box is not split mid-sentence; a split box or table repeats its title
or header and says that it continues."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from ..pdf.structure import BOX, CONTINUED, HEADING, ITEM, TABLE, Block
from .problems import Problem
from .reading import Line, Page
from .sheet import Sheet, snippet, within

# Latin, CJK and Arabic stops, the Devanagari and Gurmukhi danda (U+0964, U+0965), the
# Armenian full stop (U+0589), the Urdu full stop (U+06D4)
SENTENCE_END = ".!?。！？؟:：…\u0964\u0965\u0589\u06d4"  # noqa: RUF001


def check(sheet: Sheet) -> Iterator[Problem]:
    blocks = sheet.record.blocks
    pages = {p.number: p for p in sheet.pages}
    groups: dict[tuple[str, int], list[Block]] = defaultdict(list)
    for b in blocks:
        groups[(b.kind, b.group)].append(b)
    yield from _headings(sheet, blocks, pages)
    for (kind, _), pieces in groups.items():
        if kind == ITEM:
            yield from _list(sheet, pieces, pages)
        elif kind == TABLE:
            yield from _table(sheet, pieces, pages, blocks)
        elif kind == BOX:
            yield from _box(sheet, pieces, pages, blocks)


def _inside(line: Line, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = line.box
    return x0 >= box[0] - 1 and x1 <= box[2] + 1 and y0 >= box[1] - 1 and y1 <= box[3] + 1


def _lines_in(page: Page, box: tuple[float, float, float, float]) -> list[Line]:
    lines = [ln for ln in page.lines if _inside(ln, box)]
    return sorted(lines, key=lambda ln: -ln.baseline)


def _headings(sheet: Sheet, blocks: list[Block], pages: dict[int, Page]) -> Iterator[Problem]:
    heads = [b for b in blocks if b.kind == HEADING]
    for i, h in enumerate(heads):
        page = pages.get(h.page)
        if page is None:
            continue
        part = sheet.part_of(page)
        if part is None or h.page == part[1]:
            continue
        following = [b for b in heads[i + 1 :] if b.page == h.page]
        if following or _opens_page(sheet, pages, heads[i + 1] if i + 1 < len(heads) else None):
            continue  # the section ends on this page
        _x0, y0, _x1, _y1 = sheet.frame(page)
        under = [
            ln
            for ln in page.lines
            if ln.box[3] <= h.box[1] + 1
            and ln.baseline >= y0
            and ln.box[0] < h.box[2]
            and h.box[0] < ln.box[2]
        ]
        if len(under) < 2:
            yield Problem(
                sheet.name,
                h.page,
                "lonely",
                f"heading {snippet(h.text)} with {len(under)} line(s) under it at the foot of the page",
                sheet.at(page, h.box[1]),
            )


def _opens_page(sheet: Sheet, pages: dict[int, Page], heading: Block | None) -> bool:
    """Whether ``heading`` is the first thing in its page's body: then the section before
    it ended on the page before."""
    if heading is None or heading.page not in pages:
        return False
    page = pages[heading.page]
    top = sheet.frame(page)[3]
    return not [ln for ln in page.lines if heading.box[3] + 1 < ln.box[1] and ln.baseline <= top]


def _counts(pieces: list[Block]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for b in pieces:
        out[b.page] += 1
    return dict(sorted(out.items()))


def _list(sheet: Sheet, items: list[Block], pages: dict[int, Page]) -> Iterator[Problem]:
    per_page = _counts(items)
    whole = sum(1 for b in items if b.part == 0)
    if len(per_page) < 2 or whole < 2:
        return
    split = "/".join(str(n) for n in per_page.values())
    kind = "checklist" if items[0].mark == "box" else "list"
    for n, (page_no, count) in enumerate(per_page.items()):
        if count < 2:
            edge = "top" if n else "foot"
            first = min((b for b in items if b.page == page_no), key=lambda b: -b.box[3])
            page = pages[page_no]
            text = _lines_in(page, first.box)
            yield Problem(
                sheet.name,
                page_no,
                "lonely",
                f"a {kind} leaves one item alone at the {edge} of the page (split {split})",
                f"{snippet(text[0].text) if text else ''} ({sheet.at(page, first.box[3])})",
            )


def _continued(blocks: list[Block], piece: Block) -> bool:
    return any(b.kind == CONTINUED and b.group == piece.group and b.page == piece.page for b in blocks)


def _table(
    sheet: Sheet, pieces: list[Block], pages: dict[int, Page], blocks: list[Block]
) -> Iterator[Problem]:
    if len({b.page for b in pieces}) < 2:
        return
    body = [b.rows - b.level for b in pieces]
    split = "/".join(str(n) for n in body)
    for piece, rows in zip(pieces, body, strict=True):
        page = pages[piece.page]
        lines = _lines_in(page, piece.box)
        at = f"{snippet(lines[0].text) if lines else ''} ({sheet.at(page, piece.box[3])})"
        if rows < 2 and sum(body) >= 2 and _row_lines(page, piece) < 2:
            edge = "top" if piece.part else "foot"
            yield Problem(
                sheet.name,
                piece.page,
                "lonely",
                f"a table leaves {rows} row(s) at the {edge} of the page (split {split})",
                at,
            )
        if piece.part and not _continued(blocks, piece):
            repeats = "" if piece.level else " and does not repeat its header"
            yield Problem(
                sheet.name, piece.page, "continued", f"a split table does not say it continues{repeats}", at
            )


def _row_lines(page: Page, piece: Block) -> int:
    """How many lines of text the rows under a table piece's header hold: a row of two
    lines or more (large print stacks a side effect's name, what you may notice and what
    to do in one row) is not a lone line, and may stand alone at a page's foot or head."""
    x0, y0, x1, y1 = piece.box
    under = _lines_in(page, (x0, y0, x1, y1 - piece.head))
    return len({round(ln.baseline) for ln in under})


def _box(sheet: Sheet, pieces: list[Block], pages: dict[int, Page], blocks: list[Block]) -> Iterator[Problem]:
    if len({b.page for b in pieces}) < 2:
        return
    for before, after in itertools.pairwise(pieces):
        page = pages[before.page]
        lines = _lines_in(page, before.box)
        split_items = [
            b
            for b in blocks
            if b.kind == ITEM and b.part > 0 and b.page == after.page and within(b.box, after.box)
        ]
        words = [ln for ln in lines if not ln.text.strip().isdigit()]  # not a list's number
        last = words[-1].text.rstrip() if words else ""
        if split_items or (last and last[-1] not in SENTENCE_END):
            yield Problem(
                sheet.name,
                before.page,
                "box-split",
                f"the box {snippet(before.text, 30)} is split mid-sentence",
                f"{snippet(last)} ({sheet.at(page, before.box[1])})",
            )
        next_page = pages[after.page]
        first = _lines_in(next_page, after.box)
        title = " ".join(before.text.split())
        repeats = bool(first) and bool(title) and " ".join(first[0].text.split()).startswith(title[:20])
        if not repeats or not _continued(blocks, after):
            missing = "repeat its title" if not repeats else "say it continues"
            yield Problem(
                sheet.name,
                after.page,
                "continued",
                f"the box {snippet(before.text, 30)} continues here but does not {missing}",
                sheet.at(next_page, after.box[3]),
            )
