"""The day-attendance jobs run by lan_server/core/jobs.py: the evening auto-checkout and
the hourly purge of personal QR sessions expired for more than 24 hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lan_server.attendance.day.service import (
    SOURCE_AUTOMATIC,
    day_bounds,
    school_timezone,
)
from lan_server.attendance.settings import attendance_settings
from lan_server.core.jobs import Job
from lan_server.models import DayRecord, DayScanEvent, DayScanResult, PersonalQrSession, School

AUTO_CHECKOUT = "attendance.auto_checkout"
PURGE_QR_SESSIONS = "attendance.purge_qr_sessions"
PURGE_EVERY = timedelta(hours=1)
PURGE_AFTER = timedelta(hours=24)


def _checkout_instant(school: School, day: Any) -> datetime:
    tz = school_timezone(school)
    at = attendance_settings(school).auto_checkout_time
    return datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=tz)


def _last_due_instant(school: School, now: datetime) -> datetime:
    """The latest evening checkout time not after ``now``."""
    today = now.astimezone(school_timezone(school)).date()
    instant = _checkout_instant(school, today)
    return instant if instant <= now else _checkout_instant(school, today - timedelta(days=1))


def auto_checkout_due(session: Session, last_run: datetime | None, now: datetime) -> bool:
    if last_run is None:
        return True
    return any(
        last_run < _last_due_instant(school, now) for school in session.scalars(select(School))
    )


def auto_checkout(session: Session, now: datetime) -> dict[str, Any]:
    """Checks out, at the evening time of their day, whoever is still in on a day whose
    evening time has passed (today after it, and any earlier day missed while the server
    was down)."""
    closed = 0
    for school in session.scalars(select(School)):
        tz = school_timezone(school)
        last_day = _last_due_instant(school, now).astimezone(tz).date()
        open_records = session.scalars(
            select(DayRecord)
            .where(
                DayRecord.school_id == school.id,
                DayRecord.day <= last_day,
                DayRecord.check_in_at.is_not(None),
                DayRecord.check_out_at.is_(None),
            )
            .order_by(DayRecord.id)
            .with_for_update()
        ).all()
        for record in open_records:
            assert record.check_in_at is not None
            at = _checkout_instant(school, record.day).astimezone(tz)
            if at < record.check_in_at:  # arrived after the evening time
                _, end = day_bounds(record.day, tz)
                at = min(record.check_in_at, end - timedelta(seconds=1))
            session.add(
                DayScanEvent(
                    school_id=school.id,
                    user_id=record.user_id,
                    scanned_at=at,
                    received_at=now,
                    source=SOURCE_AUTOMATIC,
                    result=DayScanResult.auto_check_out,
                )
            )
            record.check_out_at = at
            record.automatic_check_out = True
            closed += 1
    return {"checked_out": closed}


def purge_due(session: Session, last_run: datetime | None, now: datetime) -> bool:
    return last_run is None or now - last_run >= PURGE_EVERY


def purge_qr_sessions(session: Session, now: datetime) -> dict[str, Any]:
    result = session.execute(
        delete(PersonalQrSession).where(PersonalQrSession.expires_at < now - PURGE_AFTER)
    )
    return {"purged": result.rowcount or 0}


DAY_ATTENDANCE_JOBS = (
    Job(AUTO_CHECKOUT, auto_checkout_due, auto_checkout),
    Job(PURGE_QR_SESSIONS, purge_due, purge_qr_sessions),
)
