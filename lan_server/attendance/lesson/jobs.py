"""The lesson-attendance job run by lan_server/core/jobs.py: a session still open past its
close time is closed at that time, and its unmarked pupils marked absent, even when the
teacher never pressed "close" (the projector was switched off, the power went)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lan_server.attendance.lesson.service import _close
from lan_server.audit import service as audit
from lan_server.core.jobs import Job
from lan_server.models import AttendanceSession

CLOSE_EXPIRED = "attendance.close_expired_sessions"


def _expired(now: datetime):  # noqa: ANN202 - a select
    return select(AttendanceSession).where(
        AttendanceSession.closed_at.is_(None), AttendanceSession.closes_at <= now
    )


def close_expired_due(session: Session, last_run: datetime | None, now: datetime) -> bool:
    return (
        session.scalar(_expired(now).with_only_columns(AttendanceSession.id).limit(1)) is not None
    )


def close_expired_sessions(session: Session, now: datetime) -> dict[str, Any]:
    expired = session.scalars(_expired(now).order_by(AttendanceSession.id).with_for_update()).all()
    for att in expired:
        # Closed at its own close time, so late scans and reports see the real end.
        absent = _close(session, att, att.closes_at)
        audit.record(
            session,
            "attendance.session_closed",
            school_id=att.school_id,
            target_type="attendance_session",
            target_id=att.id,
            details={"marked_absent": absent, "automatic": True},
        )
    return {"closed": len(expired)}


LESSON_ATTENDANCE_JOBS = (Job(CLOSE_EXPIRED, close_expired_due, close_expired_sessions),)
