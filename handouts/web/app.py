"""The front-desk web app: forms -> the same pipeline as the command line -> PDF or print.

    GET  /          the form: drug, language, paper, large print, patient details, printer;
                    a clinic packet file to build or print
    POST /handout   download the PDF, print it (the job id is shown), or preview the
                    accessible HTML edition of the same request
    POST /packet    an uploaded packet: download the packet PDF, or print it

Every action is a plain HTML form (no script needed). The app keeps no state between
requests: patient details arrive in a POST body, go into the PDF in memory and are
forgotten; they are never put in a URL, a log line, the cache or a file.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import i18n, pipeline, printing
from ..cache import Cache
from ..errors import ContentError, UserError
from ..reading import drugs
from ..reading.brand import default_brand_file
from .forms import (
    MAX_FIELDS,
    MAX_PACKET,
    PACKET_ACTIONS,
    PACKET_FIELDS,
    FormProblem,
    HandoutForm,
    check_fields,
    copies,
    handout_form,
    text,
)
from .guard import CSRF_COOKIE, CSRF_FIELD, EDITION_CSP, MAX_BODY, Guard, Tokens
from .wording import (
    ERROR_HINTS,
    ERROR_TITLES,
    FIELD_LABELS,
    OPTION_FIELDS,
    W_,
    Text,
    choose_ui,
    ui_languages,
)

if TYPE_CHECKING:  # the packet stage loads ReportLab: imported when a packet is built
    from ..packet import build as packet_build
    from ..packet import plan as packet_plan

log = logging.getLogger("handouts.web")
HERE = Path(__file__).parent
# ReportLab keeps module-level state (fonts, caches): one build at a time per process.
# A clinic that needs more runs several workers (docs/web.md).
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True)
class Settings:
    content: Path | tuple[Path, ...] | None = None  # as pipeline.Options: folders searched in order
    brand: Path | None = None
    secret: str | None = None  # the clinic's shared secret (HTTP Basic password)
    allowed_hosts: frozenset[str] | None = None  # Host header names served; None: any
    cache_dir: Path | None = None  # packet handouts (never a handout with patient details)
    max_body: int = MAX_BODY
    csrf_key: bytes | None = None  # without a secret: the key the workers of one serve share


# ---- the app ------------------------------------------------------------------------------


def create_app(settings: Settings = Settings()) -> Starlette:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    if settings.csrf_key and settings.secret is None:
        tokens = Tokens(settings.csrf_key)
    else:
        tokens = Tokens.for_secret(settings.secret)

    def page(request: Request, template: str, ui: str, status: int = 200, **context: Any) -> HTMLResponse:
        _ = Text(ui)
        token = request.cookies.get(CSRF_COOKIE, "")
        fresh = not tokens.valid(token)
        if fresh:
            token = tokens.new()
        html = env.get_template(template).render(
            _=_,
            ui=ui,
            lang_tag=ui,
            dir="rtl" if _.language.rtl else "ltr",
            ui_choices=[(code, i18n.language(code).native_name) for code in ui_languages()],
            csrf=token,
            csrf_field=CSRF_FIELD,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if fresh:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    async def error_page(request: Request, status: int, detail: str = "") -> Response:
        ui = choose_ui(request, request.query_params.get("ui", ""))
        return page(
            request,
            "error.html",
            ui,
            status=status,
            title=ERROR_TITLES.get(status, ERROR_TITLES[500]),
            hint=ERROR_HINTS.get(status, ERROR_HINTS[500]),
            detail=detail,
        )

    async def index(request: Request) -> Response:
        ui = choose_ui(request, request.query_params.get("ui", ""))
        try:
            choices = _choices(settings)
        except UserError as error:  # the content folder went missing or broke
            return user_error(request, ui, error, status=500)
        return page(request, "index.html", ui, **choices)

    async def read_form(request: Request) -> tuple[FormData, str]:
        form = await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_PACKET)
        ui_value = form.get("ui")
        ui = choose_ui(request, ui_value if isinstance(ui_value, str) else "")
        field = form.get(CSRF_FIELD)
        if not tokens.check(request.cookies.get(CSRF_COOKIE), field if isinstance(field, str) else None):
            raise HTTPException(403)
        return form, ui

    def form_error(request: Request, ui: str, problem: FormProblem) -> Response:
        _ = Text(ui)
        label = _(FIELD_LABELS.get(problem.field, problem.field))
        return page(
            request,
            "error.html",
            ui,
            status=400,
            title=ERROR_TITLES[400],
            hint=ERROR_HINTS[400],
            detail=_(problem.message, field=label),
        )

    def user_error(request: Request, ui: str, error: UserError, status: int = 400) -> Response:
        lines = [str(p) for p in error.problems] if isinstance(error, ContentError) else [str(error)]
        _ = Text(ui)
        for option, field in OPTION_FIELDS.items():  # "--patient: ..." -> "Patient's name: ..."
            lines = [
                _(FIELD_LABELS[field]) + line[len(option) :] if line.startswith(option + ":") else line
                for line in lines
            ]
        return page(
            request,
            "error.html",
            ui,
            status=status,
            title=ERROR_TITLES[status],
            hint=ERROR_HINTS[status],
            detail="\n".join(lines),
        )

    async def handout(request: Request) -> Response:
        form, ui = await read_form(request)
        try:
            wanted = handout_form(form)
        except FormProblem as problem:
            return form_error(request, ui, problem)
        try:
            drug, lang = pipeline.resolve(wanted.drug, wanted.lang, _options(settings))
            if wanted.action == "preview":
                edition = await to_thread.run_sync(_build_edition, settings, wanted)
                # Shown in the browser, never saved: inline, no file name, no-store (Guard).
                return Response(
                    edition,
                    media_type="text/html; charset=utf-8",
                    headers={"content-security-policy": EDITION_CSP},
                )
            pdf = await to_thread.run_sync(_build, settings, wanted)
            if wanted.action == "download":
                name = pipeline.output_name(drug, lang)  # from the content, never from a field
                return Response(
                    pdf,
                    media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{name}"'},
                )
            job = printing.PrintJob(
                printer=wanted.printer,
                copies=wanted.copies,
                media=printing.paper_of(pdf),  # the handout's own paper (form, brand or language)
                title=f"{drug}-{lang}",
            )
            job_id = await to_thread.run_sync(printing.submit_data, pdf, job)
        except UserError as error:
            return user_error(request, ui, error)
        return page(request, "printed.html", ui, job_id=job_id, printer=wanted.printer, what=f"{drug}-{lang}")

    async def packet_route(request: Request) -> Response:
        form, ui = await read_form(request)
        try:
            check_fields(form, PACKET_FIELDS)  # patient details never reach a packet (or its cache)
            action = text(form, "action") or "download"
            if action not in PACKET_ACTIONS:
                raise FormProblem("action", W_("{field}: unknown action"))
            printer_name = text(form, "printer")
            count = copies(form)
            upload = form.get("packet")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise FormProblem("packet", W_("{field}: choose a packet file (.yaml)"))
            if action == "print" and not printer_name:
                raise FormProblem("printer", W_("{field}: choose a printer"))
            data = await upload.read(MAX_PACKET + 1)
            if len(data) > MAX_PACKET:
                raise HTTPException(413)
        except FormProblem as problem:
            return form_error(request, ui, problem)
        shown = _file_name(upload.filename or "packet.yaml")
        try:
            result, plan = await to_thread.run_sync(_build_packet, settings, data, shown)
            if action == "download":
                return Response(
                    result.pdf,
                    media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{Path(shown).stem}.pdf"'},
                )
            job = printing.PrintJob(
                printer=printer_name,
                copies=count,
                sides="two-sided-long-edge" if plan.packet.duplex else "one-sided",
                media=plan.options.paper,
                title=plan.packet.name,
            )
            job_id = await to_thread.run_sync(printing.submit_data, result.pdf, job)
        except UserError as error:
            return user_error(request, ui, error)
        return page(request, "printed.html", ui, job_id=job_id, printer=printer_name, what=plan.packet.name)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return await error_page(request, status)

    async def server_error(request: Request, exc: Exception) -> Response:
        # The frames, not the message: a message could quote a value from the form.
        log.error(
            "error %s on %s %s:\n%s",
            type(exc).__name__,
            request.method,
            request.url.path,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        return await error_page(request, 500)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/handout", handout, methods=["POST"]),
        Route("/packet", packet_route, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.add_middleware(
        Guard,
        error_page=error_page,
        secret=settings.secret,
        allowed_hosts=settings.allowed_hosts,
        max_body=settings.max_body,
    )
    return app


def _options(settings: Settings) -> pipeline.Options:
    return pipeline.Options(content=settings.content, brand=settings.brand)


def _choices(settings: Settings) -> dict[str, Any]:
    """Drugs (by their printed names), languages (each in its own name), printers."""
    found = drugs.find_drugs(pipeline.content_roots(_options(settings)))
    drug_list = []
    codes: set[str] = set()
    for folder in found.values():
        facts = drugs.load_facts(folder, [])
        drug_list.append((folder.drug_id, facts.name if facts else folder.drug_id))
        codes.update(folder.languages)
    languages = sorted(((c, i18n.language(c).native_name) for c in codes), key=lambda x: x[1].casefold())
    try:
        printers = [p for p in printing.list_printers() if p.enabled and p.accepting]
        printer_problem = ""
    except UserError as error:
        printers, printer_problem = [], str(error)
    return {
        "drugs": drug_list,
        "languages": languages,
        "printers": printers,
        "printer_problem": printer_problem,
    }


def _request_options(settings: Settings, wanted: HandoutForm) -> pipeline.Options:
    return replace(
        _options(settings),
        paper=wanted.paper,
        large_print=wanted.large_print,
        calendar=wanted.calendar,
        patient=wanted.patient,
    )


def _build(settings: Settings, wanted: HandoutForm) -> bytes:
    """The handout as PDF bytes, in memory. Never cached: it may carry patient details."""
    with _BUILD_LOCK:
        return pipeline.build(wanted.drug, wanted.lang, _request_options(settings, wanted))


def _build_edition(settings: Settings, wanted: HandoutForm) -> bytes:
    """The same request as the accessible HTML edition (UTF-8), in memory, never cached."""
    with _BUILD_LOCK:  # one build at a time per process, whatever the format
        return pipeline.build_html(wanted.drug, wanted.lang, _request_options(settings, wanted))


def _build_packet(
    settings: Settings, data: bytes, shown: str
) -> tuple[packet_build.Result, packet_plan.Plan]:
    """Build an uploaded packet. The file holds drugs and languages only (no patient
    details), so its handouts may come from the cache. Its own brand line is ignored:
    the server's brand is used, so an upload cannot make the server read other files."""
    from ..packet import build as packet_build
    from ..packet import plan as packet_plan

    brand = settings.brand or default_brand_file()
    options = replace(_options(settings), brand=brand)
    cache_ = Cache(settings.cache_dir)
    with tempfile.TemporaryDirectory(prefix="handouts-packet-") as tmp:
        path = Path(tmp) / "packet.yaml"
        path.write_bytes(data)
        try:
            with _BUILD_LOCK:
                plan = packet_plan.load(path, options)
                result = packet_build.build_packet(plan, 1, cache_)
        except UserError as error:  # name the uploaded file, not the temporary copy
            lines = [str(p) for p in error.problems] if isinstance(error, ContentError) else [str(error)]
            for old in (str(path.resolve()), str(path)):
                lines = [line.replace(old, shown) for line in lines]
            raise UserError("\n".join(lines)) from None
    return result, plan


def _file_name(name: str) -> str:
    """An uploaded file's name as shown back: letters, digits, . _ - only."""
    base = re.sub(r"[^\w.-]", "_", Path(name.replace("\\", "/")).name)[:80]
    return base or "packet.yaml"
