"""facts.yaml is a link to /dev/zero: endless bytes, and stat says size 0."""

from pathlib import Path


def setup(work: Path) -> None:
    p = work / "content/demo/facts.yaml"
    p.unlink()
    p.symlink_to("/dev/zero")
