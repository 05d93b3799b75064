"""The whole flow on one screen: content -> model -> formatted prose -> layout -> PDF or HTML.

    request    = Request(drug, lang, options)
    handout    = prepare(request)     # loader + validation + locale formatting + glyph check
    part       = lay_out(handout)     # flowables (layout.py) and page furniture (pages.py)
    pdf bytes  = render([part], meta) # ReportLab, invariant
    document   = build_document(handout)          # renderer-neutral blocks (document/)
    html bytes = render_html(document, theme)     # the accessible edition (html/)

Everything below is imported lazily by the CLI, so ``handouts --help`` stays fast.
"""

from __future__ import annotations

from . import i18n
from .errors import UserError
from .handout import (
    Handout,
    Options,
    content_roots,
    default_content,
    default_paper,
    prepare,
    unusual_paper,
)
from .pdf.structure import Record
from .reading import drugs


def build(drug: str, lang: str, options: Options = Options()) -> bytes:
    """One handout as PDF bytes."""
    from .pdf.assemble import lay_out, meta_for
    from .pdf.render import render

    handout = prepare(drug, lang, options)
    return render([lay_out(handout)], meta_for([handout]))


def build_recorded(drug: str, lang: str, options: Options = Options()) -> tuple[bytes, Record]:
    """One handout as PDF bytes, with the layout's record of where its blocks landed."""
    from .pdf.assemble import lay_out, meta_for
    from .pdf.render import render_recorded

    handout = prepare(drug, lang, options)
    return render_recorded([lay_out(handout)], meta_for([handout]))


def build_html(drug: str, lang: str, options: Options = Options()) -> bytes:
    """One handout as a self-contained, accessible HTML page (UTF-8 bytes): the same
    words as the PDF of the same request, fonts and logo embedded, no script."""
    from .document import build_document
    from .html import render_html

    handout = prepare(drug, lang, options)
    return render_html(build_document(handout), handout.theme)


def resolve(drug: str, lang: str, options: Options) -> tuple[str, str]:
    """The drug id and content language a request means ("Refametinib", "es-MX" -> es)."""
    folder = drugs.pick_drug(drugs.find_drugs(content_roots(options)), drug)
    return folder.drug_id, i18n.negotiate(lang, folder.languages)


def output_name(
    drug: str,
    lang: str,
    requested: str = "",
    suffix: str = ".pdf",
    paper: str = "",
    large_print: bool = False,
) -> str:
    """``<drug>-<lang>.pdf`` (or ``suffix``), with the region asked for when the content has
    none (``--lang es-MX`` writes demo-es-MX.pdf, not the demo-es.pdf of ``--lang es``: the
    two can differ in paper size, so one must not silently replace the other); then
    ``paper`` if given (see :func:`unusual_paper`: demo-en-a4.pdf beside demo-en.pdf on
    letter) and ``-large-print``, so that no variant of a build replaces another."""
    region = i18n.region(requested) if requested else ""
    name = f"{drug}-{lang}-{region}" if region and not lang.endswith(f"-{region}") else f"{drug}-{lang}"
    if paper:
        name += f"-{paper}"
    if large_print:
        name += "-large-print"
    return name + suffix


__all__ = [
    "Handout",
    "Options",
    "UserError",
    "build",
    "build_html",
    "content_roots",
    "default_content",
    "default_paper",
    "prepare",
    "unusual_paper",
]
