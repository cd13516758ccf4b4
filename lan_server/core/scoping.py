"""Who sees which rows. An admin sees their school; a teacher their classes (as main
teacher or as the teacher of a lesson in it) and the pupils and parents in them; a parent
their own children; a pupil themself. Every list and every fetch goes through here."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from lan_server.models import Enrollment, Lesson, ParentChild, SchoolClass, User, UserRole


def taught_class_ids(teacher_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    as_main = select(SchoolClass.id).where(
        SchoolClass.main_teacher_id == teacher_id, SchoolClass.deleted_at.is_(None)
    )
    as_lesson_teacher = select(Lesson.class_id).where(Lesson.teacher_id == teacher_id)
    return as_main.union(as_lesson_teacher)  # type: ignore[return-value]


def children_ids(parent_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    return select(ParentChild.child_id).where(ParentChild.parent_id == parent_id)


def visible_class_ids(viewer: User) -> Select[tuple[uuid.UUID]] | None:
    """None means every class of the viewer's school."""
    if viewer.role == UserRole.admin:
        return None
    if viewer.role == UserRole.teacher:
        return taught_class_ids(viewer.id)
    if viewer.role == UserRole.parent:
        return select(Enrollment.class_id).where(Enrollment.pupil_id.in_(children_ids(viewer.id)))
    return select(Enrollment.class_id).where(Enrollment.pupil_id == viewer.id)


def scope_users(stmt: Select, viewer: User) -> Select:
    stmt = stmt.where(User.school_id == viewer.school_id)
    if viewer.role == UserRole.admin:
        return stmt
    if viewer.role == UserRole.teacher:
        pupils = select(Enrollment.pupil_id).where(
            Enrollment.class_id.in_(taught_class_ids(viewer.id))
        )
        parents = select(ParentChild.parent_id).where(ParentChild.child_id.in_(pupils))
        return stmt.where(or_(User.id == viewer.id, User.id.in_(pupils), User.id.in_(parents)))
    if viewer.role == UserRole.parent:
        return stmt.where(or_(User.id == viewer.id, User.id.in_(children_ids(viewer.id))))
    if viewer.role == UserRole.student:
        return stmt.where(User.id == viewer.id)
    return stmt.where(false())


def can_see_user(session: Session, viewer: User, user_id: uuid.UUID) -> bool:
    if viewer.id == user_id:
        return True
    stmt = scope_users(select(User.id).where(User.id == user_id), viewer)
    return session.scalar(stmt) is not None


def scope_classes(stmt: Select, viewer: User) -> Select:
    stmt = stmt.where(SchoolClass.school_id == viewer.school_id)
    ids = visible_class_ids(viewer)
    return stmt if ids is None else stmt.where(SchoolClass.id.in_(ids))


def scope_lessons(stmt: Select, viewer: User) -> Select:
    stmt = stmt.join(SchoolClass, SchoolClass.id == Lesson.class_id).where(
        SchoolClass.school_id == viewer.school_id
    )
    if viewer.role == UserRole.admin:
        return stmt
    if viewer.role == UserRole.teacher:
        return stmt.where(
            or_(Lesson.teacher_id == viewer.id, Lesson.class_id.in_(taught_class_ids(viewer.id)))
        )
    ids = visible_class_ids(viewer)
    return stmt.where(Lesson.class_id.in_(ids)) if ids is not None else stmt
