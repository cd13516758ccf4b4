"""Weeks and times in the school's timezone (the server's ``/info`` says which; Africa/Douala
by default). The API speaks UTC; people read the school's local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Africa/Douala"


def school_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_bounds(monday: date, zone: ZoneInfo) -> tuple[str, str]:
    """``starts_from`` and ``starts_before`` (UTC, ISO 8601) of the week starting ``monday``."""
    start = datetime.combine(monday, time(0, 0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0, 0), tzinfo=zone)
    return start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()


def local(value: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(value).astimezone(zone)


def aware(day: date, at: time, zone: ZoneInfo) -> str:
    """A school-local date and time as an ISO 8601 instant with its offset."""
    return datetime.combine(day, at, tzinfo=zone).isoformat()
