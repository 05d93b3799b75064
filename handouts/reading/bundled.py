"""Where the bundled content and assets are: installed inside the package
(``handouts.content``, ``handouts.assets``), or beside it in a source checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def bundled(name: str) -> Path:
    """The folder ``content`` or ``assets`` shipped with handouts."""
    try:
        return Path(str(resources.files(f"handouts.{name}")))
    except (ModuleNotFoundError, TypeError):
        return Path(__file__).resolve().parents[2] / name
