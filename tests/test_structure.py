"""What a screen reader, a search and a print shop's preflight see: reading order with
the page furniture last and marked as artifacts, /Lang, DisplayDocTitle and XMP on every
output, alternative text and a real link for the QR code, a unique /ID per document,
subset tags from the subset's contents, and a packet that shares what it can."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from pathlib import Path

import pypdf
import pytest
from test_forms import every_font, is_embedded

from handouts.cache import Cache
from handouts.model import Patient
from handouts.packet.build import build_all, build_packet
from handouts.packet.plan import load
from handouts.pipeline import Options, build

from pdfread import pages_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "weekly-packet.yaml"


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[tuple[str, str], bytes]]:
    cache = Cache(tmp_path_factory.mktemp("cache"))
    plan = load(EXAMPLE, Options())
    return build_packet(plan, 1, cache).pdf, build_all(plan, 1, cache)


def content(pdf: bytes, page: int) -> bytes:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[page].get_contents().get_data()  # type: ignore[union-attr]


def test_the_title_is_read_before_the_footer_and_furniture_is_an_artifact(built) -> None:
    pdf = built("refametinib", "en")
    first, second = pages_text(pdf)[:2]
    assert first.index("Refametinib") < first.index("Page 1 of")
    assert second.index("Page 2 of") > len(second) // 2  # the footer comes last on later pages too
    stream = content(pdf, 1)
    assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in stream
    assert b"/Artifact <</Type /Pagination /Subtype /Header>> BDC" in stream


def test_every_handout_says_its_language_title_and_metadata(built) -> None:
    reader = pypdf.PdfReader(io.BytesIO(built("refametinib", "zh-Hans")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-Hans"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"] == reader.metadata.title  # type: ignore[union-attr]
    assert xmp.dc_language == ["zh-Hans"]


def test_the_packet_has_its_own_id_author_dates_language_and_xmp(packet) -> None:
    pdf, _ = packet
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    meta = reader.metadata
    assert meta is not None and meta.author and meta.creation_date and meta.modification_date
    assert reader.xmp_metadata is not None and reader.xmp_metadata.dc_title["x-default"] == meta.title
    assert "/ID" in reader.trailer


def test_logo_and_qr_code_have_alternative_text_and_the_qr_code_links(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes((Path(__file__).parent.parent / "assets/brand/logo.png").read_bytes())
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "name: Lakeside Clinic\nphones: {main: (555) 010-0000, after_hours: (555) 010-0001}\nlogo: logo.png\n"
        "url: https://lakeside.example/handouts/{drug}/{lang}\n"
    )
    pdf = build("refametinib", "es", Options(brand=brand))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    alt = "<FEFF" + "Lakeside Clinic".encode("utf-16-be").hex().upper() + ">"
    assert f"/Span <</Alt {alt}>> BDC".encode() in content(pdf, 0)
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/Subtype") == "/Link"
    ]
    url = "https://lakeside.example/handouts/refametinib/es"
    assert [str(a["/A"]["/URI"]) for a in links] == [url]
    assert url in str(links[0]["/Contents"])
    # the QR code is drawn without Helvetica, which ReportLab starts every drawing in
    assert all(is_embedded(f) for f in every_font(pdf))


def test_distinct_documents_have_distinct_ids_and_rebuilds_the_same(built) -> None:
    ana = Patient(name="Ana García", start=dt.date(2026, 12, 1))
    plain = built("refametinib", "es")
    fillable = built("refametinib", "es", fillable=True)
    personal = built("refametinib", "es", patient=ana)
    ids = [pypdf.PdfReader(io.BytesIO(p)).trailer["/ID"][0] for p in (plain, fillable, personal)]
    assert len(set(ids)) == 3
    assert build("refametinib", "es", Options(patient=ana)) == personal


def test_no_unembedded_font_in_the_packet_its_blank_pages_or_cover(packet) -> None:
    pdf, _ = packet
    fonts = every_font(pdf)
    assert fonts and [str(f.get_object()["/BaseFont"]) for f in fonts if not is_embedded(f)] == []


def test_one_subset_tag_per_font_program(packet) -> None:
    """ISO 32000: different subsets carry different tags; one tag, one program."""
    pdf, _ = packet
    programs: dict[str, set[bytes]] = defaultdict(set)
    for font in every_font(pdf):
        font = font.get_object()
        desc = font.get("/FontDescriptor")
        if desc is None:
            continue
        desc = desc.get_object()
        programs[str(desc["/FontName"])].add(desc["/FontFile2"].get_object().get_data())
    assert len(programs) > 10
    assert all(len(p) == 1 for p in programs.values())
    assert not any(name.startswith("/AAAAA") for name in programs)


def test_the_packet_embeds_the_logo_once_and_weighs_less_than_its_handouts(packet) -> None:
    pdf, handouts = packet
    images = re.findall(rb"/Subtype\s*/Image", pdf)
    assert len(images) <= 2  # the logo and its transparency mask, once
    assert len(pdf) < sum(len(p) for p in handouts.values())
