"""A language file that is a named pipe: reading it would wait forever."""

import os
from pathlib import Path


def setup(work: Path) -> None:
    p = work / "content/demo/en.yaml"
    p.unlink()
    os.mkfifo(p)
