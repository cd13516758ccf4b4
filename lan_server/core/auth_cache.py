"""A cache of verified access tokens, so an authenticated request does not ask the
database the same question every time (bench/login_burst.py: the lookup cost more than
half of a trivial authenticated GET).

Never stale within this process: a commit that revokes a login or changes an account's
status or role bumps a generation number (``mark_auth_changed`` + the Database's commit
hook), which discards every entry, including entries being read while that commit
happened. Changes made by other processes (the ``ecep-server`` CLI, other hub workers)
are seen within ``ttl_seconds``."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

AUTH_CHANGED = "auth_changed"
T = TypeVar("T")


def mark_auth_changed(session: Session) -> None:
    """Call in a transaction that revokes logins or changes who may act: once it commits,
    cached authentications are dropped."""
    session.info[AUTH_CHANGED] = True


class AuthCache(Generic[T]):
    def __init__(self, *, ttl_seconds: float = 5.0, max_entries: int = 4096) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._entries: OrderedDict[str, tuple[int, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0

    def get(self, token: str) -> T | None:
        with self._lock:
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
            if generation != self.generation:
                return
            self._entries[token] = (generation, time.monotonic(), value)
            self._entries.move_to_end(token)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def invalidate_all(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
