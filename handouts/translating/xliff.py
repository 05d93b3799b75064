"""XLIFF 2.0 for professional translators: export a language file, import it back.

One ``<unit>`` per text of the language file, named by its field path; the English as
``<source>``, the current translation as ``<target>``, a note saying where it prints.
``{placeholders}`` become ``<ph>`` codes and ``**bold**`` a ``<pc>`` pair, so a CAT tool
protects them. The import reads the file with defusedxml (an XLIFF comes from outside:
no DTD, no entities, no external references), checks every target as ``validate`` does
and names each problem by the XLIFF's own file:line:column, then changes only the
values that changed (``langfile``) and re-stamps their sections.
"""

from __future__ import annotations

import string
import xml.etree.ElementTree as ET
import xml.sax
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from .. import fonts, i18n
from ..errors import ContentError, Mark, Problem, UserError, display_path
from ..reading import loader
from ..reading.drugs import SECTIONS, SOURCE, DrugFolder, check_text, find_drugs, placeholders, strings
from ..reading.theme import load_theme
from ..text import plain, shape
from . import langfile

NS = "urn:oasis:names:tc:xliff:document:2.0"
NAMESPACES = (NS, "urn:oasis:names:tc:xliff:document:2.1")
NOT_TEXT = ("language", "review", "translated_from")
CONFIRMED = ("translated", "reviewed", "final")  # a segment's state once a translator confirmed it
MAX_BYTES = 5_000_000
# Where each part of the language file prints (the headings as the English handout has them).
WHERE = {
    "names": "Page 1, the lines under the drug's name",
    "summary": "Page 1, the summary under the drug's name",
    "key_points": "Page 1, the box 'Key points'",
    "studied_for": "Section 'What it is being studied for'",
    "how_it_works": "Section 'How it works'",
    "results": "Section 'What studies have shown'",
    "dosing": "Section 'How to take it'",
    "dosing.changes": "Section 'Changes to your dose'",
    "dosing.changes_intro": "Section 'Changes to your dose'",
    "dosing.missed_dose": "Section 'If you miss a dose'",
    "tests": "Section 'Before you start'",
    "side_effects": "Section 'Side effects', the table",
    "side_effects.managing": "Section 'How side effects are managed'",
    "side_effects.serious": "The box 'Call your care team right away'",
    "precautions": "Section 'While you take it'",
    "dos": "The column 'Do'",
    "donts": "The column 'Don't'",
    "disclaimer": "The last page, the disclaimer",
}
LIMITS: dict[str, int] = {}  # field path -> characters; no prose field has a fixed limit today


def where(path: str) -> str:
    key = path.split("[")[0]
    while key:
        if key in WHERE:
            return WHERE[key]
        key = key.rpartition(".")[0]
    return f"Section '{path.split('.')[0].split('[')[0]}'"


def unit_id(path: str) -> str:
    """An XML name for a field path: ``key_points[0]`` -> ``key_points.0``."""
    return path.replace("[", ".").replace("]", "")


# --- text <-> inline codes ----------------------------------------------------------


@dataclass
class Codes:
    """The inline codes of one unit. A target's codes take the ids of the source's codes
    they stand for (as XLIFF pairs them); a code the source lacks gets a new id."""

    data: dict[str, str] = field(default_factory=dict)  # data id -> "{name}"
    source_ph: list[tuple[str, str]] = field(default_factory=list)  # (id, "{name}") in order
    source_pc: list[str] = field(default_factory=list)
    count: int = 0

    def ph_id(self, value: str, target: bool, used: set[str]) -> str:
        if target:
            for id_, v in self.source_ph:
                if v == value and id_ not in used:
                    return id_
        self.count += 1
        id_ = f"{'t' if target else ''}{self.count}"
        if not target:
            self.source_ph.append((id_, value))
        return id_

    def pc_id(self, target: bool, used: set[str]) -> str:
        if target:
            for id_ in self.source_pc:
                if id_ not in used:
                    return id_
        self.count += 1
        id_ = f"{'t' if target else ''}{self.count}"
        if not target:
            self.source_pc.append(id_)
        return id_


def tokens(text: str) -> list[tuple[str, str]]:
    """("text", ...), ("ph", "{name}") and ("bold", "") tokens of a prose text."""
    out: list[tuple[str, str]] = []
    for lit, name, _spec, _conv in string.Formatter().parse(text):
        parts = lit.split("**")
        for i, part in enumerate(parts):
            if i:
                out.append(("bold", ""))
            if part:
                out.append(("text", part))
        if name is not None:
            out.append(("ph", "{" + name + "}"))
    bolds = [i for i, t in enumerate(out) if t[0] == "bold"]
    if len(bolds) % 2:  # an unpaired mark stays text
        out[bolds[-1]] = ("text", "**")
    return out


def _append_text(parent: ET.Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def inline(parent: ET.Element, text: str, codes: Codes, target: bool) -> None:
    """Fill ``parent`` (a source or target) with the text and its codes."""
    stack = [parent]
    used: set[str] = set()
    for kind, value in tokens(text):
        if kind == "text":
            _append_text(stack[-1], value)
        elif kind == "ph":
            ref = next((k for k, v in codes.data.items() if v == value), None)
            if ref is None:
                ref = f"d{len(codes.data) + 1}"
                codes.data[ref] = value
            id_ = codes.ph_id(value, target, used)
            used.add(id_)
            ET.SubElement(stack[-1], "ph", id=id_, dataRef=ref, disp=value)
        elif len(stack) == 1:
            id_ = codes.pc_id(target, used)
            used.add(id_)
            pc = ET.SubElement(stack[-1], "pc", id=id_, type="fmt", subType="xlf:b")
            pc.set("canOverlap", "no")
            stack.append(pc)
        else:
            stack.pop()


# --- export ---------------------------------------------------------------------------


def _texts(path: Path) -> dict[str, str]:
    problems: list[Problem] = []
    node = loader.load(path, problems)
    if node is None:
        raise ContentError(problems)
    return {p: t for p, t, _ in strings(node) if p.split(".")[0].split("[")[0] not in NOT_TEXT}


def _stale(drug: DrugFolder, lang: str) -> set[str]:
    from .translations import section_state

    return set(section_state(drug, lang))


def section_of(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def export(drug: DrugFolder, lang: str) -> bytes:
    """The XLIFF 2.0 document for ``lang`` of ``drug``."""
    if lang == SOURCE or lang not in drug.languages:
        others = ", ".join(x for x in drug.languages if x != SOURCE)
        raise UserError(f"{drug.drug_id} has no translation '{lang}'; translations: {others or '(none)'}")
    english = _texts(drug.folder / f"{SOURCE}.yaml")
    target = _texts(drug.folder / f"{lang}.yaml")
    stale = _stale(drug, lang)
    root = ET.Element("xliff", version="2.0", srcLang=SOURCE, trgLang=lang, xmlns=NS)
    f = ET.SubElement(root, "file", id="f1", original=f"{drug.drug_id}/{lang}.yaml")
    for path, source in english.items():
        unit = ET.SubElement(f, "unit", id=unit_id(path), name=path)
        notes = ET.SubElement(unit, "notes")
        note = f"{where(path)}. Field: {path}."
        if path in LIMITS:
            note += f" At most {LIMITS[path]} characters."
        if section_of(path) in stale:
            note += " The English of this section changed since it was translated."
        ET.SubElement(notes, "note", category="location").text = note
        original = ET.SubElement(unit, "originalData")
        segment = ET.Element("segment", state="initial")
        codes = Codes()
        inline(ET.SubElement(segment, "source"), source, codes, target=False)
        if path in target:
            inline(ET.SubElement(segment, "target"), target[path], codes, target=True)
            if section_of(path) not in stale:
                segment.set("state", "translated")
        for ref, value in codes.data.items():
            ET.SubElement(original, "data", id=ref).text = value
        if not codes.data:
            unit.remove(original)
        unit.append(segment)
    _indent(root, 0)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _indent(el: ET.Element, level: int) -> None:
    """Indent the structure, never inside a source, target or note (their text is content)."""
    if el.tag in ("source", "target", "note", "data") or not len(el):
        return
    el.text = "\n" + "  " * (level + 1)
    for child in el:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    el[-1].tail = "\n" + "  " * level


# --- reading -------------------------------------------------------------------------


@dataclass
class El:
    tag: str
    ns: str
    attrs: dict[str, str]
    mark: Mark
    children: list[El | str] = field(default_factory=list)

    def find(self, tag: str) -> El | None:
        return next((c for c in self.children if isinstance(c, El) and c.tag == tag), None)

    def all(self, tag: str) -> list[El]:
        return [c for c in self.children if isinstance(c, El) and c.tag == tag]


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.stack: list[El] = []
        self.root: El | None = None
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def _mark(self) -> Mark:
        loc = self.locator
        return (
            Mark(self.file, loc.getLineNumber() or 0, (loc.getColumnNumber() or 0) + 1)
            if loc
            else Mark(self.file)
        )

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: object) -> None:
        names = attrs.getNames()  # type: ignore[attr-defined]
        values = {n[1]: attrs.getValue(n) for n in names}  # type: ignore[attr-defined]
        el = El(name[1], name[0] or "", values, self._mark())
        if self.stack:
            self.stack[-1].children.append(el)
        else:
            self.root = el
        self.stack.append(el)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            kids = self.stack[-1].children
            if kids and isinstance(kids[-1], str):
                kids[-1] += content
            else:
                kids.append(content)


def read(path: Path, problems: list[Problem]) -> El | None:
    """Parse an XLIFF file safely, keeping each element's line and column."""
    from defusedxml import DefusedXmlException
    from defusedxml.sax import make_parser

    file = display_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(Mark(file), "", f"file is over {MAX_BYTES:,} bytes: refused"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(Mark(file), "", f"cannot read: {exc.strerror or exc}"))
        return None
    builder = _Builder(file)
    parser = make_parser()
    parser.forbid_dtd = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(builder)
    try:
        parser.parse(BytesIO(raw))
    except xml.sax.SAXParseException as exc:
        mark = Mark(file, exc.getLineNumber() or 0, (exc.getColumnNumber() or 0) + 1)
        problems.append(Problem(mark, "", f"not well-formed XML: {exc.getMessage()}"))
        return None
    except DefusedXmlException as exc:
        problems.append(Problem(Mark(file), "", f"refused: {exc} (an XLIFF needs no DTD or entities)"))
        return None
    return builder.root


def _text(el: El, data: dict[str, str], path: str, problems: list[Problem]) -> str:
    """A source or target back as prose: codes as {placeholders} and **bold**."""
    out: list[str] = []
    for child in el.children:
        if isinstance(child, str):
            out.append(child.replace("{", "{{").replace("}", "}}"))
        elif child.tag == "ph":
            value = data.get(child.attrs.get("dataRef", ""), child.attrs.get("disp", ""))
            if not (value.startswith("{") and value.endswith("}")):
                problems.append(
                    Problem(child.mark, path, "a <ph> code that is not a {placeholder} of the unit")
                )
            out.append(value)
        elif child.tag == "pc":
            inner = _text(child, data, path, problems)
            out.append(f"**{inner}**" if child.attrs.get("subType") == "xlf:b" else inner)
        elif child.tag in ("sc", "ec"):
            out.append("**")
        elif child.tag == "mrk":
            out.append(_text(child, data, path, problems))
        else:
            problems.append(Problem(child.mark, path, f"<{child.tag}> cannot be printed: remove it"))
    return "".join(out)


def _names(text: str) -> list[str]:
    try:
        return sorted(n for _, n, _, _ in string.Formatter().parse(text) if n is not None)
    except ValueError:
        return ["(unbalanced braces)"]


@dataclass(frozen=True)
class Imported:
    path: Path
    updated: tuple[str, ...]  # field paths whose text changed
    stamped: tuple[str, ...]  # sections re-stamped
    back_to_draft: bool


def import_file(xlf: Path, roots: Sequence[Path]) -> Imported:
    """Check an XLIFF file against the content folders and write its language file."""
    from .translations import english_fingerprints, section_state

    problems: list[Problem] = []
    doc = read(xlf, problems)
    if doc is None:
        raise ContentError(problems)
    if doc.tag != "xliff" or doc.ns not in NAMESPACES or not doc.attrs.get("version", "").startswith("2."):
        raise ContentError(
            [Problem(doc.mark, "", "not an XLIFF 2 document (urn:oasis:names:tc:xliff:document:2.0)")]
        )
    files = doc.all("file")
    if len(files) != 1:
        raise ContentError(
            [Problem(doc.mark, "", f"holds {len(files)} <file> elements; export one language file per XLIFF")]
        )
    original = files[0].attrs.get("original", "")
    drug_id, _, name = original.partition("/")
    lang = name.removesuffix(".yaml")
    drugs = find_drugs(roots)
    if drug_id not in drugs or lang not in drugs[drug_id].languages or lang == SOURCE:
        raise ContentError(
            [Problem(files[0].mark, "original", f"'{original}' is not a translation in the content folder")]
        )
    if doc.attrs.get("trgLang") != lang:
        problems.append(
            Problem(doc.mark, "trgLang", f"'{doc.attrs.get('trgLang')}' but the file is {original}")
        )
    drug = drugs[drug_id]
    target_file = drug.folder / f"{lang}.yaml"
    english = _texts(drug.folder / f"{SOURCE}.yaml")
    current = _texts(target_file)
    stale = section_state(drug, lang)
    language = i18n.language(lang)
    covered = fonts.coverage(load_theme("letter"), language.script)
    known = placeholders(_facts(drug))
    changes: dict[str, str] = {}
    confirmed: dict[str, bool] = {}
    for unit in files[0].all("unit"):
        path = unit.attrs.get("name") or unit.attrs.get("id", "")
        if path not in english:
            problems.append(Problem(unit.mark, path, "not a text of the English file: remove this unit"))
            continue
        data = {}
        if (od := unit.find("originalData")) is not None:
            data = {
                d.attrs.get("id", ""): "".join(c for c in d.children if isinstance(c, str))
                for d in od.all("data")
            }
        segments = unit.all("segment")
        parts = [c for c in unit.children if isinstance(c, El) and c.tag in ("segment", "ignorable")]
        source_text, target_text, has_target = "", "", False
        for part in parts:
            s, t = part.find("source"), part.find("target")
            if s is not None:
                source_text += _text(s, data, path, problems)
            if t is not None:
                has_target = True
                target_text += _text(t, data, path, problems)
            elif s is not None:
                target_text += _text(s, data, path, problems) if part.tag == "ignorable" else ""
        if source_text != english[path]:
            where_ = segments[0].mark if segments else unit.mark
            problems.append(
                Problem(where_, path, "the English text changed since this file was exported: export again")
            )
            continue
        section = section_of(path)
        confirmed[section] = confirmed.get(section, True) and all(
            s.attrs.get("state", "initial") in CONFIRMED for s in segments
        )
        if not has_target:
            continue
        mark = next((t.mark for s in segments if (t := s.find("target")) is not None), unit.mark)
        before = len(problems)
        if ("{{" in target_text or "}}" in target_text) and not (
            "{{" in english[path] or "}}" in english[path]
        ):
            problems.append(
                Problem(
                    mark, path, "a brace typed as text: a {placeholder} is the source's inline code (tag)"
                )
            )
            continue
        if _names(target_text) != _names(english[path]):
            problems.append(
                Problem(
                    mark,
                    path,
                    f"placeholders {_names(target_text)} should be {_names(english[path])}",
                )
            )
        check_text(path, target_text, mark, known, problems)
        text = plain(target_text)
        for ch in fonts.missing(text + shape(text) if language.rtl else text, covered):
            problems.append(
                Problem(mark, path, f"the {language.english_name} font has no glyph for {fonts.describe(ch)}")
            )
        if len(problems) > before or target_text == current.get(path):
            continue
        if path not in current:
            problems.append(
                Problem(mark, path, f"{lang}.yaml has no such text yet: add the key to the file first")
            )
            continue
        changes[path] = target_text
    if problems:
        raise ContentError(problems)
    wanted = english_fingerprints(drug)
    have = _stamps(target_file)
    to_stamp = {section_of(p) for p in changes} | {s for s in stale if confirmed.get(s)}
    text = old = target_file.read_text(encoding="utf-8")
    if changes:
        text = langfile.replace(text, changes)
    stamps = {s: (wanted[s] if s in to_stamp else have[s]) for s in SECTIONS if s in to_stamp or s in have}
    if stamps != have:
        text = langfile.set_stamps(text, stamps)
    draft = bool(changes) and _status(target_file) == "reviewed"
    if draft:
        text = langfile.set_review(text, "draft")
    if text == old:
        return Imported(target_file, (), (), False)
    _check_written(text, changes, display_path(target_file))
    langfile.write(target_file, text)
    return Imported(
        target_file, tuple(changes), tuple(sorted(s for s in to_stamp if have.get(s) != wanted[s])), draft
    )


def _facts(drug: DrugFolder):  # type: ignore[no-untyped-def]
    from ..reading.drugs import load_facts

    problems: list[Problem] = []
    facts = load_facts(drug, problems)
    if facts is None:
        raise ContentError(problems)
    return facts


def _stamps(path: Path) -> dict[str, str]:
    node = loader.load(path, [])
    block = node.value.get("translated_from") if node is not None and isinstance(node.value, dict) else None
    if block is None or not isinstance(block.value, dict):
        return {}
    return {k: str(v.value) for k, v in block.value.items()}


def _status(path: Path) -> str:
    node = loader.load(path, [])
    if node is None or not isinstance(node.value, dict) or "review" not in node.value:
        return ""
    review = node.value["review"].value
    status = review.get("status") if isinstance(review, dict) else None
    return str(status.value) if status is not None else ""


def _check_written(text: str, changes: dict[str, str], file: str) -> None:
    """The edited file must read back with exactly the new values (or nothing is written)."""
    problems: list[Problem] = []
    node = loader.parse(text, file, problems)
    got = {p: t for p, t, _ in strings(node)} if node is not None else {}
    wrong = [p for p, t in changes.items() if got.get(p) != t]
    if problems or wrong:
        raise UserError(
            f"{file}: the edited file would not read back as imported ({', '.join(wrong)}); nothing written"
        )
