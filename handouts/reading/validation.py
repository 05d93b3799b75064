"""``handouts validate``: every check on every content file and catalog, all problems at once."""

from __future__ import annotations

import string
from collections.abc import Sequence
from pathlib import Path

from .. import fonts, i18n
from ..errors import ContentError, Mark, Problem, UserError, display_path
from ..text import plain, shape
from . import loader
from .drugs import DrugFolder, find_drugs, load_drug, misnamed, strings
from .theme import Theme, load_theme


def glyph_problems(path: Path, lang: str, theme: Theme) -> list[Problem]:
    """Characters in a language file that its font cannot draw."""
    problems: list[Problem] = []
    node = loader.load(path, [])
    if node is None:
        return problems
    language = i18n.language(lang)
    covered = fonts.coverage(theme, language.script)
    for field, text, mark in strings(node):
        if field.startswith("translated_from"):
            continue
        text = plain(text)
        if language.rtl:
            text += shape(text)
        for ch in fonts.missing(text, covered):
            problems.append(
                Problem(
                    mark, field, f"the {language.english_name} font has no glyph for {fonts.describe(ch)}"
                )
            )
    return problems


def catalog_problems(theme: Theme) -> list[Problem]:
    """UI catalog entries whose characters the language's font cannot draw, or whose
    {placeholders} differ from the English (a typo there would print English instead)."""
    from babel.messages.pofile import read_po

    problems: list[Problem] = []
    folder = Path(__file__).parents[1] / "locales"
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        locale_id = po.parent.parent.name
        with po.open("rb") as f:
            catalog = read_po(f)
        language = i18n.Language(locale_id, catalog.locale) if catalog.locale else i18n.language(locale_id)
        covered = fonts.coverage(theme, language.script)
        for message in catalog:
            if not message.id or not message.string:
                continue
            text = message.string if isinstance(message.string, str) else "".join(message.string)
            where = Mark(display_path(po), message.lineno or 0, 1)
            want, have = _fields(str(message.id)), _fields(text)
            if want != have:
                problems.append(
                    Problem(
                        where, str(message.id)[:40], f"placeholders {sorted(have)} should be {sorted(want)}"
                    )
                )
            if language.rtl:
                text += shape(text)
            for ch in fonts.missing(plain(text), covered):
                problems.append(
                    Problem(where, str(message.id)[:40], f"the font has no glyph for {fonts.describe(ch)}")
                )
    return problems


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"(unbalanced braces)"}


def validate(roots: Path | Sequence[Path]) -> tuple[list[Problem], dict[str, DrugFolder]]:
    theme = load_theme("letter")
    drugs = find_drugs(roots)
    problems = misnamed(roots)
    if not drugs and not problems:
        where = roots if isinstance(roots, Path) else roots[0]
        problems.append(
            Problem(Mark(display_path(where)), "", "no drug folders (a drug folder holds facts.yaml)")
        )
    for drug in drugs.values():
        try:
            load_drug(drug)
        except ContentError as exc:
            problems += exc.problems
        for lang in drug.languages:
            try:
                problems += glyph_problems(drug.folder / f"{lang}.yaml", lang, theme)
            except UserError as exc:
                problems.append(Problem(Mark(display_path(drug.folder / f"{lang}.yaml")), "", str(exc)))
    problems += catalog_problems(theme)
    return sorted(set(problems)), drugs
