"""The row of buttons above the client list: new client, import, export, the overdue steps."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from ciip_desktop.i18n import _


class ScreenButtons:
    """The buttons in ``layout``; the three commands wait for the services (disabled)."""

    def __init__(self) -> None:
        self.new_button = QPushButton()
        self.new_button.setObjectName("newClient")
        self.import_button = QPushButton()
        self.import_button.setObjectName("importClients")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportView")
        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("overdueToggle")
        self.overdue_button.setCheckable(True)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.new_button)
        self.layout.addWidget(self.import_button)
        self.layout.addWidget(self.export_button)
        self.layout.addStretch(1)
        self.layout.addWidget(self.overdue_button)

    def set_commands_enabled(self, enabled: bool) -> None:
        for button in (self.new_button, self.import_button, self.export_button):
            button.setEnabled(enabled)

    def retranslate_ui(self) -> None:
        self.new_button.setText(_("&New client…"))
        self.new_button.setToolTip(_("Key in a registration form"))
        self.import_button.setText(_("&Import…"))
        self.import_button.setToolTip(_("Import registrations from a CSV or Excel file"))
        self.export_button.setText(_("E&xport…"))
        self.export_button.setToolTip(_("Save the clients listed to a CSV or Excel file"))
        self.overdue_button.setText(_("Overdue action steps"))
