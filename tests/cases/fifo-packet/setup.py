"""A packet file that is a named pipe."""

import os
from pathlib import Path


def setup(work: Path) -> None:
    os.mkfifo(work / "packet.yaml")
