"""Rendered pages compared with reference PNGs, within a tolerance.

Refresh the references after an intended change, then look at them before committing:

    HANDOUTS_UPDATE_REFERENCES=1 pytest tests/test_visual.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from pdfread import render

REFERENCES = Path(__file__).parent / "references"
DPI = 40
# (drug, language, page index): pages chosen to show every script and the main blocks.
PAGES = [
    ("refametinib", "en", 0),
    ("refametinib", "en", 2),
    ("ralimetinib", "en", 1),
    # one page per script: Latin with accents, Vietnamese diacritics, Cyrillic, Han, Hangul, Arabic
    ("refametinib", "es", 0),
    ("refametinib", "vi", 0),
    ("refametinib", "ru", 0),
    ("refametinib", "zh-Hans", 0),
    ("refametinib", "ko", 0),
    ("refametinib", "ar", 0),
    ("ralimetinib", "ar", 2),
]


def difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ clearly (by more than 64 of 255 in grey)."""
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    hist = diff.histogram()
    return hist[255] / (a.size[0] * a.size[1])


@pytest.mark.parametrize(("drug", "lang", "page"), PAGES)
def test_page_matches_reference(built, update_references: bool, drug: str, lang: str, page: int) -> None:
    image = render(built(drug, lang), page, DPI)
    ref_path = REFERENCES / f"{drug}-{lang}-p{page + 1}.png"
    if update_references or not ref_path.exists():
        if not update_references:
            pytest.fail(f"no reference {ref_path.name}: run with HANDOUTS_UPDATE_REFERENCES=1 and review it")
        image.save(ref_path, optimize=True)
        pytest.skip(f"reference {ref_path.name} written")
    reference = Image.open(ref_path).convert("L")
    share = difference(image, reference)
    assert share < 0.004, f"{share:.2%} of pixels differ from {ref_path.name}"


def test_difference_detects_a_change(built) -> None:
    """The comparison is not blind: a page and the next one differ well past the tolerance."""
    pdf = built("refametinib", "en")
    assert difference(render(pdf, 0, DPI), render(pdf, 1, DPI)) > 0.02
