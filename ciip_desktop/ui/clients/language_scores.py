"""English or French level: a CLB/NCLC level typed directly, or a test's four scores converted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QLabel, QSpinBox, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.assessment import SCORE_RANGES
from ciip_desktop.ui.clients.code_combo import CodeCombo

NOT_ENTERED = -1.0

Converter = Callable[[str, str], int | None]
"""(test, "L/R/W/S") -> level, None below the charts; ValueError when it cannot convert."""


class LanguageLevel(QWidget):
    """Test (or none), four score boxes with the converted level beside them, and the level.

    When a test's scores convert, the level box shows the result and is locked; below the
    charts (under level 4) the counsellor types the level.
    """

    changed = Signal()

    def __init__(
        self,
        tests: dict[str, str],
        unit: str,
        convert: Converter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._unit = unit  # "CLB" or "NCLC": the same in every language
        self._convert = convert
        self.test = CodeCombo(tests, blank="")
        self.test.setObjectName("test")
        self.scores: list[QDoubleSpinBox] = []
        self.skill_labels: list[QLabel] = []
        for index in range(4):
            box = QDoubleSpinBox()
            box.setObjectName(f"score{index}")
            box.setMinimum(NOT_ENTERED)
            box.setSpecialValueText("–")
            box.setValue(NOT_ENTERED)
            box.setKeyboardTracking(True)
            box.setFixedWidth(box.fontMetrics().horizontalAdvance("0000.0") + 36)
            box.valueChanged.connect(self._recompute)
            self.scores.append(box)
            self.skill_labels.append(QLabel())
        self.converted = QLabel()
        self.converted.setObjectName("converted")
        self.level = QSpinBox()
        self.level.setObjectName("level")
        self.level.setRange(0, 12)
        self.level.valueChanged.connect(lambda _v: self.changed.emit())
        self.test_label = QLabel()
        self.level_label = QLabel()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.test_label, 0, 0)
        grid.addWidget(self.test, 0, 1, 1, 5)
        for index, (caption, box) in enumerate(zip(self.skill_labels, self.scores, strict=True)):
            grid.addWidget(caption, 1, 1 + index)
            grid.addWidget(box, 2, 1 + index)
        grid.addWidget(self.converted, 2, 5)
        grid.addWidget(self.level_label, 3, 0)
        grid.addWidget(self.level, 3, 1)
        grid.setColumnStretch(5, 1)
        self.test.currentIndexChanged.connect(self._test_changed)
        self.retranslate_ui()
        self._test_changed()

    def retranslate_ui(self) -> None:
        self.test.retranslate_ui()
        self.test_label.setText(_("Test:"))
        for caption, text in zip(
            self.skill_labels,
            (_("Listening"), _("Reading"), _("Writing"), _("Speaking")),
            strict=True,
        ):
            caption.setText(text)
        self.level_label.setText(_("{unit} level:").format(unit=self._unit))
        not_known = _("not known")
        self.level.setSpecialValueText(not_known)
        self.level.setFixedWidth(self.level.fontMetrics().horizontalAdvance(not_known) + 48)
        self._recompute()

    # ---- values ----------------------------------------------------------------------------

    def scores_text(self) -> str:
        """ "6.5/6.0/6.0/6.5", or "" until all four scores are entered."""
        values = [box.value() for box in self.scores]
        if not self.test.code() or any(v <= NOT_ENTERED for v in values):
            return ""
        return "/".join(
            f"{v:.{box.decimals()}f}" for v, box in zip(values, self.scores, strict=True)
        )

    def level_value(self) -> int | None:
        return self.level.value() or None

    def set_values(self, test: str, scores: str, level: int | None) -> None:
        self.test.set_code(test)
        self._test_changed()
        parts = [p for p in scores.replace(",", ".").split("/") if p.strip()]
        for box, part in zip(self.scores, parts, strict=False):
            try:
                box.setValue(float(part))
            except ValueError:
                box.setValue(NOT_ENTERED)
        self.level.setValue(level or 0)
        self._recompute()

    def converted_level(self) -> int | None:
        text = self.scores_text()
        if not text:
            return None
        try:
            return self._convert(self.test.code(), text)
        except ValueError:
            return None

    # ---- behaviour -------------------------------------------------------------------------

    def _test_changed(self, *_args: object) -> None:
        test = self.test.code()
        ranges = SCORE_RANGES.get(test)
        for index, box in enumerate(self.scores):
            box.setVisible(ranges is not None)
            self.skill_labels[index].setVisible(ranges is not None)
            if ranges is not None:
                _low, top, step = ranges[index]
                box.blockSignals(True)
                box.setDecimals(1 if step < 1 else 0)
                box.setMaximum(top)
                box.setSingleStep(step)
                box.blockSignals(False)
        self.converted.setVisible(ranges is not None)
        self._recompute()

    def _recompute(self, *_args: object) -> None:
        text = self.scores_text()
        if not self.test.code():
            self.level.setEnabled(True)
            self.converted.setText("")
        elif not text:
            self.level.setEnabled(True)
            self.converted.setText(_("enter all four scores"))
        else:
            level = self.converted_level()
            if level is None:
                self.converted.setText(_("below {unit} 4 — type the level").format(unit=self._unit))
                self.level.setEnabled(True)
            else:
                self.converted.setText(_("= {unit} {level}").format(unit=self._unit, level=level))
                self.level.setValue(level)
                self.level.setEnabled(False)
        self.changed.emit()
