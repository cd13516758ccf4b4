"""Brute-force protection for logins and reset codes, per account name and per client IP.

After ``free`` failures inside the window, each further failure locks the key for a time
that doubles (base, 2x base, 4x base, ... up to max): attempts meanwhile get 429 with
Retry-After, without the password even being checked. Keys are the names people type, not
account ids, so an unknown account behaves exactly like a known one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lan_server.config import Settings
from lan_server.core.errors import TooManyRequests
from lan_server.models import LoginThrottle

MAX_KEY = 300


@dataclass(frozen=True)
class ThrottleKey:
    key: str
    free_attempts: int


def login_keys(settings: Settings, identifier: str, ip: str) -> list[ThrottleKey]:
    return [
        ThrottleKey(f"acct:{identifier}"[:MAX_KEY], settings.login_free_attempts_per_account),
        ThrottleKey(f"ip:{ip}"[:MAX_KEY], settings.login_free_attempts_per_ip),
    ]


def check(session: Session, keys: Sequence[ThrottleKey], now: datetime) -> None:
    rows = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key.in_([k.key for k in keys]))
    ).all()
    waits = [
        (row.locked_until - now).total_seconds()
        for row in rows
        if row.locked_until is not None and row.locked_until > now
    ]
    if waits:
        raise TooManyRequests(math.ceil(max(waits)))


def record_failure(
    session: Session, settings: Settings, keys: Sequence[ThrottleKey], now: datetime
) -> None:
    window = timedelta(minutes=settings.login_failure_window_minutes)
    for throttle_key in keys:
        row = _locked_row(session, throttle_key.key, now)
        if row.first_failure_at < now - window and (
            row.locked_until is None or row.locked_until <= now
        ):
            row.failures = 0
            row.first_failure_at = now
        row.failures += 1
        excess = row.failures - throttle_key.free_attempts
        if excess >= 0:
            seconds = min(
                settings.login_lock_base_seconds * (2 ** min(excess, 30)),
                settings.login_lock_max_seconds,
            )
            row.locked_until = now + timedelta(seconds=seconds)


def _locked_row(session: Session, key: str, now: datetime) -> LoginThrottle:
    """The key's row, created if missing, locked until the transaction ends. Created with
    ON CONFLICT DO NOTHING: two first failures at once (PostgreSQL runs them side by side)
    must both count, not collide on the primary key."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(LoginThrottle)
        .values(key=key, failures=0, first_failure_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    row = session.scalar(
        select(LoginThrottle)
        .where(LoginThrottle.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


def clear(session: Session, key: ThrottleKey) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key.key))
