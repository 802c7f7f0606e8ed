"""The audit trail as a table: when, who, what, which record, which laptop, detail."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ciip_desktop.i18n import N_, _, format_datetime
from ciip_desktop.services.security import audit
from ciip_desktop.services.security.audit_trail import AuditRow

# What each kind of entry is called on screen (the stored kind stays in English).
ACTION_LABELS: dict[str, str] = {
    audit.VIEW: N_("Record viewed"),
    audit.CHANGE: N_("Record changed"),
    audit.PRINT: N_("Package printed"),
    audit.EMAIL: N_("Package e-mailed"),
    audit.PACKAGE: N_("Package issued"),
    audit.EXPORT: N_("Clients exported"),
    audit.ROSTER: N_("Roster printed or exported"),
    audit.SIGN_IN: N_("Signed in"),
    audit.SIGN_IN_FAILED: N_("Failed sign-in"),
    audit.SIGN_OUT: N_("Signed out"),
    audit.ACCOUNT: N_("Account changed"),
    audit.BACKUP: N_("Backup made"),
    audit.RESTORE: N_("Backup restored"),
    audit.PURGE: N_("Closed files purged"),
    audit.CLOSURE: N_("Office closure added"),
    audit.STANDARD: N_("Service standard changed"),
    audit.HUB: N_("Office hub changed"),
    audit.KEYS: N_("Office key made or installed"),
    audit.ENROL: N_("Laptop enrolled"),
    audit.ENCRYPTION: N_("Encryption changed"),
    audit.AUDIT_EXPORT: N_("Audit trail exported"),
}
COLUMNS = (N_("When"), N_("Who"), N_("What"), N_("Record"), N_("Laptop"), N_("Detail"))


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


class AuditTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AuditRow] = []

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return row.action
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return format_datetime(row.at)
        if column == 1:
            return row.login
        if column == 2:
            return action_label(row.action)
        if column == 3:
            return row.target_id
        if column == 4:
            return row.device
        if column == 5:
            return row.detail
        return None

    def retranslate(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 5))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
