"""Reading a user's file safely: a regular file only, and never more than a limit.

``stat`` cannot be trusted for either: a named pipe (FIFO) blocks the reader until
someone writes, and a character device such as ``/dev/zero`` reports a size of 0 and
never ends. So the file is opened without blocking, checked on the open descriptor
(no race with a rename), and read with a hard cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A folder, pipe, device or socket where a file was expected."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooBig(OSError):
    """More bytes than the limit (``size`` is at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (following symbolic links). Raises :class:`NotRegularFile`,
    :class:`TooBig` (never reading more than ``limit`` + 1 bytes) or another OSError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(_kind(st.st_mode))
        if st.st_size > limit:
            raise TooBig(st.st_size)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # grew since stat, or a file system that reports no size
            raise TooBig(total)
        return b"".join(chunks)
    finally:
        os.close(fd)
