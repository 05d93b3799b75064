"""Turn a user-supplied logo file into a safe, print-ready PNG.

Only PNG and JPEG are accepted: they cover every logo a clinic will have, and
keeping Pillow to two well-trodden decoders keeps the attack surface small.
Other formats get a message naming the format and asking for PNG or JPEG.

Everything is checked before any pixel is decoded: the file's size on disk,
then the dimensions in the image header (``Image.open`` is lazy) against a
pixel limit, a minimum size and a maximum aspect ratio. Large JPEGs are decoded
at a reduced scale (``draft``); PNGs are decoded whole (at most
``MAX_PIXELS``), then flattened and ``reduce``d band by band, so nothing else
full-size is held; a final Lanczos pass gives the exact size.

The result is always RGB: transparency is flattened onto white or a given
colour (the logo sits on a light header band), 16-bit images are scaled to 8
bits, CMYK is converted naively (embedded ICC profiles are ignored), EXIF
orientation is applied. The PNG carries no metadata chunks, so the same input
gives the same bytes.
"""

from __future__ import annotations

import io
import stat
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageChops

from handouts.errors import ContentError, Mark, Problem, display_path

MAX_FILE_BYTES = 10 * 1024 * 1024  # refused before opening
MAX_PIXELS = 40_000_000  # refused from the header, before decoding
MIN_SIDE_PX = 32  # shorter side; anything smaller prints as a smudge
MAX_ASPECT = 10  # longer side / shorter side

ACCEPTED_FORMATS = ("PNG", "JPEG")  # Pillow reports some camera JPEGs as "MPO"
SAVE_AS = "save the logo as PNG or JPEG"
WHITE = (255, 255, 255)

# Leading bytes of the formats people try, to name them in the message.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"8BPS", "Photoshop"),
    (b"\x00\x00\x01\x00", "ICO"),
)

_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# What Pillow raises for a damaged, truncated or unrecognised file.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@dataclass(frozen=True)
class Logo:
    png: bytes  # RGB PNG without metadata chunks: same input -> same bytes
    width_px: int
    height_px: int


class _Refused(Exception):
    """The logo cannot be used; the message says why and what to do."""


def load_logo(
    path: Path,
    *,
    field: str = "logo",
    max_px: int = 1200,
    background: tuple[int, int, int] = WHITE,
) -> Logo:
    """Read, check and normalise the logo at *path*; problems name *field*.

    The longer side of the result is at most *max_px* (never upscaled).
    Transparent parts are flattened onto *background*: pass the colour of the
    header band when it is not white, or a logo's transparent corners show.
    """
    if max_px < MIN_SIDE_PX:
        raise ValueError(f"max_px must be at least {MIN_SIDE_PX}, not {max_px}")
    try:
        return _load(_read(path, max_px), max_px, background)
    except _Refused as refused:
        problem = Problem(Mark(display_path(path)), field, str(refused))
        raise ContentError([problem]) from None


def _read(path: Path, max_px: int) -> bytes:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _Refused("this is a folder: give the path of the logo file itself")
        if not stat.S_ISREG(mode):
            raise _Refused(f"not a regular file: {SAVE_AS} and give its path")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _Refused("file not found: check the path and the file name") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Refused(
            f"cannot read the file ({reason}): check the path and the file's permissions"
        ) from None
    if not data:
        raise _Refused(f"the file is empty: {SAVE_AS} again")
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(
            f"the file is over {MAX_FILE_BYTES / 2**20:g} MB: {SAVE_AS}, "
            f"smaller ({max_px} px on the longer side is plenty)"
        )
    return data


def _load(data: bytes, max_px: int, background: tuple[int, int, int]) -> Logo:
    try:
        with _pillow_warnings():
            im = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except _BOMB:
        raise _Refused(_too_large(None, max_px)) from None
    except _DECODE_ERRORS:
        kind = _sniff(data)
        if kind in ACCEPTED_FORMATS:
            raise _Refused(_damaged(kind)) from None
        if kind:
            raise _Refused(f"{kind} images are not accepted: {SAVE_AS}") from None
        raise _Refused(f"not an image file: {SAVE_AS}") from None

    width, height = im.size
    if width * height > MAX_PIXELS:
        raise _Refused(_too_large((width, height), max_px))
    if min(width, height) < MIN_SIDE_PX:
        raise _Refused(
            f"the image is only {width}x{height} px, too small to print clearly: "
            f"use at least {MIN_SIDE_PX} px on the shorter side "
            f"({max_px} px on the longer side is ideal)"
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise _Refused(
            f"the image is {width}x{height} px, longer than {MAX_ASPECT}:1: crop it closer to the mark"
        )

    scale = min(1.0, max_px / max(width, height))
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    try:
        with _pillow_warnings():
            if scale < 1:
                im.draft(im.mode, target)  # JPEG only: decode at 1/2, 1/4 or 1/8
            im.load()
        rgb = _shrink(im, target, background)
    except _BOMB:
        raise _Refused(_too_large((width, height), max_px)) from None
    except _DECODE_ERRORS:
        raise _Refused(_damaged("PNG" if im.format == "PNG" else "JPEG")) from None

    if method := _ORIENTATION.get(_orientation(im)):
        rgb = rgb.transpose(method)
    rgb.info = {}  # no ICC profile, text, dpi or EXIF in the output
    out = io.BytesIO()
    rgb.save(out, "PNG", optimize=False, compress_level=9)
    return Logo(png=out.getvalue(), width_px=rgb.width, height_px=rgb.height)


@contextmanager
def _pillow_warnings() -> Iterator[None]:
    """Bomb warnings become errors; the rest ("Corrupt EXIF data"...) are dropped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _shrink(im: Image.Image, target: tuple[int, int], background: tuple[int, int, int]) -> Image.Image:
    """Flatten and box-reduce *im* a band of rows at a time, then Lanczos to *target*.

    Working in bands, nothing full-size is copied besides the decoded image,
    except when that is under 4x the target: then there is no reduce step, and
    Lanczos works on a flattened copy. Lanczos from 2x the target or more keeps
    edges clean.
    """
    width, height = im.size
    factor = max(1, min(width // target[0], height // target[1]) // 2)
    small = Image.new("RGB", (-(-width // factor), -(-height // factor)))
    step = 64 * factor
    for top in range(0, height, step):
        band = _flatten(im.crop((0, top, width, min(top + step, height))), background)
        small.paste(band.reduce(factor) if factor > 1 else band, (0, top // factor))
    if small.size == target:
        return small
    box = (0.0, 0.0, width / factor, height / factor)  # reduce keeps partial edge boxes
    return small.resize(target, Image.Resampling.LANCZOS, box=box)


def _flatten(im: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """Any mode -> RGB, with transparent parts composited onto *background*."""
    if im.mode.startswith("I"):  # 16-bit grey (I;16, I;16B, I)
        wide = im.convert("I")
        grey = wide.point(lambda v: v / 257).convert("L")
        key = im.info.get("transparency")  # one grey level marked transparent
        if isinstance(key, int):  # alpha 0 where v == key: max of two clamped ramps
            above = wide.point(lambda v: (v - key) * 255).convert("L")
            below = wide.point(lambda v: (key - v) * 255).convert("L")
            grey = Image.merge("LA", (grey, ImageChops.lighter(above, below)))
        im = grey
    if im.mode in ("LA", "PA", "RGBA", "La", "RGBa") or "transparency" in im.info:
        rgba = im if im.mode == "RGBA" else im.convert("RGBA")
        rgb = Image.new("RGB", im.size, background)
        rgb.paste(rgba, mask=rgba)
        return rgb
    return im.convert("RGB")


def _orientation(im: Image.Image) -> int:
    try:
        with _pillow_warnings():
            value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # broken EXIF is ignored, as browsers do
        return 1
    return value if isinstance(value, int) else 1


def _sniff(data: bytes) -> str:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if b"<svg" in data[:1024].lower():
        return "SVG"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "AVIF" if data[8:12] == b"avif" else "HEIC"
    return ""


def _too_large(size: tuple[int, int] | None, max_px: int) -> str:
    limit = f"over the {MAX_PIXELS // 1_000_000}-megapixel limit"
    what = f"the image is {size[0]}x{size[1]} px, {limit}" if size else f"the image is {limit}"
    return f"{what}: save it smaller ({max_px} px on the longer side is plenty)"


def _damaged(kind: str) -> str:
    return f"the {kind} file is damaged or incomplete: {SAVE_AS} again"
