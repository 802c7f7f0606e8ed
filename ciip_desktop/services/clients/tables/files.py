"""Opening a table file to read, and writing one whole or not at all.

Every failure is one translated sentence naming the file or folder, never the contents.
A file is written to a temporary file in the same folder and moved into place only once
complete, so a full disk or a refused write never leaves a half-written file behind (and
an earlier file of that name stays as it was).
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.clients.tables.shape import MAX_FILE_MB, MB, too_large

log = logging.getLogger(__name__)

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


def no_file(path: Path) -> UserError:
    return UserError(_("There is no file {file}; check the name and folder.").format(file=path))


def is_a_folder(path: Path) -> UserError:
    return UserError(
        _("{file} is a folder, not a file; choose the .csv or .xlsx file itself.").format(
            file=path.name
        )
    )


@contextmanager
def open_for_reading(path: Path) -> Iterator[BinaryIO]:
    """The file opened in binary mode, after refusing folders, missing and oversized files."""
    if path.is_dir():
        raise is_a_folder(path)
    if not path.is_file():
        raise no_file(path)
    try:
        fh = path.open("rb")
    except PermissionError:
        raise UserError(
            _(
                "{file} cannot be opened: you are not allowed to read it. Ask for access, "
                "or copy it to a folder of yours, and import again."
            ).format(file=path.name)
        ) from None
    except OSError as err:
        raise read_failed(path, err) from None
    with fh:
        if os.fstat(fh.fileno()).st_size > MAX_FILE_MB * MB:
            raise too_large(path.name, MAX_FILE_MB)
        yield fh


def read_failed(path: Path, err: OSError) -> UserError:
    log.warning("reading a table failed: %s (errno %s)", type(err).__name__, err.errno)
    return UserError(
        _("{file} could not be read; check that the file is complete and import again.").format(
            file=path.name
        )
    )


def _write_failed(path: Path, err: OSError) -> UserError:
    log.warning("writing a table failed: %s (errno %s)", type(err).__name__, err.errno)
    if err.errno in _DISK_FULL:
        return UserError(
            _(
                "The disk is full: {file} was not saved. Free some space, or save to another drive."
            ).format(file=path.name)
        )
    if err.errno in _NOT_ALLOWED:
        return UserError(
            _("{file} cannot be written; close it in Excel, or choose another folder.").format(
                file=path.name
            )
        )
    return UserError(
        _("{file} could not be saved; choose another folder and try again.").format(file=path.name)
    )


def _check_output(path: Path) -> None:
    if path.is_dir():
        raise UserError(
            _("{file} is a folder; choose a file name to save to.").format(file=path.name)
        )
    if not path.parent.is_dir():
        raise UserError(
            _("The folder {folder} does not exist; choose an existing folder.").format(
                folder=path.parent
            )
        )


def _create_temporary(path: Path) -> tuple[int, Path]:
    # os.open with mode 0o666 lets the umask set the permissions a new file would get.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        return os.open(temporary, flags, 0o666), temporary
    except OSError as err:
        if err.errno in _NOT_ALLOWED:
            raise UserError(
                _("The folder {folder} cannot be written to; choose another folder.").format(
                    folder=path.parent
                )
            ) from None
        raise _write_failed(path, err) from None


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` into; it appears under its name only when complete."""
    _check_output(path)
    fd, temporary = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException as err:
        with suppress(OSError):
            temporary.unlink()
        if isinstance(err, OSError):
            raise _write_failed(path, err) from None
        raise
