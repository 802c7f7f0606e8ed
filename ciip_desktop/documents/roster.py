"""A group session's roster or sign-in sheet as a PDF: bilingual names, the font embedded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ciip_desktop.documents.fonts import body_font


@dataclass(frozen=True)
class RosterDocument:
    """Everything printed, already translated by the caller (documents know no gettext)."""

    title: str
    details: Sequence[str]  # date and time, venue, counsellors, seats
    headers: Sequence[str]  # column titles
    rows: Sequence[Sequence[str]]
    footer: str  # e.g. "Page {page}"; {page} is filled in
    sign_in: bool = False  # an empty signature column, taller rows


def build_roster_pdf(doc: RosterDocument, path: Path, invariant: bool = False) -> None:
    font = body_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=20, spaceAfter=4 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10, leading=12)
    story: list[object] = [Paragraph(escape(doc.title), title)]
    story += [Paragraph(escape(line), body) for line in doc.details]
    story.append(Spacer(1, 5 * mm))
    data = [[Paragraph(escape(h), cell) for h in doc.headers]]
    data += [[Paragraph(escape(str(v)), cell) for v in row] for row in doc.rows]
    widths = [12 * mm, 38 * mm, 32 * mm, 48 * mm, 50 * mm]
    table = Table(data, colWidths=widths[: len(doc.headers)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), 8 if doc.sign_in else 3),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 8 if doc.sign_in else 3),
            ]
        )
    )
    story.append(table)

    def footer(canvas: Canvas, template: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawRightString(
            A4[0] - 15 * mm, 10 * mm, doc.footer.format(page=canvas.getPageNumber())
        )
        canvas.restoreState()

    template = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=doc.title,
        invariant=invariant,
    )
    template.build(story, onFirstPage=footer, onLaterPages=footer)
