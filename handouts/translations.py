"""Translation status: per drug and language, complete, missing keys, or stale.

Each translation records, under ``translated_from``, a fingerprint of every English
section it was translated from. When the English text of a section changes, its
fingerprint changes, and every translation of that section is *stale* until a
translator updates it and stamps it again (``handouts translations --stamp``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .drugs import SOURCE, DrugFolder, LoadedProse, load_facts, load_prose, source_fingerprints
from .errors import ContentError, Problem, UserError
from .loader import MAX_FILE_BYTES
from .model import Facts


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


BLOCK = re.compile(r"^translated_from:.*?(?=^\S|\Z)", re.S | re.M)
STAMP_NOTE = (
    "# Fingerprints of the English sections this text was translated from; written by\n"
    "# `handouts translations --stamp`. Do not edit by hand."
)


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
    text = BLOCK.sub("", path.read_text(encoding="utf-8")).rstrip("\n")
    if text.endswith(STAMP_NOTE):
        text = text[: -len(STAMP_NOTE)].rstrip("\n")
    lines = [f"  {section}: {fp}" for section, fp in source_fingerprints(source.prose).items()]
    new = f"{text}\n\n{STAMP_NOTE}\ntranslated_from:\n" + "\n".join(lines) + "\n"
    if len(new.encode()) > MAX_FILE_BYTES:
        raise UserError(f"{path} would exceed the size limit")
    path.write_text(new, encoding="utf-8")
    return path
