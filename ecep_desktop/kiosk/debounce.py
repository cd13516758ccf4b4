"""Local debounce: a webcam reads a card held up to it dozens of times a second; only the
first read counts, and the same card counts again only after it has been out of sight for
``hold_seconds`` (so a card held for a long time still makes one scan)."""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_HOLD_SECONDS = 4.0


class Debouncer:
    def __init__(self, hold_seconds: float = DEFAULT_HOLD_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.hold_seconds = hold_seconds
        self._clock = clock
        self._last_seen: dict[str, float] = {}

    def accept(self, text: str) -> bool:
        """True when ``text`` is a new read; every call counts as seeing it."""
        now = self._clock()
        last = self._last_seen.get(text)
        self._last_seen[text] = now
        if len(self._last_seen) > 256:
            self._last_seen = {
                t: seen for t, seen in self._last_seen.items() if now - seen < self.hold_seconds
            }
        return last is None or now - last >= self.hold_seconds
