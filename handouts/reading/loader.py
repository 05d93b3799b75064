"""Read YAML files safely into position-keeping nodes.

The only module that knows YAML exists. Every value comes back as a :class:`Node`
that remembers where it stood (file, line, column), so validation can name the
exact place of a mistake. Loading is safe by construction: PyYAML only *composes*
the document (no object is ever constructed from a tag), merge keys are refused,
aliases are bounded, files are size-limited, must be UTF-8 without a BOM, and
duplicate keys are reported instead of silently keeping the last one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Mark, Problem, display_path
from .files import NotRegularFile, TooBig, read_limited

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000  # counted after alias expansion: bounds "billion laughs"
MAX_DEPTH = 50  # mappings and lists inside each other; content needs five or six

Scalar = str | int | float | bool | dt.date | None


class _Refused:
    """The value of a node that was refused (already reported): validation skips it."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = _Refused()


@dataclass(frozen=True)
class Node:
    """A YAML value with its position. ``value`` is a scalar, a dict or a list."""

    value: Scalar | dict[str, Node] | list[Node] | _Refused
    mark: Mark
    key_marks: dict[str, Mark] = field(default_factory=dict, compare=False)


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _Converter:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, path: str) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(self.mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._bad_tag(node, path)
            items = [self.convert(child, f"{path}[{i}]") for i, child in enumerate(node.value)]
            return Node(items, self.mark(node))
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, path)
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            self.problems.append(Problem(self.mark(node), path, f"not a valid value: {exc}"))
            value = None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            if bad := _not_text(value):  # written as an escape: "\x00", "\ud800"
                self.problems.append(Problem(self.mark(node), path, f"has {bad}: remove it"))
                return Node(REFUSED, self.mark(node))
        return Node(value, self.mark(node))

    def _bad_tag(self, node: yaml.Node, path: str) -> Node:
        self.problems.append(Problem(self.mark(node), path, f"YAML tag {node.tag!r} is not allowed here"))
        return Node(REFUSED, self.mark(node))

    def _mapping(self, node: yaml.MappingNode, path: str) -> Node:
        if node.tag != "tag:yaml.org,2002:map":
            return self._bad_tag(node, path)
        out: dict[str, Node] = {}
        marks: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key_mark = self.mark(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(key_mark, path, "merge keys ('<<') are not supported: write the keys out")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_mark, path, "a key must be a plain word"))
                continue
            key = unicodedata.normalize("NFC", str(key_node.value))
            sub = f"{path}.{key}" if path else key
            if key in out:
                first = marks[key]
                self.problems.append(
                    Problem(key_mark, sub, f"duplicate key (first given at line {first.line})")
                )
                continue
            out[key] = self.convert(value_node, sub)
            marks[key] = key_mark
        return Node(out, self.mark(node), marks)


def _not_text(value: str) -> str:
    """The first control character (but tab and line break) or lone surrogate, described."""
    for ch in value:
        kind = unicodedata.category(ch)
        if kind == "Cs":
            return f"U+{ord(ch):04X}, half of a surrogate pair, which is not text"
        if kind == "Cc" and ch not in "\t\n":
            return f"the control character U+{ord(ch):04X}"
    return ""


class _TooBig(Exception):
    def __init__(self, mark: Mark) -> None:
        self.mark = mark


def _decode(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                Mark(file, 1, 1), "", "file starts with a byte-order mark (BOM): save it as UTF-8 without BOM"
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(
                Mark(file, line, column),
                "",
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8",
            )
        )
        return None


_MEMO: dict[tuple[str, str, int, int], tuple[Node | None, list[Problem]]] = {}
# libyaml's composer when PyYAML has it (several times faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, problems: list[Problem]) -> Node | None:
    """Read one YAML file. Problems are appended; ``None`` when nothing usable was read.

    A file read before and unchanged since (same size and modification time) is not
    parsed again: a packet reads the same English source for every language.
    """
    file = display_path(path)
    try:
        st = path.stat()
        memo_key = (str(path.resolve()), file, st.st_size, st.st_mtime_ns)
    except OSError:
        memo_key = None
    if memo_key is not None and memo_key in _MEMO:
        node, found = _MEMO[memo_key]
        problems += found
        return node
    found = []
    node = _load(path, file, found)
    if memo_key is not None:
        if len(_MEMO) > 256:
            _MEMO.clear()
        _MEMO[memo_key] = (node, found)
    problems += found
    return node


def _load(path: Path, file: str, problems: list[Problem]) -> Node | None:
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except TooBig as exc:
        size = f"{exc.size:,} bytes" if exc.size > MAX_FILE_BYTES + 1 else "larger than the limit"
        problems.append(Problem(Mark(file), "", f"file is {size}; the limit is {MAX_FILE_BYTES:,}"))
        return None
    except NotRegularFile as exc:
        problems.append(Problem(Mark(file), "", f"is {exc.kind}, not a file"))
        return None
    except OSError as exc:
        problems.append(Problem(Mark(file), "", f"cannot read: {exc.strerror or exc}"))
        return None
    text = _decode(raw, file, problems)
    if text is None:
        return None
    return parse(text, file, problems)


def _too_deep(text: str, file: str) -> Mark | None:
    """Where the nesting first goes deeper than MAX_DEPTH. Composing a document recurses
    (libyaml's composer in C, with no limit: "[[[[..." thousands deep crashes it), so the
    depth is measured first from the parser's events, which come without recursion."""
    for loader in dict.fromkeys((_LOADER, yaml.SafeLoader)):
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        at = event.start_mark
                        return Mark(file, at.line + 1, at.column + 1) if at else Mark(file)
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
            return None
        except yaml.YAMLError:
            continue  # newer libyaml refuses deep nesting itself: measure with the Python parser
    return None  # a syntax error: reported when the document is composed


def parse(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse YAML text that came from ``file`` (used in messages)."""
    if (deep := _too_deep(text, file)) is not None:
        problems.append(Problem(deep, "", f"nested more than {MAX_DEPTH} deep: refused"))
        return None
    try:
        try:
            documents = list(yaml.compose_all(text, Loader=_LOADER))
        except yaml.YAMLError:  # read again by the pure-Python parser: its messages are clearer
            documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except RecursionError:  # "[[[[..." thousands deep
        problems.append(Problem(Mark(file), "", "nesting too deep: refused"))
        return None
    except yaml.reader.ReaderError as exc:  # a control character: say which, and where
        before = text[: exc.position]
        mark = Mark(file, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        problems.append(Problem(mark, "", f"the control character {what} is not allowed in text: remove it"))
        return None
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        mark = Mark(file, where.line + 1, where.column + 1) if where else Mark(file)
        problems.append(Problem(mark, "", f"YAML syntax error: {exc.problem or exc.context}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(Mark(file), "", f"YAML error: {exc}"))
        return None
    if not documents or documents[0] is None:
        problems.append(Problem(Mark(file, 1, 1), "", "file is empty"))
        return None
    if len(documents) > 1:
        problems.append(Problem(Mark(file, 1, 1), "", "file holds more than one YAML document ('---')"))
        return None
    converter = _Converter(file, problems)
    try:
        return converter.convert(documents[0], "")
    except _TooBig as exc:
        problems.append(
            Problem(exc.mark, "", f"too many values (over {MAX_NODES:,}, counting aliases): refused")
        )
        return None
    except RecursionError:
        problems.append(Problem(Mark(file), "", "nesting too deep or a recursive alias: refused"))
        return None


@dataclass(frozen=True)
class Span:
    """Where a value stands in a file's text (character offsets), and how it is written."""

    start: int
    end: int
    column: int  # 0-based column of the value's first character
    style: str | None  # None (plain), "'", '"', "|" or ">"; for collections: "{" (flow) or "" (block)


def spans(text: str) -> dict[str, Span]:
    """Every value of a YAML text, by field path ("dosing.changes[0]"), with its span.

    For editing a file in place: a value is replaced by its span and the rest of the
    text (comments, order, quoting) stays as it was.
    """
    out: dict[str, Span] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            style = "{" if node.flow_style else ""
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, yaml.SequenceNode):
            style = "{" if node.flow_style else ""
            for i, value in enumerate(node.value):
                walk(value, f"{path}[{i}]")
        else:
            style = node.style  # type: ignore[attr-defined]
        end = node.end_mark.index
        if isinstance(node, yaml.CollectionNode) and node.value and not node.flow_style:
            last = node.value[-1]
            end = (last[1] if isinstance(last, tuple) else last).end_mark.index
        out[path] = Span(node.start_mark.index, end, node.start_mark.column, style)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return out
