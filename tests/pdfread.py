"""Read built PDFs back: text, fonts, metadata, outline, font sizes, page images."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import pypdf
import pypdfium2 as pdfium
from PIL import Image


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def pages_text(pdf: bytes) -> list[str]:
    """Text per page as pdfium reads it (logical order for LTR text)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def all_text(pdf: bytes) -> str:
    return squash(" ".join(pages_text(pdf)))


def fonts(pdf: bytes) -> dict[str, dict[str, Any]]:
    """BaseFont -> facts about it, for every font used on any page."""
    out: dict[str, dict[str, Any]] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            info: dict[str, Any] = {"subtype": str(font.get("/Subtype"))}
            descendants = font.get("/DescendantFonts")
            desc = font.get("/FontDescriptor")
            if desc is None and descendants:
                desc = descendants[0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            info["embedded"] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[name] = info
    return out


def outline_titles(pdf: bytes) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader(pdf).outline)
    return titles


def font_sizes(pdf: bytes) -> Counter[float]:
    """How many characters are set at each font size (points, rounded), all pages."""
    sizes: Counter[float] = Counter()
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            tp = page.get_textpage()
            for i in range(tp.count_chars()):
                ch = pdfium.raw.FPDFText_GetUnicode(tp, i)
                if chr(ch).isspace():
                    continue
                sizes[round(pdfium.raw.FPDFText_GetFontSize(tp, i), 1)] += 1
    finally:
        doc.close()
    return sizes


def render(pdf: bytes, page: int, dpi: int = 40) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
