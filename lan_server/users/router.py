from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from lan_server.auth import service as auth_service
from lan_server.auth.permissions import Perm
from lan_server.core.deps import ClientIp, Ctx, CurrentUser, DbSession, ReadSession, require
from lan_server.core.errors import PROBLEM_RESPONSES, Forbidden
from lan_server.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from lan_server.models import User, UserRole, UserStatus
from lan_server.users import service
from lan_server.users.schemas import (
    ParentLink,
    PermissionGrantChange,
    ResetCodeRead,
    UserCreate,
    UserPermissionsRead,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"], responses=PROBLEM_RESPONSES)

UserReader = Annotated[User, Depends(require(Perm.USERS_READ))]
UserManager = Annotated[User, Depends(require(Perm.USERS_MANAGE))]
PermissionManager = Annotated[User, Depends(require(Perm.PERMISSIONS_MANAGE))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.get("", response_model=Page[UserRead])
def list_users(
    viewer: UserReader,
    db: ReadSession,
    role: UserRole | None = None,
    status: UserStatus | None = None,
    class_id: uuid.UUID | None = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Name, username or matricule")
    ] = None,
    include_deleted: bool = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[UserRead]:
    users, next_cursor = service.list_users(
        db,
        viewer,
        role=role,
        status=status,
        class_id=class_id,
        q=q,
        include_deleted=include_deleted and viewer.role == UserRole.admin,
        limit=limit,
        cursor=cursor,
    )
    return Page[UserRead](items=[UserRead.of(u) for u in users], next_cursor=next_cursor)


@router.post("", response_model=UserRead, status_code=201)
def create_user(
    body: UserCreate, actor: UserManager, ctx: Ctx, db: DbSession, ip: ClientIp
) -> UserRead:
    if body.role == UserRole.admin and actor.role != UserRole.admin:
        raise Forbidden()
    return UserRead.of(service.create_user(db, ctx, actor=actor, data=body, ip=ip))


@router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: uuid.UUID, viewer: CurrentUser, db: ReadSession) -> UserRead:
    return UserRead.of(service.get_visible_user(db, viewer, user_id))


@router.patch("/{user_id}", response_model=UserRead)
def update_user(
    user_id: uuid.UUID, body: UserUpdate, actor: UserManager, ctx: Ctx, db: DbSession, ip: ClientIp
) -> UserRead:
    if body.role == UserRole.admin and actor.role != UserRole.admin:
        raise Forbidden()
    return UserRead.of(
        service.update_user(db, ctx, actor=actor, user_id=user_id, changes=body, ip=ip)
    )


@router.post("/{user_id}/activate", response_model=UserRead)
def activate_user(
    user_id: uuid.UUID, actor: UserManager, ctx: Ctx, db: DbSession, ip: ClientIp
) -> UserRead:
    return UserRead.of(service.activate_user(db, ctx, actor=actor, user_id=user_id, ip=ip))


@router.delete("/{user_id}", status_code=204)
def delete_user(
    user_id: uuid.UUID, actor: CurrentUser, ctx: Ctx, db: DbSession, ip: ClientIp
) -> None:
    if actor.id != user_id and actor.role != UserRole.admin:
        raise Forbidden()
    service.delete_user(db, ctx, actor=actor, user_id=user_id, ip=ip)


@router.post("/{user_id}/reset-code", response_model=ResetCodeRead, status_code=201)
def issue_reset_code(
    user_id: uuid.UUID, actor: UserManager, ctx: Ctx, db: DbSession, ip: ClientIp
) -> ResetCodeRead:
    user = service.get_user(db, actor.school_id, user_id)
    code, expires_at = auth_service.issue_admin_reset_code(db, ctx, admin=actor, user=user, ip=ip)
    return ResetCodeRead(user_id=user.id, username=user.username, code=code, expires_at=expires_at)


@router.post("/{user_id}/send-confirmation", status_code=204)
def resend_confirmation(user_id: uuid.UUID, actor: UserManager, ctx: Ctx, db: DbSession) -> None:
    auth_service.send_email_confirmation(db, ctx, service.get_user(db, actor.school_id, user_id))


@router.get("/{user_id}/permissions", response_model=UserPermissionsRead)
def get_permissions(
    user_id: uuid.UUID, viewer: PermissionManager, db: ReadSession
) -> UserPermissionsRead:
    return service.user_permissions(db, viewer, user_id)


@router.post("/{user_id}/permissions", response_model=UserPermissionsRead)
def grant_permission(
    user_id: uuid.UUID,
    body: PermissionGrantChange,
    actor: PermissionManager,
    db: DbSession,
    ip: ClientIp,
) -> UserPermissionsRead:
    return service.grant_permission(db, actor=actor, user_id=user_id, code=body.code, ip=ip)


@router.delete("/{user_id}/permissions/{code}", response_model=UserPermissionsRead)
def revoke_permission(
    user_id: uuid.UUID, code: str, actor: PermissionManager, db: DbSession, ip: ClientIp
) -> UserPermissionsRead:
    return service.revoke_permission(db, actor=actor, user_id=user_id, code=code, ip=ip)


@router.get("/{user_id}/children", response_model=list[UserRead])
def list_children(user_id: uuid.UUID, viewer: CurrentUser, db: ReadSession) -> list[UserRead]:
    return [UserRead.of(u) for u in service.list_children(db, viewer, user_id)]


@router.post("/{user_id}/children", response_model=list[UserRead])
def link_child(
    user_id: uuid.UUID, body: ParentLink, actor: UserManager, db: DbSession, ip: ClientIp
) -> list[UserRead]:
    children = service.link_child(
        db, actor=actor, parent_id=user_id, child_id=body.child_id, relation=body.relation, ip=ip
    )
    return [UserRead.of(u) for u in children]


@router.delete("/{user_id}/children/{child_id}", status_code=204)
def unlink_child(
    user_id: uuid.UUID, child_id: uuid.UUID, actor: UserManager, db: DbSession, ip: ClientIp
) -> None:
    service.unlink_child(db, actor=actor, parent_id=user_id, child_id=child_id, ip=ip)
