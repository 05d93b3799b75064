"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path


def setup(work: Path) -> None:
    """A list nested 100,000 deep: parsers that recurse overflow their stack."""
    p = work / "content/demo/en.yaml"
    p.write_text(p.read_text() + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n")
