"""Classes, enrollments, subjects and lessons of a school."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.audit import service as audit
from lan_server.core.errors import BadRequest, Conflict, Forbidden, NotFound
from lan_server.core.pagination import paginate
from lan_server.core.scoping import scope_classes, scope_lessons
from lan_server.core.search import LIKE_ESCAPE, contains_pattern
from lan_server.models import (
    AttendanceSession,
    Enrollment,
    Lesson,
    SchoolClass,
    Subject,
    User,
    UserRole,
)
from lan_server.school.schemas import (
    ClassCreate,
    ClassRead,
    ClassUpdate,
    LessonCreate,
    LessonUpdate,
    SubjectCreate,
    SubjectUpdate,
)

# The subjects of the CEP, created with every school (a school may add its own).
CEP_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("FR", "Français"),
    ("MATH", "Mathématiques"),
    ("SCI", "Sciences et technologie"),
    ("HG", "Histoire-Géographie"),
    ("ECM", "Éducation à la citoyenneté et à la morale"),
    ("ANG", "Anglais"),
    ("LCN", "Langues et cultures nationales"),
    ("EPS", "Éducation physique et sportive"),
    ("ART", "Éducation artistique"),
    ("TIC", "Informatique (TIC)"),
)


# -- classes ------------------------------------------------------------------------------


def _pupil_counts(session: Session, class_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not class_ids:
        return {}
    rows = session.execute(
        select(Enrollment.class_id, func.count())
        .join(User, User.id == Enrollment.pupil_id)
        .where(Enrollment.class_id.in_(class_ids), User.deleted_at.is_(None))
        .group_by(Enrollment.class_id)
    )
    return {class_id: count for class_id, count in rows}


def class_reads(session: Session, classes: list[SchoolClass]) -> list[ClassRead]:
    counts = _pupil_counts(session, [c.id for c in classes])
    return [
        ClassRead.model_validate(c).model_copy(update={"pupil_count": counts.get(c.id, 0)})
        for c in classes
    ]


def list_classes(
    session: Session,
    viewer: User,
    *,
    school_year: str | None = None,
    level: str | None = None,
    q: str | None = None,
    teacher_id: uuid.UUID | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[SchoolClass], str | None]:
    stmt = scope_classes(select(SchoolClass), viewer).where(SchoolClass.deleted_at.is_(None))
    if school_year:
        stmt = stmt.where(SchoolClass.school_year == school_year)
    if level:
        stmt = stmt.where(SchoolClass.level == level)
    if teacher_id:
        stmt = stmt.where(SchoolClass.main_teacher_id == teacher_id)
    if q and q.strip():
        stmt = stmt.where(
            func.lower(SchoolClass.name).like(contains_pattern(q), escape=LIKE_ESCAPE)
        )
    return paginate(
        session,
        stmt,
        order_by=[SchoolClass.school_year, SchoolClass.name, SchoolClass.id],
        limit=limit,
        cursor=cursor,
    )


def get_class(session: Session, viewer: User, class_id: uuid.UUID) -> SchoolClass:
    found = session.get(SchoolClass, class_id)
    if found is None or found.school_id != viewer.school_id or found.deleted_at is not None:
        raise NotFound("class_not_found")
    visible = scope_classes(select(SchoolClass.id), viewer).where(SchoolClass.id == class_id)
    if session.scalar(visible) is None:
        raise Forbidden()
    return found


def _check_teacher(session: Session, school_id: uuid.UUID, teacher_id: uuid.UUID | None) -> None:
    if teacher_id is None:
        return
    teacher = session.get(User, teacher_id)
    if teacher is None or teacher.school_id != school_id or teacher.deleted_at is not None:
        raise NotFound("user_not_found")
    if teacher.role not in (UserRole.teacher, UserRole.admin):
        raise BadRequest("not_a_teacher")


def _class_name_free(
    session: Session,
    school_id: uuid.UUID,
    name: str,
    school_year: str,
    exclude: uuid.UUID | None = None,
) -> None:
    stmt = select(SchoolClass.id).where(
        SchoolClass.school_id == school_id,
        SchoolClass.school_year == school_year,
        func.lower(SchoolClass.name) == name.lower(),
        SchoolClass.deleted_at.is_(None),
    )
    if exclude is not None:
        stmt = stmt.where(SchoolClass.id != exclude)
    if session.scalar(stmt) is not None:
        raise Conflict("class_name_taken", params={"name": name, "school_year": school_year})


def create_class(
    session: Session, *, actor: User, data: ClassCreate, ip: str | None = None
) -> SchoolClass:
    _check_teacher(session, actor.school_id, data.main_teacher_id)
    _class_name_free(session, actor.school_id, data.name, data.school_year)
    created = SchoolClass(school_id=actor.school_id, **data.model_dump())
    session.add(created)
    audit.record(
        session,
        "class.created",
        school_id=actor.school_id,
        actor=actor,
        target_type="class",
        target_id=created.id,
        ip=ip,
        details={"name": data.name},
    )
    session.flush()
    return created


def update_class(
    session: Session, *, actor: User, class_id: uuid.UUID, data: ClassUpdate, ip: str | None = None
) -> SchoolClass:
    found = get_class(session, actor, class_id)
    fields = data.model_dump(exclude_unset=True)
    if "main_teacher_id" in fields:
        _check_teacher(session, actor.school_id, fields["main_teacher_id"])
    name = fields.get("name") or found.name
    year = fields.get("school_year") or found.school_year
    _class_name_free(session, actor.school_id, name, year, exclude=found.id)
    for key, value in fields.items():
        if key in ("name", "level", "school_year") and value is None:
            continue
        setattr(found, key, value)
    session.flush()
    return found


def delete_class(
    session: Session, *, actor: User, class_id: uuid.UUID, now: datetime, ip: str | None = None
) -> None:
    """Soft delete: lessons, attendance and results of past classes stay readable. The name
    is freed for a new class."""
    found = get_class(session, actor, class_id)
    found.deleted_at = now
    found.name = f"{found.name} (supprimée {found.id.hex[:6]})"[:80]
    audit.record(
        session,
        "class.deleted",
        school_id=actor.school_id,
        actor=actor,
        target_type="class",
        target_id=found.id,
        ip=ip,
    )


# -- enrollments ----------------------------------------------------------------------------


def list_enrollments(session: Session, viewer: User, class_id: uuid.UUID) -> list[Enrollment]:
    get_class(session, viewer, class_id)
    return list(
        session.scalars(
            select(Enrollment)
            .join(User, User.id == Enrollment.pupil_id)
            .where(Enrollment.class_id == class_id, User.deleted_at.is_(None))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


def enroll(
    session: Session,
    *,
    actor: User,
    class_id: uuid.UUID,
    pupil_ids: list[uuid.UUID],
    ip: str | None = None,
) -> list[Enrollment]:
    """Enrolls pupils; enrolling someone already there is not an error (idempotent)."""
    school_class = get_class(session, actor, class_id)
    wanted = list(dict.fromkeys(pupil_ids))
    pupils = {
        user.id: user
        for user in session.scalars(
            select(User).where(User.id.in_(wanted), User.school_id == actor.school_id)
        )
    }
    for pupil_id in wanted:
        pupil = pupils.get(pupil_id)
        if pupil is None or pupil.deleted_at is not None:
            raise NotFound("user_not_found", extra={"user_id": str(pupil_id)})
        if pupil.role != UserRole.student:
            raise BadRequest("not_a_pupil", extra={"user_id": str(pupil_id)})
    existing = set(
        session.scalars(
            select(Enrollment.pupil_id).where(
                Enrollment.class_id == class_id, Enrollment.pupil_id.in_(wanted)
            )
        )
    )
    for pupil_id in wanted:
        if pupil_id not in existing:
            session.add(Enrollment(class_id=class_id, pupil_id=pupil_id))
    audit.record(
        session,
        "class.enrolled",
        school_id=actor.school_id,
        actor=actor,
        target_type="class",
        target_id=school_class.id,
        ip=ip,
        details={"pupils": len(wanted) - len(existing)},
    )
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict("already_enrolled") from exc
    return list_enrollments(session, actor, class_id)


def unenroll(
    session: Session,
    *,
    actor: User,
    class_id: uuid.UUID,
    pupil_id: uuid.UUID,
    ip: str | None = None,
) -> None:
    get_class(session, actor, class_id)
    deleted = session.execute(
        Enrollment.__table__.delete().where(
            Enrollment.class_id == class_id, Enrollment.pupil_id == pupil_id
        )
    ).rowcount
    if not deleted:
        raise NotFound("enrollment_not_found")
    audit.record(
        session,
        "class.unenrolled",
        school_id=actor.school_id,
        actor=actor,
        target_type="class",
        target_id=class_id,
        ip=ip,
        details={"pupil_id": str(pupil_id)},
    )


# -- subjects -------------------------------------------------------------------------------


def ensure_cep_subjects(session: Session, school_id: uuid.UUID) -> None:
    present = set(session.scalars(select(Subject.code).where(Subject.school_id == school_id)))
    for code, name in CEP_SUBJECTS:
        if code not in present:
            session.add(Subject(school_id=school_id, code=code, name=name))


def list_subjects(session: Session, school_id: uuid.UUID) -> list[Subject]:
    return list(
        session.scalars(
            select(Subject)
            .where(Subject.school_id == school_id, Subject.deleted_at.is_(None))
            .order_by(Subject.name)
        )
    )


def get_subject(session: Session, school_id: uuid.UUID, subject_id: uuid.UUID) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None or subject.school_id != school_id or subject.deleted_at is not None:
        raise NotFound("subject_not_found")
    return subject


def create_subject(session: Session, *, actor: User, data: SubjectCreate) -> Subject:
    taken = session.scalar(
        select(Subject.id).where(Subject.school_id == actor.school_id, Subject.code == data.code)
    )
    if taken is not None:
        raise Conflict("subject_code_taken", params={"code": data.code})
    subject = Subject(school_id=actor.school_id, code=data.code, name=data.name.strip())
    session.add(subject)
    session.flush()
    return subject


def update_subject(
    session: Session, *, actor: User, subject_id: uuid.UUID, data: SubjectUpdate
) -> Subject:
    subject = get_subject(session, actor.school_id, subject_id)
    subject.name = data.name.strip()
    session.flush()
    return subject


def delete_subject(session: Session, *, actor: User, subject_id: uuid.UUID, now: datetime) -> None:
    subject = get_subject(session, actor.school_id, subject_id)
    subject.deleted_at = now
    subject.code = f"{subject.code}~{subject.id.hex[:6]}"[:32]


# -- lessons --------------------------------------------------------------------------------


def list_lessons(
    session: Session,
    viewer: User,
    *,
    class_id: uuid.UUID | None = None,
    teacher_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Lesson], str | None]:
    stmt = scope_lessons(select(Lesson), viewer)
    if class_id:
        stmt = stmt.where(Lesson.class_id == class_id)
    if teacher_id:
        stmt = stmt.where(Lesson.teacher_id == teacher_id)
    if subject_id:
        stmt = stmt.where(Lesson.subject_id == subject_id)
    if starts_from:
        stmt = stmt.where(Lesson.starts_at >= starts_from)
    if starts_before:
        stmt = stmt.where(Lesson.starts_at < starts_before)
    return paginate(
        session, stmt, order_by=[Lesson.starts_at, Lesson.id], limit=limit, cursor=cursor
    )


def get_lesson(session: Session, viewer: User, lesson_id: uuid.UUID) -> Lesson:
    lesson = session.get(Lesson, lesson_id)
    school_class = session.get(SchoolClass, lesson.class_id) if lesson else None
    if lesson is None or school_class is None or school_class.school_id != viewer.school_id:
        raise NotFound("lesson_not_found")
    visible = scope_lessons(select(Lesson.id), viewer).where(Lesson.id == lesson_id)
    if session.scalar(visible) is None:
        raise Forbidden()
    return lesson


def create_lesson(session: Session, *, actor: User, data: LessonCreate) -> Lesson:
    school_class = get_class(session, actor, data.class_id)
    get_subject(session, actor.school_id, data.subject_id)
    teacher_id = data.teacher_id or school_class.main_teacher_id
    _check_teacher(session, actor.school_id, teacher_id)
    lesson = Lesson(
        class_id=data.class_id,
        subject_id=data.subject_id,
        teacher_id=teacher_id,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        room=data.room.strip() if data.room else None,
    )
    session.add(lesson)
    session.flush()
    return lesson


def update_lesson(
    session: Session, *, actor: User, lesson_id: uuid.UUID, data: LessonUpdate
) -> Lesson:
    lesson = get_lesson(session, actor, lesson_id)
    fields = data.model_dump(exclude_unset=True)
    if fields.get("subject_id"):
        get_subject(session, actor.school_id, fields["subject_id"])
    if "teacher_id" in fields:
        _check_teacher(session, actor.school_id, fields["teacher_id"])
    starts = fields.get("starts_at") or lesson.starts_at
    ends = fields.get("ends_at") or lesson.ends_at
    if ends <= starts:
        raise BadRequest("lesson_times_invalid")
    for key, value in fields.items():
        if key in ("subject_id", "starts_at", "ends_at") and value is None:
            continue
        setattr(lesson, key, value)
    session.flush()
    return lesson


def delete_lesson(session: Session, *, actor: User, lesson_id: uuid.UUID) -> None:
    lesson = get_lesson(session, actor, lesson_id)
    taken = session.scalar(
        select(AttendanceSession.id).where(AttendanceSession.lesson_id == lesson.id).limit(1)
    )
    if taken is not None:
        # Its attendance is a record the school keeps: move the lesson, don't delete it.
        raise Conflict("in_use", params={"what": "attendance"})
    session.delete(lesson)
