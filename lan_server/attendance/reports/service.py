"""Attendance reports, read straight from the tables (no dependency on the lesson or day
services). Counts are aggregated in SQL (GROUP BY); names come in one query per report.

Days are the school's: a session belongs to the day of its opening in the school's
timezone (default Africa/Douala), a date range is turned into UTC bounds once."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import lan_server.attendance.reports.messages  # noqa: F401  (registers the message keys)
from lan_server.attendance.reports.schemas import (
    ClassPupilRow,
    ClassReport,
    DayCounts,
    DayReport,
    DayRow,
    LessonMarkRow,
    LessonReport,
    LessonSessionReport,
    PupilMarkRow,
    PupilReport,
    StatusCounts,
)
from lan_server.attendance.settings import RateWeights, attendance_settings
from lan_server.core.errors import Forbidden, NotFound, Unprocessable
from lan_server.core.scoping import can_see_user, scope_classes, scope_lessons, scope_users
from lan_server.models import (
    AttendanceMark,
    AttendanceSession,
    DayRecord,
    Enrollment,
    Lesson,
    PupilProfile,
    School,
    SchoolClass,
    Subject,
    User,
    UserRole,
)
from lan_server.models.attendance import MarkStatus

MAX_RANGE_DAYS = 366
DEFAULT_RANGE_DAYS = 30
DOUALA = timezone(timedelta(hours=1))  # Africa/Douala has no DST; Windows may lack tzdata
STATUSES = tuple(MarkStatus)
STAFF = (UserRole.admin, UserRole.teacher)


# -- shared helpers -------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolRules:
    zone: tzinfo
    weights: RateWeights

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def hhmm(self, moment: datetime | None) -> str | None:
        return None if moment is None else moment.astimezone(self.zone).strftime("%H:%M")

    def bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """UTC [start, end) of the school days first..last."""
        start = datetime.combine(first, time(0), self.zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(0), self.zone).astimezone(UTC)
        return start, end

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()


def school_rules(session: Session, school_id: uuid.UUID) -> SchoolRules:
    school = session.get(School, school_id)
    if school is None:  # pragma: no cover - a viewer always has a school
        return SchoolRules(DOUALA, RateWeights())
    try:
        zone: tzinfo = ZoneInfo(school.timezone or "Africa/Douala")
    except (ZoneInfoNotFoundError, ValueError):
        zone = DOUALA
    return SchoolRules(zone, attendance_settings(school).weights)


def counts(by_status: Mapping[str, int], weights: RateWeights) -> StatusCounts:
    """The four counts and the rate Σ weight / (2 × marks), None without marks."""
    values = {status: int(by_status.get(status, 0)) for status in STATUSES}
    marks = sum(values.values())
    rate = None
    if marks:
        weighted = sum(getattr(weights, status) * values[status] for status in STATUSES)
        rate = round(weighted / (2 * marks), 3)
    return StatusCounts(**values, marks=marks, rate=rate)


def resolve_range(
    rules: SchoolRules, now: datetime, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    """Both given, or defaults: ``to`` today (school time), ``from`` 30 days before it."""
    last = date_to or (
        date_from + timedelta(days=DEFAULT_RANGE_DAYS - 1) if date_from else rules.today(now)
    )
    first = date_from or last - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if first > last:
        raise Unprocessable(
            "report_range_inverted",
            params={"start": first.isoformat(), "end": last.isoformat()},
        )
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise Unprocessable("report_range_too_long", params={"max_days": MAX_RANGE_DAYS})
    return first, last


def _require_staff(viewer: User) -> None:
    if viewer.role not in STAFF:
        raise Forbidden()


def _pupils(
    session: Session, ids: Iterable[uuid.UUID]
) -> list[tuple[uuid.UUID, str, str, str | None]]:
    ids = list(set(ids))
    if not ids:
        return []
    rows = session.execute(
        select(User.id, User.last_name, User.first_name, PupilProfile.matricule)
        .outerjoin(PupilProfile, PupilProfile.user_id == User.id)
        .where(User.id.in_(ids))
        .order_by(func.lower(User.last_name), func.lower(User.first_name), User.id)
    )
    return [(row.id, row.last_name, row.first_name, row.matricule) for row in rows]


def _get_class(session: Session, viewer: User, class_id: uuid.UUID) -> SchoolClass:
    found = session.get(SchoolClass, class_id)
    if found is None or found.school_id != viewer.school_id or found.deleted_at is not None:
        raise NotFound("class_not_found")
    visible = scope_classes(select(SchoolClass.id), viewer).where(SchoolClass.id == class_id)
    if session.scalar(visible) is None:
        raise Forbidden()
    return found


# -- per lesson -----------------------------------------------------------------------------


def lesson_report(session: Session, viewer: User, lesson_id: uuid.UUID) -> LessonReport:
    row = session.execute(
        select(Lesson, SchoolClass, Subject)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(Lesson.id == lesson_id)
    ).first()
    if row is None or row[1].school_id != viewer.school_id or row[1].deleted_at is not None:
        raise NotFound("lesson_not_found")
    lesson, school_class, subject = row
    _require_staff(viewer)
    visible = scope_lessons(select(Lesson.id), viewer).where(Lesson.id == lesson_id)
    if session.scalar(visible) is None:
        raise Forbidden()
    rules = school_rules(session, viewer.school_id)

    sessions = list(
        session.execute(
            select(AttendanceSession.id, AttendanceSession.opened_at, AttendanceSession.closed_at)
            .where(AttendanceSession.lesson_id == lesson_id)
            .order_by(AttendanceSession.opened_at, AttendanceSession.id)
        )
    )
    marks: dict[uuid.UUID, dict[uuid.UUID, tuple[str, datetime, str]]] = defaultdict(dict)
    if sessions:
        for mark in session.execute(
            select(
                AttendanceMark.session_id,
                AttendanceMark.pupil_id,
                AttendanceMark.status,
                AttendanceMark.marked_at,
                AttendanceMark.source,
            ).where(AttendanceMark.session_id.in_([s.id for s in sessions]))
        ):
            marks[mark.session_id][mark.pupil_id] = (mark.status, mark.marked_at, mark.source)
    enrolled = set(
        session.scalars(select(Enrollment.pupil_id).where(Enrollment.class_id == school_class.id))
    )
    marked = {pupil for by_pupil in marks.values() for pupil in by_pupil}
    pupils = _pupils(session, enrolled | marked)

    reports = []
    overall: dict[str, int] = defaultdict(int)
    for sess in sessions:
        by_pupil = marks.get(sess.id, {})
        by_status: dict[str, int] = defaultdict(int)
        rows = []
        for pupil_id, last_name, first_name, matricule in pupils:
            mark = by_pupil.get(pupil_id)
            if mark is None and pupil_id not in enrolled:
                continue  # marked in another session of this lesson only
            status, marked_at, source = mark if mark else (None, None, None)
            if status is not None:
                by_status[status] += 1
                overall[status] += 1
            rows.append(
                LessonMarkRow(
                    pupil_id=pupil_id,
                    last_name=last_name,
                    first_name=first_name,
                    matricule=matricule,
                    status=status,
                    marked_at=marked_at,
                    marked_time=rules.hhmm(marked_at),
                    source=source,
                )
            )
        reports.append(
            LessonSessionReport(
                session_id=sess.id,
                opened_at=sess.opened_at,
                opened_time=rules.hhmm(sess.opened_at) or "",
                closed_at=sess.closed_at,
                pupils=rows,
                totals=counts(by_status, rules.weights),
                unmarked=sum(1 for r in rows if r.status is None),
            )
        )
    return LessonReport(
        lesson_id=lesson.id,
        class_id=school_class.id,
        class_name=school_class.name,
        subject_code=subject.code,
        subject_name=subject.name,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        date=rules.day(lesson.starts_at),
        start_time=rules.hhmm(lesson.starts_at) or "",
        sessions=reports,
        totals=counts(overall, rules.weights),
    )


# -- per class ------------------------------------------------------------------------------


def class_report(
    session: Session,
    viewer: User,
    class_id: uuid.UUID,
    *,
    date_from: date | None,
    date_to: date | None,
    now: datetime,
) -> ClassReport:
    school_class = _get_class(session, viewer, class_id)
    _require_staff(viewer)
    rules = school_rules(session, viewer.school_id)
    first, last = resolve_range(rules, now, date_from, date_to)
    start, end = rules.bounds(first, last)
    in_range = (
        AttendanceSession.class_id == class_id,
        AttendanceSession.opened_at >= start,
        AttendanceSession.opened_at < end,
    )

    per_pupil: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for row in session.execute(
        select(AttendanceMark.pupil_id, AttendanceMark.status, func.count())
        .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
        .where(*in_range)
        .group_by(AttendanceMark.pupil_id, AttendanceMark.status)
    ):
        per_pupil[row[0]][row[1]] = row[2]

    # Per session (a handful a day), folded into school days here: grouping by a local
    # date in SQL differs between SQLite and PostgreSQL.
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sessions_per_day: dict[date, int] = defaultdict(int)
    session_rows = session.execute(
        select(AttendanceSession.id, AttendanceSession.opened_at).where(*in_range)
    ).all()
    session_day = {row.id: rules.day(row.opened_at) for row in session_rows}
    for day in session_day.values():
        sessions_per_day[day] += 1
        per_day[day]  # noqa: B018  (a day with a session but no mark yet is listed)
    if session_rows:
        for row in session.execute(
            select(AttendanceMark.session_id, AttendanceMark.status, func.count())
            .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
            .where(*in_range)
            .group_by(AttendanceMark.session_id, AttendanceMark.status)
        ):
            per_day[session_day[row[0]]][row[1]] += row[2]

    enrolled = set(
        session.scalars(select(Enrollment.pupil_id).where(Enrollment.class_id == class_id))
    )
    totals: dict[str, int] = defaultdict(int)
    pupils = []
    for pupil_id, last_name, first_name, matricule in _pupils(session, enrolled | set(per_pupil)):
        by_status = per_pupil.get(pupil_id, {})
        for status, count in by_status.items():
            totals[status] += count
        pupils.append(
            ClassPupilRow(
                pupil_id=pupil_id,
                last_name=last_name,
                first_name=first_name,
                matricule=matricule,
                **counts(by_status, rules.weights).model_dump(),
            )
        )
    days = [
        DayCounts(
            date=day,
            sessions=sessions_per_day[day],
            **counts(per_day[day], rules.weights).model_dump(),
        )
        for day in sorted(per_day)
    ]
    return ClassReport(
        class_id=school_class.id,
        class_name=school_class.name,
        date_from=first,
        date_to=last,
        sessions=len(session_rows),
        pupils=pupils,
        days=days,
        totals=counts(totals, rules.weights),
    )


# -- per pupil ------------------------------------------------------------------------------


def _get_user(session: Session, viewer: User, user_id: uuid.UUID) -> User:
    found = session.get(User, user_id)
    if found is None or found.school_id != viewer.school_id or found.deleted_at is not None:
        raise NotFound("user_not_found")
    if not can_see_user(session, viewer, user_id):
        raise Forbidden()
    return found


def pupil_report(
    session: Session,
    viewer: User,
    pupil_id: uuid.UUID,
    *,
    date_from: date | None,
    date_to: date | None,
    now: datetime,
) -> PupilReport:
    pupil = _get_user(session, viewer, pupil_id)
    if pupil.role != UserRole.student:
        raise NotFound("user_not_found")
    rules = school_rules(session, viewer.school_id)
    first, last = resolve_range(rules, now, date_from, date_to)
    start, end = rules.bounds(first, last)
    rows = session.execute(
        select(
            AttendanceMark.session_id,
            AttendanceMark.status,
            AttendanceMark.marked_at,
            AttendanceMark.source,
            AttendanceSession.opened_at,
            Lesson.id.label("lesson_id"),
            Lesson.starts_at,
            SchoolClass.name.label("class_name"),
            Subject.code.label("subject_code"),
            Subject.name.label("subject_name"),
        )
        .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
        .join(Lesson, Lesson.id == AttendanceSession.lesson_id)
        .join(SchoolClass, SchoolClass.id == AttendanceSession.class_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(
            AttendanceMark.pupil_id == pupil_id,
            AttendanceSession.school_id == viewer.school_id,
            AttendanceSession.opened_at >= start,
            AttendanceSession.opened_at < end,
        )
        .order_by(AttendanceSession.opened_at, AttendanceMark.session_id)
    ).all()
    by_status: dict[str, int] = defaultdict(int)
    marks = []
    for row in rows:
        by_status[row.status] += 1
        marks.append(
            PupilMarkRow(
                date=rules.day(row.opened_at),
                session_id=row.session_id,
                lesson_id=row.lesson_id,
                class_name=row.class_name,
                subject_code=row.subject_code,
                subject_name=row.subject_name,
                lesson_time=rules.hhmm(row.starts_at) or "",
                status=row.status,
                marked_at=row.marked_at,
                marked_time=rules.hhmm(row.marked_at) or "",
                source=row.source,
            )
        )
    totals = counts(by_status, rules.weights)
    matricule = session.scalar(
        select(PupilProfile.matricule).where(PupilProfile.user_id == pupil_id)
    )
    return PupilReport(
        pupil_id=pupil.id,
        last_name=pupil.last_name,
        first_name=pupil.first_name,
        matricule=matricule,
        date_from=first,
        date_to=last,
        totals=totals,
        lates=totals.late,
        absences=totals.absent,
        excused=totals.excused,
        marks=marks,
    )


# -- day attendance -------------------------------------------------------------------------


def day_report(
    session: Session,
    viewer: User,
    *,
    day: date | None,
    date_from: date | None,
    date_to: date | None,
    class_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    now: datetime,
) -> DayReport:
    if day is not None and (date_from is not None or date_to is not None):
        raise Unprocessable("report_date_and_range")
    if class_id is not None:
        _get_class(session, viewer, class_id)
    if user_id is not None:
        _get_user(session, viewer, user_id)
    rules = school_rules(session, viewer.school_id)
    if day is not None:
        first = last = day
    elif date_from is None and date_to is None:
        first = last = rules.today(now)
    else:
        first, last = resolve_range(rules, now, date_from, date_to)
    stmt = (
        select(
            DayRecord.user_id,
            DayRecord.day,
            DayRecord.check_in_at,
            DayRecord.check_out_at,
            DayRecord.automatic_check_out,
            User.last_name,
            User.first_name,
            User.role,
        )
        .join(User, User.id == DayRecord.user_id)
        .where(
            DayRecord.school_id == viewer.school_id,
            DayRecord.day >= first,
            DayRecord.day <= last,
            User.deleted_at.is_(None),
        )
    )
    stmt = scope_users(stmt, viewer)
    if class_id is not None:
        stmt = stmt.where(
            User.id.in_(select(Enrollment.pupil_id).where(Enrollment.class_id == class_id))
        )
    if user_id is not None:
        stmt = stmt.where(DayRecord.user_id == user_id)
    stmt = stmt.order_by(
        DayRecord.day, func.lower(User.last_name), func.lower(User.first_name), User.id
    )
    records = []
    total = 0.0
    for row in session.execute(stmt):
        hours = None
        if row.check_in_at is not None and row.check_out_at is not None:
            hours = round((row.check_out_at - row.check_in_at).total_seconds() / 3600, 2)
            total += hours
        records.append(
            DayRow(
                user_id=row.user_id,
                last_name=row.last_name,
                first_name=row.first_name,
                role=row.role,
                date=row.day,
                check_in_at=row.check_in_at,
                check_in_time=rules.hhmm(row.check_in_at),
                check_out_at=row.check_out_at,
                check_out_time=rules.hhmm(row.check_out_at),
                hours=hours,
                automatic_check_out=row.automatic_check_out,
            )
        )
    if class_id is not None:
        records = _with_missing_pupils(
            session, viewer, records, class_id=class_id, user_id=user_id, first=first, last=last
        )
    return DayReport(
        date_from=first,
        date_to=last,
        class_id=class_id,
        records=records,
        total_hours=round(total, 2),
    )


def _with_missing_pupils(
    session: Session,
    viewer: User,
    records: list[DayRow],
    *,
    class_id: uuid.UUID,
    user_id: uuid.UUID | None,
    first: date,
    last: date,
) -> list[DayRow]:
    """A class's day report lists every pupil (the viewer may see) on every school day of
    the period, the ones who did not come with no times. A school day is one on which
    someone in the school checked in: weekends and holidays are left out."""
    school_days = sorted(
        session.scalars(
            select(DayRecord.day)
            .where(
                DayRecord.school_id == viewer.school_id,
                DayRecord.day >= first,
                DayRecord.day <= last,
            )
            .distinct()
        )
    )
    if not school_days:
        return records
    members = scope_users(
        select(User.id, User.last_name, User.first_name, User.role).where(
            User.id.in_(select(Enrollment.pupil_id).where(Enrollment.class_id == class_id)),
            User.deleted_at.is_(None),
        ),
        viewer,
    )
    if user_id is not None:
        members = members.where(User.id == user_id)
    pupils = session.execute(members).all()
    seen = {(record.user_id, record.date) for record in records}
    missing = [
        DayRow(
            user_id=pupil.id,
            last_name=pupil.last_name,
            first_name=pupil.first_name,
            role=pupil.role,
            date=day,
            check_in_at=None,
            check_in_time=None,
            check_out_at=None,
            check_out_time=None,
            hours=None,
            automatic_check_out=False,
        )
        for day in school_days
        for pupil in pupils
        if (pupil.id, day) not in seen
    ]
    return sorted(
        [*records, *missing],
        key=lambda r: (r.date, r.last_name.lower(), r.first_name.lower(), str(r.user_id)),
    )
