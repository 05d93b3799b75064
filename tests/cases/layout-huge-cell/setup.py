"""Writes the case's input into the work folder (text too long to keep in a file here)."""

from pathlib import Path


def setup(work: Path) -> None:
    """A side effect whose advice runs to 4,000 words: a table row many pages tall. The
    build succeeds, silently with -q, and the row is split across pages."""
    p = work / "content/demo/en.yaml"
    advice = " ".join(["Tell your care team, rest, and drink water."] * 500)
    p.write_text(p.read_text().replace("action: Tell your care team.", f"action: {advice}"))
