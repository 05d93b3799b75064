"""Writing results: atomically (temporary file, then rename), so a failed or killed
build never leaves a truncated PDF and an earlier good file stays intact.

The temporary file is ``.<name>.<random>.part`` in the output's own folder (a rename
is atomic only within one file system). It exists only while the finished PDF is
being written: a build that fails, or is interrupted (Ctrl-C), removes it; a process
killed outright (SIGKILL, power loss) in that moment cannot, and leaves it behind,
but never a partial file under the output's name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import UserError, display_path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; ``-`` means standard output."""
    if str(path) == "-":
        _write_stdout(data)
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"output folder does not exist: {display_path(folder)}")
    _check_target(path)
    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as out:
            fd = -1
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        raise UserError(f"cannot write {display_path(path)}: {_why(exc)}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _check_target(path: Path) -> None:
    """Only a regular file (or a symbolic link, which is replaced) may be overwritten:
    renaming over ``/dev/null`` or a folder would replace it with the PDF."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"cannot write {display_path(path)}: {_why(exc)}") from None
    if stat.S_ISDIR(mode):
        raise UserError(f"cannot write {display_path(path)}: {_why(OSError(errno.EISDIR, ''))}")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise UserError(
            f"cannot write {display_path(path)}: not a regular file (a device or a pipe); "
            "for standard output write '-o -'"
        )


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        # Nothing more can reach standard output: point it at /dev/null, so that Python
        # does not fail again (and print a traceback) when it flushes at exit.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        why = "it was closed early" if exc.errno == errno.EPIPE else _why(exc)
        raise UserError(f"cannot write to standard output: {why}") from None


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (choose a folder you can write to)"
    if exc.errno == errno.EISDIR:
        return "it is a folder: name a file (or use --out-dir for a folder)"
    return exc.strerror or str(exc)
