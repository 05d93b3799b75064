"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

import struct
import zlib
from pathlib import Path


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def setup(work: Path) -> None:
    """A valid 1-bit PNG of 20,000 x 20,000 white pixels: some 60 kB on disk, 400
    megapixels (1.2 GB as RGB) once decoded."""
    side = 20_000
    row = b"\x00" + b"\xff" * (side // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    (work / "logo.png").write_bytes(png)
