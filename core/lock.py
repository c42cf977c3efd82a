"""One writer per data dir: a second `vigie` process refuses with a clear message.

The lock is an `flock` on DATA_DIR/.lock. A forked child (an analysis worker) inherits the
descriptor, and an flock lives as long as any copy of it: the child closes its copies at fork
(the parent keeps the lock), so that workers orphaned by a killed parent never hold the data
dir. Such workers call `exit_with_parent` so that they do not linger either.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import VigieError

_HELD: set[int] = set()  # lock descriptors open in this process


class Busy(VigieError):
    """Another vigie process holds the data dir."""


@contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on the data dir for the duration of a writing command."""
    if data_dir.exists() and not data_dir.is_dir():
        raise VigieError(f"{data_dir}: not a directory (--data-dir names a file)")
    path = data_dir / ".lock"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise VigieError(f"{data_dir}: cannot write the data dir ({exc.strerror or exc})") from None
    _HELD.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise Busy(
                f"{data_dir}: another vigie process (pid {holder}) is using this data"
                " dir; try again when it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)


def _close_held_in_child() -> None:
    """After a fork, in the child: close the inherited lock descriptors (the parent's lock
    stays held through its own descriptor)."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


def exit_with_parent(parent: int | None = None, interval: float = 0.5) -> None:
    """In a worker process: exit as soon as the parent is gone. A pool worker whose parent
    was killed otherwise waits for work forever.

    `parent` is the pid the parent had before it forked (pass `os.getpid()` there, as the
    pool's `initargs`): a parent killed between the fork and this call has already made the
    worker an orphan, and the pid read here would be init's, whose death never comes."""
    if parent is None:
        parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
