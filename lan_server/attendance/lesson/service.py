"""Lesson attendance with a rotating QR: sessions, scans, marks, corrections, closing.

Contract: docs/attendance.md. Services take a Session and plain values, flush but never
commit. A refused scan raises a ``ScanRefused`` with ``keep_changes=True``: the attempt
row written before the refusal is a fact the teacher must see."""

from __future__ import annotations

import ipaddress
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.attendance import codes
from lan_server.attendance.lesson import messages as _messages  # noqa: F401 - registers keys
from lan_server.attendance.lesson.schemas import ScanRequest, SessionOpen
from lan_server.attendance.settings import attendance_settings
from lan_server.audit import service as audit
from lan_server.core.errors import AppError, BadRequest, Conflict, Forbidden, NotFound
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

# Fixed forever: the same (session, pupil) gives the same mark id on every server and hub.
NAMESPACE_MARK = uuid.UUID("6f1c2b9e-4a57-5d0e-9b3a-0c8e7d21a5f4")
# A QR read a moment before the server's clock turns the slot is accepted as current.
FUTURE_TOLERANCE_SECONDS = 2
# Typed codes are checked against a few older slots only to say "expired" rather than
# "invalid"; the QR path says it from the slot number.
TYPED_EXPIRED_LOOKBACK = 6

ACCEPTED = ("marked", "already_marked")


def mark_id(session_id: uuid.UUID, pupil_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE_MARK, f"{session_id}:{pupil_id}")


class ScanRefused(AppError):
    """A refused scan. Status per code; the attempt log is committed with it."""

    STATUS = {
        "qr_invalid": 400,
        "qr_expired": 400,
        "session_closed": 409,
        "not_enrolled": 403,
        "outside_network": 403,
        "device_already_used": 409,
        "rate_limited": 429,
    }

    def __init__(self, code: str, *, keep_changes: bool = True, **kwargs) -> None:  # noqa: ANN003
        super().__init__(
            code, status_code=self.STATUS.get(code, 400), keep_changes=keep_changes, **kwargs
        )


# -- rate limit (in memory) ---------------------------------------------------------------


class ScanRateLimiter:
    """Sliding windows per (device, IP) and per pupil. In memory, per server process:
    acceptable for the scan path (one process serves a school; a restart forgets at most a
    minute of counts), and it costs no write on the single writer for every scan of a
    flood. The per-pupil window stops a pupil who changes device ids to guess typed codes."""

    def __init__(self, limit: int = 20, pupil_limit: int = 40, window_seconds: int = 60) -> None:
        self.limit = limit
        self.pupil_limit = pupil_limit
        self.window = window_seconds
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = 0.0

    def hit(self, device_id: str, ip: str, now: float, pupil_id: str = "") -> int | None:
        """Counts one scan; returns the seconds to wait when over a limit, else None."""
        with self._lock:
            if now - self._last_sweep > self.window:
                self._sweep(now)
            windows = [(self._window(("device", f"{device_id}|{ip}"), now), self.limit)]
            if pupil_id:
                windows.append((self._window(("pupil", pupil_id), now), self.pupil_limit))
            waits = [
                max(1, int(hits[0] + self.window - now) + 1)
                for hits, limit in windows
                if len(hits) >= limit
            ]
            if waits:
                return max(waits)
            for hits, _ in windows:
                hits.append(now)
            return None

    def _window(self, key: tuple[str, str], now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]


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


# -- scans --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    mark: AttendanceMark
    already_marked: bool
    session: AttendanceSession


def _find_session(
    session: Session, data: ScanRequest
) -> tuple[AttendanceSession | None, int | None, str | None]:
    """(session, slot, QR code) named by the request; slot/code None for a typed code."""
    slot, code, short = data.slot, data.code, data.short_code
    if data.url:
        parsed = codes.parse_scan_url(data.url)
        if parsed is None:
            return None, None, None
        short, slot, code = parsed.short_code, parsed.slot, parsed.code
    att = None
    if data.session_id is not None and not data.url:
        att = session.get(AttendanceSession, data.session_id)
    elif short:
        att = session.scalar(
            select(AttendanceSession).where(AttendanceSession.short_code == short.strip().upper())
        )
    return att, slot, (code.strip().upper() if code else None)


def _check_code(
    att: AttendanceSession, data: ScanRequest, slot: int | None, code: str | None, at: datetime
) -> int:
    """The slot age (0 current, 1 previous), or a refusal."""
    current = codes.slot_at(at, att.period_seconds)
    if data.typed_code is not None and code is None:
        typed = data.typed_code.strip()
        for age in range(TYPED_EXPIRED_LOOKBACK + 1):
            if current - age >= 0 and codes.codes_equal(
                codes.typed_code(att.secret, att.id, current - age), typed
            ):
                if age <= 1:
                    return age
                raise ScanRefused("qr_expired")
        raise ScanRefused("qr_invalid")
    if slot is None or code is None or slot >= 2**63:
        raise ScanRefused("qr_invalid")
    if not codes.codes_equal(codes.slot_code(att.secret, att.id, slot), code):
        raise ScanRefused("qr_invalid")
    if slot == current + 1:
        next_start = (current + 1) * att.period_seconds
        if next_start - at.timestamp() <= FUTURE_TOLERANCE_SECONDS:
            return 0
        raise ScanRefused("qr_expired")
    if slot > current or slot < current - 1:
        raise ScanRefused("qr_expired")
    return current - slot


def _in_networks(ip: str, networks: list[str]) -> bool:
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def _replay(session: Session, earlier: ScanAttempt) -> ScanOutcome:
    """The answer already given to this nonce."""
    if earlier.result in ACCEPTED and earlier.session_id is not None:
        mark = session.get(AttendanceMark, mark_id(earlier.session_id, earlier.pupil_id))
        att = session.get(AttendanceSession, earlier.session_id)
        if mark is not None and att is not None:
            return ScanOutcome(mark, earlier.result == "already_marked", att)
    raise ScanRefused(earlier.result, keep_changes=False)


def scan(
    session: Session,
    *,
    pupil: User,
    data: ScanRequest,
    ip: str,
    now: datetime,
    limiter: ScanRateLimiter,
    seen_at: datetime | None = None,
) -> ScanOutcome:
    """Marks the pupil, or refuses with a code; every outcome is logged. ``seen_at`` is when
    the code was read, if earlier than now (the /a/ page's login form, signed by us)."""
    at = seen_at or now
    retry_after = limiter.hit(data.device_id, ip, time.monotonic(), str(pupil.id))
    earlier = session.scalar(
        select(ScanAttempt).where(ScanAttempt.pupil_id == pupil.id, ScanAttempt.nonce == data.nonce)
    )
    if earlier is not None:
        return _replay(session, earlier)

    attempt = ScanAttempt(
        session_id=None,
        pupil_id=pupil.id,
        device_id=data.device_id,
        ip=ip[:45],
        nonce=data.nonce,
        slot=None,
        result="pending",
        created_at=now,
    )

    def log(result: str, *, keep_nonce: bool = True) -> None:
        attempt.result = result
        if not keep_nonce:
            attempt.nonce = None
        try:
            with session.begin_nested():
                session.add(attempt)
                session.flush()
        except IntegrityError:
            # The same nonce, concurrently (PostgreSQL): answer as the one that won.
            winner = session.scalar(
                select(ScanAttempt).where(
                    ScanAttempt.pupil_id == pupil.id, ScanAttempt.nonce == data.nonce
                )
            )
            if winner is None:
                raise
            raise _Replayed(winner) from None

    try:
        att, slot, code = _find_session(session, data)
        attempt.slot = slot
        if att is not None and att.school_id == pupil.school_id:
            attempt.session_id = att.id  # so the teacher sees the flood
        if retry_after is not None:
            # Logged without its nonce: the same scan retried later gets a real answer.
            log("rate_limited", keep_nonce=False)
            raise ScanRefused(
                "rate_limited",
                params={"retry_after": retry_after},
                extra={"retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
        if att is None or att.school_id != pupil.school_id:
            log("qr_invalid")
            raise ScanRefused("qr_invalid")
        if not is_open(att, now) or att.paused:
            log("session_closed")
            raise ScanRefused("session_closed", extra={"paused": bool(att.paused)})
        try:
            slot_age = _check_code(att, data, slot, code, at)
        except ScanRefused as refusal:
            log(refusal.code)
            raise
        enrolled = session.scalar(
            select(Enrollment.id).where(
                Enrollment.class_id == att.class_id, Enrollment.pupil_id == pupil.id
            )
        )
        if enrolled is None or pupil.role != UserRole.student:
            log("not_enrolled")
            raise ScanRefused("not_enrolled")
        if not _in_networks(ip, list(att.allowed_networks or [])):
            log("outside_network")
            raise ScanRefused("outside_network")
        mark = AttendanceMark(
            id=mark_id(att.id, pupil.id),
            session_id=att.id,
            pupil_id=pupil.id,
            status=MarkStatus.late if at > att.late_after else MarkStatus.present,
            source=MarkSource.typed if code is None else MarkSource.qr,
            marked_at=now,
            slot_age=slot_age,
            device_id=data.device_id,
            ip=ip[:45],
            nonce=data.nonce,
        )
        # Rely on the unique constraints, never check-then-insert: of two concurrent scans
        # one inserts, the other lands here and reads what won.
        try:
            with session.begin_nested():
                session.add(mark)
                session.flush()
        except IntegrityError:
            existing = session.get(AttendanceMark, mark_id(att.id, pupil.id))
            if existing is not None:
                log("already_marked")
                return ScanOutcome(existing, True, att)
            log("device_already_used")
            raise ScanRefused("device_already_used") from None
        log("marked")
        return ScanOutcome(mark, False, att)
    except _Replayed as replayed:
        return _replay(session, replayed.attempt)


class _Replayed(Exception):
    def __init__(self, attempt: ScanAttempt) -> None:
        super().__init__("replayed")
        self.attempt = attempt
