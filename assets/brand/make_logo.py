"""Draw the demo clinic's logo: a white cross on a teal rounded square.

Riverside Cancer Center is fictional; this mark is ours to use. The drawing is
done at 4x and shrunk with Lanczos for smooth edges, and saved without metadata,
so running this again gives the same bytes.

    python assets/brand/make_logo.py [OUTPUT]    (default: logo.png beside this file)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 512  # px, final
SUPERSAMPLE = 4
TEAL = (0x0F, 0x5C, 0x6E, 255)
WHITE = (255, 255, 255, 255)

# Proportions of the side of the image.
MARGIN = 0.02  # keeps the antialiased edge inside the canvas
CORNER = 0.20  # radius of the square's corners
ARM_LENGTH = 0.60  # tip to tip of the cross
ARM_WIDTH = 0.20
ARM_CORNER = 0.035  # softens the cross's outer corners


def draw_logo(size: int = SIZE) -> Image.Image:
    """The logo as an RGBA image, transparent outside the rounded square."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def px(fraction: float) -> int:
        return round(fraction * big)

    edge = px(MARGIN)
    draw.rounded_rectangle((edge, edge, big - 1 - edge, big - 1 - edge), radius=px(CORNER), fill=TEAL)
    centre = big / 2
    half_long, half_wide = px(ARM_LENGTH) / 2, px(ARM_WIDTH) / 2
    for half_x, half_y in ((half_long, half_wide), (half_wide, half_long)):
        draw.rounded_rectangle(
            (
                centre - half_x,
                centre - half_y,
                centre + half_x - 1,
                centre + half_y - 1,
            ),
            radius=px(ARM_CORNER),
            fill=WHITE,
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path(__file__).with_name("logo.png")
    draw_logo().save(out, "PNG", optimize=False, compress_level=9)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
