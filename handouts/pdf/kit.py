"""The layout kit: the theme turned into ReportLab styles, and the few building blocks
every section uses (paragraph, heading, list item, table, box), each already
mirrored for right-to-left languages. Sections (layout.py) only combine these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit as _textsplit
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import paragraph as _paragraph

from ..fonts import FontPair, fallback
from ..i18n import Language
from ..reading.theme import Theme
from ..text import Run, has_rtl, is_rtl, plain, runs, to_markup, with_faces
from .flowables import BOX, Ink, Item, LineParagraph, LineStyle, Rule, first_line_center, mark_width
from .keep import Keep
from .structure import BOX as BOX_BLOCK
from .structure import CONTINUED, HEADING, TABLE, note

CJK_SCRIPTS = ("Hans", "Hant", "Jpan")

# ReportLab's CJK line breaking keeps some Japanese punctuation and small kana off the
# start of a line (it hangs them in the margin); add the Chinese (full-width) punctuation
# and the rest of the Japanese line-start rules (JIS X 4051: closing brackets, small
# kana, iteration marks, prolonged sound mark).
_NO_START = "，；：？！”’》〉）」』】、。．〙〗｝〟ゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ〻‼⁇⁈⁉゠〜"  # noqa: RUF001
_paragraph.ALL_CANNOT_START += _NO_START  # lines of mixed text and bold
_textsplit.ALL_CANNOT_START += _NO_START  # lines of one style
# Opening brackets must not end a line.
CANNOT_END = "（「『【〔［｛〈《〘〖“‘〝"  # noqa: RUF001
_cjk_split = _paragraph.cjkFragSplit


def _cjk_split_no_open_at_end(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """ReportLab's CJK line breaking (for a paragraph of several styles); an opening
    bracket at a line end goes to the next line, and the rest is broken again from there."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
    result = _cjk_split(frags, widths, calc_bounds, encoding)
    lines = result.lines
    for n, line in enumerate(lines[:-1]):
        last = line.words[-1] if line.words else None
        if last is None or not last.text or last.text[-1] not in CANNOT_END:
            continue
        if len(line.words) == 1 and len(last.text) == 1:
            continue  # a bracket alone on a line stays (progress)
        moved = last.clone()
        moved.text = last.text[-1]
        last.text = last.text[:-1]
        if not last.text:
            line.words.pop()
        w = stringWidth(moved.text, moved.fontName, moved.fontSize)
        line.currentWidth -= w
        line.extraSpace += w
        rest = [moved] + [word for following in lines[n + 1 :] for word in following.words]
        again = _cjk_split_no_open_at_end(rest, widths[n + 1 :] or widths[-1:], calc_bounds, encoding)
        result.lines = lines[: n + 1] + again.lines
        break
    return result


_word_split = _paragraph.wordSplit


def _word_split_no_open_at_end(
    word: str, max_widths: Any, font: str, size: float, encoding: str = "utf8"
) -> Any:
    """The same for a paragraph of one style (lines are [room left, text]): the bracket
    goes to the next line and the rest of the paragraph is broken again from there."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
    lines = _word_split(word, widths, font, size, encoding)
    out: list[Any] = []
    while lines:
        room, text = lines[0]
        cut = len(text)
        if len(lines) > 1 and len(text) > 1 and text[-1] in CANNOT_END:
            cut = len(text) - 1
        if cut < len(text):
            out.append([room + stringWidth(text[cut:], font, size), text[:cut]])
            rest = text[cut:] + "".join(line[1] for line in lines[1:])
            lines = _word_split(rest, widths[len(out) :] or widths[-1:], font, size, encoding)
        else:
            out.append(lines.pop(0))
    return _no_bad_start(out, widths, font, size, encoding)


# Only a comma or a full stop may hang past a line's end (JIS X 4051), and one at most:
# the body keeps one character's room for it. Small kana, the prolonged sound mark and
# iteration marks cannot start a line either, but they do not hang: the characters
# before them go to the next line with them ("チェ|ック" hung two kana past the margin).
HANGING = "、。，．,."  # noqa: RUF001


def _no_bad_start(out: list[Any], widths: list[float], font: str, size: float, encoding: str) -> Any:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def width(n: int) -> float:
        return float(widths[min(n, len(widths) - 1)])

    n = 0
    while n < len(out) - 1:
        line, following = out[n], out[n + 1]
        moved = False
        # a comma or full stop hangs when the line is not already past its end
        while (
            len(following[1]) > 1
            and following[1][0] in HANGING
            and line[0] >= 0
            and following[1][0] in _paragraph.ALL_CANNOT_START
        ):
            line[1], following[1] = line[1] + following[1][0], following[1][1:]
            moved = True
        # anything else that cannot start a line, or a line past its end by more than a
        # hanging comma: the characters before go to the next line
        while len(line[1]) > 1:
            room = width(n) - stringWidth(line[1], font, size)
            past = room < -0.01 and (line[1][-1] not in HANGING or room < -size * 1.01)
            if not past and following[1][:1] not in tuple(_paragraph.ALL_CANNOT_START):
                break
            line[1], following[1] = line[1][:-1], line[1][-1] + following[1]
            moved = True
        line[0] = width(n) - stringWidth(line[1], font, size)
        if moved:
            rest = "".join(x[1] for x in out[n + 1 :])
            out[n + 1 :] = _word_split(rest, widths[n + 1 :] or widths[-1:], font, size, encoding)
        n += 1
    for n, line in enumerate(out):
        room = width(n) - stringWidth(line[1], font, size)
        # a hanging comma or full stop goes into the room kept for it: the line is not
        # squeezed to fit (ReportLab narrowed its spaces: "約 40 % 至" drawn over itself)
        line[0] = 0.0 if -size * 1.01 <= room < 0 and line[1][-1:] in HANGING else room
    return out


_paragraph.cjkFragSplit = _cjk_split_no_open_at_end
_paragraph.wordSplit = _word_split_no_open_at_end

# It breaks a Latin run inside Chinese anywhere when no space is near ("MEK 1" and
# "+33 1 98 76 54 32" split at their no-break spaces): a line that would end inside
# such a run is given a width that ends it before the run, and the text broken again.
_NO_BREAK = "\u00a0\u2007\u202f"
# A no-break run joins Latin runs and single Chinese characters ("40 %\u00a0至\u00a050 %"):
# a line may end inside it only where a plain space or two Chinese characters meet.
_LATIN = r"[^\s\u3000-\U0010ffff]"
_TOKEN = rf"(?:{_LATIN}+|[\u3000-\U0010ffff])"
_RUN_END = re.compile(rf"(?:{_TOKEN}[{_NO_BREAK}])+{_TOKEN}?$|{_LATIN}*[{_NO_BREAK}]{_LATIN}*$|{_LATIN}+$")
_RUN_START = re.compile(rf"^[{_NO_BREAK}]?{_TOKEN}(?:[{_NO_BREAK}]{_TOKEN})*")
_bracket_split = _paragraph.cjkFragSplit  # with the bracket rule above


_dumb_split = _textsplit.dumbSplit


def _bad_break(texts: list[str]) -> tuple[int, int] | None:
    """The first line that ends inside a no-break run, and where the run starts in it."""
    for n in range(len(texts) - 1):
        tail, head = _RUN_END.search(texts[n]), _RUN_START.search(texts[n + 1])
        if tail and head and tail.start() > 0 and any(c in _NO_BREAK for c in tail.group() + head.group()):
            return n, tail.start()
    return None


def _keeping_runs(
    split: Callable[[list[float]], tuple[Any, list[str], Callable[[int, int], float]]], max_widths: Any
) -> Any:
    widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
    for _ in range(100):  # each pass moves one break: a paragraph has few such runs
        lines, texts, prefix = split(widths)
        bad = _bad_break(texts)
        if bad is None:
            break
        n, start = bad
        widths += [widths[-1]] * (n + 2 - len(widths))
        widths[n] = prefix(n, start) + 0.01
    return lines


def _cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """ReportLab's split of several runs (bold and regular), keeping no-break runs whole."""

    def split(widths: list[float]) -> tuple[Any, list[str], Callable[[int, int], float]]:
        result = _bracket_split(frags, widths, calc_bounds, encoding)
        lines = result.lines

        def prefix(n: int, chars: int) -> float:
            total = 0.0
            for w in lines[n].words:
                piece = str(w.text)[:chars]
                total += float(stringWidth(piece, w.fontName, w.fontSize))
                chars -= len(piece)
            return total

        return result, ["".join(str(w.text) for w in line.words) for line in lines], prefix

    return _keeping_runs(split, max_widths)


def _dumb_split_keeping_runs(word: str, char_widths: list[float], max_widths: Any) -> Any:
    """ReportLab's split of a single run, keeping no-break runs whole."""

    def split(widths: list[float]) -> tuple[Any, list[str], Callable[[int, int], float]]:
        lines = _dumb_split(word, char_widths, widths)
        texts = [str(text) for _, text in lines]
        starts, at = [], 0
        for text in texts:  # the lines are stripped: find where each begins in the word
            at = word.find(text, at)
            starts.append(at)
            at += len(text)
        texts = [word[a:b] for a, b in zip(starts, [*starts[1:], len(word)], strict=True)]

        def prefix(n: int, chars: int) -> float:
            return float(sum(char_widths[starts[n] : starts[n] + chars]))

        return lines, texts, prefix

    return _keeping_runs(split, max_widths)


_paragraph.cjkFragSplit = _cjk_frag_split
_textsplit.dumbSplit = _dumb_split_keeping_runs


class Bookmark(Flowable):  # type: ignore[misc]
    """An invisible outline entry for the section that follows."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class Para(Paragraph):  # type: ignore[misc]
    """A paragraph that remembers its lines for the last width it was wrapped to: the
    layout measures most paragraphs twice (to keep headings with their text, then to
    place them), and the lines depend on the width only.

    Split, both parts keep the lines already broken, and the text is rebuilt from them
    only if a part is wrapped to another width: a paragraph pages long (one table cell)
    is broken once, not once for each page it runs over (time in its length squared)."""

    _wrapped_at = -1.0
    heading: tuple[int, int, str] | None = None  # (group, level, text) when it is a heading

    def draw(self) -> None:
        super().draw()
        if self.heading is not None:
            group, level, text = self.heading
            note(self, HEADING, group, text=text, level=level)

    _lines_only = False  # frags stand in: the text is in blPara's lines

    def breakLinesCJK(self, max_widths: Any) -> Any:
        """ReportLab's CJK lines, where a line that ends in a hanging full stop (wider than
        its width by that stop) is drawn as it is: ReportLab pulled the line's spaces in
        by the overhang (negative word spacing), drawing "40%\u00a0至\u00a050%" over itself."""
        bl = super().breakLinesCJK(max_widths)
        if self.style.alignment != TA_LEFT:  # left-aligned: the overhang is the hang
            return bl
        for n, line in enumerate(bl.lines):
            if isinstance(line, tuple) and line[0] < 0:
                bl.lines[n] = (0.0, *line[1:])
            elif not isinstance(line, tuple) and getattr(line, "extraSpace", 0) < 0:
                line.extraSpace = 0.0
        return bl

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if aw != self._wrapped_at or not hasattr(self, "blPara"):
            if self._lines_only:  # another width after all: the text back from the lines
                lines = self.blPara.lines
                self.frags = super()._get_split_blParaFunc()(self.blPara, 0, len(lines))
                self._lines_only = False
                del self.blPara
            super().wrap(aw, ah)
            self._wrapped_at = aw
        return self.width, self.height

    def _part(self, lines: list[Any]) -> Para:
        part = Para(None, self.style, frags=self.frags[:1])
        part.blPara = self.blPara.clone(lines=lines)
        part._lines_only, part._wrapped_at, part._splitpara = True, self._wrapped_at, 1
        part.width, part.height = self.width, len(lines) * self.style.leading
        return part

    def split(self, aw: float, ah: float) -> list[Flowable]:
        st = self.style
        simple = not getattr(st, "endDots", None) and getattr(st, "autoLeading", "") in ("", "off")
        if not (simple and hasattr(self, "blPara") and self._wrapped_at > 0 and self.frags):
            parts: list[Flowable] = super().split(aw, ah)
            if not hasattr(self, "blPara"):  # a paragraph that cannot split forgets its lines
                self._wrapped_at = -1.0
            return parts
        lines = self.blPara.lines
        fit, n = int(ah / float(st.leading)), len(lines)
        if n <= fit:
            return [self]
        if fit == n - 1 and n > 3:  # no widow: two lines at least go on
            fit -= 1
        if fit <= 1 or fit == n - 1:  # no orphan, nor a widow we cannot avoid
            return []
        head, tail = self._part(lines[:fit]), self._part(lines[fit:])
        head._JustifyLast = True
        return [head, tail]


class Continued(Flowable):  # type: ignore[misc]
    """A "(continued)" title where a box or table goes on after a page break; it notes
    itself in the layout record, so the preflight knows the part says it continues.
    ``top``: it stands only at the top of a page (a table's title, placed between the
    table's parts, must not stay at the foot of the page the first part ends)."""

    def __init__(self, content: Flowable, group: int, top: bool = False) -> None:
        super().__init__()
        self.content, self.group, self.top = content, group, top
        self.spaceBefore, self.spaceAfter = content.getSpaceBefore(), content.getSpaceAfter()

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(aw, ah)
        frame = getattr(self, "_frame", None)
        if self.top and frame is not None and not frame._atTop:
            return self.width, ah + 1  # not here: on the next page
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        note(self, CONTINUED, self.group)
        self.content.drawOn(self.canv, 0, 0)


def room_for_words(cols: list[float], rows: list[list[Any]], pad: float) -> list[float]:
    """Column widths that keep every word of every cell whole: a column narrower than
    its longest word (with its padding) takes the room from the columns with room to
    spare, in proportion to it, whatever the language (an Armenian side effect's name
    broke without a hyphen in a fifth of the page). Chinese and Japanese break between any
    two characters; text set by our own lines (Arabic, Indic) is not measured here."""
    need = [0.0] * len(cols)
    for row in rows:
        for j, cell in enumerate(row[: len(cols)]):
            for f in cell if isinstance(cell, (list, tuple)) else [cell]:
                if isinstance(f, Paragraph) and f.style.wordWrap != "CJK":
                    need[j] = max(need[j], float(f.minWidth()) + pad + 0.5)
    short = sum(max(0.0, n - c) for n, c in zip(need, cols, strict=True))
    spare = [max(0.0, c - n) for n, c in zip(need, cols, strict=True)]
    if short == 0 or sum(spare) < short:
        return cols  # nothing to do, or no room anywhere: the words break as before
    return [max(c, n) - short * s / sum(spare) for c, n, s in zip(cols, need, spare, strict=True)]


def room_to_hang(cols: list[float], rows: list[list[Any]], pad: float) -> None:
    """A Chinese or Japanese cell that wraps may hang a full stop or comma past its
    line's end: it keeps the part of that character its padding cannot hold (large
    print's 18 pt 。 stood 1 to 3.4 mm past the right margin). A cell that fits on one
    line (a date, a name) keeps its whole width."""
    for row in rows:
        for j, cell in enumerate(row[: len(cols)]):
            for f in cell if isinstance(cell, (list, tuple)) else [cell]:
                if not isinstance(f, Paragraph) or f.style.wordWrap != "CJK":
                    continue
                indent = f.style.fontSize - pad + 0.5
                if indent > f.style.rightIndent and float(f.minWidth()) > cols[j] - 2 * pad:
                    f.style = ParagraphStyle(f"{f.style.name}-hang", parent=f.style, rightIndent=indent)


class Grid(Table):  # type: ignore[misc]
    """A table that breaks between rows, leaving two rows at least on each side (its
    header repeated), and anywhere only when it is taller than a whole page at the top
    of one (then nothing else could show all of it)."""

    room = 0.0  # the height of an empty frame
    group = 0  # for the layout record: the pieces of one table share it
    part = 0
    head = -1  # rows repeated on the next page; -1: the table's repeatRows
    least = 2  # rows to leave at least on each side of a break
    label: Flowable | None = None  # a title that says the table goes on, over its next part

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.update(splitByRow=1, splitInRow=0)
        super().__init__(*args, **kw)

    def draw(self) -> None:
        super().draw()
        if self.group:
            self.record()

    def record(self) -> None:
        """Note where this piece of the table landed (the layout record)."""
        head = float(sum(self._rowHeights[: self.repeatRows]))
        note(self, TABLE, self.group, self.part, level=self.repeatRows, rows=len(self._cellvalues), head=head)

    def _keep(self, parts: list[Flowable]) -> None:
        for i, part in enumerate(parts):
            if isinstance(part, Grid):
                part.room, part.head, part.least = self.room, self.head, self.least
                part.group, part.part = self.group, self.part + i
                part.label = self.label

    def _breaks(self, body: int) -> list[int]:
        """Where the table may break: after how many of its ``body`` rows."""
        return list(range(self.least, body - self.least + 1))

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self._calc(aw, ah)
        heights = self._rowHeights
        head = self.repeatRows if self.head < 0 else self.head
        body = len(heights) - head
        fits = [k for k in self._breaks(body) if sum(heights[: head + k]) <= ah]
        parts: list[Flowable] = []
        if fits:
            parts = super().split(aw, sum(heights[: head + fits[-1]]) + 0.01)
        elif ah >= self.room - 1:  # at the top of a page and still too tall: anywhere
            parts = super().split(aw, ah)
            if not parts:
                self.splitInRow = 1
                try:
                    parts = super().split(aw, ah)
                finally:
                    self.splitInRow = 0
        if len(parts) < 2:  # it fits whole after all: nothing to split (never [self])
            return []
        self._keep(parts)
        if self.label is not None and len(parts) == 2:
            return [parts[0], Continued(self.label, self.group, top=True), parts[1]]
        return parts


class BoxTable(Grid):
    """A box (see Kit.box): a table of one column of blocks, beside an icon column.

    It splits only between blocks, leaving two at least on each side, and repeats its
    title (``head`` rows) with the ``continued`` title; only a box taller than a whole
    page splits anywhere. ``bar`` is a coloured top edge that follows the rounded corners."""

    head = 0
    title = ""  # for the layout record
    continued: Flowable | None = None
    title_col = 0
    radius = 0.0
    bar: tuple[Color, float] | None = None
    pad = 0.0
    items: list[bool] | None = None  # which body rows are list items (None: no list)

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("repeatRows", 0)
        super().__init__(*args, **kw)

    def record(self) -> None:
        note(self, BOX_BLOCK, self.group, self.part, text=self.title)

    def _keep(self, parts: list[Flowable]) -> None:
        super()._keep(parts)
        done = 0
        for part in parts:
            if isinstance(part, BoxTable):
                for name in ("continued", "title_col", "radius", "bar", "pad", "title"):
                    setattr(part, name, getattr(self, name))
                if self.items is not None:
                    rows = len(part._cellvalues) - self.head
                    part.items, done = self.items[done : done + rows], done + rows

    def _breaks(self, body: int) -> list[int]:
        """Two rows at least on each side; a list in the box leaves two items at least on
        each side, or all of them on one (its note and phones may go on alone)."""
        out = super()._breaks(body)
        if self.items is None or len(self.items) != body:
            return out
        total = sum(self.items)
        before = [sum(self.items[:k]) for k in range(body + 1)]
        out = [k for k in out if before[k] in (0, total) or min(before[k], total - before[k]) >= 2]
        # what follows the list (the call box's phones) may go on alone under the title
        after = [k for k in range(max(self.least, 1), body) if before[k] == total and self.items[k - 1]]
        return sorted(set(out) | set(after))

    def stretch(self, height: float) -> None:
        """Make the box ``height`` tall (a box beside a taller one), the room at its foot."""
        _, h = self.wrap(sum(self._colWidths), 1e6)
        if height > h:
            self._pad_last(self.pad + height - h)

    def _pad_last(self, padding: float) -> None:
        last = len(self._cellvalues) - 1
        self.setStyle(TableStyle([("BOTTOMPADDING", (0, last), (-1, last), padding)]))

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self._pad_last(self.pad)  # split, a box is only as tall as what it holds
        if self.wrap(aw, ah)[1] <= ah:  # and then it fits (beside a taller box that splits)
            return [self, Spacer(0, 0)]
        self.repeatRows = self.head  # the title goes on the next page too ...
        try:
            parts = super().split(aw, ah)
        finally:
            self.repeatRows = 0
        tail = parts[-1] if len(parts) == 2 else None
        if isinstance(tail, BoxTable) and tail.repeatRows:
            tail.repeatRows = 0
            if self.continued is not None:  # ... saying that it continues
                row = list(tail._cellvalues[0])  # the row is shared with the first part
                row[self.title_col] = [Continued(self.continued, self.group)]
                tail._cellvalues[0] = row
                tail._argH[0] = None
        return parts

    def draw(self) -> None:
        super().draw()
        if self.bar is None:
            return
        color, line = self.bar
        c, w, h, r = self.canv, self._width, self._height, self.radius
        c.saveState()
        c.setStrokeColor(color)
        c.setLineWidth(line)
        path = c.beginPath()  # along the top edge and round both corners, down to the sides
        path.moveTo(0, h - r)
        path.arcTo(0, h - 2 * r, 2 * r, h, startAng=180, extent=-90)
        path.lineTo(w - r, h)
        path.arcTo(w - 2 * r, h - 2 * r, w, h, startAng=90, extent=-90)
        c.drawPath(path, stroke=1, fill=0)
        c.restoreState()


class Kit:
    def __init__(
        self,
        theme: Theme,
        fonts: FontPair,
        lang: Language,
        key_prefix: str = "",
        outline_level: int = 0,
        fillable: bool = False,
    ) -> None:
        self.theme, self.fonts, self.lang = theme, fonts, lang
        self.outline_level = outline_level
        self.fillable = fillable  # checkboxes and lines to write on become PDF form fields
        self._fields = 0
        self.texts: list[str] = []  # every text given to the layout, for the layout record
        self._groups = 0  # lists, boxes and tables, numbered for the layout record
        self.list_sizes: dict[int, int] = {}  # each list's number of items, by its group
        self._last_item: tuple[str | None, int, int] | None = None  # (mark, texts then, its list)
        self.rtl = lang.rtl
        self.faces = fallback(theme, lang.script)  # the fonts of other scripts, per character
        self.shaped = lang.script in theme.fonts.shaped  # HarfBuzz shaping, lines drawn by us
        self.key_prefix = key_prefix
        page = theme.page
        self.width = (page.width - page.margin_left - page.margin_right) * mm
        self.frame_height = (
            page.height - page.margin_top - page.margin_bottom - page.footer_height - page.header_height
        ) * mm
        self.color: dict[str, Color] = {k: HexColor(v) for k, v in theme.colors.items()}
        self.sp = {k: v * mm for k, v in vars(theme.spacing).items()}
        s = theme.sizes
        wrap = "CJK" if lang.script in CJK_SCRIPTS else None
        align = TA_RIGHT if self.rtl else TA_LEFT

        def style(
            name: str,
            size: float,
            leading: float,
            color: str = "text",
            bold: bool = False,
            after: float = 0.0,
            hang: bool = False,
            room: float = 0.0,
        ) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=fonts.bold if bold else fonts.regular,
                fontSize=size,
                leading=leading,
                textColor=self.color[color],
                alignment=align,
                spaceAfter=after,
                wordWrap=wrap,
                shaping=1 if self.shaped else 0,
                splitLongWords=1,
                # Chinese and Japanese hang a full stop or comma that cannot start a line
                # past the line's end: body text keeps one character's room for it inside
                # the margin, a table cell what its padding (``room``) does not give
                rightIndent=max(0.0, size - room) if wrap and hang else 0,
                allowWidows=0,
                allowOrphans=0,
            )

        cell = self.sp["table_padding"]  # a table cell's padding on each side
        self.styles = {
            "body": style("body", s.body, s.leading, after=self.sp["paragraph"], hang=True),
            "tight": style("tight", s.body, s.leading, hang=True),
            "muted": style("muted", s.body, s.leading, "muted", after=self.sp["paragraph"], hang=True),
            "small": style("small", s.small, s.small_leading, "muted"),
            "title": style("title", s.title, s.title * 1.18, "brand", bold=True),
            "h2": style("h2", s.h2, s.h2 * 1.3, "brand", bold=True),
            "h3": style("h3", s.h3, s.h3 * 1.35, "text", bold=True),
            "table": style("table", s.table, s.table_leading, hang=True, room=cell),
            "table_head": style(
                "table_head", s.table, s.table_leading, "brand", bold=True, hang=True, room=cell
            ),
            "alert_title": style("alert_title", s.h3 * 1.1, s.h3 * 1.45, "alert", bold=True),
            "brand_name": style("brand_name", s.clinic_name, s.clinic_name * 1.3, "brand", bold=True),
        }

    # ---- text -------------------------------------------------------------------

    def para(
        self,
        text: str,
        style: str = "body",
        bold: bool = False,
        color: str | None = None,
        after: float | None = None,
        size: float | None = None,
    ) -> Flowable:
        """A paragraph of content-syntax text; ``size`` sets another type size (its
        leading in proportion)."""
        st = self.styles[style]
        self.remember(text)
        if color is not None or after is not None or size is not None:
            st = ParagraphStyle(
                f"{style}-x",
                parent=st,
                textColor=self.color[color] if color else st.textColor,
                spaceAfter=st.spaceAfter if after is None else after,
                fontSize=size or st.fontSize,
                leading=st.leading * (size or st.fontSize) / st.fontSize,
            )
        # mixed: an Arabic or Chinese clinic name on an English handout
        mixed = not self.rtl and (self.faces.foreign(text) or has_rtl(text))
        if self.rtl or self.shaped or mixed:
            all_bold = bold or st.fontName == self.fonts.bold
            pieces = self.faced([type(r)(r.text, r.bold or all_bold) for r in runs(text)])
            line_style = LineStyle(
                self.fonts.regular,
                self.fonts.bold,
                st.fontSize,
                st.leading,
                st.textColor,
                self.shaped,
                self.faces.shaped,
            )
            p: Flowable = (
                LineParagraph(pieces, line_style, rtl=is_rtl(plain(text)), mixed=has_rtl(text))
                if mixed
                else LineParagraph(pieces, line_style, rtl=self.rtl)
            )
            p.spaceAfter = st.spaceAfter
        else:
            p = Para(to_markup(text, bold), st)
        p.source = plain(text)
        return p

    def fitting(self, text: str, style: str, width: float) -> float:
        """The style's size, or less, so that the longest word of ``text`` fits ``width``
        (a long drug name in a title column is never broken inside itself)."""
        st = self.styles[style]
        words = plain(text).split()
        widest = max((float(stringWidth(w, st.fontName, st.fontSize)) for w in words), default=0.0)
        if widest <= width:
            return float(st.fontSize)
        return float(st.fontSize) * width / widest * 0.98

    def remember(self, text: str) -> None:
        """Keep the text as the layout got it, so the preflight knows where a line may
        break: at a space of the source, never inside a word."""
        self.texts.append(plain(text))

    def group(self) -> int:
        self._groups += 1
        return self._groups

    def overhang(self, style: str) -> float:
        """How far a right-to-left paragraph's last line reaches below its box: its
        font's descent past the leading (the Arabic font's is deep), else 0."""
        if not self.rtl:
            return 0.0
        st = self.styles[style]
        reach = float(getAscent(st.fontName, st.fontSize) - getDescent(st.fontName, st.fontSize))
        return max(0.0, reach - float(st.leading))

    def faced(self, items: list[Run]) -> list[Run]:
        """Runs cut where another script needs another font of the theme."""
        if not any(self.faces.foreign(r.text) for r in items):
            return items
        return with_faces(items, self.faces)

    def line_style(self, style: str, color: str | None = None) -> LineStyle:
        st = self.styles[style]
        return LineStyle(
            self.fonts.regular,
            self.fonts.bold,
            st.fontSize,
            st.leading,
            self.color[color] if color else st.textColor,
            self.shaped,
            self.faces.shaped,
        )

    def heading(
        self, text: str, key: str, level: int = 2, first: Sequence[Flowable] = (), flexible: bool = True
    ) -> list[Flowable]:
        """A section heading with its bookmark, followed by ``first`` (its intro and first
        item), kept on one page, so a heading never stands alone at a page foot; of a
        table only the header and first two rows need to fit. When moving them to the
        next page would leave this one mostly empty, they are broken where the rules
        allow (see keep.py), unless not ``flexible``."""
        spacer = Spacer(0, self.sp["section_before"] if level == 2 else 2 * mm)
        head = [spacer, *self.heading_only(text, key, level)]
        group = [*head, *first]
        room = sum(self._min_height(f) for f in group)
        if room > self.frame_height:  # no page holds them all (a table of tall rows in large
            # print): the heading keeps its intro, and the table starts the next page
            room = sum(self._min_height(f) for f in group if not isinstance(f, Table))
        if not flexible or not first:
            return [CondPageBreak(room), *group]
        least = 2 * self.styles["body"].leading
        return [Keep(group, len(head), room, self.frame_height, least, self.list_sizes)]

    def list_parts(self, items: Sequence[Flowable]) -> tuple[list[Flowable], list[Flowable]]:
        """A list's items as (what stays with a heading above it, the rest): the first
        two, the last two kept together, and a list of three or fewer whole."""
        items = list(items)
        if len(items) <= 3:
            return items, []
        return items[:2], [*items[2:-2], KeepTogether(items[-2:])]

    def _min_height(self, f: Flowable) -> float:
        _, h = f.wrap(self.width, self.frame_height)
        if isinstance(f, Table):
            h = sum(f._rowHeights[: 1 + getattr(f, "least", 2)])  # the header and the first rows
        return float(h + f.getSpaceBefore() + f.getSpaceAfter())

    def heading_only(self, text: str, key: str, level: int = 2) -> list[Flowable]:
        out: list[Flowable] = [
            Bookmark(self.key_prefix + key, text, self.outline_level + (0 if level == 2 else 1))
        ]
        st = self.styles["h2" if level == 2 else "h3"]
        descent = -float(getDescent(st.fontName, st.fontSize))  # keep the rule clear of descenders
        after = max(1 * mm, descent) if level == 2 else self.sp["heading_after"]
        para = self.para(text, st.name, after=after)
        para.heading = (self.group(), level, text)
        out.append(para)
        if level == 2:
            out += [Rule(self.color["rule"], self.sp["rule"] * 2, 0), Spacer(0, self.sp["heading_after"])]
        return out

    def field(self, prefix: str) -> str | None:
        """A unique form-field name when the handout is fillable, else None."""
        if not self.fillable:
            return None
        self._fields += 1
        return f"{prefix}{self._fields}"

    # ---- lists ------------------------------------------------------------------

    def item(
        self,
        kind: str | None,
        text: str | Flowable,
        style: str = "body",
        color: str = "brand",
        label: str = "",
        keep: bool = False,
        mark_size: float | None = None,
        underline: bool = False,
        widest: str = "",
    ) -> Flowable:
        """A list item; ``widest`` is the longest label of its list, so that every
        item of a long numbered list ("1" to "1,024") starts its text at one place."""
        st = self.styles[style]
        before = len(self.texts)
        body = text if isinstance(text, Flowable) else self.para(text, style, after=0)
        last = self._last_item  # one list: items of one kind with nothing made between them
        same = last is not None and last[0] == kind and last[1] == before
        group = last[2] if same and last is not None else self.group()
        self._last_item = (kind, len(self.texts), group)
        self.list_sizes[group] = self.list_sizes.get(group, 0) + 1
        size = mark_size or st.fontSize
        ink = Ink(self.color[color], size, 0.9, self.fonts.bold, self.color["white"])
        indent = mark_width(kind, ink, widest or label) + 2.4 * mm
        # the line under the item clear of the last line's descenders (deep in Arabic)
        gap = self.sp["list_item"] + self.overhang(style)
        rule = (self.color["rule"], self.sp["rule"], gap) if underline else None
        flow = Item(
            kind,
            body,
            ink,
            indent,
            first_line_center(self.fonts.regular, st.fontSize),
            self.rtl,
            label,
            keep_under=self.frame_height / 2 if keep else 0.0,
            underline=rule,
            field=self.field("check") if kind == BOX else None,
            group=group,
        )
        flow.spaceAfter = self.sp["list_item"]
        return flow

    def titled(self, title: str, text: str) -> str:
        """'**Title:** text' in content syntax (a colon suited to the language)."""
        if self.lang.script in CJK_SCRIPTS:
            return f"**{title}\uff1a**{text}"
        return f"**{title}:** {text}"

    # ---- tables and boxes ---------------------------------------------------------

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        header: bool = True,
        zebra: bool = False,
        continued: str | None = None,
    ) -> Table:
        """A table over the full width; ``widths`` are fractions. Mirrored for RTL.
        ``continued``: the title printed over each part after a page break."""
        pad = self.sp["table_padding"]
        data = [list(r) for r in rows]
        cols = room_for_words([w * self.width for w in widths], data, 2 * pad)
        room_to_hang(cols, data, pad)
        if self.rtl:
            data = [r[::-1] for r in data]
            cols = cols[::-1]
        rule, line = self.color["rule"], self.sp["rule"]
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.theme.sizes.table),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 1.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.6),
            ("LINEBELOW", (0, 0), (-1, -1), line, rule, 0),
        ]
        if header:
            cmds += [
                ("BACKGROUND", (0, 0), (-1, 0), self.color["brand_light"]),
                ("LINEBELOW", (0, 0), (-1, 0), line * 2.5, self.color["brand"], 0),
            ]
        t = Grid(data, colWidths=cols, repeatRows=1 if header else 0, style=TableStyle(cmds), hAlign="CENTER")
        t.room, t.group = self.frame_height, self.group()
        if continued is not None:
            t.label = self.para(continued, "h3", color="brand", after=self.sp["heading_after"])
        return t

    def row(
        self, cells: Sequence[Any], widths: Sequence[float], valign: str = "TOP", split: bool = False
    ) -> Table:
        """Blocks side by side, in reading order (mirrored for right-to-left), no padding;
        ``widths`` in points."""
        cells, widths = (list(cells)[::-1], list(widths)[::-1]) if self.rtl else (list(cells), list(widths))
        zero = [
            (name, (0, 0), (-1, -1), 0)
            for name in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        ]
        style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), valign),
                # a box's edge is stroked half outside it: centred, it stays inside its cell
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.theme.sizes.small),
                *zero,
            ]
        )
        if split:  # kept whole, unless taller than a page: then split inside the row
            t = Grid([cells], colWidths=widths, style=style)
            t.room = self.frame_height
            return t
        return Table([cells], colWidths=widths, style=style)

    def box(
        self,
        content: Sequence[Flowable | list[Flowable]],
        fill: str,
        border: str | None = None,
        border_width: float = 0.0,
        padding: float | None = None,
        icon: Flowable | None = None,
        top_bar: str | None = None,
        width: float | None = None,
        title: Flowable | None = None,
        continued: Flowable | None = None,
    ) -> BoxTable:
        """Content in a rounded, tinted box (optionally with an icon column), one row per
        block, so that a box too tall for the room left splits only between its blocks,
        two at least on each side, and its ``title`` is repeated as ``continued``."""
        pad = self.sp["box_padding"] if padding is None else padding
        width = (width or self.width) - border_width
        # a block is a row of the box: a flowable, or a few given together (a list's last
        # item and its note), one row each; where a list may break is the box's to say
        blocks = [[b] for b in ([title] if title is not None else []) + _flat(content)]
        if icon is not None:
            icon_w = icon.wrap(0, 0)[0] + pad
            widths = [icon_w + pad, width - icon_w - pad]
            rows: list[list[Any]] = [[icon if i == 0 else "", b] for i, b in enumerate(blocks)]
        else:
            widths = [width]
            rows = [[b] for b in blocks]
        if self.rtl:
            rows, widths = [r[::-1] for r in rows], widths[::-1]
        last = len(rows) - 1
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, self.theme.sizes.body),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), self.color[fill]),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad),
            ("BOTTOMPADDING", (0, last), (-1, last), pad),
            ("BOTTOMPADDING", (0, "splitlast"), (-1, "splitlast"), pad),
            ("ROUNDEDCORNERS", [self.sp["radius"]] * 4),
        ]
        if title is None:  # a part that begins after a split gets its top padding
            cmds.append(("TOPPADDING", (0, "splitfirst"), (-1, "splitfirst"), pad))
        # the space after each block, but the last, as the bottom padding of its row
        cmds += [("BOTTOMPADDING", (0, i), (-1, i), b[-1].getSpaceAfter()) for i, b in enumerate(blocks[:-1])]
        if icon is not None:
            # no padding on the icon's inner side (the icon stands on the right in RTL)
            inner_side = ("LEFTPADDING", (1, 0), (1, -1)) if self.rtl else ("RIGHTPADDING", (0, 0), (0, -1))
            cmds.append((*inner_side, 0))
        if border:
            cmds.append(("BOX", (0, 0), (-1, -1), border_width, self.color[border]))
        t = BoxTable(rows, colWidths=widths, style=TableStyle(cmds), hAlign="CENTER")
        t.room = self.frame_height
        t.head = 1 if title is not None else 0
        t.continued = continued
        t.title_col = 0 if icon is None or self.rtl else 1
        t.radius = self.sp["radius"]
        t.bar = (self.color[top_bar], 2.2) if top_bar else None
        t.pad = pad
        t.group, t.title = self.group(), _title(([title] if title is not None else []) + list(content))
        if any(isinstance(b[0], Item) for b in blocks):
            t.items = [isinstance(b[0], Item) for b in blocks[t.head :]]
        return t


def _flat(content: Sequence[Flowable | list[Flowable]]) -> list[Flowable]:
    return [f for b in content for f in (b if isinstance(b, list) else [b])]


def _title(content: Sequence[Any]) -> str:
    """A box's title for the layout record: the text of its first paragraph."""
    for f in content:
        if isinstance(f, Table):
            inner = _title([c for row in f._cellvalues for c in row])
            if inner:
                return inner
        elif isinstance(f, list | tuple):
            inner = _title(f)
            if inner:
                return inner
        source = getattr(f, "source", None)
        if isinstance(source, str):
            return source
    return ""
