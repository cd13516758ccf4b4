from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from lan_server.auth.permissions import Perm
from lan_server.core.deps import ClientIp, Ctx, CurrentUser, DbSession, ReadSession, require
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from lan_server.models import Level, User
from lan_server.school import service
from lan_server.school.schemas import (
    ClassCreate,
    ClassRead,
    ClassUpdate,
    EnrollmentCreate,
    EnrollmentRead,
    LessonCreate,
    LessonRead,
    LessonUpdate,
    SubjectCreate,
    SubjectRead,
    SubjectUpdate,
)

router = APIRouter(tags=["school"], responses=PROBLEM_RESPONSES)

ClassReader = Annotated[User, Depends(require(Perm.CLASSES_READ))]
ClassManager = Annotated[User, Depends(require(Perm.CLASSES_MANAGE))]
LessonReader = Annotated[User, Depends(require(Perm.LESSONS_READ))]
LessonManager = Annotated[User, Depends(require(Perm.LESSONS_MANAGE))]
SchoolManager = Annotated[User, Depends(require(Perm.SCHOOL_MANAGE))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=500)]


# -- classes ------------------------------------------------------------------------------


@router.get("/classes", response_model=Page[ClassRead])
def list_classes(
    viewer: ClassReader,
    db: ReadSession,
    school_year: Annotated[str | None, Query(max_length=9)] = None,
    level: Level | None = None,
    teacher_id: uuid.UUID | None = None,
    q: Annotated[str | None, Query(max_length=80)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ClassRead]:
    classes, next_cursor = service.list_classes(
        db,
        viewer,
        school_year=school_year,
        level=level,
        teacher_id=teacher_id,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return Page[ClassRead](items=service.class_reads(db, classes), next_cursor=next_cursor)


@router.post("/classes", response_model=ClassRead, status_code=201)
def create_class(body: ClassCreate, actor: ClassManager, db: DbSession, ip: ClientIp) -> ClassRead:
    return service.class_reads(db, [service.create_class(db, actor=actor, data=body, ip=ip)])[0]


@router.get("/classes/{class_id}", response_model=ClassRead)
def get_class(class_id: uuid.UUID, viewer: ClassReader, db: ReadSession) -> ClassRead:
    return service.class_reads(db, [service.get_class(db, viewer, class_id)])[0]


@router.patch("/classes/{class_id}", response_model=ClassRead)
def update_class(
    class_id: uuid.UUID, body: ClassUpdate, actor: ClassManager, db: DbSession, ip: ClientIp
) -> ClassRead:
    updated = service.update_class(db, actor=actor, class_id=class_id, data=body, ip=ip)
    return service.class_reads(db, [updated])[0]


@router.delete("/classes/{class_id}", status_code=204)
def delete_class(
    class_id: uuid.UUID, actor: ClassManager, ctx: Ctx, db: DbSession, ip: ClientIp
) -> None:
    service.delete_class(db, actor=actor, class_id=class_id, now=ctx.clock.now(), ip=ip)


@router.get("/classes/{class_id}/enrollments", response_model=list[EnrollmentRead])
def list_enrollments(
    class_id: uuid.UUID, viewer: ClassReader, db: ReadSession
) -> list[EnrollmentRead]:
    return [
        EnrollmentRead.model_validate(e) for e in service.list_enrollments(db, viewer, class_id)
    ]


@router.post("/classes/{class_id}/enrollments", response_model=list[EnrollmentRead])
def enroll(
    class_id: uuid.UUID, body: EnrollmentCreate, actor: ClassManager, db: DbSession, ip: ClientIp
) -> list[EnrollmentRead]:
    enrolled = service.enroll(db, actor=actor, class_id=class_id, pupil_ids=body.pupil_ids, ip=ip)
    return [EnrollmentRead.model_validate(e) for e in enrolled]


@router.delete("/classes/{class_id}/enrollments/{pupil_id}", status_code=204)
def unenroll(
    class_id: uuid.UUID, pupil_id: uuid.UUID, actor: ClassManager, db: DbSession, ip: ClientIp
) -> None:
    service.unenroll(db, actor=actor, class_id=class_id, pupil_id=pupil_id, ip=ip)


# -- subjects -------------------------------------------------------------------------------


@router.get("/subjects", response_model=list[SubjectRead])
def list_subjects(viewer: CurrentUser, db: ReadSession) -> list[SubjectRead]:
    return [SubjectRead.model_validate(s) for s in service.list_subjects(db, viewer.school_id)]


@router.post("/subjects", response_model=SubjectRead, status_code=201)
def create_subject(body: SubjectCreate, actor: SchoolManager, db: DbSession) -> SubjectRead:
    return SubjectRead.model_validate(service.create_subject(db, actor=actor, data=body))


@router.patch("/subjects/{subject_id}", response_model=SubjectRead)
def update_subject(
    subject_id: uuid.UUID, body: SubjectUpdate, actor: SchoolManager, db: DbSession
) -> SubjectRead:
    return SubjectRead.model_validate(
        service.update_subject(db, actor=actor, subject_id=subject_id, data=body)
    )


@router.delete("/subjects/{subject_id}", status_code=204)
def delete_subject(subject_id: uuid.UUID, actor: SchoolManager, ctx: Ctx, db: DbSession) -> None:
    service.delete_subject(db, actor=actor, subject_id=subject_id, now=ctx.clock.now())


# -- lessons ----------------------------------------------------------------------------------


@router.get("/lessons", response_model=Page[LessonRead])
def list_lessons(
    viewer: LessonReader,
    db: ReadSession,
    class_id: uuid.UUID | None = None,
    teacher_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[LessonRead]:
    lessons, next_cursor = service.list_lessons(
        db,
        viewer,
        class_id=class_id,
        teacher_id=teacher_id,
        subject_id=subject_id,
        starts_from=starts_from,
        starts_before=starts_before,
        limit=limit,
        cursor=cursor,
    )
    return Page[LessonRead](
        items=[LessonRead.model_validate(x) for x in lessons], next_cursor=next_cursor
    )


@router.post("/lessons", response_model=LessonRead, status_code=201)
def create_lesson(body: LessonCreate, actor: LessonManager, db: DbSession) -> LessonRead:
    return LessonRead.model_validate(service.create_lesson(db, actor=actor, data=body))


@router.get("/lessons/{lesson_id}", response_model=LessonRead)
def get_lesson(lesson_id: uuid.UUID, viewer: LessonReader, db: ReadSession) -> LessonRead:
    return LessonRead.model_validate(service.get_lesson(db, viewer, lesson_id))


@router.patch("/lessons/{lesson_id}", response_model=LessonRead)
def update_lesson(
    lesson_id: uuid.UUID, body: LessonUpdate, actor: LessonManager, db: DbSession
) -> LessonRead:
    return LessonRead.model_validate(
        service.update_lesson(db, actor=actor, lesson_id=lesson_id, data=body)
    )


@router.delete("/lessons/{lesson_id}", status_code=204)
def delete_lesson(lesson_id: uuid.UUID, actor: LessonManager, db: DbSession) -> None:
    service.delete_lesson(db, actor=actor, lesson_id=lesson_id)
