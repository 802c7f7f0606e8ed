"""A public report as a PDF or CSV: a title, a few lines, and a table (bilingual text is
already in the cells; documents know no gettext)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ciip_desktop.documents.fonts import body_font


@dataclass(frozen=True)
class ReportTable:
    title: str
    lines: Sequence[str]  # subtitle lines (period, office, how it was measured)
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


def report_pdf(report: ReportTable) -> bytes:
    font = body_font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, spaceAfter=3 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11)
    story: list[object] = [Paragraph(escape(report.title).replace("\n", "<br/>"), title)]
    story += [Paragraph(escape(line), body) for line in report.lines]
    story.append(Spacer(1, 4 * mm))
    data = [[Paragraph(escape(h).replace("\n", "<br/>"), cell) for h in report.headers]]
    data += [
        [Paragraph(escape(str(v)).replace("\n", "<br/>"), cell) for v in row] for row in report.rows
    ]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=report.title.replace("\n", " / "),
        invariant=1,
    )
    doc.build(story)
    return out.getvalue()


def report_csv(report: ReportTable) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text as such."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h.replace("\n", " / ") for h in report.headers])
    for row in report.rows:
        writer.writerow([str(v).replace("\n", " / ") for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
