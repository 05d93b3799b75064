"""load_logo: every input becomes a clean RGB PNG, or one clear problem."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageCms, JpegImagePlugin, PngImagePlugin

from handouts import logo as logo_module
from handouts.errors import ContentError, Mark, display_path
from handouts.logo import MAX_PIXELS, Logo, load_logo

WHITE = (255, 255, 255)
RED = (255, 0, 0)
BLUE = (0, 0, 255)


# --- helpers -----------------------------------------------------------------


def save(image: Image.Image, path: Path, fmt: str, **options: object) -> Path:
    image.save(path, fmt, **options)
    return path


Colour = float | tuple[float, ...]


def halves(mode: str, size: tuple[int, int], left: Colour, right: Colour) -> Image.Image:
    """An image whose left half is *left* and right half is *right*."""
    image = Image.new(mode, size, right)
    image.paste(Image.new(mode, (size[0] // 2, size[1]), left))  # not paste(int): I;16
    return image


def decode(result: Logo) -> Image.Image:
    image = Image.open(io.BytesIO(result.png))
    image.load()
    assert image.format == "PNG"
    assert image.mode == "RGB"
    assert image.size == (result.width_px, result.height_px)
    return image


def near(actual: object, expected: tuple[int, ...], tolerance: int = 3) -> bool:
    assert isinstance(actual, tuple)
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height (1-bit grey) but holds a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)  # far too short: decoding would fail
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def refused(path: Path, field: str = "logo", **options: object) -> str:
    """The message of the single problem load_logo reports for *path*."""
    with pytest.raises(ContentError) as caught:
        load_logo(path, field=field, **options)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert problem.mark == Mark(display_path(path))
    assert problem.path == field
    assert str(caught.value) == str(problem)  # one line, no traceback material
    return problem.message


# --- accepted images -----------------------------------------------------------


def test_rgb_png_passes_through(tmp_path: Path) -> None:
    path = save(halves("RGB", (200, 100), RED, BLUE), tmp_path / "logo.png", "PNG")
    image = decode(load_logo(path))
    assert image.size == (200, 100)
    assert image.getpixel((10, 50)) == RED
    assert image.getpixel((190, 50)) == BLUE


def test_rgba_transparent_area_becomes_white(tmp_path: Path) -> None:
    rgba = halves("RGBA", (64, 64), (255, 0, 0, 0), (0, 0, 0, 128))
    image = decode(load_logo(save(rgba, tmp_path / "logo.png", "PNG")))
    assert image.getpixel((5, 5)) == WHITE  # transparent red is not red
    assert near(image.getpixel((60, 5)), (127, 127, 127), 1)  # half-transparent black


def test_background_colour_is_used_for_transparency(tmp_path: Path) -> None:
    rgba = halves("RGBA", (64, 64), (255, 0, 0, 0), (0, 0, 255, 255))
    path = save(rgba, tmp_path / "logo.png", "PNG")
    image = decode(load_logo(path, background=(230, 240, 242)))
    assert image.getpixel((5, 5)) == (230, 240, 242)
    assert image.getpixel((60, 5)) == BLUE


def test_palette_with_transparency_becomes_white(tmp_path: Path) -> None:
    palette = halves("P", (64, 64), 0, 1)
    palette.putpalette([*RED, *BLUE])
    path = save(palette, tmp_path / "logo.png", "PNG", transparency=0)
    image = decode(load_logo(path))
    assert image.getpixel((5, 5)) == WHITE
    assert image.getpixel((60, 5)) == BLUE


def test_grey_with_alpha(tmp_path: Path) -> None:
    path = save(halves("LA", (64, 64), (0, 0), (0, 255)), tmp_path / "l.png", "PNG")
    image = decode(load_logo(path))
    assert image.getpixel((5, 5)) == WHITE
    assert image.getpixel((60, 5)) == (0, 0, 0)


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    cmyk = halves("CMYK", (64, 64), (255, 0, 0, 0), (0, 0, 0, 0))
    image = decode(load_logo(save(cmyk, tmp_path / "logo.jpg", "JPEG", quality=95)))
    assert near(image.getpixel((5, 5)), (0, 255, 255), 6)  # cyan
    assert near(image.getpixel((60, 5)), WHITE, 6)


def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    grey = halves("I;16", (64, 64), 0, 30000)
    path = save(grey, tmp_path / "logo.png", "PNG")
    assert Image.open(path).mode == "I;16"
    image = decode(load_logo(path))
    assert image.getpixel((5, 5)) == (0, 0, 0)
    assert near(image.getpixel((60, 5)), (117, 117, 117), 1)  # 30000/65535, not 255


def test_16_bit_grey_transparent_key_becomes_white(tmp_path: Path) -> None:
    grey = halves("I;16", (64, 64), 30000, 0)
    path = save(grey, tmp_path / "logo.png", "PNG", transparency=30000)
    image = decode(load_logo(path))
    assert image.getpixel((5, 5)) == WHITE
    assert image.getpixel((60, 5)) == (0, 0, 0)


def test_1_bit(tmp_path: Path) -> None:
    path = save(halves("1", (64, 64), 0, 1), tmp_path / "logo.png", "PNG")
    image = decode(load_logo(path))
    assert image.getpixel((5, 5)) == (0, 0, 0)
    assert image.getpixel((60, 5)) == WHITE


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: display turned 90 degrees clockwise
    path = save(halves("RGB", (120, 60), RED, BLUE), tmp_path / "l.jpg", "JPEG", exif=exif)
    image = decode(load_logo(path))
    assert image.size == (60, 120)
    assert near(image.getpixel((30, 5)), RED, 8)  # the left half is now on top
    assert near(image.getpixel((30, 115)), BLUE, 8)


def test_large_jpeg_is_decoded_small_then_downscaled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save(halves("RGB", (4000, 3000), RED, BLUE), tmp_path / "l.jpg", "JPEG")
    decoded_at: list[tuple[int, int]] = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, *args: object) -> object:
        result = draft(self, *args)  # type: ignore[arg-type]
        decoded_at.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    result = load_logo(path)
    assert (result.width_px, result.height_px) == (1200, 900)
    assert decoded_at == [(2000, 1500)]  # never the full 12 megapixels
    image = decode(result)
    assert near(image.getpixel((100, 450)), RED, 8)
    assert near(image.getpixel((1100, 450)), BLUE, 8)


def test_large_png_is_downscaled(tmp_path: Path) -> None:
    path = save(halves("RGB", (2400, 800), RED, BLUE), tmp_path / "logo.png", "PNG")
    result = load_logo(path, max_px=600)
    assert (result.width_px, result.height_px) == (600, 200)
    assert decode(result).getpixel((10, 100)) == RED


def test_large_transparent_png_matches_plain_lanczos(tmp_path: Path) -> None:
    """Shrinking band by band leaves no seams: same as flattening, then Lanczos."""
    wave = Image.new("L", (1, 800))
    wave.putdata([abs(y % 64 - 32) * 8 for y in range(800)])  # steep, row by row
    ramp = wave.resize((1600, 800), Image.Resampling.NEAREST)
    alpha = halves("L", (1600, 800), 0, 255)
    rgba = Image.merge("RGBA", (ramp, ramp, ramp, alpha))
    result = load_logo(save(rgba, tmp_path / "logo.png", "PNG"), max_px=400)
    expected = Image.alpha_composite(Image.new("RGBA", rgba.size, (*WHITE, 255)), rgba)
    expected = expected.convert("RGB").resize((400, 200), Image.Resampling.LANCZOS)
    difference = ImageChops.difference(decode(result), expected).convert("L")
    assert not any(difference.histogram()[4:])  # no pixel off by more than 3 levels
    assert decode(result).getpixel((100, 150)) == WHITE


def test_small_image_is_never_upscaled(tmp_path: Path) -> None:
    path = save(Image.new("RGB", (100, 40), BLUE), tmp_path / "logo.png", "PNG")
    assert (load_logo(path).width_px, load_logo(path).height_px) == (100, 40)


def test_aspect_ratio_of_exactly_ten_is_accepted(tmp_path: Path) -> None:
    path = save(Image.new("L", (320, 32), 0), tmp_path / "logo.png", "PNG")
    assert load_logo(path).width_px == 320


def test_output_is_deterministic_and_without_metadata(tmp_path: Path) -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Software", "Some editor 1.0")
    text.add_text("Creation Time", "2026-01-01T10:00:00")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    rgba = halves("RGBA", (300, 200), (255, 0, 0, 0), (15, 92, 110, 255))
    path = save(rgba, tmp_path / "logo.png", "PNG", pnginfo=text, dpi=(300, 300), icc_profile=icc)
    assert b"iCCP" in png_chunks(path.read_bytes())
    first, second = load_logo(path), load_logo(path)
    assert first == second
    assert set(png_chunks(first.png)) == {b"IHDR", b"IDAT", b"IEND"}


def test_demo_logo_loads() -> None:
    path = Path(__file__).parent.parent / "assets" / "brand" / "logo.png"
    image = decode(load_logo(path))
    assert image.size == (512, 512)
    assert image.getpixel((256, 256)) == WHITE  # the cross
    assert image.getpixel((40, 256)) == (0x0F, 0x5C, 0x6E)  # the teal square
    assert image.getpixel((0, 0)) == WHITE  # transparent corner


# --- refused files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 8000),  # 64 MP: over our limit, under Pillow's own warning
        (10000, 9000),  # 90 MP: Pillow warns
        (50000, 50000),  # 2500 MP: Pillow refuses in Image.open
    ],
)
def test_decompression_bomb_refused_before_decoding(tmp_path: Path, width: int, height: int) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png_header_only(width, height))
    started = time.perf_counter()
    message = refused(path, field="brand.logo")
    assert time.perf_counter() - started < 0.5
    assert "over the 40-megapixel limit" in message  # not "damaged": never decoded
    assert message.endswith("save it smaller (1200 px on the longer side is plenty)")
    assert width * height > MAX_PIXELS


def test_file_over_size_limit_refused_before_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logo_module, "MAX_FILE_BYTES", 1000)
    noise = Image.effect_noise((64, 64), 64)
    path = save(noise, tmp_path / "logo.png", "PNG")
    assert path.stat().st_size > 1000
    assert refused(path).startswith("the file is over ")


def test_truncated_jpeg(tmp_path: Path) -> None:
    noise = Image.effect_noise((256, 256), 64).convert("RGB")
    whole = save(noise, tmp_path / "whole.jpg", "JPEG").read_bytes()
    path = tmp_path / "logo.jpg"
    path.write_bytes(whole[: len(whole) // 2])
    assert refused(path) == ("the JPEG file is damaged or incomplete: save the logo as PNG or JPEG again")


def test_truncated_png(tmp_path: Path) -> None:
    whole = save(Image.effect_noise((256, 256), 64), tmp_path / "w.png", "PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(whole.read_bytes()[:2000])
    assert refused(path) == ("the PNG file is damaged or incomplete: save the logo as PNG or JPEG again")


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_text("Riverside Cancer Center\n")
    assert refused(path) == "not an image file: save the logo as PNG or JPEG"


def test_other_image_formats_are_named(tmp_path: Path) -> None:
    path = save(Image.new("RGB", (64, 64), RED), tmp_path / "logo.png", "GIF")
    assert refused(path) == "GIF images are not accepted: save the logo as PNG or JPEG"
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert refused(path) == "SVG images are not accepted: save the logo as PNG or JPEG"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"")
    assert refused(path) == "the file is empty: save the logo as PNG or JPEG again"


def test_missing_file(tmp_path: Path) -> None:
    message = refused(tmp_path / "nowhere" / "logo.png", field="clinic.logo")
    assert message == "file not found: check the path and the file name"


def test_directory(tmp_path: Path) -> None:
    message = refused(tmp_path)
    assert message == "this is a folder: give the path of the logo file itself"


def test_tiny_image(tmp_path: Path) -> None:
    path = save(Image.new("RGB", (8, 8), RED), tmp_path / "logo.png", "PNG")
    assert refused(path) == (
        "the image is only 8x8 px, too small to print clearly: use at least 32 px "
        "on the shorter side (1200 px on the longer side is ideal)"
    )


def test_extreme_aspect_ratio(tmp_path: Path) -> None:
    path = save(Image.new("RGB", (400, 32), RED), tmp_path / "logo.png", "PNG")
    assert refused(path) == ("the image is 400x32 px, longer than 10:1: crop it closer to the mark")


# --- anything at all: a Logo or a ContentError, nothing else -------------------


def _sample(fmt: str) -> bytes:
    out = io.BytesIO()
    halves("RGB", (48, 40), RED, BLUE).save(out, fmt)
    return out.getvalue()


SAMPLES = [_sample("PNG"), _sample("JPEG")]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.integers(min_value=0, max_value=4000),
    edits=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
)
def test_damaged_files_never_crash(
    tmp_path: Path, sample: bytes, cut: int, edits: list[tuple[int, int]]
) -> None:
    data = bytearray(sample[: max(cut, 1)] if cut < len(sample) else sample)
    for at, value in edits:
        data[at % len(data)] = value
    path = tmp_path / "logo.bin"
    path.write_bytes(bytes(data))
    try:
        result = load_logo(path)
    except ContentError as error:
        assert len(error.problems) == 1
    else:
        assert decode(result).size == (result.width_px, result.height_px)
