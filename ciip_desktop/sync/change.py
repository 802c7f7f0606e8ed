"""The change format: one changed field of one synced row, as it travels between replicas.

A :class:`Change` is a plain, versioned value: the hub stores it, a bundle carries it, the
merge applies it. ``to_json``/``from_json`` give its wire form; ``FORMAT_VERSION`` changes
only when the form does, ``schema_version`` names the database schema that wrote it (a
replica refuses changes from a newer schema: it would not know their tables or fields).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

FORMAT_VERSION = 1
# The schema version this release writes and understands (raise it with a migration that
# adds or changes synced tables or fields).
SCHEMA_VERSION = 1
# The ``field`` of the one change that carries a whole new row (its value maps every field).
ROW_INSERT = "*"


@dataclass(frozen=True, slots=True)
class Change:
    change_id: str
    table_name: str
    row_id: str
    field: str
    new_value: str  # JSON text
    hlc: str
    base_hlc: str
    device_id: str
    user_id: str = ""
    schema_version: int = SCHEMA_VERSION
    hub_seq: int | None = None

    @property
    def value(self) -> Any:
        return json.loads(self.new_value)

    @property
    def order(self) -> tuple[str, str]:
        """The merge order: the higher ``(hlc, device)`` wins."""
        return (self.hlc, self.device_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["format"] = FORMAT_VERSION
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        fmt = int(data.get("format", FORMAT_VERSION))
        if fmt > FORMAT_VERSION:
            raise ValueError(f"change format {fmt} is newer than {FORMAT_VERSION}")
        seq = data.get("hub_seq")
        return cls(
            change_id=str(data["change_id"]),
            table_name=str(data["table_name"]),
            row_id=str(data["row_id"]),
            field=str(data["field"]),
            new_value=str(data["new_value"]),
            hlc=str(data["hlc"]),
            base_hlc=str(data.get("base_hlc", "")),
            device_id=str(data["device_id"]),
            user_id=str(data.get("user_id", "")),
            schema_version=int(data.get("schema_version", 1)),
            hub_seq=None if seq is None else int(seq),
        )

    @classmethod
    def from_json(cls, text: str) -> Change:
        return cls.from_dict(json.loads(text))


CHANGE_COLUMNS = (
    "change_id",
    "table_name",
    "row_id",
    "field",
    "new_value",
    "hlc",
    "base_hlc",
    "device_id",
    "user_id",
    "schema_version",
    "hub_seq",
)


def change_from_row(row: Any) -> Change:
    """A :class:`Change` from a result row with the change-log columns."""
    m = row._mapping
    return Change(**{name: m[name] for name in CHANGE_COLUMNS})


def change_from_values(v: Sequence[Any]) -> Change:
    """A :class:`Change` from the change-log columns in :data:`CHANGE_COLUMNS` order (a plain
    result tuple: no mapping built per row)."""
    return Change(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10])
