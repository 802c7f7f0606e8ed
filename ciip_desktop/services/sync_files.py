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
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.models import KnownDevice
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync import ApplyReport, Change
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
from ciip_desktop.sync.change import SCHEMA_VERSION
from ciip_desktop.sync.office_key import OfficeKey, OfficeKeyStore

if TYPE_CHECKING:
    from ciip_desktop.services.bundle import Services

Progress = Callable[[int, int], bool]
# Every change this replica knows, as JSON objects (the change format's ``to_dict``).
CollectChanges = Callable[[], Sequence[dict[str, Any]]]
# Apply JSON changes from a peer, all or nothing; returns the counts and reasons.
ApplyChanges = Callable[[Sequence[dict[str, Any]]], SyncOutcome]
# The laptops this one knows (device id -> code), and remembering those a bundle names.
KnownDevices = Callable[[], dict[str, str]]
LearnDevices = Callable[[dict[str, str]], None]
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
        devices: KnownDevices = dict,
        learn_devices: LearnDevices = lambda _devices: None,
    ) -> None:
        self.ctx = ctx
        self.keys = keys
        self._collect = collect
        self._apply = apply
        self.schema_version = schema_version
        self._devices = devices
        self._learn_devices = learn_devices

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
            devices=self._devices(),
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
        if not outcome.refused:
            self._learn_devices(bundle.manifest.devices)
        if progress is not None:
            progress(1, 1)
        return outcome


def outcome_of(report: ApplyReport, headline: str) -> SyncOutcome:
    """The counsellor's report of an apply (a pull or an imported file)."""
    return SyncOutcome(
        headline=headline,
        applied=report.applied,
        conflicting=report.conflicting,
        refused=report.refused,
        reasons=tuple(report.reasons),
    )


def build_sync_files(
    services: Services, config_dir: Path, actor: Actor | None = None
) -> SyncFileService:
    """The file sync of an open database, its keys in this laptop's configuration folder."""
    sync = services.sync

    def collect() -> list[dict[str, Any]]:
        return [change.to_dict() for change in sync.changes_for_peer({})]

    def apply(items: Sequence[dict[str, Any]]) -> SyncOutcome:
        try:
            changes = [Change.from_dict(item) for item in items]
        except (KeyError, TypeError, ValueError):
            raise refuse(Refusal.DAMAGED) from None
        report = sync.apply_remote(changes, actor)
        if report.refused:
            headline = _("The sync file was not applied; nothing was changed.")
        elif report.applied:
            headline = ngettext(
                "Applied the sync file: {count} change was new to this laptop.",
                "Applied the sync file: {count} changes were new to this laptop.",
                report.applied,
            ).format(count=format_number(report.applied))
        else:
            headline = _("This laptop already had every change in the sync file.")
        return outcome_of(report, headline)

    ctx = services.ctx

    def devices() -> dict[str, str]:
        with ctx.read() as session:
            known = {d.device_id: d.device_code for d in session.scalars(select(KnownDevice))}
        known[ctx.replica.device_id] = ctx.replica.device_code
        return known

    def learn(found: dict[str, str]) -> None:
        news = {k: v for k, v in found.items() if k != ctx.replica.device_id and v}
        if not news:
            return
        with ctx.write(actor or Actor.system()) as session:
            for device_id, code in news.items():
                row = session.get(KnownDevice, device_id)
                if row is None:
                    session.add(KnownDevice(device_id=device_id, device_code=code[:4]))
                else:
                    row.device_code = code[:4]

    return SyncFileService(
        ctx,
        OfficeKeyStore(config_dir),
        collect=collect,
        apply=apply,
        schema_version=SCHEMA_VERSION,
        devices=devices,
        learn_devices=learn,
    )
