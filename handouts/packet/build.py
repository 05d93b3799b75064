"""Building a clinic packet: a YAML list of handouts (drug, language, copies) built into one
print-ready PDF, or split into one file per handout.

    plan    = load(packet file)            # every problem, all at once, before building
    pdfs    = build_all(plan, jobs, cache)  # distinct handouts, in parallel, cached
    packet  = assemble(plan, pdfs)          # cover, copies, blank backs, bookmarks

Handouts are built as separate PDFs (so each counts its own "Page 2 of 3") and joined
with pypdf. Nothing is written until everything has been built.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..cache import Cache, digest_files, key
from ..pdf import pdfmeta
from ..pipeline import Options, build, content_roots
from ..reading import loader
from ..reading.brand import load_brand
from ..reading.bundled import bundled
from ..reading.drugs import find_drugs
from .plan import Plan, copy_count, drug_name

if TYPE_CHECKING:
    import pypdf


def handout_key(plan: Plan, drug: str, lang: str) -> str:
    """A hash of everything that shapes this handout (see cache.py)."""
    o = plan.options
    folder = find_drugs(content_roots(o))[drug].folder
    assets = bundled("assets")
    language = i18n.language(lang)
    files = [
        folder / "facts.yaml",
        folder / "en.yaml",
        folder / f"{lang}.yaml",
        *assets.glob("themes/*.yaml"),
        *assets.glob("fonts/*.ttf"),
        *Path(__file__).parents[1].glob(f"locales/{language.locale}/LC_MESSAGES/*.po"),
    ]
    brand = o.brand or assets / "brand" / "brand.yaml"
    files += [brand, *brand.parent.glob("*.png"), *brand.parent.glob("*.jp*g")]
    return key("handout", drug, lang, repr((o.paper, o.large_print)), digest_files(files))


def _build_one(drug: str, lang: str, options: Options) -> bytes:
    return build(drug, lang, options)


Progress = Callable[[int, int], None]


def build_all(
    plan: Plan, jobs: int, cache: Cache | None, progress: Progress | None = None
) -> dict[tuple[str, str], bytes]:
    """Every distinct handout of the plan as PDF bytes: from the cache, or built in parallel."""
    wanted = list(dict.fromkeys((h.drug, h.lang) for h in plan.handouts))
    done: dict[tuple[str, str], bytes] = {}
    keys = {w: handout_key(plan, *w) for w in wanted}
    for w in wanted:
        hit = cache.get(keys[w]) if cache else None
        if hit is not None:
            done[w] = hit
    todo = [w for w in wanted if w not in done]
    total = len(wanted)
    if progress:
        progress(len(done), total)
    if jobs <= 1 or len(todo) <= 1:
        for w in todo:
            done[w] = _build_one(*w, plan.options)
            if cache:
                cache.put(keys[w], done[w])
            if progress:
                progress(len(done), total)
        return done
    _preload(plan, todo)

    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        futures = {pool.submit(_build_one, *w, plan.options): w for w in todo}
        for future in as_completed(futures):
            w = futures[future]
            done[w] = future.result()
            if cache:
                cache.put(keys[w], done[w])
            if progress:
                progress(len(done), total)
    return done


@dataclass(frozen=True)
class Result:
    pdf: bytes
    handouts: int
    pages: int
    seconds: float


def assemble(plan: Plan, pdfs: dict[tuple[str, str], bytes]) -> tuple[bytes, int]:
    """Cover, every copy of every handout (each on a fresh sheet when duplex), bookmarks."""
    import pypdf

    from .cover import blank_page, cover_pdf  # ReportLab: only when a packet is joined

    readers = {w: pypdf.PdfReader(io.BytesIO(pdf)) for w, pdf in pdfs.items()}
    duplex = plan.packet.duplex
    rows = [(h, len(readers[(h.drug, h.lang)].pages)) for h in plan.handouts]

    def cover(first_pages: list[int]) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(cover_pdf(plan, rows, first_pages)))

    def layout(cover_pages: int) -> list[int]:
        page = cover_pages + (cover_pages % 2 if duplex else 0) + 1
        firsts = []
        for h, n in rows:
            firsts.append(page)
            per_copy = n + (n % 2 if duplex else 0)
            page += per_copy * h.copies
        return firsts

    writer = pypdf.PdfWriter()
    blanks: dict[str, pypdf.PdfReader] = {}

    def pad(lang: str) -> None:
        if lang not in blanks:
            blanks[lang] = pypdf.PdfReader(io.BytesIO(blank_page(plan, lang)))
        writer.append(blanks[lang], import_outline=False)

    root = None
    if plan.packet.cover:
        trial = cover(layout(1))
        final = cover(layout(len(trial.pages)))
        writer.append(final, import_outline=False)
        root = writer.add_outline_item(title=plan.packet.name, page_number=0)
        if duplex and len(final.pages) % 2:
            pad("en")
    for h, n in rows:
        reader = readers[(h.drug, h.lang)]
        title = f"{drug_name(plan, h.drug)} · {i18n.language(h.lang).native_name}"
        for copy in range(h.copies):
            start = len(writer.pages)
            writer.append(reader, import_outline=False)
            label = title if h.copies == 1 else f"{title} ({copy + 1}/{h.copies})"
            item = writer.add_outline_item(title=label, page_number=start, parent=root)
            for section in reader.outline:
                if not isinstance(section, list):
                    page = start + (reader.get_destination_page_number(section) or 0)
                    writer.add_outline_item(title=str(section.title), page_number=page, parent=item)
            if duplex and n % 2:
                pad(h.lang)
    describe(writer, plan)
    # one copy of what the handouts share: the logo, identical font programs, blank pages
    writer.compress_identical_objects()  # pypdf >= 5: duplicates merged, orphans dropped
    out = io.BytesIO()
    writer.write(out)
    return pdfmeta.with_id(out.getvalue()), len(writer.pages)


def describe(writer: pypdf.PdfWriter, plan: Plan) -> None:
    """The packet's own metadata: title, author, dates, language, XMP, the title shown."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        ByteStringObject,
        DecodedStreamObject,
        NameObject,
        TextStringObject,
    )

    from .. import __version__

    author = load_brand(plan.options.brand).name
    lang = "en"  # the cover's language; each handout's own is in its words
    when = dt.datetime.combine(plan.date, dt.time(), dt.UTC)
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    producer = f"handouts {__version__}"
    writer.add_metadata(
        {
            "/Title": plan.packet.name,
            "/Author": author,
            "/Subject": "Patient information",
            "/Producer": producer,
            "/Creator": producer,
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.page_mode = "/UseOutlines"
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(lang)
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    info = pdfmeta.Info(plan.packet.name, author, "Patient information", lang, (), producer, when)
    xmp = DecodedStreamObject()
    xmp.set_data(pdfmeta.xmp(info).encode("utf-8"))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = writer._add_object(xmp)
    blank = ByteStringObject(bytes(16))  # replaced by a hash of the file once written (pdfmeta)
    writer._ID = ArrayObject([blank, blank])


def _preload(plan: Plan, todo: list[tuple[str, str]]) -> None:
    """Import ReportLab and load the fonts once, before the workers fork: each worker
    inherits them instead of loading its own copy of a 2.6 MB Chinese font."""
    from .. import fonts
    from ..pdf import assemble
    from ..reading.theme import load_theme

    del assemble
    theme = load_theme(plan.options.paper or "letter", large_print=plan.options.large_print)
    for script in {i18n.language(lang).script for _, lang in todo}:
        fonts.register(theme, script)


def inputs_key(path: Path, options: Options) -> str:
    """A hash of every file a packet can depend on: the packet, all content, the assets,
    the catalogs, the brand, the program, the date. Cheap to compute (files are hashed once
    per process), so an unchanged packet is found in the cache before anything is read."""
    assets = bundled("assets")
    files = [
        path,
        *(f for root in content_roots(options) for f in root.rglob("*.yaml")),
        *assets.rglob("*.*"),
        *Path(__file__).parents[1].glob("locales/*/*/*.po"),
    ]
    if options.brand:
        files += [options.brand, *options.brand.parent.glob("*.png"), *options.brand.parent.glob("*.jp*g")]
    node = loader.load(path, [])  # the packet's own brand file, if it names one
    named = node.value.get("brand") if node is not None and isinstance(node.value, dict) else None
    if named is not None and isinstance(named.value, str):
        brand = (path.parent / named.value).resolve()
        files += [brand, *brand.parent.glob("*.png"), *brand.parent.glob("*.jp*g")]
    return key(
        "packet-inputs",
        repr(options),
        os.environ.get("SOURCE_DATE_EPOCH") or dt.date.today().isoformat(),
        digest_files(files),
    )


def cached_packet(path: Path, options: Options, cache: Cache) -> Result | None:
    """The packet as built before from exactly these inputs, if it is in the cache."""
    start = time.perf_counter()
    k = inputs_key(path, options)
    pdf, meta = cache.get(k), cache.get(k + "-meta")
    if pdf is None or meta is None:
        return None
    handouts, pages = (int(n) for n in meta.decode().split())
    return Result(pdf, handouts, pages, time.perf_counter() - start)


def build_packet(
    plan: Plan, jobs: int, cache: Cache | None, progress: Progress | None = None, inputs: str | None = None
) -> Result:
    """The whole packet: built handouts come from the cache, the rest are built. With
    ``inputs`` (see inputs_key), the packet itself is cached under that key."""
    start = time.perf_counter()
    pdf, pages = assemble(plan, build_all(plan, jobs, cache, progress))
    result = Result(pdf, copy_count(plan), pages, time.perf_counter() - start)
    if cache and inputs:
        cache.put(inputs, pdf)
        cache.put(inputs + "-meta", f"{result.handouts} {result.pages}".encode())
    return result
