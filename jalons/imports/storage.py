"""Uploaded files wait for confirmation outside the web root, then are deleted."""

import os
from pathlib import Path

from django.conf import settings


def imports_dir() -> Path:
    # JALONS_IMPORTS_DIR is only an override for tests; by default under VAR_DIR.
    return Path(getattr(settings, "JALONS_IMPORTS_DIR", settings.VAR_DIR / "imports"))


def save(name: str, data: bytes) -> str:
    directory = imports_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return name


def read(name: str) -> bytes | None:
    if not name:
        return None
    try:
        return (imports_dir() / Path(name).name).read_bytes()
    except FileNotFoundError:
        return None


def delete(name: str) -> None:
    if name:
        (imports_dir() / Path(name).name).unlink(missing_ok=True)
