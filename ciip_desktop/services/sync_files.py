"""Sync by file: a bundle of every change a peer may lack, and its import, all or nothing.

Export writes every change in this laptop's change log (its own and those it received), so
the laptop at the other end gets all that this one knows; the import applies them with the
sync engine's own apply (the one pull uses): in one transaction, idempotent (a change
already known is skipped, so importing a file twice changes nothing), refusing changes of
a newer schema. A file that is not a whole, authentic bundle of this office is refused
before anything is read from it (``sync/bundle.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.sync_view import SyncOutcome
from ciip_desktop.sync.bundle import (
    FORMAT_VERSION,
    SUFFIX,
    Manifest,
    Refusal,
    encode_bundle,
    read_bundle,
    refuse,
    write_bundle,
)
from ciip_desktop.sync.office_key import OfficeKey, OfficeKeyStore

Progress = Callable[[int, int], bool]
# Every change this replica knows, as JSON objects (the change format's ``to_dict``).
CollectChanges = Callable[[], Sequence[dict[str, Any]]]
# Apply JSON changes from a peer, all or nothing; returns the counts and reasons.
ApplyChanges = Callable[[Sequence[dict[str, Any]]], SyncOutcome]
MAX_BUNDLE_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True)
class ExportResult:
    path: Path
    change_count: int


class SyncFileService:
    def __init__(
        self,
        ctx: ServiceContext,
        keys: OfficeKeyStore,
        *,
        collect: CollectChanges,
        apply: ApplyChanges,
        schema_version: int,
    ) -> None:
        self.ctx = ctx
        self.keys = keys
        self._collect = collect
        self._apply = apply
        self.schema_version = schema_version

    def office_key(self) -> OfficeKey:
        return self.keys.load(self.ctx.replica.office_id)

    def new_office_key(self) -> OfficeKey:
        """Make this office's key (an administrator does this once) and keep it here."""
        key = OfficeKey.new(self.ctx.replica.office_id)
        self.keys.install(key)
        return key

    def install_key(self, key: OfficeKey) -> Path:
        if key.office_id != self.ctx.replica.office_id:
            raise UserError(
                _(
                    "This key file belongs to another office; this laptop's records are of "
                    "office {code}. Ask the administrator of this office for its key."
                ).format(code=self.ctx.replica.office_code)
            )
        return self.keys.install(key)

    def export(self, path: Path, progress: Progress | None = None) -> ExportResult:
        """Write every change this laptop knows into a sealed bundle at ``path``."""
        key = self.office_key()
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if progress is not None:
            progress(0, 0)
        changes = list(self._collect())
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            office_id=self.ctx.replica.office_id,
            from_device=self.ctx.replica.device_id,
            change_count=len(changes),
            schema_version=self.schema_version,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            key_id=key.key_id(),
            bundle_id=str(uuid.uuid4()),
        )
        data = encode_bundle(manifest, changes, key)
        write_bundle(path, data)
        if progress is not None:
            progress(1, 1)
        return ExportResult(path, len(changes))

    def import_(self, path: Path, progress: Progress | None = None) -> SyncOutcome:
        """Apply the bundle at ``path`` whole, or refuse it with nothing applied."""
        key = self.office_key()
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise UserError(
                _("This file is far too large to be a sync bundle; nothing was applied.")
            )
        data = path.read_bytes()
        if progress is not None:
            progress(0, 0)
        bundle = read_bundle(
            data, key, office_id=self.ctx.replica.office_id, schema_version=self.schema_version
        )
        if not all(isinstance(item, dict) for item in bundle.changes):
            raise refuse(Refusal.DAMAGED)
        outcome = self._apply(bundle.changes)
        if progress is not None:
            progress(1, 1)
        return outcome


_CHANGE_COLUMNS = (
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
)


def _all_changes(ctx: ServiceContext) -> CollectChanges:
    def collect() -> list[dict[str, Any]]:
        from sqlalchemy import select

        from ciip_desktop.models.replica import ChangeRecord

        columns = [getattr(ChangeRecord, name) for name in _CHANGE_COLUMNS]
        with ctx.read() as session:
            rows = session.execute(select(*columns).order_by(ChangeRecord.hlc))
            return [
                {"format": 1, **dict(zip(_CHANGE_COLUMNS, row, strict=True)), "hub_seq": None}
                for row in rows
            ]

    return collect


def build_sync_files(services: Any, config_dir: Path) -> SyncFileService:
    """The file sync of an open database, its keys in this laptop's configuration folder."""
    ctx: ServiceContext = services.ctx

    def apply(changes: Sequence[dict[str, Any]]) -> SyncOutcome:
        raise UserError(_("Importing sync files needs the sync engine, not yet in this build."))

    return SyncFileService(
        ctx, OfficeKeyStore(config_dir), collect=_all_changes(ctx), apply=apply, schema_version=1
    )
