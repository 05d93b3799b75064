"""Where lines break: only where the source text has a space (or after a hyphen, or
between two Chinese or Japanese characters), never inside a word, a number or a phone
number; and no line starts with punctuation that must follow the word before it.

The PDF keeps no spaces at line ends, so the layout's record of its source texts
says which neighbouring words the source separated with a breakable space."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .problems import Problem
from .reading import Line, Page
from .sheet import Sheet, snippet, where

# A line may break at these (the no-break spaces NBSP, figure and narrow spaces may not).
BREAKABLE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
NOBREAK = re.compile(r"[\u00a0\u2007\u202f ]")
# One token per character in scripts written without spaces (Chinese, Japanese kana,
# their punctuation): a line may break between any two of them.
CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
TOKEN = re.compile(f"[{CJK}]|[^{CJK}]+")
HYPHENS = "-\u00ad\u2010\u2011"
# Punctuation that closes: it belongs to the word before it, never at a line's start.
CLOSING = ",.;:!?)]}»”’%،؛؟" + "，。、；：？！）」』】》〉〕｝．"  # noqa: RUF001
DIGITS = re.compile(r"\d")


def _clean(token: str) -> str:
    """Comparable across source and PDF: no format characters or combining marks
    (their order in a right-to-left line is the viewer's business)."""
    return "".join(ch for ch in token if unicodedata.category(ch) not in ("Cf", "Mn"))


def _core(piece: str) -> str:
    """A word without the punctuation around it: a right-to-left line read back may put
    "FDA." as ".FDA" and "30%" as "%30"."""
    start, end = 0, len(piece)
    while start < end and unicodedata.category(piece[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(piece[end - 1])[0] in "PS":
        end -= 1
    return piece[start:end] or piece


def _tokens(text: str) -> list[str]:
    out = []
    for word in BREAKABLE.split(text):
        out += [_clean(t) for t in TOKEN.findall(word)]
    return [t for t in out if t]


@dataclass(frozen=True)
class Source:
    """Where the source texts allow a line to end: between neighbouring words (the last
    piece of a word, split at no-break spaces too, which a PDF shows as spaces, and the
    next word's first piece), and after a text's last word before another text's first."""

    pairs: frozenset[tuple[str, str]]
    ends: frozenset[str]
    starts: frozenset[str]
    loose: bool  # right to left: compare words by their letters ("p38" read back as "83p")

    def key(self, piece: str) -> str:
        core = _core(piece)
        return "".join(sorted(core)) if self.loose else core

    def allows(self, last: str, first: str) -> bool:
        a, b = self.key(NOBREAK.split(last)[-1]), self.key(NOBREAK.split(first)[0])
        return (a, b) in self.pairs or (self._end(a) and b in self.starts)

    def _end(self, token: str) -> bool:
        """The end of a text, or of two texts drawn side by side ("cycle" "28")."""
        return token in self.ends or any(
            token[:k] in self.ends and token[k:] in self.ends for k in range(1, len(token))
        )


@cache
def _source(texts: tuple[str, ...], loose: bool) -> Source:
    pairs: set[tuple[str, str]] = set()
    ends: set[str] = set()
    starts: set[str] = set()
    key = Source(frozenset(), frozenset(), frozenset(), loose).key

    def lasts(token: str) -> set[str]:  # right to left, a PDF may also drop the no-break space
        return {key(NOBREAK.split(token)[-1])} | ({key(NOBREAK.sub("", token))} if loose else set())

    def firsts(token: str) -> set[str]:
        return {key(NOBREAK.split(token)[0])} | ({key(NOBREAK.sub("", token))} if loose else set())

    for text in texts:
        tokens = _tokens(text)
        if not tokens:
            continue
        ends.update(lasts(tokens[-1]))
        starts.update(firsts(tokens[0]))
        for a, b in itertools.pairwise(tokens):
            pairs.update((x, y) for x in lasts(a) for y in firsts(b))
    return Source(frozenset(pairs), frozenset(ends), frozenset(starts), loose)


def _rtl_line(line: Line) -> bool:
    return any(unicodedata.bidirectional(c.text) in ("R", "AL") for c in line.ink)


def _ends(line: Line, rtl: bool) -> tuple[list[str], list[str]]:
    """The line's first and last words in reading order. PDFium gives right-to-left lines
    in reading order too, but not always for a left-to-right run inside them ("(617)
    555-0142", "FDA."): in a right-to-left handout, a line with left-to-right text offers
    the two words at either end as candidates."""
    # spaces the pen made (Korean) from gaps; a right-to-left line's order is too loose for that
    tokens = [t for t in _tokens(line.text if rtl else line.words) if t]
    if not tokens:
        return [], []
    if rtl and any(unicodedata.bidirectional(c.text) in ("L", "EN") for c in line.ink):
        near = [*tokens[:2], *tokens[-2:]]
        return near, near
    return [tokens[0]], [tokens[-1]]


def follows(a: Line, b: Line) -> bool:
    """Line ``b`` continues the block of line ``a``: drawn next, one line lower, with the
    same reading start."""
    em = max(a.size, 1.0)
    drop = a.baseline - b.baseline
    if not 0.8 * em <= drop <= 2.2 * em or abs(a.size - b.size) > 0.5:
        return False
    if _rtl_line(a):
        return abs(a.right - b.right) <= 2
    return abs(a.left - b.left) <= 2


def check(sheet: Sheet) -> Iterator[Problem]:
    texts = tuple(sheet.record.texts)
    for page in sheet.pages:
        if sheet.part_of(page) is None:  # a packet's cover or blank back
            continue
        if sheet.rtl or _rtl_page(page):  # (a packet holds both directions)
            # Right-to-left lines are read back through their /ActualText, which PDFium
            # gives without the spaces between words: no word boundaries to compare.
            continue
        yield from _page(sheet, page, _source(texts, False), False)


def _rtl_page(page: Page) -> bool:
    strong = [unicodedata.bidirectional(c.text) for c in page.chars if c.text]
    rtl = sum(1 for b in strong if b in ("R", "AL"))
    return rtl > sum(1 for b in strong if b == "L")


def _page(sheet: Sheet, page: Page, source: Source, rtl: bool) -> Iterator[Problem]:
    for a, b in zip(page.lines, page.lines[1:], strict=False):
        if not follows(a, b):
            continue
        _, lasts = _ends(a, rtl)
        firsts, _ = _ends(b, rtl)
        if not lasts or not firsts:
            continue
        first, last = firsts[0], lasts[-1]
        if len(firsts) == 1 and first[0] in CLOSING and first[0] not in "%":
            yield Problem(
                sheet.name,
                page.number,
                "line-start",
                f"a line starts with '{first[0]}'",
                where(sheet, page, b),
            )
            continue
        if not sheet.record.texts or any(
            x[-1] in HYPHENS or source.allows(x, y) for x in lasts for y in firsts
        ):
            continue  # (without a record of the source there is nothing to compare with)
        joined = f"{last}|{first}"
        if DIGITS.search(last[-1:]) or DIGITS.search(first[:1]):
            yield Problem(
                sheet.name, page.number, "number", f"split as {snippet(joined, 30)}", where(sheet, page, a)
            )
        else:
            yield Problem(
                sheet.name,
                page.number,
                "word",
                f"broken inside a word without a hyphen: {snippet(joined, 30)}",
                where(sheet, page, a),
            )
