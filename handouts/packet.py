"""Clinic packets: a YAML list of handouts (drug, language, copies) built into one
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
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from . import drugs, i18n, loader, pdfmeta
from .brand import load_brand
from .bundled import bundled
from .cache import Cache, digest_files, key
from .drugs import find_drugs, node_at
from .errors import ContentError, Mark, Problem, UserError, display_path
from .model import Packet, PacketEntry
from .pipeline import Options, build, content_roots, default_paper, output_name
from .schema import Converter, did_you_mean

if TYPE_CHECKING:
    import pypdf

MAX_COPIES = 100


@dataclass(frozen=True)
class Handout:
    """One distinct handout of a packet."""

    drug: str
    lang: str  # the content language code (es, zh-Hans, ...)
    copies: int
    mark: Mark  # where the packet asks for it


@dataclass(frozen=True)
class Plan:
    packet: Packet
    path: Path
    handouts: tuple[Handout, ...]
    options: Options
    date: dt.date


def _entries(
    entries: list[PacketEntry | None],
    node: loader.Node,
    available: dict[str, drugs.DrugFolder],
    problems: list[Problem],
) -> list[Handout]:
    """The handouts the entries ask for; ``None`` stands for an entry already reported."""
    out: list[Handout] = []
    for i, entry in enumerate(entries):
        if entry is None:
            continue
        path = f"entries[{i}]"
        mark = node_at(node, path).mark
        single = entry.drug is not None or entry.lang is not None
        many = bool(entry.drugs or entry.languages)
        if (
            single == many
            or (single and not (entry.drug and entry.lang))
            or (many and not (entry.drugs and entry.languages))
        ):
            problems.append(Problem(mark, path, "give either drug and lang, or drugs and languages"))
            continue
        if not 1 <= entry.copies <= MAX_COPIES:
            problems.append(
                Problem(
                    node_at(node, f"{path}.copies").mark,
                    f"{path}.copies",
                    f"copies must be from 1 to {MAX_COPIES}",
                )
            )
            continue
        names = [entry.drug] if entry.drug else list(entry.drugs)
        langs = [entry.lang] if entry.lang else list(entry.languages)
        for drug in names:
            assert drug is not None
            folder = available.get(drug.lower())
            if folder is None:
                where = node_at(node, f"{path}.drug" if entry.drug else f"{path}.drugs").mark
                hint = did_you_mean(drug.lower(), available)
                problems.append(
                    Problem(where, path, f"no drug '{drug}'{hint}; available: {', '.join(available)}")
                )
                continue
            for lang in langs:
                assert lang is not None
                try:
                    code = i18n.negotiate(lang, folder.languages)
                except UserError as exc:
                    where = node_at(node, f"{path}.lang" if entry.lang else f"{path}.languages").mark
                    problems.append(Problem(where, path, f"{folder.drug_id}: {exc}"))
                    continue
                first = next((h for h in out if (h.drug, h.lang) == (folder.drug_id, code)), None)
                if first is not None:
                    problems.append(
                        Problem(
                            mark,
                            path,
                            f"{folder.drug_id} in {code} is already listed at line {first.mark.line}: "
                            "list it once and give copies",
                        )
                    )
                    continue
                out.append(Handout(folder.drug_id, code, entry.copies, mark))
    return out


def source_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _salvage(node: loader.Node) -> tuple[Packet, list[PacketEntry | None]]:
    """What can be used of a packet whose file has mistakes (already reported), so that
    the entries are checked in the same run: each entry that converts, None for the rest."""
    scratch: list[Problem] = []
    given = node.value if isinstance(node.value, dict) else {}
    listed = given.get("entries")
    items = listed.value if listed is not None and isinstance(listed.value, list) else []
    entries = [Converter(scratch).build(PacketEntry, item) for item in items]
    brand = given.get("brand")
    named = brand.value if brand is not None and isinstance(brand.value, str) else None
    return Packet(name="", entries=(), brand=named), entries


def load(path: Path, options: Options) -> Plan:
    """Read and check a packet and everything it names; every problem at once."""
    problems: list[Problem] = []
    node = loader.load(path, problems)
    if node is None:
        raise ContentError(problems)
    packet = Converter(problems).build(Packet, node)
    if packet is None:
        packet, entries = _salvage(node)
    else:
        entries = list(packet.entries)
        if not entries:
            problems.append(
                Problem(node_at(node, "entries").mark, "entries", "a packet lists at least one handout")
            )
    available = find_drugs(content_roots(options))
    handouts = _entries(entries, node, available, problems)
    brand = options.brand
    if packet.brand and brand is None:
        brand = (path.parent / packet.brand).resolve()
        if not brand.is_file():
            problems.append(
                Problem(node_at(node, "brand").mark, "brand", f"brand file not found: {display_path(brand)}")
            )
    clinic_paper = None
    if not any(p.path == "brand" for p in problems):
        try:
            clinic_paper = load_brand(brand).paper
        except ContentError as exc:
            problems += exc.problems
    for h in {(h.drug, h.lang): h for h in handouts}.values():  # the content itself, once per handout
        try:
            drugs.load_drug(available[h.drug], (h.lang,))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    cover_lang = i18n.language("en")
    paper = options.paper or packet.paper or clinic_paper or default_paper("en", cover_lang)
    opts = replace(options, brand=brand, paper=paper, large_print=options.large_print or packet.large_print)
    return Plan(packet, path, tuple(handouts), opts, packet.date or source_date())


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
        *Path(__file__).parent.glob(f"locales/{language.locale}/LC_MESSAGES/*.po"),
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

    from .cover import blank_page, cover_pdf

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

    from . import __version__
    from .brand import load_brand

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
    from . import assemble, fonts
    from .theme import load_theme

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
        *Path(__file__).parent.glob("locales/*/*/*.po"),
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
    result = Result(pdf, _count(plan), pages, time.perf_counter() - start)
    if cache and inputs:
        cache.put(inputs, pdf)
        cache.put(inputs + "-meta", f"{result.handouts} {result.pages}".encode())
    return result


def drug_name(plan: Plan, drug: str) -> str:
    """The drug's name as printed (from its facts)."""
    folder = find_drugs(content_roots(plan.options))[drug]
    facts = drugs.load_facts(folder, [])
    return facts.name if facts else drug


def _count(plan: Plan) -> int:
    return sum(h.copies for h in plan.handouts)


def split_targets(plan: Plan, folder: Path) -> dict[Path, Handout]:
    """One file per handout, named <drug>-<lang>.pdf; two entries on one path is an error."""
    targets: dict[Path, Handout] = {}
    problems = []
    for h in plan.handouts:
        path = folder / output_name(h.drug, h.lang)
        if path in targets:
            first = targets[path].mark
            problems.append(
                Problem(
                    h.mark, "entries", f"{path.name} is already written by the entry at line {first.line}"
                )
            )
        targets[path] = h
    if problems:
        raise ContentError(problems)
    return targets
