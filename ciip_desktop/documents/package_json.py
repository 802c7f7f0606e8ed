"""A printed package's content as JSON and back: what an issued version keeps (synced) so
that any replica can lay the very same PDF out again (no database, no layout here)."""

from __future__ import annotations

import json
from typing import Any

from ciip_desktop.documents.package_doc import (
    Block,
    CoverField,
    Links,
    PackageDocument,
    Section,
    Subheading,
    Table,
    Text,
)

_KINDS: dict[str, type[Block | Subheading]] = {
    "text": Text,
    "links": Links,
    "table": Table,
    "subheading": Subheading,
}
_NAMES = {kind: name for name, kind in _KINDS.items()}


def _block(data: dict[str, Any]) -> Block | Subheading:
    kind = _KINDS[data.pop("kind")]
    if kind is Links:
        return Links(tuple(data["urls"]))
    if kind is Table:
        rows = tuple(tuple(row) for row in data["rows"])
        return Table(tuple(data["header"]), rows, bool(data.get("cjk", False)))
    return kind(**data)


def _plain(value: object) -> dict[str, Any]:
    """A dataclass of the document as JSON carries it (blocks named by their kind)."""
    kind = _NAMES.get(type(value))  # type: ignore[arg-type]
    fields = dict(vars(value))
    return {"kind": kind, **fields} if kind is not None else fields


def to_json(document: PackageDocument) -> str:
    return json.dumps(document, default=_plain, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> PackageDocument:
    data = json.loads(text)
    sections = tuple(
        Section(s["title"], tuple(_block(dict(b)) for b in s["blocks"])) for s in data["sections"]
    )
    return PackageDocument(
        **{
            **data,
            "names": tuple(data["names"]),
            "cover": tuple(CoverField(**c) for c in data["cover"]),
            "sections": sections,
        }
    )
