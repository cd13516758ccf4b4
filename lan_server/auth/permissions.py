"""Permission codes, the defaults each role gets, and per-user grants on top."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from lan_server.models import PermissionGrant, User, UserRole


class Perm(StrEnum):
    SCHOOL_MANAGE = "school.manage"
    USERS_READ = "users.read"
    USERS_MANAGE = "users.manage"
    PERMISSIONS_MANAGE = "permissions.manage"
    CLASSES_READ = "classes.read"
    CLASSES_MANAGE = "classes.manage"
    LESSONS_READ = "lessons.read"
    LESSONS_MANAGE = "lessons.manage"
    PUPILS_IMPORT = "pupils.import"
    AUDIT_READ = "audit.read"
    OUTBOX_READ = "outbox.read"
    ATTENDANCE_TAKE = "attendance.take"
    ATTENDANCE_CREATE_QR_SESSION = "attendance.create_qr_session"


ALL_PERMISSIONS = frozenset(Perm)

# What a role may do before any grant; what rows it sees is scoping, decided in services.
ROLE_DEFAULTS: dict[str, frozenset[str]] = {
    UserRole.admin: ALL_PERMISSIONS,
    UserRole.teacher: frozenset(
        {Perm.USERS_READ, Perm.CLASSES_READ, Perm.LESSONS_READ, Perm.ATTENDANCE_TAKE}
    ),
    UserRole.parent: frozenset({Perm.CLASSES_READ, Perm.LESSONS_READ}),
    UserRole.student: frozenset({Perm.CLASSES_READ, Perm.LESSONS_READ}),
}

# Codes an admin may give to a non-admin one by one.
GRANTABLE = frozenset(
    {
        Perm.ATTENDANCE_CREATE_QR_SESSION,
        Perm.PUPILS_IMPORT,
        Perm.LESSONS_MANAGE,
        Perm.CLASSES_MANAGE,
        Perm.USERS_MANAGE,
        Perm.AUDIT_READ,
        Perm.OUTBOX_READ,
    }
)


def granted_codes(session: Session, user_id: uuid.UUID) -> set[str]:
    return set(
        session.scalars(select(PermissionGrant.code).where(PermissionGrant.user_id == user_id))
    )


def effective_permissions(session: Session, user: User) -> set[str]:
    return set(ROLE_DEFAULTS.get(user.role, frozenset())) | granted_codes(session, user.id)


def has_permission(session: Session, user: User, code: str) -> bool:
    if code in ROLE_DEFAULTS.get(user.role, frozenset()):
        return True
    return (
        session.scalar(
            select(PermissionGrant.id).where(
                PermissionGrant.user_id == user.id, PermissionGrant.code == code
            )
        )
        is not None
    )
