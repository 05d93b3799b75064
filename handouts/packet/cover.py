"""The pages a packet adds around its handouts: the cover sheet with its contents list,
and the blank back of an odd-length handout ("This page is intentionally blank", in
the handout's language)."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from .. import fonts, i18n
from ..i18n import Translator
from ..pdf import pdfmeta
from ..pdf.flowables import LineStyle, begin_actual_text, draw_runs, draw_spans, end_actual_text, text_width
from ..pdf.kit import Kit
from ..reading.brand import load_brand
from ..reading.theme import Theme, load_theme
from ..text import display_runs, drawable, has_rtl, marked_spans, runs, shape_runs, to_markup
from .plan import Handout, Plan, drug_name


def _kit(plan: Plan, lang: str) -> tuple[Kit, Theme]:
    brand = load_brand(plan.options.brand)
    theme = load_theme(plan.options.paper or "letter", large_print=plan.options.large_print, brand=brand)
    language = i18n.language(lang)
    return Kit(theme, fonts.register(theme, language.script), language), theme


def cover_pdf(plan: Plan, rows: list[tuple[Handout, int]], first_pages: list[int]) -> bytes:
    """The cover sheet: clinic, packet name, date, and where each handout starts."""
    kit, theme = _kit(plan, "en")
    tr = Translator(kit.lang)
    brand = load_brand(plan.options.brand)
    page = theme.page
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(page.width * mm, page.height * mm),
        invariant=1,
        title=plan.packet.name,
        author=brand.name,
        lang="en",
        leftMargin=page.margin_left * mm,
        rightMargin=page.margin_right * mm,
        topMargin=page.margin_top * mm,
        bottomMargin=(page.margin_bottom + page.footer_height) * mm,
        initialFontName=kit.fonts.regular,
    )
    story: list[Flowable] = [
        kit.para(brand.name, "brand_name", after=1 * mm),
        kit.para(tr("Patient information"), "small", after=6 * mm),
        kit.para(plan.packet.name, "title", after=3 * mm),
        kit.para(tr("Printed {date}", date=tr.date(plan.date)), "muted", after=1 * mm),
        kit.para(
            tr(
                "{handouts} handouts · {sides}",
                handouts=tr.number(sum(h.copies for h, _ in rows)),
                sides=tr("print on both sides") if plan.packet.duplex else tr("print on one side"),
            ),
            "muted",
            after=6 * mm,
        ),
    ]
    head = [
        kit.para(t, "table_head", after=0) for t in (tr("Handout"), tr("Language"), tr("Copies"), tr("Page"))
    ]
    table: list[list[object]] = [head]
    for (h, _), first in zip(rows, first_pages, strict=True):
        language = i18n.language(h.lang)
        table.append(
            [
                kit.para(f"**{drug_name(plan, h.drug)}**", "table", after=0),
                _native(theme, language, kit),
                kit.para(tr.number(h.copies), "table", after=0),
                kit.para(tr.number(first), "table", after=0),
            ]
        )
    story += [kit.table(table, [0.46, 0.28, 0.12, 0.14]), Spacer(0, 4 * mm)]

    line = f"{brand.name} · {plan.packet.name} · {tr.date(plan.date)}"
    pieces = kit.faced(runs(line))  # an Arabic or Chinese clinic name in its own font
    size = theme.sizes.footer
    st = LineStyle(kit.fonts.regular, kit.fonts.bold, size, size, kit.color["muted"], False, kit.faces.shaped)

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        x = page.margin_left * mm
        y = page.margin_bottom * mm + theme.sizes.footer * 0.3  # descenders inside the margin
        if has_rtl(line):  # Arabic joined and ordered, marked so that extraction reads it
            draw_spans(canvas, marked_spans(shape_runs(pieces), False), x, y, st)
        else:
            draw_runs(canvas, pieces, x, y, st)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return pdfmeta.finish(buffer.getvalue())


def _native(theme: Theme, language: i18n.Language, kit: Kit) -> Flowable:
    """A language's own name, in a font that has its script."""
    pair = fonts.register(theme, language.script)
    name = language.native_name
    if language.rtl:
        name = "".join(r.text for r in display_runs(shape_runs(runs(name))))
    shaping = 1 if language.script in theme.fonts.shaped else 0  # हिन्दी, ਪੰਜਾਬੀ
    style = kit.styles["table"].clone("native", fontName=pair.regular, shaping=shaping)
    para = Paragraph(to_markup(drawable(name)), style)
    # A shaped name is read back as written; an Arabic-script one is already drawn in the
    # display order that extractors reverse into reading order.
    return _Marked(para, language.native_name) if shaping else para


class _Marked(Flowable):  # type: ignore[misc]
    """A flowable whose text extraction reads ``actual`` (/ActualText): the glyphs of a
    shaped or right-to-left name do not spell it in reading order."""

    def __init__(self, inner: Flowable, actual: str) -> None:
        super().__init__()
        self.inner, self.actual = inner, actual

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        begin_actual_text(self.canv, self.actual)
        self.inner.drawOn(self.canv, 0, 0)
        end_actual_text(self.canv)


def blank_page(plan: Plan, lang: str) -> bytes:
    """One page that says, in ``lang``, that it is intentionally blank."""
    kit, theme = _kit(plan, lang)
    tr = Translator(kit.lang)
    page = theme.page
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(page.width * mm, page.height * mm),
        invariant=1,
        lang=lang,
        initialFontName=kit.fonts.regular,  # not Helvetica, which is never embedded
    )
    st = kit.line_style("body", "muted")
    pieces = runs(tr("This page is intentionally blank"))
    if kit.rtl:
        pieces = display_runs(shape_runs(pieces))
    width = sum(text_width(r.text, st.bold if r.bold else st.regular, st.size, st.shaped) for r in pieces)
    draw_runs(canvas, pieces, (page.width * mm - width) / 2, page.height * mm / 2, st)  # shaped if need be
    canvas.showPage()
    canvas.save()
    return pdfmeta.finish(buffer.getvalue())
