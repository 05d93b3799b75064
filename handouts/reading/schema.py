"""Turn position-keeping nodes into typed dataclasses, collecting every problem.

The dataclass *is* the schema (the way MkDocs' config options are): field names
are the YAML keys, type hints say what a value must be, a default makes a key
optional, and ``field(metadata={"choices": ...})`` limits a string to a set.
Unknown keys get a "did you mean"; nothing stops at the first mistake.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from functools import cache
from typing import Any, TypeVar

from ..errors import Mark, Problem
from .loader import REFUSED, Node

T = TypeVar("T")
ID = re.compile(r"^[a-z][a-z0-9_]*$")  # content names: tests, side effects, placeholders
KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_MISSING = object()


class Invalid(Exception):
    """Raised inside conversion when a value cannot be used; the problem is already recorded."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Converter:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def fail(self, mark: Mark, path: str, message: str) -> Invalid:
        self.problems.append(Problem(mark, path, message))
        return Invalid()

    def build(self, cls: type[T], node: Node, path: str = "") -> T | None:
        """Convert ``node`` to ``cls``; ``None`` when any problem was found inside."""
        before = len(self.problems)
        try:
            result = self.value(cls, node, path)
        except Invalid:
            return None
        return None if len(self.problems) > before else typing.cast(T, result)

    def value(self, tp: Any, node: Node, path: str, choices: tuple[str, ...] = ()) -> Any:
        if node.value is REFUSED:
            raise Invalid()
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if node.value is None:
                return None
            return self.value(inner[0], node, path, choices)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self.record(tp, node, path)
        if origin is tuple:
            if not isinstance(node.value, list):
                raise self.fail(node.mark, path, f"expected a list, got {_kind(node)}")
            return tuple(self.each(args[0], node.value, path))
        if origin is dict:
            return self.mapping(args[1], node, path)
        return self.scalar(tp, node, path, choices)

    def each(self, tp: Any, items: list[Node], path: str) -> list[Any]:
        out = []
        for i, item in enumerate(items):
            with contextlib.suppress(Invalid):
                out.append(self.value(tp, item, f"{path}[{i}]"))
        return out

    def mapping(self, tp: Any, node: Node, path: str) -> dict[str, Any]:
        if not isinstance(node.value, dict):
            raise self.fail(node.mark, path, f"expected a mapping of names to values, got {_kind(node)}")
        out = {}
        for key, child in node.value.items():
            sub = f"{path}.{key}" if path else key
            if not KEY.match(key):
                self.fail(node.key_marks[key], sub, "names are letters, digits, '-' and '_'")
                continue
            with contextlib.suppress(Invalid):
                out[key] = self.value(tp, child, sub)
        return out

    def record(self, cls: type, node: Node, path: str) -> Any:
        if not isinstance(node.value, dict):
            raise self.fail(node.mark, path, f"expected a mapping, got {_kind(node)}")
        fields = {
            f.name: f
            for f in dataclasses.fields(cls)
            if f.init and not f.name.startswith("_") and f.metadata.get("yaml", True)
        }
        hints = _hints(cls)
        given = node.value
        for key in given:
            if key not in fields:
                sub = f"{path}.{key}" if path else key
                self.fail(node.key_marks[key], sub, "unknown key" + did_you_mean(key, fields))
        kwargs: dict[str, Any] = {}
        ok = True
        for name, f in fields.items():
            sub = f"{path}.{name}" if path else name
            if name not in given:
                optional = (
                    f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
                )
                if not optional:
                    self.fail(node.mark, sub, "missing required key")
                    ok = False
                continue
            try:
                kwargs[name] = self.value(hints[name], given[name], sub, f.metadata.get("choices", ()))
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return cls(**kwargs)

    def scalar(self, tp: Any, node: Node, path: str, choices: tuple[str, ...]) -> Any:
        v = node.value
        if tp is str:
            if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
                raise self.fail(node.mark, path, f"expected text, got {_kind(node)}")
            text = str(v).strip()
            if not text:
                raise self.fail(node.mark, path, "must not be empty")
            if choices and text not in choices:
                raise self.fail(
                    node.mark,
                    path,
                    f"'{text}' is not one of: {', '.join(choices)}" + did_you_mean(text, choices),
                )
            return text
        if tp is int and not isinstance(v, bool) and isinstance(v, int):
            return v
        if tp is float and not isinstance(v, bool) and isinstance(v, (int, float)):
            return v
        if tp is bool and isinstance(v, bool):
            return v
        if tp is dt.date and isinstance(v, dt.date):
            return v
        wanted = {
            int: "a whole number",
            float: "a number",
            bool: "true or false",
            dt.date: "a date (YYYY-MM-DD)",
        }
        raise self.fail(node.mark, path, f"expected {wanted.get(tp, tp)}, got {_kind(node)}")


def _kind(node: Node) -> str:
    v = node.value
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return f"'{str(v).lower()}'"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dt.date):
        return f"a date ({v.isoformat()})"
    if isinstance(v, (int, float)):
        return f"a number ({v})"
    text = str(v)
    short = text if len(text) <= 40 else text[:37] + "..."
    return f"text ('{short}')"
