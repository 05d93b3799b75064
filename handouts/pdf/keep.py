"""A heading kept with what follows it, without leaving a page mostly empty.

A heading keeps its intro and the first items of a list (or a table's header and first
rows) on its page: when they do not fit in the room left, they all go to the next page.
In large print, where a heading with a list of three or a table's first rows can take
half a page, that left pages more than half empty. So when moving would leave more than
40% of the page empty, the group is broken at the latest point that keeps the rules a
reader expects of any break: two lines at least under the heading, two items at least of
a list on each side (an item's lines may part, its writing lines never leave it), a
table's own rules (two rows on each side, the header repeated), a paragraph's two lines
on each side. When no such point exists, the group goes to the next page as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Spacer
from reportlab.platypus.flowables import _listWrapOn

from .flowables import Item, Rule

MOSTLY_EMPTY = 0.4  # moving a group leaves at most this share of a page empty (the preflight
# reports a page over half empty: this keeps clear of it, as ink and frame measure apart)
FUZZ = 1.0  # points kept free below what is measured to fit


class Keep(Flowable):  # type: ignore[misc]
    """``content`` (a heading, from ``body`` on what it keeps with it) on one page when
    ``room`` is left, else on the next, or broken (see the module's docstring)."""

    def __init__(
        self,
        content: Sequence[Flowable],
        body: int,
        room: float,
        frame_height: float,
        least: float,
        list_sizes: dict[int, int],
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.body = body  # the first flowable after the heading's own
        self.room = room
        self.frame_height = frame_height
        self.least = least  # the height of two lines: what the heading needs under it
        self.list_sizes = list_sizes  # every list's number of items (its group -> items)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, 0xFFFFFF  # never drawn whole: always split into its content

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if ah < self.room and ah > MOSTLY_EMPTY * self.frame_height:
            plan = self._broken(aw, ah)
            if plan is not None:
                first, rest = plan
                # the first part fits; the rest begins the next page
                return [CondPageBreak(0), *first, CondPageBreak(self.frame_height + 1), *rest]
        return [CondPageBreak(self.room), *self.content]

    # ---- where to break --------------------------------------------------------

    def _height(self, flows: Sequence[Flowable], aw: float) -> float:
        return float(_listWrapOn(list(flows), aw, self.canv)[1])

    def _broken(self, aw: float, ah: float) -> tuple[list[Flowable], list[Flowable]] | None:
        """The latest break of the content that keeps the rules, as (this page, next)."""
        content = self.content
        last = next(
            (i for i in range(len(content)) if self._height(content[: i + 1], aw) > ah - FUZZ),
            None,
        )
        if last is None or last < self.body:
            return None  # it fits after all, or the heading itself does not
        for i in range(last, self.body - 1, -1):
            before, f = content[:i], content[i]
            room = ah - FUZZ - self._height(before, aw) if i == last else self._height([f], aw) - 1
            parts = _split(f, aw, room)
            if len(parts) >= 2 and self._fine([*before, parts[0]], [*parts[1:], *content[i + 1 :]], aw, ah):
                return [*before, parts[0]], [*parts[1:], *content[i + 1 :]]
            if self._fine(before, content[i:], aw, ah):
                return before, content[i:]
        return None

    def _fine(self, first: list[Flowable], rest: list[Flowable], aw: float, ah: float) -> bool:
        if not rest or self._height(first, aw) > ah - FUZZ:
            return False
        if isinstance(rest[0], Rule | Spacer):
            return False  # a rule (an answer's writing line) stays with what is above it
        if self._height(first[self.body :], aw) < self.least:
            return False  # two lines at least under the heading
        given = {id(f) for f in self.content}
        items = [f for f in first if isinstance(f, Item) and f.group]
        for group in {f.group for f in items}:
            pieces = [f for f in items if f.group == group]
            whole = sum(1 for f in pieces if id(f) in given)
            later = self.list_sizes.get(group, len(pieces)) - whole  # one may be split
            if len(pieces) < 2 or 0 < later < 2:
                return False  # two items at least on each side
        return True


def _split(f: Flowable, aw: float, room: float) -> list[Flowable]:
    if room <= 0 or isinstance(f, Rule | Spacer):
        return []
    f.wrap(aw, room)
    parts: list[Any] = f.split(aw, room)
    return parts
