"""A cache of built PDFs, keyed by a hash of everything that shapes them.

The key covers the content files, the UI catalog, the brand and its logo, the theme
files, the fonts, the options and the program itself (its version and source), so an
unchanged handout is never built twice and a changed input never reuses a stale one.
Handouts with patient details are never cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from functools import cache
from pathlib import Path

from . import __version__
from .errors import UserError
from .output import write_atomic


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handouts"


@cache
def file_digest(path: Path, stamp: tuple[int, int]) -> str:
    """SHA-256 of a file; ``stamp`` (size, mtime) invalidates the memo when it changes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(set(paths)):
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):  # a pipe would block, /dev/zero never end:
                h.update(f"{path.name}\0not a file\0".encode())  # the loader refuses them
                continue
            h.update(f"{path.name}\0{file_digest(path, (st.st_size, st.st_mtime_ns))}\0".encode())
        except OSError:
            h.update(f"{path.name}\0missing\0".encode())
    return h.hexdigest()


@cache
def program_digest() -> str:
    """The version and the source of the package: a code change is an input change."""
    here = Path(__file__).parent
    return __version__ + ":" + digest_files(sorted(here.glob("*.py")))


def key(*parts: str) -> str:
    h = hashlib.sha256(program_digest().encode())
    for part in parts:
        h.update(b"\0" + part.encode())
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def _path(self, k: str) -> Path:
        return self.folder / k[:2] / f"{k}.pdf"

    def get(self, k: str) -> bytes | None:
        try:
            return self._path(k).read_bytes()
        except OSError:
            return None

    def put(self, k: str, data: bytes) -> None:
        path = self._path(k)
        with contextlib.suppress(OSError, UserError):  # a cache that cannot be written is only slower
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
