"""Prepared export files: outside the web root, readable by the application only.

A file is written under a temporary name and renamed once complete, so a finished name
always holds a whole spreadsheet; whatever is left behind (a worker killed mid-write) is
deleted by `purge_exports` with the expired files.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from django.conf import settings

PARTIAL_SUFFIX = ".part"


def exports_dir() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def path_of(name: str) -> Path:
    # Only ever a bare name inside the directory.
    return exports_dir() / Path(name).name


@contextmanager
def writing(name: str) -> Iterator[IO[bytes]]:
    """A file to write `name` into; it appears under `name` only if the block succeeds."""
    directory = exports_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = path_of(name)
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def size_of(name: str) -> int:
    return path_of(name).stat().st_size


def open_file(name: str) -> IO[bytes] | None:
    if not name:
        return None
    try:
        return path_of(name).open("rb")
    except FileNotFoundError:
        return None


def delete(name: str) -> None:
    if name:
        path_of(name).unlink(missing_ok=True)


def delete_older_than(cutoff: datetime) -> int:
    """Every file of the directory last written before `cutoff` (leftovers included)."""
    directory = exports_dir()
    if not directory.is_dir():
        return 0
    limit = cutoff.timestamp()
    deleted = 0
    for path in directory.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
