"""Which servers are serving a data directory right now.

Every ``ecep-server serve`` holds an exclusive OS lock on a file of its own,
``run/server-<pid>.lock`` in the data directory, for as long as it runs. The OS drops the
lock when the process ends, however it ends (a crash, SIGKILL, a power cut), so a file left
behind is never taken for a live server. ``servers_running`` tries to lock each file: one
it cannot lock belongs to a live server. Several servers may share a data directory (SQLite
locks for them); what must not run beside any of them is an offline ``restore``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

RUN_DIR = "run"
PREFIX = "server-"
SUFFIX = ".lock"


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


class ServerLock:
    """Held by a serving process for its whole life."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / RUN_DIR / f"{PREFIX}{os.getpid()}{SUFFIX}"
        self._fd: int | None = None

    def acquire(self) -> ServerLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):  # cannot happen: the name holds our own pid
            os.close(fd)
            raise RuntimeError(f"{self.path} is locked by another process")
        self._fd = fd
        servers_running(self.path.parent.parent)  # sweeps the files of servers long gone
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()

    def __enter__(self) -> ServerLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def servers_running(data_dir: Path) -> list[int]:
    """The pids of the servers serving ``data_dir`` now; stale lock files are removed."""
    folder = Path(data_dir) / RUN_DIR
    alive = []
    if not folder.is_dir():
        return []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        try:
            pid = int(path.name[len(PREFIX):-len(SUFFIX)])
        except ValueError:
            continue
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            if _try_lock(fd):
                _unlock(fd)
                os.close(fd)
                fd = -1
                with contextlib.suppress(OSError):
                    path.unlink()  # its server is gone
            else:
                alive.append(pid)
        finally:
            if fd != -1:
                os.close(fd)
    return sorted(alive)
