"""What the preflight finds: problems (file, page, what, where) and figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Kinds of problem, in the order a report lists them.
KINDS = {
    "build": "could not build",
    "margin": "outside the printable area",
    "overlap": "drawn over text",
    "rule": "a rule or box edge crosses text",
    "word": "a word broken across lines",
    "number": "a number or phone number split across lines",
    "line-start": "a line starts with punctuation",
    "lonely": "lines or items left alone at a page foot or head",
    "box-split": "a box split mid-sentence",
    "continued": "a split box or table does not repeat its title or say it continues",
    "size": "type too small",
    "line-length": "lines too long",
    "glyph": "a character without a glyph",
    "empty": "a mostly empty page",
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    page: int  # 1-based; 0 for the whole file
    kind: str
    what: str
    where: str = ""

    def __str__(self) -> str:
        at = f"{self.file} page {self.page}" if self.page else self.file
        return f"{at}: {self.what}" + (f", {self.where}" if self.where else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "page": self.page,
            "kind": self.kind,
            "what": self.what,
            "where": self.where,
        }


@dataclass
class Figures:
    """Measured over everything checked: pages, characters per type size, line lengths."""

    files: int = 0
    pages: int = 0
    sizes: dict[str, Counter[float]] = field(default_factory=dict)  # "standard"/"large print" -> chars
    line_lengths: dict[str, list[int]] = field(default_factory=dict)  # script -> full body lines
    ending_early: int = 0  # pages mostly empty before a block the rules keep whole (fill.py)

    def add(self, other: Figures) -> None:
        self.files += other.files
        self.pages += other.pages
        self.ending_early += other.ending_early
        for k, v in other.sizes.items():
            self.sizes.setdefault(k, Counter()).update(v)
        for k, lengths in other.line_lengths.items():
            self.line_lengths.setdefault(k, []).extend(lengths)

    def size_shares(self) -> dict[str, dict[str, float]]:
        """Per variant: the share of characters (%) set at each size, largest share first."""
        out = {}
        for variant, counts in sorted(self.sizes.items()):
            total = sum(counts.values()) or 1
            out[variant] = {
                f"{size:g}": round(100 * n / total, 1)
                for size, n in sorted(counts.items(), key=lambda kv: -kv[1])
            }
        return out

    def medians(self) -> dict[str, int]:
        return {script: median(lengths) for script, lengths in sorted(self.line_lengths.items()) if lengths}


def median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def by_kind(problems: list[Problem]) -> dict[str, int]:
    counts = Counter(p.kind for p in problems)
    return {k: counts[k] for k in KINDS if counts[k]}
