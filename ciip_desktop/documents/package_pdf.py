"""The information package as a PDF (reportlab platypus): cover, contents, sections.

The bundled CJK TrueType font is embedded as a subset, so Chinese prints on any machine.
Chinese paragraphs break between any two characters; long words and URLs are split rather
than overflow the frame. Headers and footers carry "page X of Y".
"""

from __future__ import annotations

import io
import time
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tableofcontents import TableOfContents

from ciip_desktop.documents.fonts import body_font, font_digest
from ciip_desktop.documents.package_doc import (
    Block,
    Links,
    PackageDocument,
    Section,
    Subheading,
    Text,
)

PAPER = {"a4": A4, "letter": LETTER}
# Raise it when a change here lays the same content out differently (other bytes).
LAYOUT_VERSION = 1
MARGIN = 20 * mm
ACCENT = colors.HexColor("#1f4e79")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, spaceAfter=4)
    return {
        "body": base,
        "body_cjk": ParagraphStyle("body_cjk", parent=base, wordWrap="CJK"),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8.5, textColor=colors.grey),
        "muted_cjk": ParagraphStyle(
            "muted_cjk", parent=base, fontSize=8.5, textColor=colors.grey, wordWrap="CJK"
        ),
        "link": ParagraphStyle("link", parent=base, fontSize=9, wordWrap="CJK"),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=16,
            leading=21,
            spaceBefore=6,
            spaceAfter=8,
            textColor=ACCENT,
            wordWrap="CJK",
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=3,
            textColor=ACCENT,
        ),
        "h2_cjk": ParagraphStyle(
            "h2_cjk",
            parent=base,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=3,
            textColor=ACCENT,
            wordWrap="CJK",
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=24,
            leading=32,
            alignment=TA_CENTER,
            textColor=ACCENT,
            wordWrap="CJK",
        ),
        "name": ParagraphStyle(
            "name", parent=base, fontSize=18, leading=26, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "cover": ParagraphStyle("cover", parent=base, alignment=TA_CENTER, wordWrap="CJK"),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=11, leading=18, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11, spaceAfter=0),
    }


def renderer_id() -> str:
    """What an issued PDF's bytes depend on besides its content: this layout, reportlab and
    the font (recorded with each issued version)."""
    return f"ciip-package/{LAYOUT_VERSION} reportlab/{reportlab.Version} font/{font_digest()}"


def text(value: str) -> str:
    """Plain text as reportlab paragraph markup: markup characters print literally."""
    return escape(value).replace("\n", "<br/>")


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Sends section headings to the contents."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            key = getattr(flowable, "_bookmark", None)
            if key:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)
                self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))


def _fixed_stamp(epoch: int) -> TimeStamp:
    """reportlab's creation-date stamp for a given time (UTC) instead of now."""
    stamp = TimeStamp(1)
    stamp.t = float(epoch)
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def _numbered_canvas(document: PackageDocument, font: str) -> type[Canvas]:
    """A canvas that knows the page count when it draws each page's header and footer."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []
            if document.created is not None:
                self._doc._timeStamp = _fixed_stamp(document.created)

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            page = self.getPageNumber()
            if page == 1:
                return  # the cover has no running header
            width, height = self._pagesize
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.grey)
            self.drawString(MARGIN, height - 12 * mm, document.header)
            self.setStrokeColor(colors.lightgrey)
            self.line(MARGIN, height - 13.5 * mm, width - MARGIN, height - 13.5 * mm)
            label = document.page_label.format(page=page, pages=total)
            self.drawRightString(width - MARGIN, 10 * mm, label)
            self.restoreState()

    return NumberedCanvas


def _block(block: Block | Subheading, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if isinstance(block, Subheading):
        return [Paragraph(text(block.text), styles["h2_cjk" if block.cjk else "h2"])]
    if isinstance(block, Text):
        name = ("muted" if block.muted else "body") + ("_cjk" if block.cjk else "")
        return [Paragraph(text(block.text), styles[name])]
    if isinstance(block, Links):
        return [
            Paragraph(
                f"<a href={quoteattr(url)} color='#1f4e79'><u>{escape(url)}</u></a>",
                styles["link"],
            )
            for url in block.urls
        ]
    cell = styles["cell"]
    if block.cjk:
        cell = ParagraphStyle("cell_cjk", parent=cell, wordWrap="CJK")
    rows = (block.header, *block.rows) if block.header else block.rows
    data = [[Paragraph(text(c), cell) for c in row] for row in rows]
    table = RLTable(data, repeatRows=1 if block.header else 0, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if block.header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f0")))
    table.setStyle(TableStyle(style))
    return [Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)]


def _section(index: int, section: Section, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    heading = Paragraph(f"{index}. {text(section.title)}", styles["h1"])
    heading._bookmark = f"s{index}"  # type: ignore[attr-defined]
    out: list[Flowable] = [heading]
    for block in section.blocks:
        out.extend(_block(block, styles))
    out.append(Spacer(1, 4 * mm))
    return out


def story(document: PackageDocument, font: str) -> list[Flowable]:
    """The flowables of the whole package (cover, contents, sections)."""
    styles = _styles(font)
    out: list[Flowable] = [
        Spacer(1, 50 * mm),
        Paragraph(text(document.title), styles["title"]),
        Spacer(1, 4 * mm),
        Paragraph(text(document.subtitle), styles["cover"]),
        Spacer(1, 20 * mm),
    ]
    out.extend(Paragraph(text(name), styles["name"]) for name in document.names if name)
    out.append(Spacer(1, 12 * mm))
    out.extend(
        Paragraph(f"{text(f.label)}: {text(f.value)}", styles["cover"]) for f in document.cover
    )
    out.append(PageBreak())
    toc = TableOfContents()
    toc.levelStyles = [styles["toc1"]]
    toc.dotsMinLevel = 0
    out.extend([Paragraph(text(document.contents_title), styles["h2_cjk"]), toc, PageBreak()])
    for index, section in enumerate(document.sections, start=1):
        out.extend(_section(index, section, styles))
    return out


def render_package(document: PackageDocument) -> bytes:
    """The PDF bytes of ``document`` (issued packages keep these bytes as their snapshot).

    An issued document (``created`` set) is laid out in reportlab's invariant mode with its
    own creation date: the same content and :data:`RENDERER` give the same bytes anywhere."""
    font = body_font()
    buffer = io.BytesIO()
    pagesize = PAPER.get(document.paper, A4)
    doc = _Doc(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=document.title,
        author=document.author,
        subject=document.subject,
        creator="CIIP Desktop",
        lang=document.language,
        invariant=1 if document.created is not None else 0,
    )
    frame = Frame(MARGIN, MARGIN, pagesize[0] - 2 * MARGIN, pagesize[1] - 2 * MARGIN, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.multiBuild(story(document, font), canvasmaker=_numbered_canvas(document, font))
    return buffer.getvalue()


def write_package(document: PackageDocument, path: str) -> str:
    """Render ``document`` into the file ``path`` (a worker process's unit of batch work:
    importing this module costs a worker only reportlab, not the database layers)."""
    with open(path, "wb") as fh:
        fh.write(render_package(document))
    return path
