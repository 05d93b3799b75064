"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path


def setup(work: Path) -> None:
    p = work / "content/demo/en.yaml"
    p.write_bytes(p.read_bytes().replace(b"Wear sunscreen.", "Wear écran solaire.".encode("latin-1")))
