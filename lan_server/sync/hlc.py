"""Hybrid logical clock: 64-bit integers ``(wall milliseconds << 16) | counter``.

A value never goes backwards on one node, and after a node has seen a value from another
node its next values are larger, whatever the wall clocks say (docs/sync.md, "Clock")."""

from __future__ import annotations

from datetime import datetime

COUNTER_BITS = 16


def wall(now: datetime) -> int:
    return int(now.timestamp() * 1000) << COUNTER_BITS


def next_values(last: int, now: datetime, count: int) -> tuple[int, int]:
    """``count`` fresh values after ``last``: (first, last of them)."""
    first = max(last + 1, wall(now))
    return first, first + max(count, 1) - 1


def physical_ms(value: int) -> int:
    return value >> COUNTER_BITS
