"""The combinations a preflight builds: drug x language x paper x print size x variant
(plain, a dose calendar dated from a start date for each of the drug's cycle lengths,
fillable), built in parallel, each read back and checked; then a packet of the plain ones."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from .. import i18n
from ..errors import ContentError, Mark, UserError
from ..errors import Problem as ContentProblem
from ..model import Packet, Patient
from ..pdf.structure import Record
from ..pipeline import Options, build_recorded, content_roots
from ..reading import drugs
from ..reading.theme import PAPERS, load_theme
from . import area, breaks, fill, flow, glyphs, typesize
from .problems import Figures, Problem
from .reading import read
from .sheet import Sheet

VARIANTS = ("plain", "calendar", "fillable")
SIZES = ("standard", "large")
START = dt.date(2026, 11, 24)  # a calendar start crossing a month's end: day numbers of 1 and 2 digits
GROUPS = 1_000_000  # a packet numbers each handout's groups (lists, boxes, tables) apart
CHECKS = (area.check, breaks.check, flow.check, typesize.check, glyphs.check, fill.check)


@dataclass(frozen=True)
class Combo:
    drug: str
    lang: str
    paper: str
    large_print: bool = False
    variant: str = "plain"
    cycle: int = 0  # the calendar's cycle length

    @property
    def name(self) -> str:
        size = ["large-print"] if self.large_print else []
        variant = f"{self.variant}-{self.cycle}" if self.cycle else self.variant
        return "-".join([self.drug, self.lang, self.paper, *size, variant]) + ".pdf"

    def options(self, base: Options) -> Options:
        calendar = self.variant == "calendar"
        return replace(
            base,
            paper=self.paper,
            large_print=self.large_print,
            calendar=calendar,
            fillable=self.variant == "fillable",
            patient=Patient(start=START, cycle=self.cycle) if calendar else None,
        )


@dataclass
class Outcome:
    name: str
    problems: list[Problem]
    figures: Figures
    pdf: bytes = b""
    record: Record = field(default_factory=Record)


def combos(
    base: Options,
    wanted_drugs: list[str],
    langs: list[str],
    papers: tuple[str, ...] = PAPERS,
    sizes: tuple[str, ...] = SIZES,
    variants: tuple[str, ...] = VARIANTS,
) -> list[Combo]:
    found = drugs.find_drugs(content_roots(base))
    folders = [drugs.pick_drug(found, d) for d in wanted_drugs] if wanted_drugs else list(found.values())
    out = []
    for folder in folders:
        codes = (
            [i18n.negotiate(lang, folder.languages) for lang in langs] if langs else list(folder.languages)
        )
        problems: list[ContentProblem] = []
        facts = drugs.load_facts(folder, problems)
        if facts is None:
            raise ContentError(problems)
        for lang in dict.fromkeys(codes):
            for paper in papers:
                for size in sizes:
                    large = size == "large"
                    for variant in variants:
                        cycles = facts.cycle_days if variant == "calendar" else (0,)
                        out += [Combo(folder.drug_id, lang, paper, large, variant, c) for c in cycles]
    return out


def check_sheet(sheet: Sheet) -> list[Problem]:
    """Every check on one built PDF, every problem found."""
    return [p for check in CHECKS for p in check(sheet)]


def check_pdf(name: str, pdf: bytes, record: Record, paper: str, large_print: bool, lang: str) -> Outcome:
    language = i18n.language(lang)
    theme = load_theme(paper, large_print=large_print)
    sheet = Sheet(name, read(pdf), record, theme, language.script, language.rtl, large_print)
    figures = typesize.figures(sheet)
    figures.ending_early = fill.ending_early(sheet)
    return Outcome(name, check_sheet(sheet), figures, pdf, record)


def check_combo(combo: Combo, base: Options) -> Outcome:
    try:
        pdf, record = build_recorded(combo.drug, combo.lang, combo.options(base))
    except (UserError, ContentError) as exc:
        lines = [str(p) for p in exc.problems] if isinstance(exc, ContentError) else [str(exc)]
        problems = [Problem(combo.name, 0, "build", f"could not build: {line}") for line in lines]
        return Outcome(combo.name, problems, Figures())
    except Exception as exc:  # a layout bug: report it with the rest, do not stop the run
        what = f"could not build ({type(exc).__name__}: {exc})"
        return Outcome(combo.name, [Problem(combo.name, 0, "build", what)], Figures())
    return check_pdf(combo.name, pdf, record, combo.paper, combo.large_print, combo.lang)


Progress = Callable[[int, int], None]


def run(todo: list[Combo], base: Options, jobs: int, progress: Progress | None = None) -> list[Outcome]:
    """Build and check every combination, in parallel over ``jobs`` processes."""
    results: dict[Combo, Outcome] = {}
    if progress:
        progress(0, len(todo))
    if jobs <= 1 or len(todo) <= 1:
        for combo in todo:
            results[combo] = check_combo(combo, base)
            if progress:
                progress(len(results), len(todo))
    else:
        _preload(todo)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = {pool.submit(check_combo, combo, base): combo for combo in todo}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if progress:
                    progress(len(results), len(todo))
    return [results[c] for c in todo]


def _preload(todo: list[Combo]) -> None:
    """Import ReportLab and load the fonts once, before the workers fork."""
    from .. import fonts
    from ..pdf import assemble

    del assemble
    theme = load_theme(todo[0].paper)
    for script in {i18n.language(c.lang).script for c in todo}:
        fonts.register(theme, script)


def packet_outcome(outcomes: list[tuple[Combo, Outcome]], base: Options, paper: str) -> Outcome | None:
    """The plain handouts of one paper joined as a clinic packet (cover, blank backs),
    checked page by page like the handouts, with each handout's record moved to its pages."""
    import pypdfium2 as pdfium

    from ..packet.build import assemble
    from ..packet.plan import Handout, Plan

    chosen = [
        (c, o)
        for c, o in outcomes
        if c.paper == paper and not c.large_print and c.variant == "plain" and o.pdf
    ]
    if not chosen:
        return None
    plan = Plan(
        Packet(name="Preflight packet", entries=()),
        Path("preflight-packet.yaml"),
        tuple(Handout(c.drug, c.lang, 1, Mark("preflight")) for c, _ in chosen),
        replace(base, paper=paper),
        START,
    )
    pdf, _ = assemble(plan, {(c.drug, c.lang): o.pdf for c, o in chosen})
    starts = _handout_starts(pdf)
    theme = load_theme(paper)
    record = Record(footer_heights=[theme.page.footer_height] * len(pdfium.PdfDocument(io.BytesIO(pdf))))
    parts = []
    for n, ((_, o), start) in enumerate(zip(chosen, starts, strict=True)):
        count = len(pdfium.PdfDocument(io.BytesIO(o.pdf)))
        parts.append((start + 1, start + count))
        record.footer_heights[start : start + count] = o.record.footer_heights
        record.blocks += [
            replace(b, page=b.page + start, group=b.group + GROUPS * n) for b in o.record.blocks
        ]
        record.texts += o.record.texts
    name = f"packet-{paper}.pdf"
    sheet = Sheet(name, read(pdf), record, theme, "mixed", False, False, parts)
    figures = Figures(files=1, pages=len(sheet.pages), ending_early=fill.ending_early(sheet))
    return Outcome(name, check_sheet(sheet), figures, pdf, record)


def _handout_starts(pdf: bytes) -> list[int]:
    """The 0-based first page of each handout in a packet, from its bookmarks (the
    packet's name, then one entry per handout with its sections under it)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    children = next((item for item in reader.outline if isinstance(item, list)), [])
    pages = [reader.get_destination_page_number(item) for item in children if not isinstance(item, list)]
    return [p or 0 for p in pages]
