"""Dashboard: each standard's achievement per month against its target, by counsellor or
city, a trend chart (QtCharts), and the cases behind any figure."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _, format_date, format_percent, ngettext
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.measure import Case
from ciip_desktop.services.quality.service import Achievement, month_label, months_back
from ciip_desktop.services.quality.standards import Standard

MONTHS = 12
_GOOD = QColor("#d8f0d8")
_BAD = QColor("#f6d5d5")
# One colour per standard (Qt's default theme repeats after five).
_LINES = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#17becf", "#8c564b", "#e377c2")


class DashboardPage(QWidget):
    def __init__(self, quality: QualityService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quality = quality
        self.figures: dict[tuple[str, str, str], Achievement] = {}
        self.standards: list[Standard] = []
        self.months: list[str] = []
        self.group_label = QLabel()
        self.group = QComboBox()
        self.group.setObjectName("dashboard-group")
        self.group.addItems(["", "", ""])
        self.group.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget()
        self.table.setObjectName("dashboard-table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellClicked.connect(self._drill)
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.month_axis = QBarCategoryAxis()
        self.chart.plotAreaChanged.connect(lambda _area: self._fit_month_labels())
        self.cases_label = QLabel()
        self.cases = QTableWidget()
        self.cases.setObjectName("dashboard-cases")
        self.cases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(self.group_label)
        top.addWidget(self.group)
        top.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.cases_label)
        lower_layout.addWidget(self.cases)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.group_label.setText(_("Show:"))
        for i, text in enumerate((_("The office"), _("By counsellor"), _("By city"))):
            self.group.setItemText(i, text)
        self.cases_label.setText(_("Click a figure to see the cases behind it."))
        self.refresh()

    def _by(self) -> str:
        return ("", "counsellor", "city")[max(self.group.currentIndex(), 0)]

    def refresh(self) -> None:
        self.months = months_back(self.quality.today(), MONTHS)
        self.standards = [s for s in self.quality.catalogue.standards() if s.active]
        self.figures = self.quality.achievement(self.months, by=self._by())
        self._fill_table()
        self._fill_chart()

    def _rows(self) -> list[tuple[Standard, str]]:
        rows: list[tuple[Standard, str]] = []
        for standard in self.standards:
            rows.append((standard, ""))
            groups = sorted(
                {g for (k, _m, g) in self.figures if k == standard.key and g != ""},
            )
            rows.extend((standard, g) for g in groups)
        return rows

    def _fill_table(self) -> None:
        rows = self._rows()
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(2 + len(self.months))
        self.table.setHorizontalHeaderLabels(
            [_("Standard"), _("Target")] + [m for m in self.months]
        )
        for r, (standard, group) in enumerate(rows):
            name = standard.title if not group else f"    {group}"
            self.table.setItem(r, 0, QTableWidgetItem(name))
            target = _("{share} within {n} days").format(
                share=format_percent(standard.required_share), n=standard.target_days
            )
            self.table.setItem(r, 1, QTableWidgetItem(target if not group else ""))
            for c, month in enumerate(self.months):
                figure = self.figures.get((standard.key, month, group))
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, (standard.key, month, group))
                if figure is not None and figure.share is not None:
                    item.setText(f"{format_percent(figure.share)} ({figure.decided})")
                    good = figure.share >= standard.required_share
                    item.setBackground(QBrush(_GOOD if good else _BAD))
                    item.setToolTip(
                        _("{met} met, {missed} missed, {running} still running").format(
                            met=figure.met, missed=figure.missed, running=figure.running
                        )
                    )
                self.table.setItem(r, 2 + c, item)
        self.table.resizeColumnsToContents()

    def _fill_chart(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.setTitle(_("Share of cases meeting the standard, by month"))
        # Short month names; the year only where it starts (the first month, each January).
        self.month_axis = QBarCategoryAxis()
        self.month_axis.append(
            [month_label(m, i == 0 or m.endswith("-01")) for i, m in enumerate(self.months)]
        )
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText("%")
        self.chart.addAxis(self.month_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for n, standard in enumerate(self.standards):
            series = QLineSeries()
            series.setName(standard.title)
            series.setColor(QColor(_LINES[n % len(_LINES)]))
            for i, month in enumerate(self.months):
                figure = self.figures.get((standard.key, month, ""))
                if figure is not None and figure.share is not None:
                    series.append(i, 100 * figure.share)
            self.chart.addSeries(series)
            series.attachAxis(self.month_axis)
            series.attachAxis(y_axis)
        self._fit_month_labels()

    def _fit_month_labels(self) -> None:
        """Slant the month names when they would not fit side by side (narrow window, long
        names): Qt would otherwise cut each one down to "…"."""
        labels = self.month_axis.categories()
        if not labels:
            return
        metrics = QFontMetrics(self.month_axis.labelsFont())
        widest = max(metrics.horizontalAdvance(label) for label in labels)
        room = self.chart.plotArea().width() / len(labels)
        # A little slack each way so that the plot area, which the angle changes, settles.
        if self.month_axis.labelsAngle() == 0 and widest + 4 > room:
            self.month_axis.setLabelsAngle(-45)
        elif self.month_axis.labelsAngle() != 0 and widest + 12 <= room:
            self.month_axis.setLabelsAngle(0)

    def _drill(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not key:
            self.show_cases([])
            return
        standard, month, group = key
        self.show_cases(self.quality.cases_behind(standard, month, group, self._by()))

    def show_cases(self, cases: list[Case]) -> None:
        today = self.quality.today()
        self.cases_label.setText(ngettext("{n} case", "{n} cases", len(cases)).format(n=len(cases)))
        headers = [_("File no."), _("Started"), _("Due"), _("Stopped"), _("Working days")]
        headers += [_("Paused"), _("Result")]
        self.cases.clear()
        self.cases.setColumnCount(len(headers))
        self.cases.setHorizontalHeaderLabels(headers)
        self.cases.setRowCount(len(cases))
        results = {True: _("Met"), False: _("Missed"), None: _("Running")}
        for r, case in enumerate(sorted(cases, key=lambda c: (c.start, c.file_no))):
            values = [
                case.file_no,
                format_date(case.start),
                format_date(case.due),
                format_date(case.stop),
                str(case.net),
                str(case.paused),
                results[case.met(today)],
            ]
            for c, value in enumerate(values):
                self.cases.setItem(r, c, QTableWidgetItem(value))
        self.cases.resizeColumnsToContents()
