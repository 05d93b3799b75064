"""The text layer of a right-to-left line: what PDF text extractors read back.

A right-to-left line is drawn as glyphs in display order (:mod:`handouts.text`).
Extractors do not take /ActualText as final: they put what they read back into
reading order with a simplified bidi step of their own, and the two that matter
(Poppler: pdftotext, Evince, Okular; PDFium: Chrome, pypdfium2) use different
ones. So each line carries two texts, each stored the way its reader undoes it:

- the whole line in one ``/Span`` with /ActualText (ISO 32000-1, 14.9.4), read
  by Poppler, which honours /ActualText only on a ``/Span`` tag and then orders
  the line itself (``reorderText`` in TextOutputDev.cc: from the right end,
  runs of characters that are neither left-to-right letters nor "numbers" are
  reversed, the runs between them kept);
- inside it, every drawn piece (a word, a space, a Latin phrase) in a marked
  sequence of its own, tagged ``/Word``, whose /ActualText PDFium reads instead
  (it takes the innermost /ActualText on any tag) and Poppler ignores. PDFium
  cuts the line into segments of strong, weak and neutral characters
  (``CFX_BidiChar``), reverses their order when right-to-left segments outnumber
  left-to-right ones, reverses and mirrors the right-to-left segments and the
  neutral ones that follow them (``CPDF_TextPage::CloseTempLine``), and keeps
  the segments of a piece drawn right to left in their own order.

:func:`line_texts` computes both from the logical line, so that each reader's
own step gives the line back as written: brackets, Latin phrases and numbers in
order. Where a reader's step cannot place a neutral character (a space between
a Latin word and an Arabic one), or would read a line with more Latin than
Arabic left to right, an invisible right-to-left mark (U+200F) is stored beside
it; it means nothing to a reader or a search. PDFium does not reverse a run of
neutral characters read right to left as its code reads (the space before
"(617) 555-0142" came back inside the bracket), so such a run is stored with a
mark between its characters; after a piece drawn left to right the mark is drawn
apart, as an invisible glyph (see :data:`APART`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from bidi.mirror import MIRRORED

RLM = "\u200f"  # right-to-left mark
# A right-to-left mark that keeps two neutral characters apart (:func:`_apart`), while
# the line is stored: the Arabic letter mark, of the same class. A piece drawn left
# to right does not carry it: where it ends a phone number ("(617) 555-0142"),
# PDFium then reads the whole number backwards on most pages. It is read from an
# invisible mark of its own after the piece instead (:attr:`LineText.after`).
APART = "\u061c"


def _mirror(ch: str) -> str:
    return str(MIRRORED.get(ch, ch))


# --- Poppler ------------------------------------------------------------------------

# Poppler's character types (UnicodeTypeTable.cc) where they differ from the Unicode
# bidi classes: "numbers" ('#') include ASCII # $ % + , - . / : and the Arabic comma,
# percent and separators; Arabic vowel marks are neutral.
_POPPLER_NUMBER = (
    (0x23, 0x25), (0x2B, 0x3A), (0xA0, 0xA0), (0xA2, 0xA5), (0xB0, 0xB3), (0xB9, 0xB9),
    (0x604, 0x60C), (0x659, 0x66C), (0x6F0, 0x6F9),
    (0x2030, 0x2034), (0x2044, 0x2044), (0x2070, 0x2070), (0x2072, 0x207B), (0x2080, 0x208B),
)  # fmt: skip


def poppler_class(ch: str) -> str:
    """'L', 'R', '#' (a number or number punctuation) or 'N', as Poppler types ``ch``."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _POPPLER_NUMBER):
        return "#"
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    if kind in ("EN", "AN"):
        return "#"
    return "N"


def poppler_reads(stored: str) -> str:
    """What Poppler reads for a right-to-left line stored as ``stored`` (its
    ``reorderText`` for a page whose text is mostly right to left)."""
    out: list[str] = []
    i = len(stored) - 1
    while i >= 0:
        j = i
        while j >= 0 and poppler_class(stored[j]) not in "L#":
            j -= 1
        out.extend(reversed(stored[j + 1 : i + 1]))
        i = j
        while j >= 0 and poppler_class(stored[j]) != "R":
            j -= 1
        out.extend(stored[j + 1 : i + 1])
        i = j
    return "".join(out)


def poppler_stored(text: str) -> str:
    """``text`` (logical order) stored so that :func:`poppler_reads` gives it back.

    The line is cut into alternating pieces: right-to-left ones (no letter or
    number read left to right) are stored reversed, left-to-right ones (no
    right-to-left letter) as written, last piece first. Poppler ends a
    left-to-right piece at its last letter or number, so the neutral characters
    after it (a space, a bracket) open the next right-to-left piece behind a
    right-to-left mark."""
    pieces: list[tuple[bool, str]] = []  # (left to right, text)
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and poppler_class(text[j]) not in "L#":
            j += 1
        if j > i or not pieces:
            rtl = text[i:j]
            if rtl and poppler_class(rtl[0]) != "R":  # also at the start: a list
                rtl = RLM + rtl  # item's number drawn beside the line reads apart
            pieces.append((False, rtl))
        i = j
        while j < len(text) and poppler_class(text[j]) != "R":
            j += 1
        end = j
        while end > i and poppler_class(text[end - 1]) not in "L#":
            end -= 1  # trailing neutrals go to the next right-to-left piece
        if end > i:
            pieces.append((True, text[i:end]))
        i = end
    return "".join(piece if ltr else piece[::-1] for ltr, piece in reversed(pieces))


# --- PDFium -------------------------------------------------------------------------


def pdfium_class(ch: str) -> str:
    """'L', 'W' (weak: numbers, their separators, vowel marks), 'R' or 'N', as
    PDFium's CFX_BidiChar sorts ``ch``."""
    kind = unicodedata.bidirectional(ch)
    if kind == "L":
        return "L"
    if kind in ("AN", "EN", "NSM", "CS", "ES", "ET", "BN"):
        return "W"
    if kind in ("R", "AL"):
        return "R"
    return "N"


def _segments(units: list[tuple[int, str]]) -> list[tuple[str, list[tuple[int, str]]]]:
    out: list[tuple[str, list[tuple[int, str]]]] = []
    for unit in units:
        kind = pdfium_class(unit[1])
        if out and out[-1][0] == kind:
            out[-1][1].append(unit)
        else:
            out.append((kind, [unit]))
    return out


def pdfium_reads(stored: str) -> str:
    """What PDFium reads for a line whose pieces hold ``stored``, left to right
    (pieces drawn right to left already in the order :func:`pdfium_stored` gives)."""
    segments = _segments([(0, ch) for ch in stored])
    rtl = sum(k == "R" for k, _ in segments) > sum(k == "L" for k, _ in segments)
    if rtl:
        segments.reverse()
    current = "R" if rtl else "L"
    out: list[str] = []
    for kind, units in segments:
        if kind == "R" or (kind == "N" and current == "R"):
            current = "R"
            out.extend(_mirror(ch) for _, ch in reversed(units))
        else:
            current = "L" if kind == "L" else current
            out.extend(ch for _, ch in units)
    return "".join(out)


def pdfium_stored(units: list[tuple[int, str]], blank: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """A right-to-left line's characters (logical order, each with the piece that
    draws it) stored so that :func:`pdfium_reads` gives them back: segments last
    first, right-to-left ones and the neutral ones read after them reversed and
    mirrored. Right-to-left marks keep the line read right to left (right-to-left
    segments must outnumber left-to-right ones). Within a segment the characters go
    to its pieces left to right, as many as each draws: a neutral segment read
    forwards (" · " after a Latin word) is drawn in the other order. PDFium skips
    the ``blank`` pieces (white space, no ink): they get only white space."""
    segments = _segments(units)
    if not any(k == "R" for k, _ in segments):
        return units  # nothing right to left: read as written
    if sum(k == "R" for k, _ in segments) <= sum(k == "L" for k, _ in segments):
        marked: list[tuple[int, str]] = [(units[0][0], RLM)] if segments[0][0] != "R" else []
        for kind, part in segments:
            marked.extend(part)
            if kind == "L":
                marked.append((part[-1][0], RLM))
        segments = _segments(marked)
    current = "R"
    stored: list[list[tuple[int, str]]] = []
    for kind, part in segments:
        if kind == "R" or (kind == "N" and current == "R"):
            current = "R"
            part = [(owner, _mirror(ch)) for owner, ch in reversed(part)]
        else:
            current = "L" if kind == "L" else current
        if kind in "NW":  # spaces, punctuation, numbers: to their pieces left to right
            owners = sorted(owner for owner, _ in part)
            drawn = [o for o in owners if o not in blank] or owners
            for k, (owner, (_, ch)) in enumerate(zip(owners, part, strict=True)):
                if owner in blank and not ch.isspace():  # PDFium skips a piece with no ink
                    owners[k] = max((o for o in drawn if o <= owner), default=drawn[0])
            part = list(zip(owners, (ch for _, ch in part), strict=True))
        if len(part) > 1 and kind == "N" and current == "R":
            part = _apart(part, blank)
        stored.append(part)
    return [unit for part in reversed(stored) for unit in part]


def _apart(part: list[tuple[int, str]], blank: frozenset[int]) -> list[tuple[int, str]]:
    """A run of neutral characters read right to left, its characters kept apart by
    right-to-left marks (:data:`APART`): PDFium does not give such a run back
    reversed, as :func:`pdfium_reads` does (it reads " (" before a bracketed
    phrase as "( ": the space inside the bracket), but a run of one character
    reads the same either way. Each mark goes to a piece with ink beside it
    (PDFium skips a blank piece)."""
    out = [part[0]]
    for (left, _), unit in pairwise(part):
        out.append((left if left not in blank else unit[0], APART))
        out.append(unit)
    return out


def pdfium_piece(stored: str, rtl_piece: bool) -> str:
    """One piece's share of :func:`pdfium_stored`: PDFium keeps the segments of a
    piece drawn right to left in their own order, so they are stored last first."""
    if not rtl_piece:
        return stored
    return "".join("".join(ch for _, ch in part) for _, part in reversed(_segments([(0, c) for c in stored])))


def drawn_rtl(glyphs: str) -> bool:
    """Whether PDFium takes a piece drawn with these characters as right to left."""
    segments = _segments([(0, ch) for ch in glyphs])
    r = sum(k == "R" for k, _ in segments)
    return r > 0 and r >= sum(k == "L" for k, _ in segments)


@dataclass(frozen=True)
class LineText:
    """A line's text layer: the whole line for Poppler, and per drawn piece (left
    to right) what PDFium reads for it."""

    line: str
    pieces: list[str]
    after: list[str]  # per piece: a mark read after it, drawn as nothing ("" for none)


def line_texts(units: list[str], pieces: list[tuple[str, list[int]]]) -> LineText | None:
    """The text layer of one right-to-left line.

    ``units`` is the line as written, one string per drawn character (logical
    order; a lam-alef ligature is two letters, a direction control none);
    ``pieces`` are what is drawn, left to right, each as (its glyphs, the indices
    of the ``units`` it draws). None when PDFium's order would need a piece to
    carry text drawn by another."""
    owner = {i: k for k, (_, indices) in enumerate(pieces) for i in indices}
    for i in range(len(units)):  # a character the bidi step drops (a zero-width
        if i not in owner:  # non-joiner) stays with the letter before it
            owner[i] = owner.get(i - 1, next((owner[j] for j in range(i, len(units)) if j in owner), 0))
    chars = [(owner[i], ch) for i, unit in enumerate(units) for ch in unit]
    shares: list[list[str]] = [[] for _ in pieces]
    after = ["" for _ in pieces]
    last = 0
    blank = frozenset(k for k, (glyphs, _) in enumerate(pieces) if not glyphs.strip())
    rtl = [drawn_rtl(glyphs) for glyphs, _ in pieces]
    for piece, ch in pdfium_stored(chars, blank):
        if piece < last:
            return None
        last = piece
        if ch != APART:
            shares[piece].append(ch)
        elif rtl[piece]:
            shares[piece].append(RLM)
        else:  # on its own after a piece drawn left to right (see APART)
            after[piece] += RLM
    out = []
    for (glyphs, _), share, backwards in zip(pieces, shares, rtl, strict=True):
        if not share and glyphs.strip():
            return None
        out.append(pdfium_piece("".join(share), backwards))
    return LineText(poppler_stored("".join(units)), out, after)


def pdfium_whole_stored(text: str) -> str | None:
    """A line (logical order) stored for PDFium in one marked sequence around all of
    its drawn pieces, for a line that reads left to right on a right-to-left page
    (the footer's "Ralimetinib mesylate · العربية · ..."): its segments (see
    :func:`pdfium_class`) in order, the characters of each reversed. Measured
    with pypdfium2 on the footer, whose pieces are drawn in several fonts: PDFium
    reads such a line right to left (its right-to-left segments outnumber its
    left-to-right ones) and gives each segment of the sequence back reversed,
    Latin and digits too, in their order. None for a line PDFium reads left to
    right (an English line): its glyphs read as drawn."""
    segments = _segments([(0, c) for c in text])
    if sum(k == "R" for k, _ in segments) <= sum(k == "L" for k, _ in segments):
        return None
    return "".join(ch for _, part in segments for _, ch in reversed(part))
