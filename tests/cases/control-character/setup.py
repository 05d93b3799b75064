"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path


def setup(work: Path) -> None:
    """A bell character, pasted into a text by accident."""
    p = work / "content/demo/en.yaml"
    p.write_text(p.read_text().replace("Tell your care team.", "Tell your\x07 care team."))
