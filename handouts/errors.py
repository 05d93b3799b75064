"""Problems found in user input, and the exceptions that carry them.

A *problem* is one mistake in one place: ``file:line:col: field.path: message``.
Validation collects every problem of a run and raises them together, so a user
fixes everything in one pass. None of these exceptions is a bug: the CLI prints
them without a traceback and exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Mark:
    """A position in a file: 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.mark}: {where}{self.message}"


class UserError(Exception):
    """A mistake in what the user asked for (bad option, unknown drug, ...). Exit 1."""


class ContentError(UserError):
    """One or more problems in input files, reported all at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
