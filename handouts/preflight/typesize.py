"""Type sizes and line length: body text at least 12 pt (18 pt in large print), nothing a
patient reads under 10 pt (14 pt), and the median characters per full body line (75 at
most for Latin and Cyrillic). Also measures the share of each size."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from .problems import Figures, Problem, median
from .reading import Line, Page
from .sheet import Sheet, snippet

BODY = {False: 12.0, True: 18.0}  # large print -> the least body size
LEAST = {False: 10.0, True: 14.0}  # nothing a patient reads under this
LONGEST = {"Latn": 75, "Cyrl": 75}  # median characters per full body line, at most
FULL = 0.85  # a line is full when it reaches this share of its column's widest line
WIDE = 0.6  # a column of body text spans this share of the frame at least (not a table cell)


def _size(value: float) -> float:
    return round(value * 2) / 2


def check(sheet: Sheet) -> Iterator[Problem]:
    lp = sheet.large_print
    for page in sheet.pages:
        small: dict[float, list[Line]] = defaultdict(list)
        for line in page.lines:
            if _size(line.size) < LEAST[lp]:
                small[_size(line.size)].append(line)
        for size, lines in sorted(small.items()):
            regions = ", ".join(sorted({sheet.region(page, ln.baseline) for ln in lines}))
            yield Problem(
                sheet.name,
                page.number,
                "size",
                f"{len(lines)} line(s) set at {size:g} pt, under {LEAST[lp]:g} pt ({regions})",
                f"{snippet(lines[0].text)} ({sheet.at(page, lines[0].baseline)})",
            )
        body = _body_size(sheet, page)
        if body and body < BODY[lp]:
            yield Problem(
                sheet.name, page.number, "size", f"body text set at {body:g} pt, under {BODY[lp]:g} pt", ""
            )
    longest = LONGEST.get(sheet.script)
    lengths = full_lines(sheet)
    if longest and lengths and median(lengths) > longest:
        yield Problem(
            sheet.name,
            0,
            "line-length",
            f"a full body line holds {median(lengths)} characters (median of {len(lengths)}), over {longest}",
        )


def _body_lines(sheet: Sheet, page: Page) -> list[Line]:
    _x0, y0, _x1, y1 = sheet.frame(page)
    return [ln for ln in page.lines if y0 <= ln.baseline <= y1]


def _body_size(sheet: Sheet, page: Page) -> float:
    """The size most characters of the page's body are set in."""
    counts: Counter[float] = Counter()
    for line in _body_lines(sheet, page):
        counts[_size(line.size)] += len(line.ink)
    return counts.most_common(1)[0][0] if counts else 0.0


def full_lines(sheet: Sheet) -> list[int]:
    """Characters (spaces included) of each full body line: set at the page's body size,
    in a column of text at least 60% as wide as the frame, and as wide as the column's
    widest line (give or take 15%)."""
    out = []
    for page in sheet.pages:
        frame = sheet.frame(page)
        body = _body_size(sheet, page)
        lines = [ln for ln in _body_lines(sheet, page) if _size(ln.size) == body]
        columns: dict[int, list[Line]] = defaultdict(list)
        for ln in lines:
            columns[round(ln.right if sheet.rtl else ln.left)].append(ln)
        for col in columns.values():
            if len(col) < 3:
                continue
            widest = max(ln.right - ln.left for ln in col)
            if widest < WIDE * (frame[2] - frame[0]):
                continue
            out += [len(ln.text.strip()) for ln in col if ln.right - ln.left >= FULL * widest]
    return out


def figures(sheet: Sheet) -> Figures:
    sizes: Counter[float] = Counter()
    for page in sheet.pages:
        for c in page.chars:
            if not c.space:
                sizes[_size(c.size)] += 1
    variant = "large print" if sheet.large_print else "standard"
    return Figures(
        files=1,
        pages=len(sheet.pages),
        sizes={variant: sizes},
        line_lengths={f"{sheet.script} ({variant})": full_lines(sheet)},
    )
