"""One writer per data dir: a second `vigie` process refuses with a clear message."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scraper.errors import VigieError


class Busy(VigieError):
    """Another vigie process holds the data dir."""


@contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on the data dir for the duration of a writing command."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise Busy(f"{data_dir}: another vigie process (pid {holder}) is using this data"
                       " dir; try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
