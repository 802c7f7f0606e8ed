"""The About box: version, what the application is for, and the licence of the bundled font."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from ciip_desktop import __version__
from ciip_desktop.i18n import _


def about_html() -> str:
    paragraphs = [
        _("CIIP Desktop {version}").format(version=__version__),
        _(
            "Client records, session calendars and information packages for the "
            "counsellors of a pre-arrival immigrant integration programme."
        ),
        _(
            "Chinese text is shown and printed with the bundled WenQuanYi Micro Hei font, "
            "used under the Apache License 2.0 (or GPL 3 or later with the font exception)."
        ),
        _("Built with Qt {qt} and PySide6 {pyside}.").format(qt=qVersion(), pyside=pyside_version),
    ]
    first, *rest = (html.escape(text) for text in paragraphs)
    return f"<h3>{first}</h3>" + "".join(f"<p>{text}</p>" for text in rest)


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, _("About CIIP Desktop"), about_html())
