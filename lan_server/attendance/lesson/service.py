"""Lesson attendance with a rotating QR: sessions, scans, marks, corrections, closing.

Contract: docs/attendance.md. Services take a Session and plain values, flush but never
commit. Scans themselves are in scans.py (checked in memory, recorded in batches)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.attendance import codes
from lan_server.attendance.lesson import messages as _messages  # noqa: F401 - registers keys
from lan_server.attendance.lesson.scans import ACCEPTED, ScanRefused, mark_id
from lan_server.attendance.lesson.schemas import SessionOpen
from lan_server.attendance.settings import attendance_settings
from lan_server.audit import service as audit
from lan_server.core.errors import BadRequest, Conflict, Forbidden, NotFound
from lan_server.core.pagination import paginate
from lan_server.core.scoping import scope_lessons
from lan_server.models import (
    AttendanceMark,
    AttendanceSession,
    Enrollment,
    Lesson,
    MarkSource,
    MarkStatus,
    ScanAttempt,
    School,
    SchoolClass,
    Subject,
    User,
    UserRole,
)
from lan_server.school.service import get_lesson

# -- sessions -----------------------------------------------------------------------------


def is_open(att: AttendanceSession, now: datetime) -> bool:
    return att.closed_at is None and now < att.closes_at


def can_manage(session: Session, actor: User, att: AttendanceSession) -> bool:
    """Admin of the school, the lesson's teacher, who opened it, or the class's main teacher."""
    if att.school_id != actor.school_id:
        return False
    if actor.role == UserRole.admin:
        return True
    if actor.role != UserRole.teacher:
        return False
    if att.opened_by_id == actor.id:
        return True
    lesson = session.get(Lesson, att.lesson_id)
    if lesson is not None and lesson.teacher_id == actor.id:
        return True
    school_class = session.get(SchoolClass, att.class_id)
    return school_class is not None and school_class.main_teacher_id == actor.id


def get_managed(session: Session, actor: User, session_id: uuid.UUID) -> AttendanceSession:
    att = session.get(AttendanceSession, session_id)
    if att is None or att.school_id != actor.school_id:
        raise NotFound("attendance_session_not_found")
    if not can_manage(session, actor, att):
        raise Forbidden()
    return att


def _close_expired(session: Session, lesson_id: uuid.UUID, now: datetime) -> None:
    """A session past its close time still holds the lesson's "open" slot: close it now."""
    stale = session.scalar(
        select(AttendanceSession).where(
            AttendanceSession.lesson_id == lesson_id,
            AttendanceSession.closed_at.is_(None),
            AttendanceSession.closes_at <= now,
        )
    )
    if stale is not None:
        _close(session, stale, now)


def open_session(
    session: Session, *, actor: User, data: SessionOpen, now: datetime
) -> AttendanceSession:
    lesson = get_lesson(session, actor, data.lesson_id)
    if actor.role != UserRole.admin and lesson.teacher_id != actor.id:
        raise Forbidden("not_lesson_teacher")
    school = session.get(School, actor.school_id)
    assert school is not None
    defaults = attendance_settings(school)
    if data.closes_at is not None:
        closes_at = data.closes_at
        if closes_at <= now:
            raise BadRequest("attendance_closes_at_invalid")
    else:
        # The lesson's end; a session opened after (a catch-up) gets an hour.
        closes_at = lesson.ends_at if lesson.ends_at > now else now + timedelta(hours=1)
    late_minutes = (
        data.late_after_minutes
        if data.late_after_minutes is not None
        else defaults.late_after_minutes
    )
    _close_expired(session, lesson.id, now)
    att = AttendanceSession(
        school_id=actor.school_id,
        lesson_id=lesson.id,
        class_id=lesson.class_id,
        opened_by_id=actor.id,
        short_code=codes.new_short_code(),
        secret=codes.new_secret(),
        period_seconds=data.period_seconds or defaults.rotation_period_seconds,
        opened_at=now,
        late_after=now + timedelta(minutes=late_minutes),
        closes_at=closes_at,
        closed_at=None,
        allowed_networks=(
            data.allowed_networks
            if data.allowed_networks is not None
            else list(defaults.allowed_networks)
        ),
        paused=False,
    )
    try:
        with session.begin_nested():
            session.add(att)
            session.flush()
    except IntegrityError as exc:
        # The partial unique index: one open session per lesson (never check-then-insert).
        raise Conflict("attendance_session_already_open") from exc
    audit.record(
        session,
        "attendance.session_opened",
        school_id=actor.school_id,
        actor=actor,
        target_type="attendance_session",
        target_id=att.id,
        details={"lesson_id": str(lesson.id)},
    )
    return att


def list_sessions(
    session: Session,
    viewer: User,
    *,
    lesson_id: uuid.UUID | None,
    class_id: uuid.UUID | None,
    open_only: bool | None,
    now: datetime,
    limit: int,
    cursor: str | None,
) -> tuple[list[AttendanceSession], str | None]:
    stmt = select(AttendanceSession).where(AttendanceSession.school_id == viewer.school_id)
    if viewer.role != UserRole.admin:
        visible = scope_lessons(select(Lesson.id), viewer)
        stmt = stmt.where(AttendanceSession.lesson_id.in_(visible))
    if lesson_id:
        stmt = stmt.where(AttendanceSession.lesson_id == lesson_id)
    if class_id:
        stmt = stmt.where(AttendanceSession.class_id == class_id)
    if open_only is True:
        stmt = stmt.where(AttendanceSession.closed_at.is_(None), AttendanceSession.closes_at > now)
    elif open_only is False:
        stmt = stmt.where(
            (AttendanceSession.closed_at.is_not(None)) | (AttendanceSession.closes_at <= now)
        )
    return paginate(session, stmt, order_by=[AttendanceSession.id], limit=limit, cursor=cursor)


def counts(session: Session, atts: Iterable[AttendanceSession]) -> dict[uuid.UUID, tuple[int, int]]:
    """(marked by scan or teacher, i.e. not absent; enrolled) per session."""
    atts = list(atts)
    if not atts:
        return {}
    ids = [a.id for a in atts]
    marked = dict(
        session.execute(
            select(AttendanceMark.session_id, func.count())
            .where(
                AttendanceMark.session_id.in_(ids),
                AttendanceMark.status != MarkStatus.absent,
            )
            .group_by(AttendanceMark.session_id)
        ).all()
    )
    class_ids = list({a.class_id for a in atts})
    enrolled = dict(
        session.execute(
            select(Enrollment.class_id, func.count())
            .join(User, User.id == Enrollment.pupil_id)
            .where(Enrollment.class_id.in_(class_ids), User.deleted_at.is_(None))
            .group_by(Enrollment.class_id)
        ).all()
    )
    return {a.id: (marked.get(a.id, 0), enrolled.get(a.class_id, 0)) for a in atts}


def set_paused(
    session: Session, *, actor: User, session_id: uuid.UUID, paused: bool, now: datetime
) -> AttendanceSession:
    att = get_managed(session, actor, session_id)
    if not is_open(att, now):
        raise ScanRefused("session_closed", keep_changes=False)
    att.paused = paused
    session.flush()
    return att


def _close(session: Session, att: AttendanceSession, now: datetime) -> int:
    """Closes and marks every enrolled pupil without a mark absent; returns how many."""
    att.closed_at = now
    att.paused = False
    session.flush()
    marked = select(AttendanceMark.pupil_id).where(AttendanceMark.session_id == att.id)
    missing = session.scalars(
        select(Enrollment.pupil_id)
        .join(User, User.id == Enrollment.pupil_id)
        .where(
            Enrollment.class_id == att.class_id,
            User.deleted_at.is_(None),
            Enrollment.pupil_id.not_in(marked),
        )
    ).all()
    added = 0
    for pupil_id in missing:
        try:
            with session.begin_nested():
                session.add(
                    AttendanceMark(
                        id=mark_id(att.id, pupil_id),
                        session_id=att.id,
                        pupil_id=pupil_id,
                        status=MarkStatus.absent,
                        source=MarkSource.closing,
                        marked_at=now,
                    )
                )
                session.flush()
            added += 1
        except IntegrityError:
            continue  # marked concurrently: that mark stands
    return added


def close_session(
    session: Session, *, actor: User, session_id: uuid.UUID, now: datetime
) -> AttendanceSession:
    """Idempotent: closing a closed session changes nothing. A session past its close time
    is closed for real (absent marks written) by this call."""
    att = get_managed(session, actor, session_id)
    if att.closed_at is not None:
        return att
    absent = _close(session, att, now)
    audit.record(
        session,
        "attendance.session_closed",
        school_id=actor.school_id,
        actor=actor,
        target_type="attendance_session",
        target_id=att.id,
        details={"marked_absent": absent},
    )
    return att


def display(session: Session, att: AttendanceSession) -> tuple[str, str]:
    """(class name, subject name) for the projector."""
    row = session.execute(
        select(SchoolClass.name, Subject.name)
        .select_from(Lesson)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(Lesson.id == att.lesson_id)
    ).first()
    return (row[0], row[1]) if row else ("", "")


# -- marks, roster, attempts --------------------------------------------------------------


def roster(session: Session, att: AttendanceSession) -> list[tuple[User, AttendanceMark | None]]:
    rows = session.execute(
        select(User, AttendanceMark)
        .join(Enrollment, Enrollment.pupil_id == User.id)
        .outerjoin(
            AttendanceMark,
            (AttendanceMark.pupil_id == User.id) & (AttendanceMark.session_id == att.id),
        )
        .where(Enrollment.class_id == att.class_id, User.deleted_at.is_(None))
        .order_by(User.last_name, User.first_name, User.id)
    ).all()
    return [(user, mark) for user, mark in rows]


def marks_of(session: Session, session_id: uuid.UUID) -> list[AttendanceMark]:
    return list(
        session.scalars(select(AttendanceMark).where(AttendanceMark.session_id == session_id))
    )


def refused_count(session: Session, session_id: uuid.UUID) -> int:
    return session.scalar(
        select(func.count())
        .select_from(ScanAttempt)
        .where(ScanAttempt.session_id == session_id, ScanAttempt.result.not_in(ACCEPTED))
    ) or 0


def attempts(
    session: Session,
    session_id: uuid.UUID,
    *,
    refused_only: bool = False,
    since: datetime | None = None,
    limit: int = 500,
) -> list[tuple[ScanAttempt, str | None]]:
    stmt = (
        select(ScanAttempt, User.first_name, User.last_name)
        .outerjoin(User, User.id == ScanAttempt.pupil_id)
        .where(ScanAttempt.session_id == session_id)
    )
    if refused_only:
        stmt = stmt.where(ScanAttempt.result.not_in(ACCEPTED))
    if since is not None:
        stmt = stmt.where(ScanAttempt.created_at >= since)
    rows = session.execute(
        stmt.order_by(ScanAttempt.created_at.desc(), ScanAttempt.id.desc()).limit(limit)
    ).all()
    return [
        (attempt, f"{first} {last}".strip() if first is not None else None)
        for attempt, first, last in rows
    ]


def correct_mark(
    session: Session,
    *,
    actor: User,
    session_id: uuid.UUID,
    pupil_id: uuid.UUID,
    status: MarkStatus,
    note: str | None,
    now: datetime,
    ip: str | None,
) -> AttendanceMark:
    att = get_managed(session, actor, session_id)
    enrolled = session.scalar(
        select(Enrollment.id).where(
            Enrollment.class_id == att.class_id, Enrollment.pupil_id == pupil_id
        )
    )
    existing = session.get(AttendanceMark, mark_id(att.id, pupil_id))
    if enrolled is None and existing is None:
        raise NotFound("pupil_not_in_class")
    previous = existing.status if existing else None
    if existing is None:
        mark = AttendanceMark(
            id=mark_id(att.id, pupil_id),
            session_id=att.id,
            pupil_id=pupil_id,
            status=status,
            source=MarkSource.teacher,
            marked_at=now,
            corrected_by_id=actor.id,
            note=note,
        )
        try:
            with session.begin_nested():
                session.add(mark)
                session.flush()
        except IntegrityError:
            # A scan landed meanwhile: correct that mark instead.
            mark = session.get(AttendanceMark, mark_id(att.id, pupil_id), populate_existing=True)
            if mark is None:
                raise
            previous = mark.status
            mark.status = status
            mark.corrected_by_id = actor.id
            mark.note = note
    else:
        mark = existing
        mark.status = status
        mark.corrected_by_id = actor.id
        if note is not None:
            mark.note = note
    mark.updated_at = now
    audit.record(
        session,
        "attendance.mark_corrected",
        school_id=actor.school_id,
        actor=actor,
        target_type="attendance_mark",
        target_id=mark.id,
        ip=ip,
        details={
            "session_id": str(att.id),
            "pupil_id": str(pupil_id),
            "from": previous,
            "to": str(status),
            "by": str(actor.id),
        },
    )
    session.flush()
    return mark
