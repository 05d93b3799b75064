"""Inline text: the tiny emphasis syntax, escaping, and right-to-left ordering.

Content text is data, never markup: ``**words**`` is the only emphasis there is,
and everything else (``<``, ``&``, ``<img>``, ``<a href>``) prints literally.
Right-to-left lines are shaped (Arabic letters joined, harakat kept) and then put
in visual order with the Unicode bidi algorithm, one already-wrapped line at a time.
A run of another script (an Arabic clinic name on an English handout) carries the
font that draws it: see :func:`face_runs`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from bidi import algorithm as bidi


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    face: str = ""  # a font family other than the paragraph's own (another script's)


def runs(text: str) -> list[Run]:
    """Split ``a **b** c`` into runs; bold marks are checked in pairs by validation."""
    out = []
    for i, part in enumerate(text.split("**")):
        if part:
            out.append(Run(part, bold=i % 2 == 1))
    return out


def to_markup(text: str, bold_all: bool = False) -> str:
    """ReportLab paragraph markup for content text: escaped, ``**bold**`` as ``<b>``."""
    parts = []
    for run in runs(text):
        safe = escape(run.text)
        parts.append(f"<b>{safe}</b>" if run.bold and not bold_all else safe)
    body = "".join(parts)
    return f"<b>{body}</b>" if bold_all else body


def plain(text: str) -> str:
    """Content text as it reads, without emphasis marks."""
    return text.replace("**", "")


@cache
def _reshaper() -> object:
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def shape(text: str) -> str:
    """Join Arabic letters into their contextual forms (logical order kept)."""
    return str(_reshaper().reshape(text))  # type: ignore[attr-defined]


def shape_runs(items: list[Run]) -> list[Run]:
    return [Run(shape(r.text), r.bold, r.face) for r in items]


def _presentation_form(ch: str) -> bool:
    """Arabic presentation forms (what :func:`shape` outputs), not the BOM U+FEFF."""
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe"


# Direction controls: they order the drawing, and mean nothing to a reader or a search.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def logical(text: str) -> str:
    """Shaped text back as it was written: presentation forms as the letters they join
    (lam-alef as two letters, U+FDF2 as "الله"), direction controls dropped; the
    zero-width non-joiner, which is part of a Persian word, is kept."""
    out = []
    for ch in text:
        if ch in _BIDI_CONTROLS:
            continue
        out.append(unicodedata.normalize("NFKC", ch) if _presentation_form(ch) else ch)
    return "".join(out)


def visual_order(chars: str, rtl: bool = True) -> list[tuple[int, str]]:
    """One wrapped line (logical order) in display order, left to right.

    Returns ``(logical index, character)`` pairs; the character is mirrored where
    the Unicode bidi algorithm says so (brackets in right-to-left runs). Uses
    python-bidi's pure-Python algorithm, which mirrors brackets.
    """
    return [(i, ch) for i, ch, _ in visual_levels(chars, rtl)]


def visual_levels(chars: str, rtl: bool = True) -> list[tuple[int, str, int]]:
    """:func:`visual_order` with each character's embedding level (odd: right to left)."""
    if not chars:
        return []
    storage = bidi.get_empty_storage()
    level = 1 if rtl else 0
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    bidi.get_embedding_levels(chars, storage, False, False)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    bidi.explicit_embed_and_overrides(storage, False)
    bidi.resolve_weak_types(storage, False)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    return [(ch["index"], ch["ch"], ch["level"]) for ch in storage["chars"]]


def display_runs(line: list[Run], rtl: bool = True) -> list[Run]:
    """One wrapped line of runs (logical order, already shaped) as runs in display order."""
    chars = "".join(r.text for r in line)
    styles = [(r.bold, r.face) for r in line for _ in r.text]
    out: list[Run] = []
    for i, ch in visual_order(chars, rtl):
        if out and (out[-1].bold, out[-1].face) == styles[i]:
            out[-1] = Run(out[-1].text + ch, *styles[i])
        else:
            out.append(Run(ch, *styles[i]))
    return out


def _bidi_group(ch: str) -> str | None:
    """'R' for right-to-left letters (with their marks, Arabic digits), 'L' for
    left-to-right letters and European numbers, None for neutrals (space, brackets)."""
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL", "NSM", "AN", "BN"):  # BN: the zero-width non-joiner of Persian words
        return "R"
    if kind in ("L", "EN", "ES", "ET", "CS"):
        return "L"
    return None


@dataclass(frozen=True)
class Span:
    """A piece of a right-to-left line in display order, and what extraction should
    read for it (/ActualText), or None to let a reader take the glyphs."""

    run: Run
    actual: str | None
    word: bool = False  # ``actual`` is PDFium's, inside a line's own (see reading_spans)


def marked_spans(line: list[Run], rtl: bool = True) -> list[Span]:
    """One wrapped line (logical order, shaped) in display order, cut into the pieces
    that extraction reads (/ActualText): word by word, and by weight.

    PDF text extractors (Poppler, PDFium) read a right-to-left line as drawn (display
    order) and put it back in reading order with their own, simpler bidi step, which
    reverses a right-to-left word and keeps a left-to-right one. So a word of Arabic
    letters is marked with its letters as written (not presentation forms; lam-alef as
    two letters) in display order, its stops and brackets included, unmirrored; a word
    of Latin letters or digits with its text as written; a word that mixes both is
    marked run by run. Measured on the Arabic handouts: Poppler finds 95 % of the
    sentences, PDFium 90 % (it mirrors brackets and orders Latin phrases itself), so
    the body of a right-to-left handout uses :func:`reading_spans`; this marking is
    left for a left-to-right page's line with another script (a clinic's Arabic
    name), the page footer, and a line :func:`reading_spans` cannot store.
    """
    chars = "".join(r.text for r in line)
    styles = [(r.bold, r.face) for r in line for _ in r.text]  # weight and font
    kinds = _groups(chars)
    out: list[Span] = []
    word: list[tuple[int, str]] = []

    def flush() -> None:
        if not word:
            return
        groups = {kinds[i] for i, _ in word}
        bolds = {styles[i] for i, _ in word}
        drawn, bold = "".join(ch for _, ch in word), styles[word[0][0]]
        if len(bolds) == 1 and "L" in groups and "R" not in groups:
            out.append(Span(Run(drawn, *bold), logical("".join(chars[i] for i, _ in sorted(word)))))
        elif len(bolds) == 1 and "R" in groups and "L" not in groups:
            out.extend(_rtl_word(word, chars, bold))
        else:
            out.extend(_runs_marked(word, chars, styles, kinds))
        word.clear()

    for i, ch in _with_unseen(visual_order(chars, rtl), chars):
        if ch == " ":
            flush()
            out.append(Span(Run(ch, *styles[i]), None))
        else:
            word.append((i, ch))
    flush()
    return out


def _rtl_word(word: list[tuple[int, str]], chars: str, style: tuple[bool, str]) -> list[Span]:
    """A right-to-left word in display order, marked with its letters in display order
    (extractors reverse them back). A character not drawn (the zero-width non-joiner of
    "می<ZWNJ>شود") is a span of its own: PDFium and Poppler read a right-to-left word
    from either side of it, and agree on where it stands only if it is apart."""
    out: list[Span] = []
    piece: list[tuple[int, str]] = []
    for i, ch in [*word, (-1, "")]:
        if ch:
            piece.append((i, ch))
            continue
        if piece:
            actual = "".join(logical(chars[k])[::-1] for k, _ in piece)
            out.append(Span(Run("".join(c for _, c in piece), *style), actual))
            piece = []
        if i >= 0:
            out.append(Span(Run("", *style), chars[i]))
    return out


def _with_unseen(order: list[tuple[int, str]], chars: str) -> list[tuple[int, str]]:
    """The display order with the characters the bidi algorithm leaves out (rule X9: the
    zero-width non-joiner, U+200C, inside Persian words) put back beside the letter before
    them, towards the letter after, as ``(index, "")``: nothing is drawn, and the
    /ActualText of their word still has them."""
    out = list(order)
    for k in sorted(set(range(len(chars))) - {i for i, _ in order}):
        where = {i: n for n, (i, _) in enumerate(out)}
        before, after = where.get(k - 1), where.get(k + 1)
        if before is None:
            out.insert(after if after is not None else len(out), (k, ""))
        elif after is not None and after < before:
            out.insert(before, (k, ""))
        else:
            out.insert(before + 1, (k, ""))
    return out


def _groups(chars: str) -> list[str | None]:
    """:func:`_bidi_group` of each character, a combining mark taking its letter's (as in
    UAX #9 rule W1): a Devanagari vowel sign in a clinic's name reads left to right."""
    out: list[str | None] = []
    for i, ch in enumerate(chars):
        group = _bidi_group(ch)
        if i and unicodedata.bidirectional(ch) == "NSM" and out[-1] is not None:
            group = out[-1]
        out.append(group)
    return out


def _runs_marked(
    order: list[tuple[int, str]], chars: str, styles: list[tuple[bool, str]], kinds: list[str | None]
) -> list[Span]:
    """A word that mixes directions, weights or fonts, marked run by run: right-to-left
    letters in display order, left-to-right runs as written, neutrals left unmarked."""
    pieces: list[tuple[str | None, tuple[bool, str], list[tuple[int, str]]]] = []
    for i, ch in order:
        group, bold = (kinds[i] if ch else "unseen"), styles[i]  # unseen: a span apart (_rtl_word)
        if pieces and group is not None and pieces[-1][0] == group and pieces[-1][1] == bold:
            pieces[-1][2].append((i, ch))
        else:
            pieces.append((group, bold, [(i, ch)]))
    out: list[Span] = []
    for group, bold, items in pieces:
        actual: str | None = None
        if group == "unseen":
            actual = "".join(chars[i] for i, _ in items)
        elif group == "R":
            actual = "".join(logical(chars[i])[::-1] for i, _ in items)
        elif group == "L":
            actual = logical("".join(chars[i] for i, _ in items))
        out.append(Span(Run("".join(ch for _, ch in items), *bold), actual))
    return out


def merge_runs(items: list[Run]) -> list[Run]:
    """Neighbouring runs of the same weight and font as one run (one text operation)."""
    out: list[Run] = []
    for run in items:
        if out and (out[-1].bold, out[-1].face) == (run.bold, run.face):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.face)
        else:
            out.append(run)
    return out


LRE, PDF = "\u202a", "\u202c"
NBSP = "\u00a0"


def nobreak(value: str) -> str:
    """Keep a short value ("MEK 1", "(617) 555-0142") on one line."""
    return value.replace(" ", NBSP)


def keep_ltr(value: str, always: bool = False) -> str:
    """Embed a left-to-right value ("BAY 86-9766", "30 mg", a phone number with
    ``always``) so a right-to-left line keeps its inner order."""
    if always or any(ch.isascii() and ch.isalpha() for ch in value):
        return f"{LRE}{value}{PDF}"
    return value


def is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character decides (P2, P3)."""
    return bool(bidi.get_base_level(text) == 1)


def drawable(text: str) -> str:
    """Drop invisible format characters (LRM, embeddings) that no font draws."""
    return "".join(ch for ch in text if not _is_format(ch))


def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def has_rtl(text: str) -> bool:
    """Whether any letter of ``text`` is written right to left (Arabic, Hebrew ...)."""
    if not _BEYOND_GREEK.search(text):  # no right-to-left letter comes before Hebrew's
        return False
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


_BEYOND_GREEK = re.compile("[\u0590-\U0010ffff]")

# Unicode's "script" of characters that belong to none: spaces, digits, punctuation
# (Common) and combining marks (Inherited). They take the font of their neighbour.
_NO_SCRIPT = ("Zyyy", "Zinh", "Zzzz")
# Han characters are shared by Chinese, Japanese and Korean: beside kana or Hangul they
# take that font (東京 in 東京がんセンター is set in the Japanese font, not the Chinese).
_SHARED = ("Hani",)

Faces = Callable[[str], tuple[str, ...]]
"""The fonts that can draw a character, best first; "" is the paragraph's own font."""


def script(ch: str) -> str:
    """The ISO 15924 code of a character's Unicode script ("Latn", "Arab", "Hani" ...)."""
    from fontTools import unicodedata as ucd

    return str(ucd.script(ch))


def face_runs(text: str, faces: Faces) -> list[tuple[str, str]]:
    """``text`` cut into ``(font, text)`` runs, each drawn with one font.

    A letter takes the first font that draws it (the paragraph's own when it can, "").
    A character of no script (a space, digit, punctuation mark, combining mark), or a
    Han character, joins the run before it when that font draws it, else the run after
    it, so "مستشفى 57357" is one run. A character no font draws stays in the
    paragraph's font (validation refuses it before anything is printed)."""
    kinds = [script(ch) for ch in text]
    chosen: list[str | None] = []
    for ch, kind in zip(text, kinds, strict=True):
        can = faces(ch)
        chosen.append(None if kind in _NO_SCRIPT + _SHARED else (can[0] if can else ""))
    for shared in (True, False):  # Han characters by the letters beside them, then the rest
        for i, ch in enumerate(text):
            if chosen[i] is not None or (kinds[i] in _SHARED) != shared:
                continue
            can = faces(ch)
            if shared:  # the nearest letter before it
                before = next((f for f in reversed(chosen[:i]) if f is not None), None)
            else:  # the character just before it
                before = chosen[i - 1] if i else None
            after = next((f for f in chosen[i + 1 :] if f is not None), None)
            if before is not None and before in can:
                chosen[i] = before
            elif after is not None and after in can:
                chosen[i] = after
            else:
                chosen[i] = can[0] if can else ""
    out: list[tuple[str, str]] = []
    for ch, face in zip(text, chosen, strict=True):
        assert face is not None
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def with_faces(items: list[Run], faces: Faces) -> list[Run]:
    """Runs cut where the font changes (a Chinese clinic name in an English line)."""
    return [Run(part, run.bold, face) for run in items for face, part in face_runs(run.text, faces)]


def reading_spans(line: list[Run]) -> tuple[str, list[Span]] | None:
    """One wrapped right-to-left line (logical order, shaped) cut into the pieces
    drawn left to right, with its text layer (:func:`textlayer.line_texts`): the
    whole line's text for one /ActualText, and each piece's for PDFium. A piece is
    a right-to-left word with its marks and punctuation, a space between words, or
    a left-to-right phrase ("Ralimetinib mesylate", "(617) 555-0142") whole.
    None when the line cannot be stored that way (see :func:`marked_spans`)."""
    from .textlayer import line_texts

    chars = "".join(r.text for r in line)
    styles = [(r.bold, r.face) for r in line for _ in r.text]
    units = [logical(ch) for ch in chars]
    groups: list[tuple[tuple[bool, str], int, list[tuple[int, str]]]] = []  # style, direction, chars
    gap = False  # the last piece is a space between right-to-left words
    for i, ch, level in visual_levels(chars):
        if not units[i] and not drawable(ch):
            continue  # a direction control: drawn as nothing, read as nothing
        space = ch.isspace() and level % 2 == 1  # a no-break space too
        if groups and not space and not gap and groups[-1][:2] == (styles[i], level % 2):
            groups[-1][2].append((i, ch))
        else:
            groups.append((styles[i], level % 2, [(i, ch)]))
        gap = space
    pieces = [("".join(ch for _, ch in items), [i for i, _ in items]) for _, _, items in groups]
    texts = line_texts(units, pieces)
    if texts is None:
        return None
    spans: list[Span] = []
    for (style, _, _), (glyphs, _), text, mark in zip(groups, pieces, texts.pieces, texts.after, strict=True):
        spans.append(Span(Run(glyphs, *style), text, word=True))
        if mark:  # read after the piece, drawn as nothing
            spans.append(Span(Run("", *style), mark, word=True))
    return texts.line, spans


def whole_line_text(line: list[Run]) -> tuple[str, str] | None:
    """The text layer of a line that reads left to right on a right-to-left page
    (the footer's "Ralimetinib mesylate · العربية · ..."), drawn with all its
    pieces in one marked sequence: the line's text for Poppler, stored as in
    :func:`reading_spans`, and PDFium's text for all the pieces together
    (:func:`textlayer.pdfium_whole_stored`). PDFium reads such a line right to
    left too (its Arabic outnumbers its Latin), so no text stored piece by piece
    could give the Latin phrase drawn at the left back first. None for a line
    PDFium reads left to right (an English line): its glyphs read as drawn."""
    from .textlayer import pdfium_whole_stored, poppler_stored

    text = "".join(logical(ch) for ch in "".join(r.text for r in line))
    pdfium = pdfium_whole_stored(text)
    return None if pdfium is None else (poppler_stored(text), pdfium)
