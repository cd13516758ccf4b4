"""The server's clock as seen from the desktop: a monotonic local clock plus an offset
measured against the server, so every window of one session draws the same slot, and a
change of the laptop's own wall clock (NTP, a teacher fixing the time) changes nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

# A clock is any callable returning the server-corrected time in Unix seconds; tests inject
# their own to cross slot edges without waiting.
Clock = Callable[[], float]

# A measurement is trusted only from a quick answer: the error is at most half the round
# trip (a call parked behind a token refresh or a re-login would skew it by seconds).
MAX_ROUND_TRIP = 1.0


class ServerClock:
    """``offset`` = server time - local time, taken at the midpoint of one request."""

    def __init__(self, local: Clock = time.monotonic) -> None:
        self._local = local
        self.offset: float | None = None
        self.round_trip: float | None = None

    @property
    def measured(self) -> bool:
        return self.offset is not None

    def measure(self, server_time_ms: int, sent_at: float, received_at: float) -> bool:
        """``sent_at``/``received_at`` are local times around the request that returned
        ``server_time_ms``. Returns whether the measurement was kept: the first one always
        (a clock is needed at once), later ones when their round trip was quick."""
        round_trip = received_at - sent_at
        if self.offset is not None and round_trip > MAX_ROUND_TRIP:
            return False
        self.offset = server_time_ms / 1000 - (sent_at + received_at) / 2
        self.round_trip = round_trip
        return True

    def local_now(self) -> float:
        return self._local()

    def __call__(self) -> float:
        return self._local() + (self.offset or 0.0)
