"""Every character has a glyph in the font it is drawn with."""

from __future__ import annotations

from collections.abc import Iterator

from .problems import Problem
from .sheet import Sheet, where


def check(sheet: Sheet) -> Iterator[Problem]:
    for page in sheet.pages:
        for line in page.lines:
            missing = [c for c in line.chars if not c.glyph]
            if missing:
                fonts = ", ".join(sorted({c.font for c in missing}))
                codes = ", ".join(sorted({f"U+{ord(c.text):04X}" if c.text else "unknown" for c in missing}))
                yield Problem(
                    sheet.name,
                    page.number,
                    "glyph",
                    f"{len(missing)} character(s) without a glyph in {fonts} ({codes}), printed as boxes",
                    where(sheet, page, line),
                )
