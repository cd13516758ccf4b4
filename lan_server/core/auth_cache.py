"""A cache of verified access tokens, so an authenticated request does not ask the
database the same question every time (bench/login_burst.py: the lookup cost more than
half of a trivial authenticated GET).

Never stale within this process: a commit that revokes a login or changes an account's
status or role bumps a generation number (``mark_auth_changed`` + the Database's commit
hook), which discards every entry, including entries being read while that commit
happened. Other processes on the machine (the ``ecep-server`` CLI, other hub workers)
share an epoch file in the data directory: each invalidation replaces it, and each lookup
checks it (one ``stat``), so their changes are seen at once too. ``ttl_seconds`` only
bounds what nothing can announce (a hub worker on another machine)."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

AUTH_CHANGED = "auth_changed"
T = TypeVar("T")


def mark_auth_changed(session: Session) -> None:
    """Call in a transaction that revokes logins or changes who may act: once it commits,
    cached authentications are dropped."""
    session.info[AUTH_CHANGED] = True


class AuthCache(Generic[T]):
    def __init__(
        self,
        *,
        ttl_seconds: float = 60.0,
        max_entries: int = 4096,
        epoch_file: Path | None = None,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._entries: OrderedDict[str, tuple[int, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._epoch_file = epoch_file
        self._epoch_seen = self._read_epoch()
        self.generation = 0

    def _read_epoch(self) -> tuple[int, int] | None:
        if self._epoch_file is None:
            return None
        try:
            stat = os.stat(self._epoch_file)
        except FileNotFoundError:
            return None
        # A new file each time (atomic replace): the inode changes even within one tick.
        return (stat.st_ino, stat.st_mtime_ns)

    def _check_epoch(self) -> None:
        epoch = self._read_epoch()
        if epoch != self._epoch_seen:
            self._epoch_seen = epoch
            self.generation += 1
            self._entries.clear()

    def get(self, token: str) -> T | None:
        with self._lock:
            self._check_epoch()
            entry = self._entries.get(token)
            if entry is None:
                return None
            generation, stored_at, value = entry
            if generation != self.generation or time.monotonic() - stored_at > self._ttl:
                del self._entries[token]
                return None
            self._entries.move_to_end(token)
            return value

    def put(self, token: str, value: T, *, generation: int) -> None:
        """``generation`` is the one read before the database was asked: if a change
        committed meanwhile, the answer may predate it and is not kept."""
        with self._lock:
            self._check_epoch()
            if generation != self.generation:
                return
            self._entries[token] = (generation, time.monotonic(), value)
            self._entries.move_to_end(token)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def current_generation(self) -> int:
        with self._lock:
            self._check_epoch()
            return self.generation

    def invalidate_all(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._announce()
            self._epoch_seen = self._read_epoch()

    def _announce(self) -> None:
        if self._epoch_file is None:
            return
        temporary = self._epoch_file.with_name(f"{self._epoch_file.name}.{os.getpid()}.tmp")
        temporary.write_text(str(time.time_ns()), encoding="ascii")
        os.replace(temporary, self._epoch_file)
