"""Sync by file: the office key, export of every change, refusals that apply nothing."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from file_support import file_sync, register

from ciip_desktop.errors import UserError
from ciip_desktop.models.replica import ChangeRecord
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.sync.bundle import BundleRefused, Refusal, read_bundle
from ciip_desktop.sync.office_key import OfficeKey


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def change_count(services: Services) -> int:
    with services.ctx.read() as session:
        return session.query(ChangeRecord).count()


def test_without_the_office_key_nothing_is_written_and_the_sentence_says_how(
    services: Services, home: Path, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="no key for its office"):
        file_sync(services, home).export(tmp_path / "out.ciipsync")
    assert not (tmp_path / "out.ciipsync").exists()


def test_export_seals_every_change_this_laptop_knows(
    services: Services, counsellor: Actor, home: Path, tmp_path: Path
) -> None:
    register(services, counsellor)
    files = file_sync(services, home)
    key = files.new_office_key()
    result = files.export(tmp_path / "to-shanghai")
    assert result.path == tmp_path / "to-shanghai.ciipsync"
    data = result.path.read_bytes()
    assert "张伟".encode() not in data and b"Zhang" not in data and b"13800138000" not in data
    assert stat.S_IMODE(result.path.stat().st_mode) & 0o077 == 0
    bundle = read_bundle(
        data, key, office_id=services.ctx.replica.office_id, schema_version=files.schema_version
    )
    assert bundle.manifest.change_count == result.change_count == change_count(services)
    assert bundle.manifest.from_device == services.ctx.replica.device_id
    assert any("张伟" in json.dumps(c, ensure_ascii=False) for c in bundle.changes)


def test_the_office_key_is_kept_readable_by_this_user_only(services: Services, home: Path) -> None:
    files = file_sync(services, home)
    files.new_office_key()
    path = files.keys.path_for(services.ctx.replica.office_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files.office_key() == OfficeKey.from_json(path.read_bytes())


def test_another_offices_key_is_not_installed(services: Services, home: Path) -> None:
    files = file_sync(services, home)
    with pytest.raises(UserError, match="another office"):
        files.install_key(OfficeKey.new("some-other-office"))
    assert not files.keys.has_key(services.ctx.replica.office_id)


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda data: data[: len(data) // 2], Refusal.TRUNCATED),
        (lambda data: data[:-9] + bytes([data[-9] ^ 4]) + data[-8:], Refusal.TAMPERED),
        (lambda _data: b"family_name,given_name\nZhang,Wei\n", Refusal.NOT_A_BUNDLE),
    ],
)
def test_a_damaged_file_is_refused_before_anything_is_applied(
    services: Services,
    counsellor: Actor,
    home: Path,
    tmp_path: Path,
    mangle: object,
    reason: Refusal,
) -> None:
    register(services, counsellor)
    files = file_sync(services, home)
    files.new_office_key()
    path = files.export(tmp_path / "b.ciipsync").path
    path.write_bytes(mangle(path.read_bytes()))  # type: ignore[operator]
    applied: list[object] = []
    files._apply = applied.append  # type: ignore[assignment]
    with pytest.raises(BundleRefused) as caught:
        files.import_(path)
    assert caught.value.reason is reason
    assert "Nothing was applied." in caught.value.message
    assert applied == []


def test_a_bundle_sealed_with_an_older_key_is_refused_as_such(
    services: Services, counsellor: Actor, home: Path, tmp_path: Path
) -> None:
    files = file_sync(services, home)
    files.new_office_key()
    path = files.export(tmp_path / "b.ciipsync").path
    files.new_office_key()  # the administrator replaced the key since
    with pytest.raises(BundleRefused) as caught:
        files.import_(path)
    assert caught.value.reason is Refusal.WRONG_KEY
