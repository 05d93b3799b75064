"""The ``handouts`` command: parse arguments, call the pipeline, report, set the exit code.

Exit codes: 0 ok, 1 bad content or input, 2 bad usage. A user's mistake prints one
line per problem and no traceback (``--debug`` shows it). Heavy modules are
imported inside the commands, so ``handouts --help`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ContentError, UserError

log = logging.getLogger("handouts")


def _options(args: argparse.Namespace) -> Any:
    from .pipeline import Options

    patient = None
    details = {k: getattr(args, k, None) for k in ("patient", "dose", "start", "cycle", "team_phone")}
    if any(v is not None for v in details.values()):
        from .model import Patient

        patient = Patient(name=details.pop("patient"), **details)
    return Options(
        content=args.content,
        brand=getattr(args, "brand", None),
        paper=getattr(args, "paper", None),
        large_print=getattr(args, "large_print", False),
        patient=patient,
        calendar=getattr(args, "calendar", False),
        fillable=getattr(args, "fillable", False),
    )


def _date(text: str) -> Any:
    """--start: a date. The message never repeats what was typed (patient details)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a date: write it as YYYY-MM-DD") from None


def _cycle(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 366:
        raise argparse.ArgumentTypeError("a cycle is a whole number of days, 1 to 366")
    return int(text)


def cmd_list(args: argparse.Namespace) -> int:
    from . import i18n
    from .pipeline import content_roots
    from .reading.drugs import find_drugs

    drugs = find_drugs(content_roots(_options(args)))
    rows: list[dict[str, Any]] = [
        {
            "drug": d.drug_id,
            "languages": [
                {"code": c, "name": i18n.language(c).native_name, "english": i18n.language(c).english_name}
                for c in d.languages
            ],
        }
        for d in drugs.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        langs = ", ".join(f"{lang['code']} ({lang['name']})" for lang in row["languages"])
        print(f"{row['drug']}: {langs}")
    return 0


def _not_a_terminal(output: Path | None) -> None:
    """``-o -`` into a terminal would fill it with binary: refuse, as most tools do."""
    if output is not None and str(output) == "-" and sys.stdout.isatty():
        raise UsageError(
            "-o - writes the PDF to standard output, which is a terminal: redirect it (> file.pdf)"
        )


FORMATS = ("pdf", "html", "both")


def _formats(args: argparse.Namespace) -> tuple[str, ...]:
    """--format: the PDF, the accessible HTML edition, or both."""
    chosen = getattr(args, "format", "pdf")
    return ("pdf", "html") if chosen == "both" else (chosen,)


def _builder(fmt: str) -> Any:
    from .pipeline import build, build_html

    return build if fmt == "pdf" else build_html


def cmd_build(args: argparse.Namespace) -> int:
    from .output import write_atomic
    from .pipeline import output_name, resolve, unusual_paper

    formats = _formats(args)
    if args.output and len(args.drugs) > 1:
        raise UsageError("-o names one file: with several drugs use --out-dir")
    if args.output and str(args.output) == "-" and len(formats) > 1:
        raise UsageError("-o - writes one file to standard output: choose --format pdf or html")
    _not_a_terminal(args.output)
    options = _options(args)
    names: list[tuple[str, str]] = []
    unknown: list[str] = []
    for drug in args.drugs:  # every unknown drug at once, before building anything
        try:
            names.append(resolve(drug, args.lang, options))
        except UserError as exc:
            unknown.append(str(exc))
    if unknown:
        raise UserError("\nhandouts: ".join(unknown))
    for drug, (drug_id, code) in zip(args.drugs, names, strict=True):
        for fmt in formats:
            data = _builder(fmt)(drug, args.lang, options)
            if args.output:
                target = args.output if len(formats) == 1 else args.output.with_suffix(f".{fmt}")
            else:
                folder = args.out_dir or Path(".")
                folder.mkdir(parents=True, exist_ok=True)
                # names from the content, not the input (the HTML prints on the paper too)
                paper = unusual_paper(args.lang, code, options)
                name = output_name(drug_id, code, args.lang, f".{fmt}", paper, options.large_print)
                target = folder / name
            write_atomic(target, data)
            if str(target) != "-":
                log.info("wrote %s (%s bytes)", target, f"{len(data):,}")
    return 0


def cmd_packet(args: argparse.Namespace) -> int:
    import os

    from .cache import Cache
    from .output import write_atomic
    from .packet.build import build_all, build_packet, cached_packet, inputs_key
    from .packet.plan import load, split_targets
    from .progress import Bar

    if not args.split and _formats(args) != ("pdf",):
        raise UsageError("a packet is one print-ready PDF: --format html or both needs --split DIR")
    _not_a_terminal(args.output)
    cache = None if args.no_cache else Cache(args.cache_dir)
    if cache and not args.split and (hit := cached_packet(args.packet, _options(args), cache)):
        output = args.output or Path(args.packet.stem + ".pdf")
        write_atomic(output, hit.pdf)
        log.info(
            "%s: %d handouts, %d pages, %.1f s (unchanged: from the cache)",
            output,
            hit.handouts,
            hit.pages,
            hit.seconds,
        )
        return 0
    plan = load(args.packet, _options(args))
    jobs = args.jobs or os.cpu_count() or 1
    bar = Bar("Building handouts", enabled=False if args.quiet else None)
    try:
        if args.split:
            targets = split_targets(plan, args.split)
            formats = _formats(args)
            pdfs = build_all(plan, jobs, cache, bar) if "pdf" in formats else {}
            bar.close()
            args.split.mkdir(parents=True, exist_ok=True)
            for path, h in targets.items():
                if "pdf" in formats:
                    write_atomic(path, pdfs[(h.drug, h.lang)])
                if "html" in formats:
                    write_atomic(path.with_suffix(".html"), _builder("html")(h.drug, h.lang, plan.options))
            log.info("%s: %d files", args.split, len(targets) * len(formats))
            return 0
        inputs = inputs_key(args.packet, _options(args)) if cache else None
        result = build_packet(plan, jobs, cache, bar, inputs)
    finally:
        bar.close()
    output = args.output or Path(plan.path.stem + ".pdf")
    write_atomic(output, result.pdf)
    log.info("%s: %d handouts, %d pages, %.1f s", output, result.handouts, result.pages, result.seconds)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import content_roots
    from .reading.validation import validate

    problems, drugs = validate(content_roots(_options(args)))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    files = sum(1 + len(d.languages) for d in drugs.values())
    log.info("ok: %d drugs, %d files", len(drugs), files)
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from .pipeline import content_roots
    from .reading.drugs import find_drugs, pick_drug
    from .translating.translations import stamp, statuses

    if (done := _translator_workflow(args)) is not None:
        return done
    if args.stamp and not args.content:
        raise UsageError(
            "--stamp writes into a language file: name your content folder with --content "
            "(the bundled content is part of the installed program)"
        )
    drugs = find_drugs(content_roots(_options(args)))
    if args.stamp:
        drug, lang = args.stamp
        path = stamp(pick_drug(drugs, drug), lang)
        log.info("stamped %s: translated from the current English text", path)
        return 0
    rows = statuses(drugs)
    catalogs = _catalog_rows()
    if args.json:
        out = [
            {
                **vars(s),
                "state": s.state,
                "approved": s.approved,
                "reviewed_on": s.reviewed_on and s.reviewed_on.isoformat(),
            }
            for s in rows
        ]
        out += [
            {"catalog": c.locale, **{k: v for k, v in vars(c).items() if k != "locale"}, "state": c.state}
            for c in catalogs
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        table = [("DRUG", "LANG", "LANGUAGE", "STATE", "REVIEW")]
        details = [""]
        for s in rows:
            review = s.review if s.review != "reviewed" else f"reviewed by {s.reviewed_by} on {s.reviewed_on}"
            if s.review == "reviewed" and not s.approved:
                review += " (the English changed since: a draft again)"
            detail = ""
            if s.missing:
                detail = "; missing: " + ", ".join(s.missing)
            if s.stale or s.unknown:
                detail += "; stale: " + ", ".join((*s.stale, *s.unknown))
            if s.problems:
                detail += "; problems: " + " | ".join(s.problems)
            table.append((s.drug, s.lang, s.name, s.state, review))
            details.append(detail)
        for c in catalogs:
            detail = "; ".join(
                f"{what}: " + ", ".join(repr(m) for m in ids)
                for what, ids in (("untranslated", c.untranslated), ("fuzzy", c.fuzzy), ("unused", c.unused))
                if ids
            )
            table.append(("UI catalog", c.locale, c.name, c.state, ""))
            details.append(detail)
        for row, detail in zip(_columns(table), details, strict=True):
            print((row + detail).rstrip())
    bad = [s for s in rows if s.state not in ("source", "complete")]
    bad_catalogs = [c for c in catalogs if c.state != "complete"]
    drafts = [s for s in rows if s.state != "source" and not s.approved]
    if args.strict == "drafts":
        return 1 if bad or bad_catalogs or drafts else 0
    return 1 if args.strict and (bad or bad_catalogs) else 0


# --- the translator's workflow: XLIFF export and import, approval ------------------------


def _catalog_rows() -> list[Any]:
    from .translating.catalogs import catalog_statuses

    return catalog_statuses()


def _writable(args: argparse.Namespace, what: str) -> tuple[Path, ...]:
    """The content folder a command writes to: never the bundled content by default."""
    from .pipeline import content_roots

    if not args.content:
        raise UsageError(
            f"{what} writes into a language file: name your content folder with --content "
            "(the bundled content is part of the installed program)"
        )
    return content_roots(_options(args))


def _translator_workflow(args: argparse.Namespace) -> int | None:
    """--export, --import and --approve; None when none of them was asked for."""
    from .output import write_atomic
    from .pipeline import content_roots
    from .reading.drugs import find_drugs, pick_drug

    if args.export:
        from .translating.xliff import export

        drug, lang = args.export
        if not args.output:
            raise UsageError("--export needs -o FILE.xlf ('-' for standard output)")
        data = export(pick_drug(find_drugs(content_roots(_options(args))), drug), lang)
        write_atomic(args.output, data)
        if str(args.output) != "-":
            log.info("wrote %s: %s %s for a translator (XLIFF 2.0)", args.output, drug, lang)
        return 0
    if args.import_file:
        from .translating.xliff import import_file

        result = import_file(args.import_file, _writable(args, "--import"))
        if not result.updated and not result.stamped:
            log.info("%s: nothing changed", result.path)
            return 0
        log.info(
            "%s: %d text(s) updated%s%s",
            result.path,
            len(result.updated),
            f"; stamped: {', '.join(result.stamped)}" if result.stamped else "",
            "; back to draft: the reviewed text changed" if result.back_to_draft else "",
        )
        return 0
    if args.approve:
        import datetime as dt

        from .translating.translations import approve

        if not args.by:
            raise UsageError("--approve needs --by NAME (the qualified medical translator who reviewed it)")
        drug, lang = args.approve
        on = args.on or dt.date.today()
        path = approve(pick_drug(find_drugs(_writable(args, "--approve")), drug), lang, args.by, on)
        log.info("%s: reviewed by %s on %s", path, " ".join(args.by.split()), on.isoformat())
        return 0
    if args.by or args.on:
        raise UsageError("--by and --on go with --approve DRUG LANG")
    return None


def _translator_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("the translator's workflow")
    what = g.add_mutually_exclusive_group()
    what.add_argument(
        "--export", nargs=2, metavar=("DRUG", "LANG"), help="write LANG as XLIFF 2.0 for a CAT tool (with -o)"
    )
    what.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE.xlf",
        help="check a translated XLIFF file and write its language file (with --content DIR)",
    )
    what.add_argument(
        "--approve", nargs=2, metavar=("DRUG", "LANG"), help="record a qualified medical review (with --by)"
    )
    g.add_argument(
        "-o", "--output", type=Path, metavar="FILE.xlf", help="where --export writes ('-' for stdout)"
    )
    g.add_argument("--by", metavar="NAME", help="--approve: the reviewer's name and role")
    g.add_argument(
        "--on", type=_date, metavar="YYYY-MM-DD", help="--approve: the review's date (default: today)"
    )


def _columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned columns, padded by the width each text takes on a terminal
    (中文 takes four columns, not two), so the columns stay straight after any name."""
    from wcwidth import wcswidth

    def width(text: str) -> int:
        w = wcswidth(text)
        return w if w >= 0 else len(text)  # a control character: count it as one

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=False)]
        out.append("  ".join([*cells, row[-1]]))
    return out


def cmd_printers(args: argparse.Namespace) -> int:
    from .printing import list_printers

    printers = list_printers()
    if args.json:
        print(json.dumps([vars(p) for p in printers], indent=2))
        return 0
    if not printers:
        print("no printers are set up in CUPS")
    for p in printers:
        state = (
            "ready" if p.enabled and p.accepting else ("paused" if not p.enabled else "not accepting jobs")
        )
        default = " (default)" if p.is_default else ""
        about = f" - {p.description}" if p.description else ""
        print(f"{p.name}{default}: {state}{about}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    """Print a PDF, or build a packet and print it with its own duplex and paper."""
    import os
    import tempfile

    from .printing import PrintJob, pdf_paper, submit

    source: Path = args.source
    duplex, paper, title = args.sides, args.paper, args.title or source.stem
    with tempfile.TemporaryDirectory(prefix="handouts-print-") as tmp:
        if source.suffix.lower() in (".yaml", ".yml"):
            from .cache import Cache
            from .packet.build import build_packet
            from .packet.plan import load

            plan = load(source, _options(args))
            result = build_packet(plan, os.cpu_count() or 1, Cache(args.cache_dir))
            pdf = Path(tmp) / "packet.pdf"
            pdf.write_bytes(result.pdf)
            duplex = duplex or ("duplex" if plan.packet.duplex else "simplex")
            paper = paper or plan.options.paper
            title = args.title or plan.packet.name
        elif source.suffix.lower() == ".pdf":
            pdf = source
            paper = paper or pdf_paper(pdf)  # the PDF's own size, not the queue's default
        else:
            raise UsageError("print takes a PDF file or a packet (.yaml)")
        sides = None if duplex is None else ("two-sided-long-edge" if duplex == "duplex" else "one-sided")
        job = PrintJob(printer=args.printer, copies=args.copies, sides=sides, media=paper, title=title)
        job_id = submit(pdf, job)
    print(job_id)
    return 0


# ---- handouts preflight ------------------------------------------------------------


def cmd_preflight(args: argparse.Namespace) -> int:
    """Build every requested combination, check every page, list every problem."""
    import os

    from .preflight import preflight
    from .progress import Bar

    bar = Bar("Checking handouts", enabled=False if args.quiet or args.json else None)
    try:
        report, outcomes = preflight(
            _options(args),
            drugs=args.drugs,
            langs=args.lang,
            papers=tuple(args.paper or ("letter", "a4")),
            sizes=tuple(args.size or ("standard", "large")),
            variants=tuple(args.variant or ("plain", "calendar", "fillable")),
            jobs=args.jobs or os.cpu_count() or 1,
            packet=not args.no_packet,
            progress=bar,
        )
    finally:
        bar.close()
    if args.out_dir:
        from .output import write_atomic

        args.out_dir.mkdir(parents=True, exist_ok=True)
        for o in outcomes:
            if o.pdf:
                write_atomic(args.out_dir / o.name, o.pdf)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        for line in report.summary():
            log.info("%s", line)
    return 1 if report.problems else 0


def _preflight_parser(command: Any) -> None:
    p = command("preflight", help="build every combination and check every page (print preflight)")
    p.add_argument("drugs", nargs="*", metavar="DRUG", help="default: every drug")
    p.add_argument("--lang", nargs="+", action="extend", metavar="L", help="default: every language")
    p.add_argument("--brand", type=Path, metavar="FILE.yaml", help="a clinic's brand file")
    p.add_argument(
        "--paper", nargs="+", action="extend", type=_paper, metavar="{a4,letter}", help="default: both"
    )
    p.add_argument("--size", nargs="+", action="extend", choices=("standard", "large"), help="default: both")
    p.add_argument(
        "--variant",
        nargs="+",
        action="extend",
        choices=("plain", "calendar", "fillable"),
        help="default: all three (the calendar dated, for each of the drug's cycle lengths)",
    )
    p.add_argument("--no-packet", action="store_true", help="do not join the plain handouts as a packet")
    p.add_argument("--jobs", type=_jobs, metavar="N", help="parallel builds (default: all cores)")
    p.add_argument("--out-dir", type=Path, metavar="DIR", help="also write every PDF checked here")
    p.add_argument("--json", action="store_true", help="problems and figures as JSON")
    p.set_defaults(func=cmd_preflight)


# ---- serve: the front-desk web app (handouts/web) --------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    from .web.server import serve

    serve(args.host, args.port, args.content, args.brand, args.secret_file, args.workers)
    return 0


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("a port is a whole number from 1 to 65535")
    return int(text)


def _add_serve(command: Any) -> None:
    p = command("serve", help="the front-desk web page (http://127.0.0.1:8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1 only)")
    p.add_argument("--port", type=_port, default=8000, help="default: 8000")
    p.add_argument(
        "--workers",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes, each building one handout at a time",
    )
    p.add_argument("--brand", type=Path, metavar="FILE.yaml", help="a clinic's brand file")
    p.add_argument(
        "--secret-file",
        type=Path,
        metavar="FILE",
        help="the clinic's shared secret (required beyond 127.0.0.1): the page's password",
    )
    p.set_defaults(func=cmd_serve)


# ---- end of serve ----------------------------------------------------------------------


class UsageError(Exception):
    """Bad use of the command line: exit 2."""


COMMON = ("content", "debug", "quiet")


def _common(p: argparse.ArgumentParser, where: str) -> None:
    """-q, --debug and --content, before or after the command. Each parser has its own
    actions (``parents=`` would share them, and a default set on one would reset what
    was given on the other); :func:`_merge` joins the two places after parsing."""
    p.add_argument(
        "--content",
        type=Path,
        action="append",
        dest=f"{where}_content",
        default=[],
        metavar="DIR",
        help="a content folder of your own; give it again to search several in order "
        "('bundled' names the bundled content; default: the bundled content)",
    )
    p.add_argument("--debug", action="store_true", dest=f"{where}_debug", help="show tracebacks")
    p.add_argument("-q", "--quiet", action="store_true", dest=f"{where}_quiet", help="print only errors")


def _merge(args: argparse.Namespace) -> argparse.Namespace:
    """One value per common option: before the command, then after it."""
    given = vars(args)
    args.content = tuple(given.pop("top_content", [])) + tuple(given.pop("sub_content", [])) or None
    args.debug = bool(given.pop("top_debug", False) | given.pop("sub_debug", False))
    args.quiet = bool(given.pop("top_quiet", False) | given.pop("sub_quiet", False))
    return args


def _paper(text: str) -> str:
    """--paper: a4 or letter, in any case (A4, Letter)."""
    if text.lower() not in ("a4", "letter"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a paper size: use a4 or letter")
    return text.lower()


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError("the number of parallel builds is a whole number from 1 to 256")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="handouts",
        description="Print patient drug handouts in the patient's own language.",
    )
    _common(top, "top")
    top.add_argument("--version", action="version", version=f"handouts {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, **kwargs)
        _common(p, "sub")
        return p

    p = command("list", help="drugs and languages available")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = command("build", help="build handout PDFs")
    p.add_argument("drugs", nargs="+", metavar="DRUG")
    p.add_argument("--lang", default="en", help="language, e.g. en, es, es-MX, zh-Hans, ar (default: en)")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="output file, .pdf or .html ('-' for stdout)"
    )
    where.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="folder for <drug>-<lang>.pdf (.html) files"
    )
    p.add_argument("--brand", type=Path, metavar="FILE.yaml", help="a clinic's brand file")
    p.add_argument(
        "--paper",
        type=_paper,
        metavar="{a4,letter}",
        help="paper size (default: the brand's, else by language)",
    )
    p.add_argument("--large-print", action="store_true", help="18 pt body text, one column")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="pdf",
        help="pdf, html (the accessible edition: one self-contained page), or both (default: pdf)",
    )
    me = p.add_argument_group("for the patient in front of you (printed only, never stored)")
    me.add_argument("--patient", metavar="NAME", help='the patient\'s name, in the "My treatment" box')
    me.add_argument("--dose", metavar="DOSE", help='the prescribed dose as written, e.g. "50 mg"')
    me.add_argument(
        "--start", type=_date, metavar="YYYY-MM-DD", help="first day of treatment (dates the calendar)"
    )
    me.add_argument(
        "--cycle", type=_cycle, metavar="DAYS", help="days in each cycle (default: the drug's first)"
    )
    me.add_argument("--team-phone", metavar="PHONE", help="the care team's direct number")
    me.add_argument("--calendar", action="store_true", help="add a dose calendar and side-effect diary page")
    me.add_argument(
        "--fillable", action="store_true", help="checkboxes, notes and details as PDF form fields"
    )
    p.set_defaults(func=cmd_build)

    p = command("packet", help="build a clinic packet (one PDF, or one per handout)")
    p.add_argument("packet", type=Path, metavar="PACKET.yaml")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "-o", "--output", type=Path, metavar="FILE.pdf", help="the packet PDF ('-' for stdout)"
    )
    where.add_argument("--split", type=Path, metavar="DIR", help="one <drug>-<lang>.pdf per handout instead")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="pdf",
        help="with --split: <drug>-<lang>.pdf, .html (the accessible edition), or both (default: pdf)",
    )
    p.add_argument("--jobs", type=_jobs, metavar="N", help="parallel builds (default: all cores)")
    p.add_argument("--no-cache", action="store_true", help="build everything again")
    p.add_argument("--cache-dir", type=Path, metavar="DIR", help="default: ~/.cache/handouts")
    p.add_argument("--brand", type=Path, metavar="FILE.yaml", help="overrides the packet's brand")
    p.add_argument("--paper", type=_paper, metavar="{a4,letter}", help="overrides the packet's paper")
    p.set_defaults(func=cmd_packet)

    p = command("validate", help="check all content; list every problem")
    p.set_defaults(func=cmd_validate)

    p = command("translations", help="translation status per drug and language")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--strict",
        nargs="?",
        const="stale",
        choices=("stale", "drafts"),
        help="exit 1 when anything is missing or stale; --strict=drafts also when a translation "
        "is not approved by a qualified medical translator",
    )
    p.add_argument(
        "--stamp",
        nargs=2,
        metavar=("DRUG", "LANG"),
        help="record that LANG is now translated from the current English text",
    )
    _translator_options(p)
    p.set_defaults(func=cmd_translations)

    p = command("printers", help="list print queues (CUPS)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_printers)

    p = command("print", help="send a PDF to a printer (CUPS)")
    p.add_argument("source", type=Path, metavar="FILE.pdf|PACKET.yaml")
    p.add_argument("--printer", required=True, metavar="NAME")
    p.add_argument("--copies", type=int, default=1)
    sides = p.add_mutually_exclusive_group()
    sides.add_argument(
        "--duplex", dest="sides", action="store_const", const="duplex", help="print on both sides"
    )
    sides.add_argument("--simplex", dest="sides", action="store_const", const="simplex", help="one side only")
    p.set_defaults(sides=None)
    p.add_argument("--paper", type=_paper, metavar="{a4,letter}", help="default: the PDF's own page size")
    p.add_argument("--title", help="job title (default: the packet's name, or the file name)")
    p.add_argument("--cache-dir", type=Path, metavar="DIR", help="for packets; default: ~/.cache/handouts")
    p.set_defaults(func=cmd_print)

    _preflight_parser(command)
    _add_serve(command)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    ap = parser()
    try:
        args = _merge(ap.parse_args(argv))
    except SystemExit as exc:  # --help, --version, or bad usage (exit 2)
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO, format="%(message)s", stream=sys.stderr
    )
    try:
        return int(args.func(args))
    except UsageError as exc:
        ap.print_usage(sys.stderr)
        print(f"handouts: error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        if args.debug:
            raise
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except UserError as exc:
        if args.debug:
            raise
        print(f"handouts: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("handouts: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # "handouts list | head": the reader has gone; so do we
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python flushes stdout again at exit
        return 0
