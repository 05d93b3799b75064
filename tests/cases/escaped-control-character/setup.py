"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path


def setup(work: Path) -> None:
    """YAML escapes for what is not text: a NUL and half of a surrogate pair."""
    p = work / "content/demo/en.yaml"
    text = p.read_text().replace(
        "disclaimer: For information only.", 'disclaimer: "For information\\x00 only."'
    )
    p.write_text(text.replace("form: tablet", 'form: "tablet \\ud83d"'))
