"""The Clients screen's commands: key in a registration, import a spreadsheet, export the view.

The registration form and the import dialog load the first time they open, never for the
window's first paint. The export runs on the worker, with a progress dialog when it lasts.
The screen says what follows: which record to show, when to read the list again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.clients.list_types import ClientFilter
from ciip_desktop.ui.clients.file_folder import FileFolder
from ciip_desktop.ui.clients.messages import error_text, show_error, show_info
from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import TaskRunner

if TYPE_CHECKING:
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import Actor
    from ciip_desktop.ui.clients.import_dialog import ImportDialog
    from ciip_desktop.ui.clients.registration_form import RegistrationForm

ClientShown = Callable[[str], None]


class ClientCommands:
    """Opens the Clients menu's dialogs over ``parent`` (window-modal) and keeps the open
    ones, so that a language switch re-translates them."""

    def __init__(
        self,
        parent: QWidget,
        services: Services,
        actor: Actor,
        runner: Callable[[], TaskRunner],
    ) -> None:
        self._parent = parent
        self._services = services
        self._actor = actor
        self._runner = runner
        self.import_dialog: ImportDialog | None = None
        self.registration_form: RegistrationForm | None = None

    def retranslate_ui(self) -> None:
        for dialog in (self.import_dialog, self.registration_form):
            if dialog is not None:
                dialog.retranslate_ui()

    def new_client(self, saved: ClientShown, open_existing: ClientShown) -> RegistrationForm:
        """The registration form; ``saved(id)`` once a client is registered, or
        ``open_existing(id)`` when the counsellor chose a possible duplicate instead."""
        from ciip_desktop.ui.clients.registration_form import OPEN_EXISTING, RegistrationForm

        form = RegistrationForm(self._services, self._actor, None, self._parent)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.registration_form = form

        def finished(result: int) -> None:
            if self.registration_form is form:
                self.registration_form = None
            if result == OPEN_EXISTING and form.existing_id:
                open_existing(form.existing_id)
            elif result and form.saved_client is not None:
                saved(form.saved_client.id)

        form.finished.connect(finished)
        form.open()
        return form

    def import_clients(self, imported: Callable[[], None]) -> ImportDialog:
        """The import dialog; ``imported()`` after each import it runs."""
        from ciip_desktop.ui.clients.import_dialog import ImportDialog

        dialog = ImportDialog(self._services, self._actor, self._runner(), self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_dialog = dialog
        dialog.imported.connect(lambda _count: imported())

        def finished(_result: int) -> None:
            if self.import_dialog is dialog:
                self.import_dialog = None

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def export_view(
        self,
        path: str | bool | None,
        ids: Callable[[], list[str]],
        client_filter: Callable[[], ClientFilter],
        finished: Callable[[int], None],
    ) -> None:
        """Save the clients ``ids()`` lists (in their order) to CSV or Excel, on the worker;
        ``finished(count)`` after, ``finished(-1)`` if it failed.

        Without ``path`` a file dialog asks (a menu action's ``checked`` flag counts as none).
        """
        services, actor, parent = self._services, self._actor, self._parent
        if not isinstance(path, str) or not path:
            folder = FileFolder()  # the same remembered folder as the import's picker
            path, _chosen = QFileDialog.getSaveFileName(
                parent,
                _("Export the clients listed"),
                str(folder.start() / _("clients.xlsx")),
                _("Excel workbook (*.xlsx);;CSV file (*.csv)"),
            )
            if not path:
                return
            folder.remember(path)
        listed = ids()
        chosen = client_filter()
        target = Path(path)

        def work() -> int:
            return services.exporter.export(actor, chosen, target, ids=listed)

        def done(count: int) -> None:
            show_info(
                parent,
                ngettext(
                    "Exported {count} client to {file}.",
                    "Exported {count} clients to {file}.",
                    count,
                ).format(count=format_number(count), file=target.name),
            )
            finished(count)

        def failed(error: BaseException) -> None:
            show_error(parent, error_text(error))
            finished(-1)

        task = self._runner().run(work, on_done=done, on_error=failed, name="export clients")
        DelayedProgress(task, _("Exporting clients…"), parent)
