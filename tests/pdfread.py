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


def font_sizes(pdf: bytes, top: float = 0, bottom: float = 0) -> Counter[float]:
    """How many characters are set at each font size (points, rounded), all pages;
    ``top`` and ``bottom`` (points) leave out the page's running header and footer."""
    sizes: Counter[float] = Counter()
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            tp = page.get_textpage()
            height = page.get_height()
            for i in range(tp.count_chars()):
                ch = pdfium.raw.FPDFText_GetUnicode(tp, i)
                if chr(ch).isspace():
                    continue
                _, low, _, high = tp.get_charbox(i)
                if high > height - top or low < bottom:
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


def _to_unicode(font: Any) -> dict[int, str]:
    """A font's ToUnicode map (single-byte codes, as ReportLab writes for subsets)."""
    stream = font.get_object().get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int.from_bytes(bytes.fromhex(uni), "big")
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


def drawn_strings(pdf: bytes, page: int = 0) -> list[str]:
    """The text of every show-text operation in drawing order, decoded with each font's
    ToUnicode map: for one line drawn left to right this is its visual order, glyph by
    glyph, exactly as printed (no viewer reordering or un-mirroring)."""
    p = reader(pdf).pages[page]
    fonts_here = p["/Resources"]["/Font"]
    content = pypdf.generic.ContentStream(p.get_contents(), p.pdf)
    maps: dict[str, dict[int, str]] = {}
    current: dict[int, str] = {}
    out: list[str] = []
    for operands, op in content.operations:
        if op == b"Tf":
            name = str(operands[0])
            current = maps.setdefault(name, _to_unicode(fonts_here[name]))
        elif op in (b"Tj", b"'", b'"'):
            raw = operands[-1]
            data = raw.original_bytes if hasattr(raw, "original_bytes") else bytes(raw, "latin-1")
            out.append("".join(current.get(b, "?") for b in data))
    return out
