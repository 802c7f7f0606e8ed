"""A page for a screen that is not built yet: its name and what it will do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.ui.navigation import ScreenSpec


class PlaceholderScreen(QWidget):
    """Says, in the current language, that this screen comes in a later release."""

    def __init__(self, spec: ScreenSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"screen-{spec.key}")
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.notice_label = QLabel()
        self.summary_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title_label, self.notice_label, self.summary_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(2)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(12)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(_(self.spec.title))
        self.notice_label.setText(_("This screen is coming in a later release."))
        self.summary_label.setText(_(self.spec.coming) if self.spec.coming else "")
