"""Ask for the reason when a client's file is closed, withdrawn or reopened."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import N_, _

# The action the counsellor chose → (window title, question), untranslated.
QUESTIONS: dict[str, tuple[str, str]] = {
    "closed": (N_("Close the file"), N_("Why is {client}'s file being closed?")),
    "withdrawn": (N_("Client withdraws"), N_("Why is {client} withdrawing from the service?")),
    "reopen": (N_("Reopen the file"), N_("Why is {client}'s file being reopened?")),
}


class StatusReasonDialog(QDialog):
    """``reason()`` is the text typed; OK stays disabled until there is one."""

    def __init__(self, action: str, client: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusReasonDialog")
        self._action = action
        self._client = client
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._update()
        self.resize(420, 200)

    def retranslate_ui(self) -> None:
        title, question = QUESTIONS[self._action]
        self.setWindowTitle(_(title))
        self.question.setText(_(question).format(client=self._client))

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.reason()))
