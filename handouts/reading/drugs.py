"""The content folder: drugs, their facts, and their prose per language, validated.

Layout: ``<content>/<drug-id>/facts.yaml`` plus one ``<lang>.yaml`` per language.
Every check here reports ``file:line:col: field.path: message`` and carries on, so
one run shows every problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import string
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, Mark, Problem, UserError, display_path
from ..model import DOSE_UNITS, DURATIONS, Facts, Prose, Quantity
from . import loader
from .loader import Node
from .schema import ID, Converter, did_you_mean

FACTS = "facts.yaml"
SOURCE = "en"
LANG_FILE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")
DRUG_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")  # a folder name and part of a file name: no '/', no '..'
MAX_NAME = 60  # characters: a drug's name is in the title and in every page's footer
MAX_VERSION = 20  # the content version is in every page's footer too
# Lists that make a section: an empty one would print a heading over nothing.
NOT_EMPTY_FACTS = ("other_names", "cycle_days", "tests", "side_effects.common", "side_effects.serious")
NOT_EMPTY_PROSE = (
    "key_points",
    "studied_for.items",
    "how_it_works",
    "results.items",
    "dosing.changes",
    "tests.items",
    "side_effects.common",
    "side_effects.serious",
    "precautions",
    "dos",
    "donts",
    "questions.items",
)


@dataclass(frozen=True)
class DrugFolder:
    drug_id: str
    folder: Path
    languages: tuple[str, ...]


def find_drugs(roots: Path | Sequence[Path]) -> dict[str, DrugFolder]:
    """Drug folders under each content folder, searched in order: a drug in an earlier
    folder hides one of the same id in a later one. A folder is a drug when it holds
    facts.yaml (whatever kind of file: the loader refuses one that is not a regular
    file) and its name is a drug id (see :func:`misnamed`)."""
    roots = (roots,) if isinstance(roots, Path) else tuple(roots)
    missing = [display_path(root) for root in roots if not root.is_dir()]
    if missing:
        raise UserError(f"content folder not found: {', '.join(missing)}")
    drugs: dict[str, DrugFolder] = {}
    for root in roots:
        for folder in _drug_folders(root):
            if DRUG_ID.match(folder.name) and folder.name not in drugs:
                langs = tuple(sorted(p.stem for p in folder.glob("*.yaml") if p.name != FACTS))
                drugs[folder.name] = DrugFolder(folder.name, folder, langs)
    return drugs


def _drug_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and os.path.lexists(p / FACTS))


def misnamed(roots: Path | Sequence[Path]) -> list[Problem]:
    """Folders holding facts.yaml whose name cannot be a drug id (left out of every list)."""
    roots = (roots,) if isinstance(roots, Path) else tuple(roots)
    return [
        Problem(
            Mark(display_path(folder)),
            "",
            "folder name is not a drug id (lowercase letters, digits, '-' and '_'; "
            "it names the PDF files): rename the folder",
        )
        for root in roots
        if root.is_dir()
        for folder in _drug_folders(root)
        if not DRUG_ID.match(folder.name)
    ]


def pick_drug(drugs: dict[str, DrugFolder], name: str) -> DrugFolder:
    key = name.strip().lower()
    if key in drugs:
        return drugs[key]
    hint = did_you_mean(key, drugs)
    raise UserError(f"no drug '{name}'{hint}; available: {', '.join(drugs) or '(none)'}")


def _walk(root: Node, path: str) -> tuple[Node, bool]:
    """Follow a dotted path as far as it goes: the node reached, and whether it is the end."""
    node = root
    for part in re.findall(r"[^.\[\]]+", path):
        value = node.value
        if isinstance(value, dict) and part in value:
            node = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            node = value[int(part)]
        else:
            return node, False
    return node, True


def find(root: Node, path: str) -> Node | None:
    """The node at a dotted path, or None when any step is missing."""
    node, complete = _walk(root, path)
    return node if complete else None


def node_at(root: Node, path: str) -> Node:
    """The deepest node along a dotted path (for placing a problem)."""
    return _walk(root, path)[0]


def strings(node: Node, path: str = "") -> Iterator[tuple[str, str, Mark]]:
    """Every text value under ``node``: (field path, text, mark)."""
    value = node.value
    if isinstance(value, str):
        yield path, value, node.mark
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from strings(child, f"{path}[{i}]")


def load_facts(drug: DrugFolder, problems: list[Problem]) -> Facts | None:
    node = loader.load(drug.folder / FACTS, problems)
    if node is None:
        return None
    facts = Converter(problems).build(Facts, node)
    if facts is None:
        return None
    before = len(problems)

    def bad(path: str, message: str) -> None:
        problems.append(Problem(node_at(node, path).mark, path, message))

    if not DRUG_ID.match(facts.drug_id):
        bad("drug_id", "a drug id is lowercase letters, digits, '-' and '_' (it names the PDF files)")
    elif facts.drug_id != drug.drug_id:
        bad("drug_id", f"'{facts.drug_id}' does not match its folder name '{drug.drug_id}'")
    for path, text, limit in (
        ("name", facts.name, MAX_NAME),
        ("content.version", facts.content.version, MAX_VERSION),
    ):
        if len(text) > limit:
            bad(path, f"{len(text)} characters; at most {limit} fit the footer of every page")
    for path, text in _facts_texts(facts):
        if "**" in text:
            hint = "; for bold, put ** around the {placeholder} in the prose" if path[:6] == "terms." else ""
            bad(path, f"'**' cannot be printed: it marks bold text in a handout{hint}")
    for path in NOT_EMPTY_FACTS:
        _not_empty(node, path, problems)
    for path, ids in (
        ("tests", facts.tests),
        ("side_effects.common", facts.side_effects.common),
        ("side_effects.serious", facts.side_effects.serious),
    ):
        for i, item in enumerate(ids):
            if not ID.match(item):
                bad(f"{path}[{i}]", "names are lowercase letters, digits and '_'")
        if len(set(ids)) != len(ids):
            bad(path, "a name is listed twice")
    if not 1 <= facts.times_per_day <= 6:
        bad("times_per_day", "must be from 1 to 6")
    if not all(1 <= d <= 366 for d in facts.cycle_days):
        bad("cycle_days", "each cycle is 1 to 366 days")
    for path, quantity in (("dose", facts.dose), *((f"values.{k}", q) for k, q in facts.values.items())):
        for where, message in quantity_problems(quantity, dose=path == "dose"):
            bad(f"{path}.{where}", message)
    for section, names in (("values", facts.values), ("terms", facts.terms)):
        for name in names:
            if not ID.match(name):
                bad(f"{section}.{name}", "names are lowercase letters, digits and '_'")
    clash = set(facts.values) & set(facts.terms)
    for name in sorted(clash):
        bad(f"terms.{name}", "also defined under values: use one name once")
    for section, names in (("values", facts.values), ("terms", facts.terms)):
        for name in sorted(set(names) & set(BUILT_IN)):
            bad(
                f"{section}.{name}",
                f"{{{name}}} is built in (the drug's {name.replace('_', ' ')}): choose another",
            )
    return facts if len(problems) == before else None


MAX_NUMBER = 1_000_000  # larger than any dose, count or rate a handout prints
DECIMALS = 3  # what a handout prints after the decimal point: 0.000001 mg would read "0 mg"


def quantity_problems(q: Quantity, dose: bool = False) -> list[tuple[str, str]]:
    """Numbers a handout cannot print truthfully: (field, message) pairs."""
    out: list[tuple[str, str]] = []
    if dose and q.unit not in DOSE_UNITS:
        out.append(("unit", f"a dose is measured in {', '.join(DOSE_UNITS)}, not '{q.unit}'"))
    numbers = [("value", q.value)] + ([("to", q.to)] if q.to is not None else [])
    for where, n in numbers:
        if not math.isfinite(n):  # .nan, .inf
            out.append((where, f"'{n}' is not a number a handout can print"))
        elif abs(n) > MAX_NUMBER:
            out.append((where, f"{n:.3g} is more than any figure a handout prints (at most {MAX_NUMBER:,})"))
        elif n <= 0 and (dose or q.unit in DURATIONS):
            what = "a dose" if dose else "a duration"
            out.append((where, f"{n:g} cannot be {what}: give a number above 0"))
        elif n < 0:
            out.append((where, f"{n:g}: a handout prints no negative figures"))
        elif round(n, DECIMALS) != n:
            out.append((where, f"{n!r} has more decimals than a handout prints (at most {DECIMALS})"))
        elif q.unit == "year" and n != int(n):
            out.append((where, f"{n:g} is not a year: write it as 2026"))
    if q.to is not None and not out and q.to <= q.value:
        out.append(("to", f"a range goes from low to high: {q.value:g} to {q.to:g} is backwards"))
    return out


def _facts_texts(facts: Facts) -> list[tuple[str, str]]:
    """The facts' text that is printed as written."""
    out = [("name", facts.name), ("content.version", facts.content.version)]
    out += [(f"other_names[{i}]", name) for i, name in enumerate(facts.other_names)]
    out += [(f"terms.{key}", text) for key, text in facts.terms.items()]
    return out


def _not_empty(root: Node, path: str, problems: list[Problem]) -> None:
    node = find(root, path)
    if node is not None and node.value in ([], {}):
        problems.append(Problem(node.mark, path, "lists nothing: give at least one item"))


BUILT_IN = ("name", "cycle_days")  # placeholders every drug has: its name, its cycles


def placeholders(facts: Facts) -> set[str]:
    return set(facts.values) | set(facts.terms) | set(BUILT_IN)


def _digits(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Nd"]


def check_terms(node: Node, facts: Facts, problems: list[Problem]) -> None:
    """A language's own terms: each one facts.yaml has, with its digits unchanged."""
    terms = find(node, "terms")
    if terms is None or not isinstance(terms.value, dict):
        return
    for key, child in terms.value.items():
        path = f"terms.{key}"
        if key not in facts.terms:
            hint = did_you_mean(key, facts.terms)
            problems.append(Problem(terms.key_marks[key], path, f"not a term in facts.yaml{hint}"))
        elif isinstance(child.value, str):
            if _digits(child.value) != _digits(facts.terms[key]):
                want = " ".join(_digits(facts.terms[key])) or "none"
                problems.append(
                    Problem(child.mark, path, f"must have the digits of facts.yaml's term, in order: {want}")
                )
            if "**" in child.value or "{" in child.value or "}" in child.value:
                problems.append(Problem(child.mark, path, "a term is printed as written: no ** or {braces}"))


def check_text(path: str, text: str, mark: Mark, known: set[str], problems: list[Problem]) -> None:
    """Placeholders must be known, bold marks paired, and no number typed by hand."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        problems.append(Problem(mark, path, f"bad {{placeholder}}: {exc} (write {{{{ for a brace)"))
        return
    literal = []
    for lit, name, spec, conv in parsed:
        literal.append(lit)
        if name is None:
            continue
        if spec or conv or name not in known:
            hint = did_you_mean(name, known)
            problems.append(
                Problem(
                    mark, path, f"unknown placeholder {{{name}}}{hint}; known: {', '.join(sorted(known))}"
                )
            )
    plain = "".join(literal)
    digits = sorted({ch for ch in plain if unicodedata.category(ch) == "Nd"})
    if digits:
        problems.append(
            Problem(
                mark,
                path,
                f"has the digit(s) {' '.join(digits)}: numbers come from facts.yaml, "
                "write a {placeholder} instead",
            )
        )
    if plain.count("**") % 2:
        problems.append(Problem(mark, path, "unpaired ** (bold marks come in pairs)"))


def fingerprint(value: Any) -> str:
    """A short, stable hash of a section of the English source."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


SECTIONS = tuple(
    f.name
    for f in dataclasses.fields(Prose)
    if f.name not in ("language", "review", "translated_from", "terms")
)


def source_fingerprints(source: Prose) -> dict[str, str]:
    return {name: fingerprint(getattr(source, name)) for name in SECTIONS}


def _shape(node: Node) -> Any:
    """The keys and list lengths of a prose tree, without the words."""
    value = node.value
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return None


def _compare(have: Any, want: Any, node: Node, path: str, problems: list[Problem]) -> None:
    if isinstance(want, dict) and isinstance(have, dict):
        for key in want:
            sub = f"{path}.{key}" if path else key
            if key not in have:
                problems.append(Problem(node_at(node, path).mark, sub, "missing: the English text has it"))
            else:
                _compare(have[key], want[key], node, sub, problems)
        for key in have:
            if key not in want:
                sub = f"{path}.{key}" if path else key
                problems.append(Problem(node_at(node, sub).mark, sub, "not in the English text: remove it"))
    elif isinstance(want, list) and isinstance(have, list) and len(want) != len(have):
        problems.append(
            Problem(
                node_at(node, path).mark, path, f"has {len(have)} items; the English text has {len(want)}"
            )
        )
    elif isinstance(want, list) and isinstance(have, list):
        for i, (h, w) in enumerate(zip(have, want, strict=False)):
            _compare(h, w, node, f"{path}[{i}]", problems)


@dataclass(frozen=True)
class LoadedProse:
    prose: Prose
    shape: Any


def load_prose(
    drug: DrugFolder,
    lang: str,
    facts: Facts,
    problems: list[Problem],
    source: LoadedProse | None = None,
) -> LoadedProse | None:
    """Read and check one language file; ``source`` is the English one to compare against."""
    path = drug.folder / f"{lang}.yaml"
    if not LANG_FILE.match(lang):
        problems.append(
            Problem(Mark(display_path(path)), "", "file name is not a language code (es.yaml, zh-Hans.yaml)")
        )
        return None
    node = loader.load(path, problems)
    if node is None:
        return None
    before = len(problems)
    prose = Converter(problems).build(Prose, node)
    known = placeholders(facts)
    for section in NOT_EMPTY_PROSE:
        _not_empty(node, section, problems)
    for field_path, text, mark in strings(node):
        if not field_path.startswith(("translated_from", "terms.")):
            check_text(field_path, text, mark, known, problems)
    check_terms(node, facts, problems)
    for section, want in (
        ("tests.items", facts.tests),
        ("side_effects.common", facts.side_effects.common),
        ("side_effects.serious", facts.side_effects.serious),
    ):
        have = find(node, section)
        if have is None or not isinstance(have.value, dict):
            continue  # reported by the schema
        for name in want:
            if name not in have.value:
                problems.append(Problem(have.mark, f"{section}.{name}", "missing: facts.yaml lists it"))
        for name in have.value:
            if name not in want:
                hint = did_you_mean(name, want)
                problems.append(
                    Problem(have.key_marks[name], f"{section}.{name}", "not listed in facts.yaml" + hint)
                )
    shape = _shape(node)
    if source is not None and isinstance(shape, dict):  # even when the schema found problems
        drop = ("language", "review", "translated_from", "terms")
        reported = {p.path for p in problems[before:]}
        compared: list[Problem] = []
        mine = {k: v for k, v in shape.items() if k not in drop}
        if isinstance(mine.get("names"), dict):  # a language's own name for the drug
            mine["names"] = {k: v for k, v in mine["names"].items() if k != "drug"}
        _compare(
            mine,
            {k: v for k, v in source.shape.items() if k not in drop},
            node,
            "",
            compared,
        )
        problems += [p for p in compared if p.path not in reported]
    if prose is None:
        return None
    if prose.language != lang:
        problems.append(
            Problem(
                node_at(node, "language").mark, "language", f"'{prose.language}' but the file is {lang}.yaml"
            )
        )
    if source is not None:
        if prose.review.status == "source":
            problems.append(
                Problem(
                    node_at(node, "review.status").mark,
                    "review.status",
                    "only the English text is the source: use draft or reviewed",
                )
            )
    elif prose.review.status != "source":
        problems.append(
            Problem(
                node_at(node, "review.status").mark,
                "review.status",
                "the English text is the source: status must be 'source'",
            )
        )
    if prose.review.status == "reviewed" and not (prose.review.reviewed_by and prose.review.reviewed_on):
        problems.append(
            Problem(
                node_at(node, "review").mark,
                "review",
                "a reviewed translation names reviewed_by and reviewed_on",
            )
        )
    return LoadedProse(prose, shape) if len(problems) == before else None


@dataclass(frozen=True)
class DrugContent:
    facts: Facts
    prose: dict[str, Prose]


def load_drug(drug: DrugFolder, langs: tuple[str, ...] | None = None) -> DrugContent:
    """Facts plus the requested languages (English is always read: it is the source)."""
    problems: list[Problem] = []
    facts = load_facts(drug, problems)
    prose: dict[str, Prose] = {}
    if facts is not None:
        if SOURCE not in drug.languages:
            problems.append(
                Problem(Mark(display_path(drug.folder)), "", "no en.yaml: English is the source text")
            )
        else:
            source = load_prose(drug, SOURCE, facts, problems)
            if source is not None:
                prose[SOURCE] = source.prose
                for lang in langs if langs is not None else drug.languages:
                    if lang != SOURCE:
                        loaded = load_prose(drug, lang, facts, problems, source)
                        if loaded is not None:
                            prose[lang] = loaded.prose
    if problems:
        raise ContentError(problems)
    assert facts is not None
    return DrugContent(facts, prose)
