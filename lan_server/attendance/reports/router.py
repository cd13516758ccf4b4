"""GET /attendance/reports/...: per lesson, per class and period, per pupil, and day
attendance. Each as JSON and as CSV (the same path with ``.csv``: ';', UTF-8 BOM, French
headers unless ``Accept-Language: en``). Who sees what: admin the school; a teacher their
classes' lessons and pupils; a parent their children (pupil and day reports); a pupil
themself. Contracts: docs/attendance.md, "Reports"."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from lan_server.attendance.reports import csv_export, service
from lan_server.attendance.reports.schemas import ClassReport, DayReport, LessonReport, PupilReport
from lan_server.audit import service as audit
from lan_server.auth.permissions import Perm
from lan_server.core.deps import (
    ClientIp,
    Ctx,
    CurrentUser,
    DbSession,
    Locale,
    ReadSession,
    require,
)
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.models import User

router = APIRouter(
    prefix="/attendance/reports", tags=["attendance reports"], responses=PROBLEM_RESPONSES
)

LessonReader = Annotated[User, Depends(require(Perm.LESSONS_READ))]
ClassReader = Annotated[User, Depends(require(Perm.CLASSES_READ))]
From = Annotated[
    date | None,
    Query(
        alias="from",
        description="First day (school time), YYYY-MM-DD; default: 30 days before `to`",
    ),
]
To = Annotated[
    date | None,
    Query(
        alias="to",
        description="Last day (school time), YYYY-MM-DD; default: 29 days after `from`, "
        "or today without `from`. At most 366 days in all.",
    ),
]
CSV_RESPONSE = {200: {"content": {"text/csv": {}}, "description": "CSV (';', UTF-8 with BOM)"}}


def _csv(
    content: bytes,
    filename: str,
    locale: str,
    *,
    write_db: Session,
    viewer: User,
    ip: str,
    report: str,
    target_id: uuid.UUID | None,
    details: dict[str, str | None] | None = None,
) -> Response:
    # Personal data leaving the server: who took which report, and when (as the pupil
    # export does).
    audit.record(
        write_db,
        "attendance.report_exported",
        school_id=viewer.school_id,
        actor=viewer,
        target_type=report,
        target_id=target_id,
        ip=ip,
        details={"report": report, "file": filename, **(details or {})},
    )
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Language": locale,
        },
    )


# The .csv twins are declared first: "/lessons/{lesson_id}" would otherwise take them.


@router.get("/lessons/{lesson_id}.csv", response_class=Response, responses=CSV_RESPONSE)
def lesson_report_csv(
    lesson_id: uuid.UUID,
    viewer: LessonReader,
    db: ReadSession,
    write_db: DbSession,
    ip: ClientIp,
    locale: Locale,
) -> Response:
    report = service.lesson_report(db, viewer, lesson_id)
    return _csv(
        csv_export.lesson_csv(report, locale),
        f"presences-cours-{report.date.isoformat()}-{report.start_time.replace(':', 'h')}.csv",
        locale,
        write_db=write_db,
        viewer=viewer,
        ip=ip,
        report="lesson",
        target_id=lesson_id,
    )


@router.get("/lessons/{lesson_id}", response_model=LessonReport)
def lesson_report(lesson_id: uuid.UUID, viewer: LessonReader, db: ReadSession) -> LessonReport:
    """The lesson's session(s): each pupil of the class with status, time, source; totals
    and rate. Admin, or a teacher of the lesson or its class."""
    return service.lesson_report(db, viewer, lesson_id)


@router.get("/classes/{class_id}.csv", response_class=Response, responses=CSV_RESPONSE)
def class_report_csv(
    class_id: uuid.UUID,
    viewer: ClassReader,
    db: ReadSession,
    write_db: DbSession,
    ip: ClientIp,
    ctx: Ctx,
    locale: Locale,
    date_from: From = None,
    date_to: To = None,
) -> Response:
    report = service.class_report(
        db, viewer, class_id, date_from=date_from, date_to=date_to, now=ctx.clock.now()
    )
    return _csv(
        csv_export.class_csv(report, locale),
        f"presences-classe-{report.date_from.isoformat()}-{report.date_to.isoformat()}.csv",
        locale,
        write_db=write_db,
        viewer=viewer,
        ip=ip,
        report="class",
        target_id=class_id,
    )


@router.get("/classes/{class_id}", response_model=ClassReport)
def class_report(
    class_id: uuid.UUID,
    viewer: ClassReader,
    db: ReadSession,
    ctx: Ctx,
    date_from: From = None,
    date_to: To = None,
) -> ClassReport:
    """Per pupil counts and rate over the period, the class totals and the rate of each
    day. Admin, or a teacher of the class."""
    return service.class_report(
        db, viewer, class_id, date_from=date_from, date_to=date_to, now=ctx.clock.now()
    )


@router.get("/pupils/{pupil_id}.csv", response_class=Response, responses=CSV_RESPONSE)
def pupil_report_csv(
    pupil_id: uuid.UUID,
    viewer: CurrentUser,
    db: ReadSession,
    write_db: DbSession,
    ip: ClientIp,
    ctx: Ctx,
    locale: Locale,
    date_from: From = None,
    date_to: To = None,
) -> Response:
    report = service.pupil_report(
        db, viewer, pupil_id, date_from=date_from, date_to=date_to, now=ctx.clock.now()
    )
    return _csv(
        csv_export.pupil_csv(report, locale),
        f"presences-eleve-{report.date_from.isoformat()}-{report.date_to.isoformat()}.csv",
        locale,
        write_db=write_db,
        viewer=viewer,
        ip=ip,
        report="pupil",
        target_id=pupil_id,
    )


@router.get("/pupils/{pupil_id}", response_model=PupilReport)
def pupil_report(
    pupil_id: uuid.UUID,
    viewer: CurrentUser,
    db: ReadSession,
    ctx: Ctx,
    date_from: From = None,
    date_to: To = None,
) -> PupilReport:
    """The pupil's rate, lates, absences, excused, and their marks lesson by lesson.
    Admin, their teachers, their parents, themself."""
    return service.pupil_report(
        db, viewer, pupil_id, date_from=date_from, date_to=date_to, now=ctx.clock.now()
    )


DayQuery = Annotated[date | None, Query(alias="date", description="One day; default: today")]


@router.get("/days.csv", response_class=Response, responses=CSV_RESPONSE)
def day_report_csv(
    viewer: CurrentUser,
    db: ReadSession,
    write_db: DbSession,
    ip: ClientIp,
    ctx: Ctx,
    locale: Locale,
    day: DayQuery = None,
    date_from: From = None,
    date_to: To = None,
    class_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> Response:
    report = service.day_report(
        db,
        viewer,
        day=day,
        date_from=date_from,
        date_to=date_to,
        class_id=class_id,
        user_id=user_id,
        now=ctx.clock.now(),
    )
    return _csv(
        csv_export.day_csv(report, locale),
        f"presences-jour-{report.date_from.isoformat()}-{report.date_to.isoformat()}.csv",
        locale,
        write_db=write_db,
        viewer=viewer,
        ip=ip,
        report="days",
        target_id=user_id or class_id,
        details={"class_id": str(class_id) if class_id else None},
    )


@router.get("/days", response_model=DayReport)
def day_report(
    viewer: CurrentUser,
    db: ReadSession,
    ctx: Ctx,
    day: DayQuery = None,
    date_from: From = None,
    date_to: To = None,
    class_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> DayReport:
    """Day attendance: each visible person's arrival, departure, hours and whether the
    departure was automatic. One day (``date``, default today) or a period (from, to);
    optionally one class or one person."""
    return service.day_report(
        db,
        viewer,
        day=day,
        date_from=date_from,
        date_to=date_to,
        class_id=class_id,
        user_id=user_id,
        now=ctx.clock.now(),
    )
