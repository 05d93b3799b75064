"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path

from handouts.reading.brand import default_brand_file


def setup(work: Path) -> None:
    logo = (default_brand_file().parent / "logo.png").read_bytes()
    (work / "logo.png").write_bytes(logo[: len(logo) // 2])  # cut short, as by a failed download
