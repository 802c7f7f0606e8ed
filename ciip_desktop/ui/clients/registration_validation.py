"""The registration form's validation, as the counsellor types and before saving.

The service checks the form off the GUI thread once the typing pauses (the newest answer
wins); each reason shows next to its field once the counsellor has touched that field, and
reasons that belong to no single field are said beside the buttons. A check that cannot run
says so and keeps Save disabled: the form is never shown as valid without an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.ui.clients.delayed_check import DelayedCheck
from ciip_desktop.ui.clients.field_editors import DateEditor, FieldEditor
from ciip_desktop.ui.clients.field_errors import FieldErrors
from ciip_desktop.ui.clients.messages import error_text

VALIDATE_DELAY_MS = 100


class RegistrationValidation(DelayedCheck):
    """The reasons ``value()`` cannot be saved, shown on the form's ``errors``,
    ``problem_label`` and ``save_button``."""

    def __init__(
        self,
        services: Services,
        value: Callable[[], RegistrationInput],
        client_id: str | None,
        editors: Mapping[str, FieldEditor],
        *,
        errors: FieldErrors,
        problem_label: QLabel,
        save_button: QPushButton,
        parent: QWidget,
    ) -> None:
        super().__init__("validate registration", VALIDATE_DELAY_MS, parent)
        self._services = services
        self._value = value
        self._client_id = client_id
        self._editors = editors
        self._errors = errors
        self._problem_label = problem_label
        self._save_button = save_button
        self.touched: set[str] = set()
        self.reasons: dict[str, str] = {}
        self.read_failure = ""  # a read on opening that failed, said beside the buttons
        self._check_failure = ""  # the last validation could not run: why

    def touch(self, names: Iterable[str]) -> None:
        """The counsellor has been at these fields: their reasons show now."""
        self.touched.update(names)
        self.show()

    def refuse(self, reasons: Mapping[str, str]) -> None:
        """The service refused to save: these reasons stand until the next check."""
        self.reasons = dict(reasons)
        self.touch(self.reasons)

    def _date_reasons(self) -> dict[str, str]:
        return {
            name: _("Type the date as YYYY-MM-DD.")
            for name, editor in self._editors.items()
            if isinstance(editor, DateEditor) and not editor.field.is_valid()
        }

    def _ask(self) -> None:
        """Ask the service on the worker; the newest answer shows."""
        data = self._value()
        client_id = self._client_id
        validate = self._services.clients.validate
        self.request.request(lambda: validate(data, client_id), self._validated, self._failed)

    def _validated(self, found: dict[str, str]) -> None:
        self._check_failure = ""
        self.reasons = {**found, **self._date_reasons()}
        self.show()

    def _failed(self, error: BaseException) -> None:
        self._check_failure = _("The form could not be checked: {reason}").format(
            reason=error_text(error)
        )
        # Not known to be valid, so not savable until a check answers.
        self.reasons = {"": self._check_failure, **self._date_reasons()}
        self.show()

    def now(self) -> dict[str, str]:
        """Validate here and now (opening, saving); an answer still on its way is dropped."""
        self._timer.stop()
        self.request.cancel()
        try:
            self._validated(self._services.clients.validate(self._value(), self._client_id))
        except Exception as exc:  # said on the form; a non-user error is logged by error_text
            self._failed(exc)
        return dict(self.reasons)

    def show(self) -> None:
        attached = self._errors.names()
        shown = {k: v for k, v in self.reasons.items() if k in self.touched}
        self._errors.show(shown)
        # Reasons that belong to no single field (or to two) are listed beside the buttons.
        loose = [v for k, v in self.reasons.items() if k not in attached]
        if not self.touched:  # an untouched form does not scold, but a failed check is said
            loose = [self._check_failure] if self._check_failure else []
        self._problem_label.setText(" ".join([self.read_failure, *loose]).strip())
        self._save_button.setEnabled(not self.reasons)
        self._save_button.setToolTip("\n".join(self.reasons.values()) or _("Save (Ctrl+Enter)"))
