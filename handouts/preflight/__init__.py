"""A printer's preflight for handouts: build every requested combination, read each PDF
back, check every page, and report every problem at once.

    combos   = matrix.combos(options, drugs, langs, ...)   # drug x language x paper x size x variant
    outcomes = matrix.run(combos, options, jobs)            # built in parallel, read back, checked
    packet   = matrix.packet_outcome(...)                   # the plain handouts joined as a packet
    report   = Report(problems, figures)                    # "file page N: what, where"

One module per family of checks: area (printable area, overlaps, rules through text),
breaks (words, numbers, line starts), flow (lonely lines and items, split boxes and
tables), typesize (sizes, line length), glyphs, fill (mostly empty pages). Reading uses
PDFium (reading.py); the layout's own record (handouts.pdf.structure) says which lines form
a heading, a list or a box, and where the source text had spaces.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..pipeline import Options
from ..reading.theme import PAPERS
from . import matrix
from .matrix import SIZES, VARIANTS, Progress
from .problems import KINDS, Figures, Problem, by_kind


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        f = self.figures
        return {
            "problems": [p.as_dict() for p in self.problems],
            "figures": {
                "files": f.files,
                "pages": f.pages,
                "problems_by_kind": by_kind(self.problems),
                "pages_ending_early_before_a_block_kept_whole": f.ending_early,
                "median_chars_per_full_body_line": f.medians(),
                "size_shares_percent": f.size_shares(),
                "seconds": round(self.seconds, 1),
            },
        }

    def summary(self) -> list[str]:
        f = self.figures
        found = f"{len(self.problems)} problem(s)"
        out = [f"checked {f.files} files, {f.pages} pages in {self.seconds:.0f} s: {found}"]
        out += [f"  {n:5d}  {KINDS[k]}" for k, n in by_kind(self.problems).items()]
        if f.ending_early:
            out.append(f"pages ending early before a block kept whole (not a problem): {f.ending_early}")
        medians = ", ".join(f"{s} {m}" for s, m in f.medians().items())
        if medians:
            out.append(f"median characters per full body line: {medians}")
        for variant, shares in f.size_shares().items():
            top = ", ".join(f"{size} pt {share}%" for size, share in list(shares.items())[:6])
            out.append(f"type sizes ({variant}): {top}")
        return out


def preflight(
    options: Options,
    drugs: list[str] | None = None,
    langs: list[str] | None = None,
    papers: tuple[str, ...] = PAPERS,
    sizes: tuple[str, ...] = SIZES,
    variants: tuple[str, ...] = VARIANTS,
    jobs: int = 1,
    packet: bool = True,
    progress: Progress | None = None,
) -> tuple[Report, list[matrix.Outcome]]:
    """Build and check every combination (and a packet per paper); every problem found."""
    start = time.perf_counter()
    todo = matrix.combos(options, drugs or [], langs or [], papers, sizes, variants)
    outcomes = matrix.run(todo, options, jobs, progress)
    report = Report()
    for o in outcomes:
        report.problems += o.problems
        report.figures.add(o.figures)
    if packet:
        pairs = list(zip(todo, outcomes, strict=True))
        for paper in papers:
            joined = matrix.packet_outcome(pairs, options, paper)
            if joined is not None:
                outcomes.append(joined)
                report.problems += joined.problems
                report.figures.add(joined.figures)
    report.seconds = time.perf_counter() - start
    return report, outcomes


__all__ = ["Problem", "Report", "preflight"]
