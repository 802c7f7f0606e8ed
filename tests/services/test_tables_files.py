"""Files that cannot be read or written: one sentence each, no half-written file, no client data."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ciip_desktop.errors import UserError
from ciip_desktop.services.clients import tables
from ciip_desktop.services.clients.tables import files, read_table, write_table

CLIENT = ["Zhang", "Wei", "1990-05-17", "+8613800138000", "zhang.wei@example.cn", "diabetic"]
HEADERS = ["family_name", "given_name", "date_of_birth", "phone", "email", "notes"]


def _assert_no_client_data(message: str) -> None:
    for value in CLIENT:
        assert value not in message


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_a_file_without_read_permission_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "registrations.csv"
    write_table(path, HEADERS, [CLIENT])
    path.chmod(0)
    try:
        if os.access(path, os.R_OK) or _running_as_root():
            pytest.skip("this user can read any file (root)")
        with pytest.raises(UserError) as refused:
            read_table(path)
    finally:
        path.chmod(0o644)

    assert refused.value.message == (
        "registrations.csv cannot be opened: you are not allowed to read it. Ask for access, "
        "or copy it to a folder of yours, and import again."
    )


@pytest.mark.parametrize("name", ["batch.csv", "batch.xlsx"])
def test_a_folder_given_as_the_file_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()

    with pytest.raises(UserError) as refused:
        read_table(tmp_path / name)

    assert refused.value.message == (
        f"{name} is a folder, not a file; choose the .csv or .xlsx file itself."
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="There is no file"):
        read_table(tmp_path / "nowhere.xlsx")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("family_name\n" + "LI\n" * 600_000, encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_MB", 1)

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "huge.csv is too large to import (over 1 MB); split it into smaller files and import each."
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_saving_into_a_missing_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "not-there"

    with pytest.raises(UserError) as refused:
        write_table(folder / f"export{suffix}", HEADERS, [CLIENT])

    assert refused.value.message == (
        f"The folder {folder} does not exist; choose an existing folder."
    )


def test_saving_onto_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "export.xlsx").mkdir()

    with pytest.raises(UserError) as refused:
        write_table(tmp_path / "export.xlsx", HEADERS, [CLIENT])

    assert refused.value.message == "export.xlsx is a folder; choose a file name to save to."


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_saving_into_a_read_only_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK) or _running_as_root():
            pytest.skip("this user can write into any folder (root)")
        with pytest.raises(UserError) as refused:
            write_table(folder / f"export{suffix}", HEADERS, [CLIENT])
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)

    assert refused.value.message == (
        f"The folder {folder} cannot be written to; choose another folder."
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_full_disk_leaves_no_half_written_file_and_keeps_the_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"export{suffix}"
    write_table(path, HEADERS, [["earlier", "export", "", "", "", ""]])
    earlier = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", disk_full)

    with pytest.raises(UserError) as refused:
        write_table(path, HEADERS, [CLIENT] * 100)

    assert refused.value.message == (
        f"The disk is full: export{suffix} was not saved. Free some space, or save to "
        "another drive."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"export{suffix}"]
    assert path.read_bytes() == earlier


def test_a_failure_while_writing_rows_leaves_nothing_behind(tmp_path: Path) -> None:
    def rows() -> object:
        yield CLIENT
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(UserError) as refused:
        write_table(tmp_path / "export.csv", HEADERS, rows())  # type: ignore[arg-type]

    assert refused.value.message == (
        "export.csv could not be saved; choose another folder and try again."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_written_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_table(path, HEADERS, [CLIENT])

    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_no_refusal_message_carries_what_a_client_typed(tmp_path: Path) -> None:
    """Every message names files, lines, rows and columns, never a cell's text."""
    broken = {
        "quote.csv": ",".join(HEADERS) + '\n"' + ",".join(CLIENT) + "\n",
        "wide.csv": ",".join(HEADERS) + "\n" + ",".join(CLIENT * 40) + "\n",
        "long.csv": ",".join(HEADERS) + '\n"' + CLIENT[5] * 30_000 + '"\n',
        "latin1.csv": ",".join(CLIENT) + ",é",
    }
    messages = []
    for name, text in broken.items():
        path = tmp_path / name
        path.write_bytes(text.encode("latin-1" if name == "latin1.csv" else "utf-8"))
        with pytest.raises(UserError) as refused:
            read_table(path)
        messages.append(refused.value.message)
    with pytest.raises(UserError) as refused:
        write_table(tmp_path / "missing" / "x.xlsx", HEADERS, [CLIENT])
    messages.append(refused.value.message)

    assert len(set(messages)) == len(messages)
    for message in messages:
        _assert_no_client_data(message)


def test_the_public_names_callers_use_are_still_there() -> None:
    assert tables.SUFFIXES == (".csv", ".xlsx")
    assert tables.cell_text(12.0) == "12"
    assert tables.table_suffix(Path("A.XLSX")) == ".xlsx"
    with pytest.raises(UserError, match=r"is not a \.csv or \.xlsx file"):
        tables.table_suffix(Path("a.xls"))


def test_a_read_refused_by_the_system_gives_the_same_sentence_when_running_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chmod test above is skipped for root (CI containers): simulate the refusal."""
    path = tmp_path / "registrations.xlsx"
    write_table(path, HEADERS, [CLIENT])

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "open", refuse)

    with pytest.raises(UserError, match="you are not allowed to read it"):
        read_table(path)


def test_a_folder_refusing_new_files_gives_the_same_sentence_when_running_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.os, "open", refuse)

    with pytest.raises(UserError) as refused:
        write_table(tmp_path / "export.csv", HEADERS, [CLIENT])

    assert refused.value.message == (
        f"The folder {tmp_path} cannot be written to; choose another folder."
    )
