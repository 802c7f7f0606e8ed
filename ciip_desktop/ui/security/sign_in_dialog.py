"""The sign-in dialog, its first-run form (the office's administrator), and the lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

if TYPE_CHECKING:
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.security.accounts import AccountService


class SignInDialog(QDialog):
    """Asks for a login and password; ``actor`` is set when they are right.

    ``setup`` makes it the first-run form: it creates the administrator instead.
    ``locked_login`` makes it the idle lock: only that person's password unlocks.
    ``unlock`` (with ``accounts`` None) opens an encrypted database before any service
    exists: it is called with the login and password, its result kept in ``unlocked``.
    """

    def __init__(
        self,
        accounts: AccountService | None,
        *,
        setup: bool = False,
        login: str = "",
        locked_login: str = "",
        parent: QWidget | None = None,
        unlock: Callable[[str, str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.unlock = unlock
        self.unlocked: tuple[object, tuple[str, str]] | None = None
        self.setup = setup
        self.locked_login = locked_login
        self.actor: Actor | None = None
        self.setObjectName("signInDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.login_edit = QLineEdit(locked_login or login)
        self.login_edit.setObjectName("login")
        self.login_edit.setReadOnly(bool(locked_login))
        self.name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.again_edit = QLineEdit()
        self.again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        self.login_label = QLabel()
        self.name_label = QLabel()
        self.password_label = QLabel()
        self.again_label = QLabel()
        form.addRow(self.login_label, self.login_edit)
        if setup:
            form.addRow(self.name_label, self.name_edit)
        form.addRow(self.password_label, self.password_edit)
        if setup:
            form.addRow(self.again_label, self.again_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        (self.password_edit if locked_login or login else self.login_edit).setFocus()

    def retranslate_ui(self) -> None:
        if self.setup:
            self.setWindowTitle(_("Set up CIIP Desktop"))
            self.intro.setText(
                _("Nobody has an account yet. Create the office administrator's account.")
            )
        elif self.locked_login:
            self.setWindowTitle(_("Locked"))
            self.intro.setText(
                _(
                    "The app was locked after a while without use. Your work is kept; type your "
                    "password to go on."
                )
            )
        else:
            self.setWindowTitle(_("Sign in"))
            self.intro.setText(_("Sign in with your own account."))
        self.login_label.setText(_("Login"))
        self.name_label.setText(_("Name"))
        self.password_label.setText(_("Password"))
        self.again_label.setText(_("Password again"))

    def try_accept(self) -> None:
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        try:
            if self.unlock is not None:
                self.unlocked = (self.unlock(login, password), (login, password))
            elif self.accounts is None:
                raise AssertionError("a sign-in dialog needs accounts or unlock")
            elif self.setup:
                if password != self.again_edit.text():
                    raise UserError(_("The two passwords differ; nothing was changed."))
                self.actor = self.accounts.setup(login, self.name_edit.text(), password)
            else:
                self.actor = self.accounts.sign_in(login, password)
        except UserError as err:
            self.error.setText(err.message)
            self.password_edit.clear()
            self.again_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()
