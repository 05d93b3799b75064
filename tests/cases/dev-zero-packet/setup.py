"""A packet file that links to /dev/zero (and a cache that would hash it first)."""

from pathlib import Path


def setup(work: Path) -> None:
    (work / "packet.yaml").symlink_to("/dev/zero")
