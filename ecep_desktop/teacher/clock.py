"""The server's clock as seen from the desktop: local time plus an offset measured when the
session's display is fetched, so every window of one session draws the same slot."""

from __future__ import annotations

import time
from collections.abc import Callable

# A clock is any callable returning the server-corrected time in Unix seconds; tests inject
# their own to cross slot edges without waiting.
Clock = Callable[[], float]


class ServerClock:
    """``offset`` = server time - local time, measured at the midpoint of one request."""

    def __init__(self, local: Clock = time.time) -> None:
        self._local = local
        self.offset = 0.0

    def measure(self, server_time_ms: int, sent_at: float, received_at: float) -> None:
        """``sent_at``/``received_at`` are local times around the request that returned
        ``server_time_ms``; the server answered, at best guess, halfway between them."""
        midpoint = (sent_at + received_at) / 2
        self.offset = server_time_ms / 1000 - midpoint

    def local_now(self) -> float:
        return self._local()

    def __call__(self) -> float:
        return self._local() + self.offset
