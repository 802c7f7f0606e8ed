"""The registration form's duplicate check, as the counsellor types.

Once a name, a phone or an e-mail is typed, the office's records are searched for the same
person off the GUI thread (the newest answer wins). The window grows to show the duplicates
panel and, once the panel hides again, gives the height back instead of an empty band.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import DuplicateCandidate, RegistrationInput
from ciip_desktop.ui.clients.delayed_check import DelayedCheck
from ciip_desktop.ui.clients.duplicates_panel import DuplicatesPanel
from ciip_desktop.ui.clients.messages import error_text

DUPLICATE_DELAY_MS = 300
# Enough to say who it may be: checking for duplicates before any of these is typed is noise.
IDENTIFYING = ("family_name", "chinese_name", "phone", "email")


class DuplicateCheck(DelayedCheck):
    """Shows in ``panel`` the records ``value()`` may duplicate (never ``exclude_id``)."""

    def __init__(
        self,
        services: Services,
        value: Callable[[], RegistrationInput],
        exclude_id: str | None,
        panel: DuplicatesPanel,
        window: QWidget,
    ) -> None:
        super().__init__("find duplicates", DUPLICATE_DELAY_MS, window)
        self._services = services
        self._value = value
        self._exclude_id = exclude_id
        self._panel = panel
        self._window = window
        self._height_without_panel = 0  # the window's height before the duplicates showed

    def _ask(self) -> None:
        data = self._value()
        if not any(getattr(data, name) for name in IDENTIFYING):
            self.request.cancel()
            self._show([])
            return
        exclude = self._exclude_id
        find = self._services.clients.find_duplicates
        self.request.request(
            lambda: find(data, exclude_id=exclude),
            self._show,
            self._failed,
        )

    def _show(self, found: list[DuplicateCandidate]) -> None:
        shown, height = not self._panel.isHidden(), self._window.height()
        self._panel.show_candidates(found)
        self._fit_height(shown, height)

    def _failed(self, error: BaseException) -> None:
        shown, height = not self._panel.isHidden(), self._window.height()
        self._panel.show_failure(error_text(error))
        self._fit_height(shown, height)

    def _fit_height(self, was_shown: bool, height_before: int) -> None:
        """The window grows to show the duplicates panel; once it hides, the height it had
        before comes back instead of an empty band."""
        shown = not self._panel.isHidden()
        if shown and not was_shown:
            self._height_without_panel = height_before
        elif was_shown and not shown and self._height_without_panel:
            layout = self._window.layout()
            if layout is not None:
                layout.activate()
                floor = layout.totalMinimumSize().height()
                self._window.resize(self._window.width(), max(floor, self._height_without_panel))
            self._height_without_panel = 0
