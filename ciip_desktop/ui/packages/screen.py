"""The Packages screen: the builder and the library, as two tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.packages.builder_page import BuilderPage
from ciip_desktop.ui.packages.library_page import LibraryPage
from ciip_desktop.ui.worker import TaskRunner


class PackagesScreen(QWidget):
    """Built when the screen is first shown (the library loads its defaults then)."""

    def __init__(
        self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen-packages")
        services.library.ensure_defaults()
        self.tabs = QTabWidget()
        self.builder = BuilderPage(services, actor, runner)
        self.library = LibraryPage(services, actor, runner)
        self.tabs.addTab(self.builder, "")
        self.tabs.addTab(self.library, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, _("Package builder"))
        self.tabs.setTabText(1, _("Resource library"))
        self.builder.retranslate_ui()
        self.library.retranslate_ui()
