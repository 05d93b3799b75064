"""Where things are drawn: inside the printable area, no text over other text or under a
shape or image drawn after it, and no rule or box edge through a line of text."""

from __future__ import annotations

from collections.abc import Iterator

from .problems import Problem
from .reading import Char, Line, Page, Rect, Shape
from .sheet import MM, Sheet, snippet, where

SLACK = 0.75  # points: anti-aliasing and stroke widths, never visible


def check(sheet: Sheet) -> Iterator[Problem]:
    for page in sheet.pages:
        yield from _margins(sheet, page)
        yield from _overlaps(sheet, page)
        yield from _rules(sheet, page)


def _past(box: Rect, area: Rect) -> str:
    x0, y0, x1, y1 = area
    sides = [
        (x0 - box[0], "left"),
        (box[2] - x1, "right"),
        (y0 - box[1], "bottom"),
        (box[3] - y1, "top"),
    ]
    over, side = max(sides)
    return f"{over / MM:.1f} mm past the {side} margin" if over > SLACK else ""


def _margins(sheet: Sheet, page: Page) -> Iterator[Problem]:
    area = sheet.printable
    for line in page.lines:
        # across, where the text is set (a bold J's hook may overhang its origin); up and down, its ink
        set_at = (
            min(c.x for c in line.ink),
            line.box[1],
            max(c.advance[1] for c in line.ink),
            line.box[3],
        )
        past = _past(set_at, area)
        if past:
            yield Problem(sheet.name, page.number, "margin", f"text {past}", where(sheet, page, line))
    for shape in page.shapes:
        past = _past(_inked(shape), area)
        if past:
            what = "an image" if shape.kind == "image" else "a drawn mark"
            yield Problem(
                sheet.name, page.number, "margin", f"{what} {past}", sheet.at(page, shape.bounds[3])
            )


def _inked(shape: Shape) -> Rect:
    """What a shape inks: a stroke's ends are butt ends (PDFium's bounds add the whole
    line width on every side); a fill or an image as bounded."""
    if not shape.edges or shape.filled:
        return shape.bounds
    h = shape.stroke_width / 2
    boxes = []
    for x0, y0, x1, y1 in shape.edges:
        if abs(y0 - y1) < 0.5:
            boxes.append((min(x0, x1), y0 - h, max(x0, x1), y0 + h))
        elif abs(x0 - x1) < 0.5:
            boxes.append((x0 - h, min(y0, y1), x0 + h, max(y0, y1)))
        else:
            boxes.append((min(x0, x1) - h, min(y0, y1) - h, max(x0, x1) + h, max(y0, y1) + h))
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _shrunk(box: Rect, by: float) -> Rect:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlaps(sheet: Sheet, page: Page) -> Iterator[Problem]:
    lines = page.lines
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if not _meets(a.box, b.box):
                continue
            if any(_meets(_shrunk(c.box, SLACK), _shrunk(d.box, SLACK)) for c in a.ink for d in b.ink):
                yield Problem(
                    sheet.name,
                    page.number,
                    "overlap",
                    f"text drawn over other text ({snippet(b.text, 30)})",
                    where(sheet, page, a),
                )
    covers = [s for s in page.shapes if s.kind == "image" or s.filled]
    for line in lines:
        for shape in covers:
            if not _meets(line.box, shape.bounds):
                continue
            hidden = [c for c in line.ink if _hidden(c, shape)]
            if hidden:
                what = "an image" if shape.kind == "image" else "a filled shape"
                yield Problem(
                    sheet.name, page.number, "overlap", f"{what} drawn over text", where(sheet, page, line)
                )
                break


def _hidden(c: Char, shape: Shape) -> bool:
    """An image touching a glyph, or a filled shape painted after the glyph over its middle."""
    if shape.kind == "image":
        return _meets(_shrunk(c.box, SLACK), shape.bounds)
    if shape.order < c.order:
        return False
    x, y = (c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2
    b = shape.bounds
    return b[0] < x < b[2] and b[1] < y < b[3]


def _rules(sheet: Sheet, page: Page) -> Iterator[Problem]:
    for line in page.lines:
        lb = line.box
        for shape in page.shapes:
            if not shape.edges or not _meets(_grow(lb, shape.stroke_width), shape.bounds):
                continue
            if any(_crosses(edge, c, shape.stroke_width / 2) for edge in shape.edges for c in line.ink):
                yield Problem(
                    sheet.name,
                    page.number,
                    "rule",
                    "a rule or box edge runs through the text",
                    where(sheet, page, line),
                )
                break


def _grow(box: Rect, by: float) -> Rect:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _crosses(edge: tuple[float, float, float, float], c: Char, half: float) -> bool:
    """A horizontal or vertical stroke passing through a glyph (not just touching it)."""
    x0, y0, x1, y1 = edge
    left, b, r, t = _shrunk(c.box, SLACK)
    if left >= r or b >= t:
        return False
    if abs(y0 - y1) < 0.5:  # horizontal
        lo, hi = sorted((x0, x1))
        return lo < r and left < hi and b < y0 + half and y0 - half < t
    if abs(x0 - x1) < 0.5:  # vertical
        lo, hi = sorted((y0, y1))
        return lo < t and b < hi and left < x0 + half and x0 - half < r
    return False


__all__ = ["Line", "check"]
