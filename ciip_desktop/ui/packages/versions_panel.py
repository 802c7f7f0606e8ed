"""Issuing and sending a package: Issue, Print, E-mail, Save PDF, and the issued versions.

Print and E-mail send the issued version on show exactly as it was issued; on a draft they
issue it as a new version first (after the counsellor has seen its warnings).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_datetime
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.types import IssuedView, PackageDraft
from ciip_desktop.ui.packages.labels import LANGUAGE_LABELS
from ciip_desktop.ui.packages.output import open_file, print_with_dialog, save_bytes
from ciip_desktop.ui.packages.preview import PdfPreview

ROLE = Qt.ItemDataRole.UserRole


class VersionsPanel(QWidget):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        preview: PdfPreview,
        draft: Callable[[], PackageDraft | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.preview = preview
        self.draft = draft
        # The issued version the preview shows (printed or e-mailed as is), else None: a draft.
        self.shown_version: str | None = None
        self.issue_button = QPushButton()
        self.print_button = QPushButton()
        self.email_button = QPushButton()
        self.save_button = QPushButton()
        self.versions_label = QLabel()
        self.versions = QListWidget()
        self.versions.setObjectName("package-versions")
        self.versions.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        for button in (self.issue_button, self.print_button, self.email_button, self.save_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        layout.addWidget(self.versions_label)
        layout.addWidget(self.versions)
        self.issue_button.clicked.connect(lambda: self.issue())
        self.print_button.clicked.connect(self.print_package)
        self.email_button.clicked.connect(self.email_package)
        self.save_button.clicked.connect(self.save_pdf)
        self.versions.itemDoubleClicked.connect(self.show_version)

    def retranslate_ui(self) -> None:
        self.issue_button.setText(_("Issue version"))
        self.print_button.setText(_("Print…"))
        self.email_button.setText(_("E-mail…"))
        self.save_button.setText(_("Save PDF…"))
        self.versions_label.setText(_("Issued versions (double-click to open):"))
        self.fill_versions()

    def fill_versions(self) -> None:
        self.versions.clear()
        draft = self.draft()
        if draft is None:
            return
        for view in self.services.issuer.versions(draft.client_id):
            self.versions.addItem(_version_item(view))

    def _confirm_warnings(self, draft: PackageDraft) -> bool:
        warnings = self.services.packages.warnings(draft)
        if not warnings:
            return True
        text = "\n".join(f"• {w.text}" for w in warnings[:12])
        answer = QMessageBox.question(
            self,
            _("Check the package"),
            _("This package has warnings:\n{warnings}\n\nIssue it anyway?").format(warnings=text),
        )
        return answer == QMessageBox.StandardButton.Yes

    def issue(self, channel: str = "saved", confirm: bool = True) -> IssuedView | None:
        """Give the draft its next version (frozen) and show it; None when not confirmed."""
        draft = self.draft()
        if draft is None or (confirm and not self._confirm_warnings(draft)):
            return None
        issued = self.services.issuer.issue(self.actor, draft, channel)
        self.preview.show_pdf(self.services.issuer.snapshot(issued.id))
        self.shown_version = issued.id
        self.fill_versions()
        return issued

    def _version_to_send(self) -> str | None:
        """The issued version shown (sent again as it is), or a new version of the draft."""
        if self.shown_version is not None:
            return self.shown_version
        draft = self.draft()
        if draft is None or not self._confirm_warnings(draft):
            return None
        issued = self.issue(confirm=False)
        return issued.id if issued is not None else None

    def print_package(self) -> None:
        """Print the issued version shown, or issue the draft as a new version and print it."""
        version = self._version_to_send()
        if version is None:
            return
        if print_with_dialog(self.preview.pdf, self):
            self.services.issuer.record_sent(self.actor, version, "print")
            self.fill_versions()

    def email_package(self) -> None:
        version = self._version_to_send()
        if version is None:
            return
        try:
            message = self.services.issuer.email_message(version, self.actor.display_name)
        except UserError as err:
            QMessageBox.warning(self, _("CIIP Desktop"), err.message)
            return
        draft = self.draft()
        file_no = draft.file_no if draft else "package"
        path = save_bytes(self, message, f"package-{file_no}.eml", _("E-mail message (*.eml)"))
        if path is not None:
            open_file(path)
            self.services.issuer.record_sent(self.actor, version, "email")
            self.fill_versions()

    def save_pdf(self) -> None:
        draft = self.draft()
        if draft is None or not self.preview.data:
            return
        save_bytes(self, self.preview.data, f"package-{draft.file_no}.pdf", _("PDF (*.pdf)"))

    def show_version(self, item: QListWidgetItem) -> bool:
        """Open an issued version exactly as it went out (Print and E-mail then resend it);
        False when it cannot be opened here (the counsellor is told why)."""
        version = str(item.data(ROLE))
        try:
            pdf = self.services.issuer.snapshot(version)
        except UserError as err:
            QMessageBox.warning(self, _("CIIP Desktop"), err.message)
            return False
        self.preview.show_pdf(pdf)
        self.shown_version = version
        return True


def _version_item(view: IssuedView) -> QListWidgetItem:
    how = {
        "print": _("printed"),
        "email": _("e-mailed"),
        "": _("not sent yet"),
    }.get(view.channel, view.channel)
    when = format_datetime(view.sent_at or view.issued_at, "short")
    item = QListWidgetItem(
        _("Version {n} — {language}, {how}, {when}").format(
            n=view.version, language=_(LANGUAGE_LABELS[view.language]), how=how, when=when
        )
    )
    item.setData(ROLE, view.id)
    return item
