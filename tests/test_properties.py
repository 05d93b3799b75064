"""Property: whatever text a translator or a clinic writes, in any character the
language's font can draw and at any length, the handout builds and every word of it is
read back from the PDF; or, for text the rules refuse (an empty text, a character the
font lacks once normalised), a clean ContentError, never anything else.

One property in Latin script (paragraphs, lists, tables, boxes: ReportLab's Paragraph),
one in Arabic (the right-to-left paragraph of flowables.py) and one in Chinese (line
breaks between any two characters). Digits are left out of the prose (the rules refuse
them by design), and so are the braces and stars of placeholders and bold marks, which
the strategy writes itself: ``**bold**`` runs.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from handouts import fonts
from handouts.errors import ContentError
from handouts.pipeline import Options, build, prepare
from handouts.reading.theme import load_theme
from handouts.text import drawable

import democontent as dc
from pdfread import drawn_strings, pages_text, reader

PRINTABLE = ("L", "M", "N", "P", "S", "Zs")  # not controls, format marks, separators of lines
RESERVED = set("{}*")


@cache
def alphabet(script: str) -> str:
    """The characters the script's font draws (regular and bold), printable, no digits."""
    covered = fonts.coverage(load_theme("a4"), script)
    out = []
    for code in sorted(covered):
        ch = chr(code)
        kind = unicodedata.category(ch)
        printable = kind.startswith(PRINTABLE) and kind != "Nd" and not ch.isspace()
        arabic = script != "Arab" or "ARABIC" in unicodedata.name(ch, "")  # see the Arabic test
        if printable and arabic and ch not in RESERVED:
            out.append(ch)
    return "".join(out)


def prose(script: str, min_words: int, max_words: int) -> st.SearchStrategy[str]:
    """Words of the script's characters, some of them **bold**."""
    word = st.text(alphabet=alphabet(script), min_size=1, max_size=60)
    words = st.lists(st.tuples(word, st.booleans()), min_size=min_words, max_size=max_words)
    return words.map(lambda ws: " ".join(f"**{w}**" if bold else w for w, bold in ws))


PATHS = [path for path, _ in dc.texts(dc.english())]


def texts(script: str) -> st.SearchStrategy[dict[str, str]]:
    """New text for some fields, of 1 to 12 words, and for one field at times 150 to 600
    words (thousands of characters). Empty text is refused by the rules: see EMPTY."""
    short = st.dictionaries(st.sampled_from(PATHS), prose(script, 1, 12), max_size=12)
    long = st.one_of(
        st.just({}), st.dictionaries(st.sampled_from(PATHS), prose(script, 150, 600), min_size=1, max_size=1)
    )
    return st.tuples(short, long).map(lambda pair: {**pair[0], **pair[1]})


EMPTY = {"dos[0]": "", "summary": "**  **"}  # an example: empty, and nothing but bold marks


def build_with(tmp_path: Path, lang: str, new: dict[str, str]) -> tuple[bytes | None, list[str]]:
    """The demo drug with ``new`` text in ``lang``: its PDF, and every text as printed
    (placeholders filled, bold marks gone); no PDF when the rules refuse the text."""
    en = dc.english()
    prose = {"en": dc.rewrite(en, lambda path, text: new.get(path, text) if lang == "en" else text)}
    if lang != "en":
        fallback = dc.ARABIC if lang == "ar" else dc.CHINESE
        prose[lang] = dc.translate(en, lang, lambda path, text: new.get(path, fallback))
    options = Options(content=dc.write(tmp_path / "content", prose))
    size = sum(len(text) for text in new.values())
    event(f"{'long' if size > 2000 else 'short'} text")
    try:
        pdf = build("demo", lang, options)
    except ContentError as exc:
        event("refused by the rules")
        allowed = ("must not be empty", "expected text, got nothing", "has no glyph")
        assert all(any(a in p.message for a in allowed) for p in exc.problems), exc.problems
        return None, []
    return pdf, [dc.expected(drawable(text)) for text in strings(prepare("demo", lang, options).prose)]


def strings(obj: object) -> list[str]:
    """Every text a patient reads in the filled prose."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, (tuple, list)):
        return [t for item in obj for t in strings(item)]
    if isinstance(obj, dict):
        return [t for item in obj.values() for t in strings(item)]
    if dataclasses.is_dataclass(obj):
        skip = ("language", "review", "translated_from")
        return [
            t for f in dataclasses.fields(obj) if f.name not in skip for t in strings(getattr(obj, f.name))
        ]
    return []


def readable(text: str) -> str:
    """Text as pdfium reads it back: squashed (see democontent.squash), and a combining
    mark drawn twice over the same letter once (pdfium drops a glyph drawn exactly over
    an identical one, taking it for fake bold)."""
    out: list[str] = []
    marks: set[str] = set()  # the marks on the current letter
    for ch in dc.squash(text):
        if not unicodedata.category(ch).startswith("M"):
            marks.clear()
        elif ch in marks:
            continue
        marks.add(ch)
        out.append(ch)
    return "".join(out)


def characters(text: str) -> Counter[str]:
    """How many times each character is in ``text``, decomposed (an Arabic letter's
    shaped form is the letter; a letter's marks count whatever they compose with)."""
    return Counter(ch for ch in unicodedata.normalize("NFKD", text) if not ch.isspace())


def drawn(pdf: bytes) -> str:
    """Every glyph the pages draw, decoded exactly with the fonts' ToUnicode maps (no
    reading order, nothing merged or dropped, unlike a text extractor)."""
    return "".join(s for page in range(len(reader(pdf).pages)) for s in drawn_strings(pdf, page))


def assert_read_back(pdf: bytes, printed: list[str], in_order: bool) -> None:
    """Every character is drawn as often as written; and, ``in_order``, every word is read
    back whole, unless it may have been broken (a word longer than a line breaks by
    letters, and a table row split at the foot of a page puts the rest of a cell after
    the other cells)."""
    assert not characters("".join(printed)) - characters(drawn(pdf))
    if in_order:
        page = readable(" ".join(pages_text(pdf)))
        words = [readable(w) for text in printed for w in text.split()]
        assert not [w for w in words if len(w) <= 12 and w not in page]


SETTINGS = settings(
    max_examples=int(os.environ.get("HANDOUTS_EXAMPLES", "15")),  # more to search harder, locally
    deadline=None,  # a build of a long text takes a second or two
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure is reproducible
    phases=[Phase.explicit, Phase.generate],  # no shrinking: it takes minutes per build
)


@SETTINGS
@given(new=texts("Latn"))
@example(new=EMPTY)
def test_any_latin_text_is_printed_whole(
    tmp_path_factory: pytest.TempPathFactory, new: dict[str, str]
) -> None:
    pdf, printed = build_with(tmp_path_factory.mktemp("latin"), "en", new)
    if pdf is not None:
        assert_read_back(pdf, printed, in_order=True)


@SETTINGS
@given(new=texts("Arab"))
@example(new=EMPTY)
def test_any_arabic_text_is_printed_whole(
    tmp_path_factory: pytest.TempPathFactory, new: dict[str, str]
) -> None:
    """Drawn by RtlParagraph. The order of the glyphs is the bidi algorithm's, checked in
    test_languages; pdfium's reading of lines mixing marks, letters and punctuation of
    either direction is not a reliable judge of it."""
    pdf, printed = build_with(tmp_path_factory.mktemp("arabic"), "ar", new)
    if pdf is not None:
        assert_read_back(pdf, printed, in_order=False)  # order: test_languages


@SETTINGS
@given(new=texts("Hans"))
@example(new=EMPTY)
def test_any_chinese_text_is_printed_whole(
    tmp_path_factory: pytest.TempPathFactory, new: dict[str, str]
) -> None:
    """A line breaks between any two characters (CJK line breaking)."""
    pdf, printed = build_with(tmp_path_factory.mktemp("chinese"), "zh-Hans", new)
    if pdf is not None:
        assert_read_back(pdf, printed, in_order=False)
