"""A live page preview of a PDF held in memory (QtPdf)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget


class PdfPreview(QPdfView):
    """Shows the pages of the PDF bytes it is given, one under the other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__()
        if parent is not None:
            self.setParent(parent)
        self.setObjectName("package-preview")
        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.data = b""
        self.setDocument(self.pdf)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def show_pdf(self, data: bytes) -> None:
        old = self._buffer
        self.data = data
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.pdf.load(buffer)
        if old is not None:
            old.close()
            old.deleteLater()

    def page_count(self) -> int:
        return int(self.pdf.pageCount())
