"""A clinic packet's plan: its YAML list of handouts (drug, language, copies) read and
checked, every problem at once, before anything is built. Building and joining the
handouts is packet/build.py's."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .. import i18n
from ..errors import ContentError, Mark, Problem, UserError, display_path
from ..model import Packet, PacketEntry
from ..pipeline import Options, content_roots, default_paper, output_name
from ..reading import drugs, loader
from ..reading.brand import load_brand
from ..reading.drugs import find_drugs, node_at
from ..reading.schema import Converter, did_you_mean

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


def drug_name(plan: Plan, drug: str) -> str:
    """The drug's name as printed (from its facts)."""
    folder = find_drugs(content_roots(plan.options))[drug]
    facts = drugs.load_facts(folder, [])
    return facts.name if facts else drug


def copy_count(plan: Plan) -> int:
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
