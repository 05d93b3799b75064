"""A language file edited as text: values replaced in place, the rest kept byte for byte.

The XLIFF import, the approval and the stamp change a few values of a ``<lang>.yaml``
that people also edit by hand. Rewriting the file from data would drop its comments,
its order and its quoting; here each changed value is replaced where it stands
(``loader.spans``), so a diff shows only what changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

from ..errors import Problem, UserError, display_path
from ..reading import loader
from ..reading.loader import MAX_FILE_BYTES, Span

STAMP_BLOCK = re.compile(r"^translated_from:.*?(?=^\S|\Z)", re.S | re.M)
STAMP_NOTE = (
    "# Fingerprints of the English sections this text was translated from; written by\n"
    "# `handouts translations --stamp`. Do not edit by hand."
)
WRAP = 88  # columns of a folded paragraph rewritten by an import


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def _reads_back(source: str, value: str) -> bool:
    problems: list[Problem] = []
    node = loader.parse(f"x: {source}\n", "(check)", problems)
    return (
        not problems and node is not None and isinstance(node.value, dict) and node.value["x"].value == value
    )


def scalar(value: str, span: Span, original: str) -> str:
    """``value`` written in the style of the scalar it replaces (``original``, at ``span``)."""
    if span.style == ">" and value and value == value.strip() and "\n" not in value and "  " not in value:
        lines = original.splitlines()
        indent = next((len(s) - len(s.lstrip(" ")) for s in lines[1:] if s.strip()), span.column + 2)
        header = lines[0].split("#")[0].rstrip()
        body = _rewrap([line.strip() for line in lines[1:] if line.strip()], value, max(WRAP - indent, 40))
        text = header + "".join("\n" + " " * indent + line for line in body)
        if _reads_back(text.replace("\n" + " " * indent, "\n  "), value):
            return text
    if span.style is None and _reads_back(value, value) and "#" not in value:
        return value
    return quoted(value)


def _rewrap(old: list[str], value: str, width: int) -> list[str]:
    """The lines of a folded paragraph for ``value``, broken where the old lines broke
    around the words that did not change, so that a diff shows only the changed lines."""
    old_words = " ".join(old).split(" ")
    new_words = value.split(" ")
    ends, n = [], 0
    for line in old[:-1]:
        n += len(line.split(" "))
        ends.append(n)  # a line ends after this many words
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    breaks = set()
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            breaks |= {j1 + (end - i1) for end in ends if i1 < end <= i2}
    cuts = [0, *sorted(b for b in breaks if 0 < b < len(new_words)), len(new_words)]
    out = []
    for a, b in itertools.pairwise(cuts):
        line = " ".join(new_words[a:b])
        out += (
            textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
            if len(line) > width
            else [line]
        )
    return out


def replace(text: str, changes: Mapping[str, str]) -> str:
    """``text`` with the string values at the given field paths replaced."""
    where = loader.spans(text)
    edits = []
    for path, value in changes.items():
        span = where[path]
        original = text[span.start : span.end]
        body = original.rstrip(" \n")
        tail = original[len(body) :]
        edits.append((span.start, span.end, scalar(value, span, body) + tail))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def set_review(text: str, status: str, by: str | None = None, on: dt.date | None = None) -> str:
    """``text`` with its ``review`` mapping replaced (same style, flow or block)."""
    items = [("status", status)]
    if by is not None and on is not None:
        items += [("reviewed_by", quoted(by)), ("reviewed_on", on.isoformat())]
    span = loader.spans(text)["review"]
    if span.style == "{":
        new = "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    else:
        new = ("\n" + " " * span.column).join(f"{k}: {v}" for k, v in items)
    return text[: span.start] + new + text[span.end :]


def set_stamps(text: str, stamps: Mapping[str, str]) -> str:
    """``text`` with its ``translated_from`` block at the end holding ``stamps``."""
    text = STAMP_BLOCK.sub("", text).rstrip("\n")
    if text.endswith(STAMP_NOTE):
        text = text[: -len(STAMP_NOTE)].rstrip("\n")
    lines = [f"  {section}: {fp}" for section, fp in stamps.items()]
    return f"{text}\n\n{STAMP_NOTE}\ntranslated_from:\n" + "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    """Write a language file in one step (never half-written), within the size limit."""
    from ..output import write_atomic

    if len(text.encode()) > MAX_FILE_BYTES:
        raise UserError(f"{display_path(path)} would exceed the size limit")
    write_atomic(path, text.encode())
