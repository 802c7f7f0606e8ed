"""A live page preview of a PDF (QtPdf), loaded from a private temporary file.

Loading from a file is synchronous and leaves QtPdf no device to outlive; each preview gets
a new file and the previous one is removed once the new one is loaded.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

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
        # Not a child of the view: a child is closed after the view is half destroyed, and its
        # status signal would reach the dead view. It goes once the view is gone.
        self.pdf = QPdfDocument()
        self.data = b""
        self._folder = Path(tempfile.mkdtemp(prefix="ciip-preview-"))
        self._count = 0
        self._file: Path | None = None
        self.setDocument(self.pdf)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.destroyed.connect(self.pdf.deleteLater)
        self.destroyed.connect(lambda *_a, folder=self._folder: _remove(folder))

    def show_pdf(self, data: bytes) -> None:
        self._count += 1
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"preview-{self._count}.pdf"
        path.write_bytes(data)
        self.pdf.load(str(path))
        old, self._file = self._file, path
        if old is not None:
            old.unlink(missing_ok=True)
        self.data = data

    def page_count(self) -> int:
        return int(self.pdf.pageCount())


def _remove(folder: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
