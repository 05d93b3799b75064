"""Translation status: per drug and language, complete, missing keys, or stale.

Each translation records, under ``translated_from``, a fingerprint of every English
section it was translated from. When the English text of a section changes, its
fingerprint changes, and every translation of that section is *stale* until a
translator updates it and stamps it again (``handouts translations --stamp``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import ContentError, Problem, UserError
from ..model import Facts
from ..reading import loader
from ..reading.drugs import SOURCE, DrugFolder, LoadedProse, load_facts, load_prose, source_fingerprints
from . import langfile


@dataclass(frozen=True)
class Status:
    drug: str
    lang: str
    name: str
    review: str  # source, draft, reviewed
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None
    missing: tuple[str, ...] = ()  # field paths the English has and this file lacks
    problems: tuple[str, ...] = ()  # any other problem that stops the file from loading
    stale: tuple[str, ...] = ()  # sections whose English changed since translation
    unknown: tuple[str, ...] = field(default=())  # sections never stamped

    @property
    def approved(self) -> bool:
        """Reviewed, and the English has not changed since: the page names the review."""
        return self.review == "reviewed" and self.state == "complete"

    @property
    def state(self) -> str:
        if self.lang == SOURCE:
            return "source"
        if self.problems:
            return "invalid"
        if self.missing:
            return "missing"
        if self.stale or self.unknown:
            return "stale"
        return "complete"


def _source(drug: DrugFolder) -> tuple[LoadedProse, Facts]:
    problems: list[Problem] = []
    facts = load_facts(drug, problems)
    source = load_prose(drug, SOURCE, facts, problems) if facts is not None else None
    if source is None or facts is None:
        raise ContentError(problems)
    return source, facts


def statuses(drugs: dict[str, DrugFolder]) -> list[Status]:
    out: list[Status] = []
    for drug in drugs.values():
        source, facts = _source(drug)
        wanted = source_fingerprints(source.prose)
        for lang in drug.languages:
            name = i18n.language(lang).native_name
            if lang == SOURCE:
                out.append(Status(drug.drug_id, lang, name, "source"))
                continue
            problems: list[Problem] = []
            loaded = load_prose(drug, lang, facts, problems, source)
            missing = tuple(p.path for p in problems if p.message.startswith("missing"))
            others = tuple(str(p) for p in problems if not p.message.startswith("missing"))
            if loaded is None:
                out.append(Status(drug.drug_id, lang, name, "draft", missing=missing, problems=others))
                continue
            prose = loaded.prose
            have = prose.translated_from
            stale = tuple(s for s, fp in wanted.items() if s in have and have[s] != fp)
            unknown = tuple(s for s in wanted if s not in have)
            out.append(
                Status(
                    drug.drug_id,
                    lang,
                    name,
                    prose.review.status,
                    prose.review.reviewed_by,
                    prose.review.reviewed_on,
                    missing,
                    others,
                    stale,
                    unknown,
                )
            )
    return out


MAX_REVIEWER = 60  # characters: the review line prints at the foot of every page


def english_fingerprints(drug: DrugFolder) -> dict[str, str]:
    """The fingerprint of every section of the current English text."""
    return source_fingerprints(_source(drug)[0].prose)


def section_state(drug: DrugFolder, lang: str) -> dict[str, str]:
    """The sections of ``lang`` that do not match the current English: "stale" (changed
    since stamped) or "unknown" (never stamped)."""
    path = drug.folder / f"{lang}.yaml"
    node = loader.load(path, [])
    block = node.value.get("translated_from") if node is not None and isinstance(node.value, dict) else None
    have = (
        {k: str(v.value) for k, v in block.value.items()} if block and isinstance(block.value, dict) else {}
    )
    return {
        s: ("unknown" if s not in have else "stale")
        for s, fp in english_fingerprints(drug).items()
        if have.get(s) != fp
    }


def stamp(drug: DrugFolder, lang: str) -> Path:
    """Record that ``lang`` is translated from the current English text (all sections)."""
    if lang == SOURCE:
        raise UserError("the English text is the source; stamp a translation (es, zh-Hans, ...)")
    if lang not in drug.languages:
        raise UserError(f"{drug.drug_id} has no {lang}.yaml; languages: {', '.join(drug.languages)}")
    source, facts = _source(drug)
    problems: list[Problem] = []
    if load_prose(drug, lang, facts, problems, source) is None:
        raise ContentError(problems)
    path = drug.folder / f"{lang}.yaml"
    old = path.read_text(encoding="utf-8")
    new = langfile.set_stamps(old, source_fingerprints(source.prose))
    if new != old:
        langfile.write(path, new)
    return path


def approve(drug: DrugFolder, lang: str, by: str, on: dt.date) -> Path:
    """Record that a qualified medical translator reviewed ``lang`` as it stands now.

    Only a complete, current translation can be approved: the review covers the English
    it was stamped against, and a later English change makes it a draft again.
    """
    if lang == SOURCE:
        raise UserError("the English text is the source: approve a translation (es, zh-Hans, ...)")
    if lang not in drug.languages:
        raise UserError(f"{drug.drug_id} has no {lang}.yaml; languages: {', '.join(drug.languages)}")
    name = " ".join(by.split())
    if not name or any(unicodedata.category(ch) == "Nd" for ch in name) or "**" in name or "{" in name:
        raise UserError("--by: the reviewer's name and role, in words (no digits, braces or **)")
    if len(name) > MAX_REVIEWER:
        raise UserError(f"--by: {len(name)} characters; at most {MAX_REVIEWER} fit the foot of every page")
    source, facts = _source(drug)
    problems: list[Problem] = []
    if load_prose(drug, lang, facts, problems, source) is None:
        raise ContentError(problems)
    if behind := section_state(drug, lang):
        raise UserError(
            f"{drug.drug_id} {lang} does not match the current English ({', '.join(behind)}): "
            "update it and stamp it (or import it) before the review is recorded"
        )
    path = drug.folder / f"{lang}.yaml"
    old = path.read_text(encoding="utf-8")
    new = langfile.set_review(old, "reviewed", name, on)
    if new != old:
        langfile.write(path, new)
    return path
