"""The library item editor: texts in three languages, links, rules and review details."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.packages.library import KINDS
from ciip_desktop.services.packages.types import ItemInput, ItemRules, ItemView
from ciip_desktop.ui.packages.labels import FAMILY_LABELS, kind_label

NO_LEVEL = 0  # the spin boxes' "no limit" value, shown as "—"


def _list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


class ItemEditor(QWidget):
    """Edits one item; ``rulesChanged`` fires as the rules are edited (to count matches)."""

    rulesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library-item-editor")
        self.slug = QLineEdit()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.title_en = QLineEdit()
        self.body_en = QPlainTextEdit()
        self.title_zh = QLineEdit()
        self.body_zh = QPlainTextEdit()
        self.title_fr = QLineEdit()
        self.body_fr = QPlainTextEdit()
        for body in (self.body_en, self.body_zh, self.body_fr):
            body.setMaximumHeight(90)
        self.links = QPlainTextEdit()
        self.links.setMaximumHeight(50)
        self.provinces = QLineEdit()
        self.cities = QLineEdit()
        self.nocs = QLineEdit()
        self.teers = QLineEdit()
        self.categories = QLineEdit()
        self.clb_min = QSpinBox()
        self.clb_max = QSpinBox()
        for box in (self.clb_min, self.clb_max):
            box.setRange(NO_LEVEL, 12)
            box.setSpecialValueText("—")
        self.topics = QLineEdit()
        self.family = QComboBox()
        for key in FAMILY_LABELS:
            self.family.addItem("", key)
        self.reviewer = QLineEdit()
        self.review_months = QSpinBox()
        self.review_months.setRange(1, 60)
        self.review_months.setValue(12)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.form = QFormLayout(self)
        self.labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget]] = [
            ("slug", self.slug), ("kind", self.kind),
            ("title_en", self.title_en), ("body_en", self.body_en),
            ("title_zh", self.title_zh), ("body_zh", self.body_zh),
            ("title_fr", self.title_fr), ("body_fr", self.body_fr),
            ("links", self.links), ("provinces", self.provinces), ("cities", self.cities),
            ("nocs", self.nocs), ("teers", self.teers), ("categories", self.categories),
            ("clb_min", self.clb_min), ("clb_max", self.clb_max), ("topics", self.topics),
            ("family", self.family), ("reviewer", self.reviewer),
            ("review_months", self.review_months),
        ]  # fmt: skip
        for key, widget in rows:
            label = QLabel()
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.form.addRow(self.status)
        for line in (self.provinces, self.cities, self.nocs, self.teers, self.categories):
            line.textChanged.connect(lambda _t: self.rulesChanged.emit())
        self.topics.textChanged.connect(lambda _t: self.rulesChanged.emit())
        for box in (self.clb_min, self.clb_max):
            box.valueChanged.connect(lambda _v: self.rulesChanged.emit())
        self.family.currentIndexChanged.connect(lambda _i: self.rulesChanged.emit())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = {
            "slug": _("Key:"),
            "kind": _("Kind:"),
            "title_en": _("Title (English):"),
            "body_en": _("Text (English):"),
            "title_zh": _("Title (中文):"),
            "body_zh": _("Text (中文):"),
            "title_fr": _("Title (French):"),
            "body_fr": _("Text (French):"),
            "links": _("Source links (one a line):"),
            "provinces": _("Provinces (ON, BC…):"),
            "cities": _("Cities:"),
            "nocs": _("NOC codes:"),
            "teers": _("TEER categories:"),
            "categories": _("NOC broad categories:"),
            "clb_min": _("Lowest CLB:"),
            "clb_max": _("Highest CLB:"),
            "topics": _("Concerns (housing, schools…):"),
            "family": _("Family situation:"),
            "reviewer": _("Reviewer:"),
            "review_months": _("Review every (months):"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        for i in range(self.kind.count()):
            self.kind.setItemText(i, kind_label(str(self.kind.itemData(i))))
        for i in range(self.family.count()):
            self.family.setItemText(i, _(FAMILY_LABELS[str(self.family.itemData(i))]))

    def rules(self) -> ItemRules:
        low, high = self.clb_min.value(), self.clb_max.value()
        return ItemRules(
            provinces=tuple(p.upper() for p in _list(self.provinces.text())),
            cities=_list(self.cities.text()),
            nocs=_list(self.nocs.text()),
            teers=_list(self.teers.text()),
            categories=_list(self.categories.text()),
            clb_min=low if low != NO_LEVEL else None,
            clb_max=high if high != NO_LEVEL else None,
            topics=_list(self.topics.text()),
            family=str(self.family.currentData()),
        )

    def value(self) -> ItemInput:
        return ItemInput(
            slug=self.slug.text().strip(),
            kind=str(self.kind.currentData()),
            title_en=self.title_en.text().strip(),
            body_en=self.body_en.toPlainText().strip(),
            title_zh=self.title_zh.text().strip(),
            body_zh=self.body_zh.toPlainText().strip(),
            title_fr=self.title_fr.text().strip(),
            body_fr=self.body_fr.toPlainText().strip(),
            links=tuple(u.strip() for u in self.links.toPlainText().splitlines() if u.strip()),
            rules=self.rules(),
            reviewer=self.reviewer.text().strip(),
            review_months=self.review_months.value(),
        )

    def set_value(self, view: ItemView | None) -> None:
        self.blockSignals(True)
        rules = view.rules if view else ItemRules()
        self.slug.setText(view.slug if view else "")
        self.kind.setCurrentIndex(max(self.kind.findData(view.kind if view else KINDS[0]), 0))
        for name in ("title_en", "title_zh", "title_fr"):
            getattr(self, name).setText(getattr(view, name) if view else "")
        for name in ("body_en", "body_zh", "body_fr"):
            getattr(self, name).setPlainText(getattr(view, name) if view else "")
        self.links.setPlainText("\n".join(view.links) if view else "")
        for name in ("provinces", "cities", "nocs", "teers", "categories", "topics"):
            getattr(self, name).setText(", ".join(getattr(rules, name)))
        self.clb_min.setValue(rules.clb_min if rules.clb_min is not None else NO_LEVEL)
        self.clb_max.setValue(rules.clb_max if rules.clb_max is not None else NO_LEVEL)
        self.family.setCurrentIndex(max(self.family.findData(rules.family), 0))
        self.reviewer.setText(view.reviewer if view else "")
        self.review_months.setValue(view.review_months if view else 12)
        self.blockSignals(False)
        self.rulesChanged.emit()
