"""Getting a package out: the system print dialog, saving a file, opening the mail client."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ciip_desktop.i18n import _

PRINT_DPI = 300


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` on ``printer``; the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        count = int(document.pageCount())
        for page in range(count):
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            scale = min(target.width() / points.width(), target.height() / points.height())
            width, height = int(points.width() * scale), int(points.height() * scale)
            # Rendered at most at 300 dpi, then scaled to the printer's page.
            dpi = min(PRINT_DPI / 72.0, scale)
            image = document.render(
                page, QSize(int(points.width() * dpi), int(points.height() * dpi))
            )
            painter.drawImage(QRect(target.x(), target.y(), width, height), image)
        return count
    finally:
        painter.end()


def print_with_dialog(document: QPdfDocument, parent: QWidget) -> bool:
    """Show the system print dialog; True when the package was sent to the printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the package"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_pdf(document, printer) > 0


def save_bytes(parent: QWidget, data: bytes, suggested: str, filter_text: str) -> Path | None:
    """Ask where to save ``data``; the path written, or None when cancelled or failed."""
    start = Path.home() / suggested
    name, _selected = QFileDialog.getSaveFileName(parent, _("Save"), str(start), filter_text)
    if not name:
        return None
    path = Path(name)
    try:
        path.write_bytes(data)
    except OSError as exc:
        QMessageBox.warning(
            parent,
            _("CIIP Desktop"),
            _("Could not write {file}: {reason}").format(file=path.name, reason=exc.strerror),
        )
        return None
    return path


def open_file(path: Path) -> bool:
    """Open ``path`` with the system's program for it (an .eml opens in the mail client)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
