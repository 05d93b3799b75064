"""One built PDF under check: its pages read back, the layout's record, and the theme's
page geometry (margins, header and footer) it was built to."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..pdf.structure import Record
from ..reading.theme import Theme
from .reading import Line, Page, Rect

MM = 72 / 25.4


@dataclass
class Sheet:
    name: str
    pages: list[Page]
    record: Record
    theme: Theme
    script: str  # ISO 15924: Latn, Cyrl, Hans, Kore, Arab ...
    rtl: bool
    large_print: bool
    parts: list[tuple[int, int]] = field(default_factory=list)  # each handout's first and last page

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = [(1, len(self.pages))]

    @property
    def printable(self) -> Rect:
        p = self.theme.page
        return (
            p.margin_left * MM,
            p.margin_bottom * MM,
            (p.width - p.margin_right) * MM,
            (p.height - p.margin_top) * MM,
        )

    def frame(self, page: Page) -> Rect:
        """The body text's frame: inside the margins, above the footer, under the header
        (pages after a handout's first page carry the running header)."""
        p = self.theme.page
        x0, y0, x1, y1 = self.printable
        first = any(page.number == start for start, _ in self.parts)
        heights = self.record.footer_heights  # a footer is only as tall as its lines
        footer = heights[page.number - 1] if page.number <= len(heights) else p.footer_height
        return (x0, y0 + footer * MM, x1, y1 - (0 if first else p.header_height * MM))

    def part_of(self, page: Page) -> tuple[int, int] | None:
        for start, end in self.parts:
            if start <= page.number <= end:
                return start, end
        return None

    def region(self, page: Page, y: float) -> str:
        _x0, y0, _x1, y1 = self.frame(page)
        if y < y0:
            return "footer"
        if y > y1:
            return "header"
        return "body"

    def at(self, page: Page, y: float) -> str:
        return f"{round((page.height - y) / MM)} mm from the top"


def within(inner: Rect, outer: Rect) -> bool:
    """Whether ``inner`` lies inside ``outer`` (a point of slack on each side)."""
    return (
        inner[0] >= outer[0] - 1
        and inner[2] <= outer[2] + 1
        and inner[1] >= outer[1] - 1
        and inner[3] <= outer[3] + 1
    )


def snippet(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= n else f"'{text[: n - 1]}…'"


def where(sheet: Sheet, page: Page, line: Line) -> str:
    return f"{snippet(line.text)} ({sheet.at(page, line.baseline)})"
