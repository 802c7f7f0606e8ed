"""The import dialog's widgets and their layout: the file, its first rows, which column holds
each field, the check's findings, and the buttons.

What the dialog does with them is :class:`~ciip_desktop.ui.clients.import_dialog.ImportDialog`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.fields import title
from ciip_desktop.ui.clients.import_report import NOTES, PROBLEMS
from ciip_desktop.ui.clients.tables import read_only_table

PREVIEW_ROWS = 20


class PathEdit(QLineEdit):
    """A file name typed or pasted; Enter opens it (and does not press the dialog's button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ImportLayout(QDialog):
    """The file row on top, the preview above the mapping (one choice per field of
    ``columns``) beside the problems, the buttons at the bottom."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_label = QLabel()
        self.file_edit = PathEdit()
        self.file_edit.setObjectName("fileName")
        self.file_label.setBuddy(self.file_edit)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseFile")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.preview_box = QGroupBox()
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("preview")
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.addWidget(self.preview)

        self.mapping_box = QGroupBox()
        mapping_inner = QWidget()
        self.mapping_form = QFormLayout(mapping_inner)
        self.mapping: dict[str, QComboBox] = {}
        self.mapping_labels: dict[str, QLabel] = {}
        for column in columns:
            combo = QComboBox()
            combo.setObjectName(f"map_{column}")
            label = QLabel()
            label.setBuddy(combo)
            self.mapping[column] = combo
            self.mapping_labels[column] = label
            self.mapping_form.addRow(label, combo)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_inner)
        self.unmatched_label = QLabel()
        self.unmatched_label.setObjectName("unmatched")
        self.unmatched_label.setWordWrap(True)
        mapping_layout = QVBoxLayout(self.mapping_box)
        mapping_layout.addWidget(scroll)
        mapping_layout.addWidget(self.unmatched_label)

        self.problems_box = QGroupBox()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problems = read_only_table("problems", 3, stretch=PROBLEMS)
        self.problems.horizontalHeader().setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.summary)
        problems_layout.addWidget(self.problems)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.mapping_box)
        lower.addWidget(self.problems_box)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.preview_box)
        body.addWidget(lower)

        self.skip_invalid = QCheckBox()
        self.skip_invalid.setObjectName("skipInvalid")
        self.check_button = QPushButton()
        self.check_button.setObjectName("check")
        self.import_button = QPushButton()
        self.import_button.setObjectName("import")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.check_button, self.import_button, self.choose_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)

    def retranslate_ui(self) -> None:
        """Titles, labels, buttons and the fields' names in the current language."""
        self.setWindowTitle(_("Import clients"))
        self.file_label.setText(_("File:"))
        self.file_edit.setPlaceholderText(_("a .csv or .xlsx file with one registration a row"))
        self.choose_button.setText(_("&Choose file…"))
        self.preview_box.setTitle(
            _("First rows of the file ({count} shown)").format(count=PREVIEW_ROWS)
        )
        self.mapping_box.setTitle(_("Which column of the file holds each field"))
        self.problems_box.setTitle(_("Check"))
        self.skip_invalid.setText(_("Import only the &valid rows"))
        self.check_button.setText(_("C&heck"))
        self.import_button.setText(_("&Import"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Problems"), _("To confirm")])
        for column, label in self.mapping_labels.items():
            label.setText(_("{label}:").format(label=title(column)))
        for combo in self.mapping.values():
            if combo.count():
                combo.setItemText(0, _("(not in the file)"))
