"""The Service quality screen: My day, the dashboard and the standards, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.quality.dashboard_page import DashboardPage
from ciip_desktop.ui.quality.feedback_page import FeedbackPage
from ciip_desktop.ui.quality.improvements_page import ImprovementsPage
from ciip_desktop.ui.quality.my_day_page import MyDayPage
from ciip_desktop.ui.quality.standards_page import StandardsPage
from ciip_desktop.ui.quality.survey_page import SurveyPage
from ciip_desktop.ui.quality.workload_page import WorkloadPage


class QualityScreen(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen-quality")
        quality = services.quality
        self.tabs = QTabWidget()
        self.my_day = MyDayPage(quality, actor)
        self.dashboard = DashboardPage(quality)
        self.standards = StandardsPage(quality, actor)
        self.surveys = SurveyPage(quality, actor)
        self.feedback = FeedbackPage(quality, actor)
        self.improvements = ImprovementsPage(quality, actor)
        self.workload = WorkloadPage(quality)
        self.standards.changed.connect(self.dashboard.refresh)
        self.standards.changed.connect(self.my_day.refresh)
        self.pages = (
            self.my_day,
            self.dashboard,
            self.surveys,
            self.feedback,
            self.improvements,
            self.workload,
            self.standards,
        )
        for page in self.pages:
            self.tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        self._tab_texts()  # the pages filled themselves when made

    def _tab_texts(self) -> None:
        texts = (
            _("My day"),
            _("Dashboard"),
            _("Client satisfaction"),
            _("Feedback log"),
            _("Improvement projects"),
            _("Workload"),
            _("Service standards"),
        )
        for i, text in enumerate(texts):
            self.tabs.setTabText(i, text)

    def retranslate_ui(self) -> None:
        self._tab_texts()
        for page in self.pages:
            page.retranslate_ui()
