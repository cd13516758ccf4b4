"""Accounts: create, read (scoped), update, activate, delete (anonymise), permissions,
parent-child links."""

from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lan_server.audit import service as audit
from lan_server.auth import service as auth_service
from lan_server.auth.permissions import GRANTABLE, ROLE_DEFAULTS, Perm, granted_codes
from lan_server.core.auth_cache import mark_auth_changed
from lan_server.core.context import AppContext
from lan_server.core.errors import BadRequest, Conflict, Forbidden, NotFound
from lan_server.core.pagination import paginate
from lan_server.core.scoping import can_see_user, scope_users
from lan_server.core.search import LIKE_ESCAPE, contains_pattern
from lan_server.models import (
    Enrollment,
    ParentChild,
    ParentProfile,
    PermissionGrant,
    PupilProfile,
    TeacherProfile,
    User,
    UserRole,
    UserStatus,
)
from lan_server.users.schemas import (
    ProfileUpdate,
    PupilFields,
    UserCreate,
    UserPermissionsRead,
    UserUpdate,
)


def get_user(session: Session, school_id: uuid.UUID, user_id: uuid.UUID) -> User:
    user = session.scalar(
        select(User)
        .options(selectinload(User.pupil_profile))
        .where(User.id == user_id, User.school_id == school_id)
    )
    if user is None:
        raise NotFound("user_not_found")
    return user


def get_visible_user(session: Session, viewer: User, user_id: uuid.UUID) -> User:
    user = get_user(session, viewer.school_id, user_id)  # 404 outside the school
    if not can_see_user(session, viewer, user_id):
        raise Forbidden()
    return user


def list_users(
    session: Session,
    viewer: User,
    *,
    role: UserRole | None = None,
    status: UserStatus | None = None,
    class_id: uuid.UUID | None = None,
    q: str | None = None,
    include_deleted: bool = False,
    limit: int,
    cursor: str | None,
) -> tuple[list[User], str | None]:
    stmt = scope_users(select(User).options(selectinload(User.pupil_profile)), viewer)
    if not include_deleted:
        stmt = stmt.where(User.deleted_at.is_(None))
    if role:
        stmt = stmt.where(User.role == role)
    if status:
        stmt = stmt.where(User.status == status)
    if class_id:
        stmt = stmt.where(
            User.id.in_(select(Enrollment.pupil_id).where(Enrollment.class_id == class_id))
        )
    if q and q.strip():
        pattern = contains_pattern(q)
        matricules = select(PupilProfile.user_id).where(
            func.lower(PupilProfile.matricule).like(pattern, escape=LIKE_ESCAPE)
        )
        searched = (
            User.username,
            User.first_name,
            User.last_name,
            User.first_name + " " + User.last_name,
            User.last_name + " " + User.first_name,
        )
        stmt = stmt.where(
            or_(
                *(func.lower(column).like(pattern, escape=LIKE_ESCAPE) for column in searched),
                User.id.in_(matricules),
            )
        )
    return paginate(
        session,
        stmt,
        order_by=[User.last_name, User.first_name, User.id],
        limit=limit,
        cursor=cursor,
    )


def _raise_if_taken(
    session: Session,
    school_id: uuid.UUID,
    *,
    username: str | None = None,
    email: str | None = None,
    exclude: uuid.UUID | None = None,
) -> None:
    code = auth_service.username_or_email_taken(
        session, school_id, username=username, email=email, exclude=exclude
    )
    if code == "username_taken":
        raise Conflict(code, params={"username": username})
    if code == "email_taken":
        raise Conflict(code, params={"email": email})


def _matricule_taken(
    session: Session, school_id: uuid.UUID, matricule: str, exclude: uuid.UUID | None = None
) -> bool:
    stmt = select(PupilProfile.user_id).where(
        PupilProfile.school_id == school_id, PupilProfile.matricule == matricule
    )
    if exclude is not None:
        stmt = stmt.where(PupilProfile.user_id != exclude)
    return session.scalar(stmt) is not None


def _apply_pupil_fields(
    session: Session, user: User, fields: PupilFields, *, existing: PupilProfile | None
) -> None:
    matricule = fields.matricule.strip() if fields.matricule else None
    if matricule and _matricule_taken(session, user.school_id, matricule, exclude=user.id):
        raise Conflict("matricule_taken", params={"matricule": matricule})
    profile = existing or PupilProfile(user_id=user.id, school_id=user.school_id)
    changes = fields.model_dump(exclude_unset=True)
    if "matricule" in changes:
        profile.matricule = matricule
    if "birth_date" in changes:
        profile.birth_date = fields.birth_date
    if "level" in changes:
        profile.level = fields.level
    if existing is None:
        session.add(profile)


def _link_children(
    session: Session, parent: User, child_ids: list[uuid.UUID], relation: str | None = None
) -> None:
    for child_id in child_ids:
        child = session.get(User, child_id)
        if child is None or child.school_id != parent.school_id or child.deleted_at is not None:
            raise NotFound("user_not_found")
        if child.role != UserRole.student:
            raise BadRequest("not_a_pupil")
        exists = session.scalar(
            select(ParentChild.id).where(
                ParentChild.parent_id == parent.id, ParentChild.child_id == child_id
            )
        )
        if exists is None:
            session.add(ParentChild(parent_id=parent.id, child_id=child_id, relation=relation))


def create_user(
    session: Session,
    ctx: AppContext,
    *,
    actor: User,
    data: UserCreate,
    ip: str | None = None,
    school_id: uuid.UUID | None = None,
) -> User:
    school_id = school_id or actor.school_id
    _raise_if_taken(session, school_id, username=data.username, email=data.email)
    if data.password is not None:
        auth_service.check_password_strength(data.password)
    user = User(
        school_id=school_id,
        username=data.username,
        email=data.email,
        phone=data.phone,
        first_name=data.first_name,
        last_name=data.last_name,
        sex=data.sex,
        role=data.role,
        locale=data.locale,
        # With an email, the person proves the address first; without one, an admin
        # creating the account is the activation.
        status=UserStatus.pending if data.email else UserStatus.active,
        password_hash=ctx.passwords.hash(data.password) if data.password else None,
        password_changed_at=ctx.clock.now() if data.password else None,
    )
    session.add(user)
    session.flush()
    if data.role == UserRole.student:
        _apply_pupil_fields(session, user, data.pupil or PupilFields(), existing=None)
    elif data.pupil is not None:
        raise BadRequest("not_a_pupil")
    if data.role == UserRole.teacher:
        session.add(TeacherProfile(user_id=user.id))
    if data.role == UserRole.parent:
        session.add(ParentProfile(user_id=user.id))
    if data.children_ids:
        if data.role != UserRole.parent:
            raise BadRequest("not_a_parent")
        _link_children(session, user, data.children_ids)
    if user.email:
        auth_service.send_email_confirmation(session, ctx, user)
    audit.record(
        session,
        "user.created",
        school_id=school_id,
        actor=actor,
        target_type="user",
        target_id=user.id,
        ip=ip,
        details={"role": user.role, "username": user.username},
    )
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the name first
        raise Conflict("username_taken", params={"username": data.username}) from exc
    return get_user(session, school_id, user.id)


def _active_admins(session: Session, school_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(
                User.school_id == school_id,
                User.role == UserRole.admin,
                User.status == UserStatus.active,
                User.deleted_at.is_(None),
            )
        )
        or 0
    )


def _guard_last_admin(session: Session, user: User) -> None:
    if (
        user.role == UserRole.admin
        and user.status == UserStatus.active
        and _active_admins(session, user.school_id) <= 1
    ):
        raise Conflict("last_admin")


def update_user(
    session: Session,
    ctx: AppContext,
    *,
    actor: User,
    user_id: uuid.UUID,
    changes: UserUpdate,
    ip: str | None = None,
) -> User:
    user = get_user(session, actor.school_id, user_id)
    if user.deleted_at is not None:
        raise NotFound("user_not_found")
    fields = changes.model_dump(exclude_unset=True)
    now = ctx.clock.now()
    if (
        "role" in fields
        and UserRole.student in (fields["role"], user.role)
        and fields["role"] != user.role
    ):
        # A pupil's profile, enrollments and results belong to a pupil account: turning it
        # into another role (or back) would leave them dangling. Create a new account.
        raise BadRequest("role_change_not_allowed")
    if ("role" in fields and fields["role"] != user.role) or (
        "status" in fields and fields["status"] != UserStatus.active
    ):
        _guard_last_admin(session, user)
    for name in ("first_name", "last_name", "phone", "sex", "locale"):
        if name in fields and fields[name] is not None:
            setattr(user, name, " ".join(fields[name].split()) if "name" in name else fields[name])
    if "phone" in fields and fields["phone"] is None:
        user.phone = None
    if "email" in fields and fields["email"] != user.email:
        _raise_if_taken(session, user.school_id, email=fields["email"], exclude=user.id)
        user.email = fields["email"]
        user.email_verified_at = None
        if user.email:
            auth_service.send_email_confirmation(session, ctx, user)
    if "role" in fields and fields["role"] != user.role:
        audit.record(
            session,
            "user.role_changed",
            school_id=user.school_id,
            actor=actor,
            target_type="user",
            target_id=user.id,
            ip=ip,
            details={"from": user.role, "to": fields["role"]},
        )
        user.role = fields["role"]
        mark_auth_changed(session)
    if "status" in fields and fields["status"] != user.status:
        audit.record(
            session,
            "user.status_changed",
            school_id=user.school_id,
            actor=actor,
            target_type="user",
            target_id=user.id,
            ip=ip,
            details={"from": user.status, "to": fields["status"]},
        )
        user.status = fields["status"]
        mark_auth_changed(session)
        if user.status != UserStatus.active:
            auth_service.revoke_all_sessions(session, user.id, now)
    if changes.pupil is not None:
        if user.role != UserRole.student:
            raise BadRequest("not_a_pupil")
        _apply_pupil_fields(session, user, changes.pupil, existing=user.pupil_profile)
    session.flush()
    session.expire(user)
    return get_user(session, actor.school_id, user.id)


def activate_user(
    session: Session, ctx: AppContext, *, actor: User, user_id: uuid.UUID, ip: str | None = None
) -> User:
    return update_user(
        session,
        ctx,
        actor=actor,
        user_id=user_id,
        changes=UserUpdate(status=UserStatus.active),
        ip=ip,
    )


def update_own_profile(
    session: Session,
    ctx: AppContext,
    *,
    user_id: uuid.UUID,
    changes: ProfileUpdate,
    ip: str | None = None,
) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found")
    fields = changes.model_dump(exclude_unset=True)
    if user.role == UserRole.student and ({"first_name", "last_name"} & fields.keys()):
        # A pupil's name is the school's record; the administration changes it.
        raise Forbidden()
    update = UserUpdate(**fields)
    return update_user(session, ctx, actor=user, user_id=user.id, changes=update, ip=ip)


def delete_user(
    session: Session, ctx: AppContext, *, actor: User, user_id: uuid.UUID, ip: str | None = None
) -> None:
    """Soft delete that anonymises: attendance, marks and results the school must keep still
    point at the row, but nothing in it identifies the person any more."""
    user = get_user(session, actor.school_id, user_id)
    if user.deleted_at is not None:
        return
    _guard_last_admin(session, user)
    now = ctx.clock.now()
    user.username = f"deleted-{user.id.hex[:16]}"
    user.first_name = "—"
    user.last_name = "—"
    user.email = None
    user.phone = None
    user.password_hash = None
    user.status = UserStatus.disabled
    user.deleted_at = now
    if user.pupil_profile is not None:
        user.pupil_profile.matricule = None
        user.pupil_profile.birth_date = None
    session.execute(
        ParentChild.__table__.delete().where(
            or_(ParentChild.parent_id == user.id, ParentChild.child_id == user.id)
        )
    )
    auth_service.revoke_all_sessions(session, user.id, now)
    audit.record(
        session,
        "user.deleted",
        school_id=user.school_id,
        actor=actor,
        target_type="user",
        target_id=user.id,
        ip=ip,
        details={"self": actor.id == user.id},
    )


# -- permissions ----------------------------------------------------------------------------


def user_permissions(session: Session, viewer: User, user_id: uuid.UUID) -> UserPermissionsRead:
    user = get_user(session, viewer.school_id, user_id)
    defaults = set(ROLE_DEFAULTS.get(user.role, frozenset()))
    granted = granted_codes(session, user.id)
    return UserPermissionsRead(
        user_id=user.id,
        role_defaults=sorted(defaults),
        granted=sorted(granted),
        effective=sorted(defaults | granted),
    )


def grant_permission(
    session: Session, *, actor: User, user_id: uuid.UUID, code: str, ip: str | None = None
) -> UserPermissionsRead:
    if code not in GRANTABLE:
        raise BadRequest("unknown_permission", params={"permission": code})
    user = get_user(session, actor.school_id, user_id)
    if user.deleted_at is not None:
        raise NotFound("user_not_found")
    exists = session.scalar(
        select(PermissionGrant.id).where(
            PermissionGrant.user_id == user.id, PermissionGrant.code == code
        )
    )
    if exists is None:
        session.add(PermissionGrant(user_id=user.id, code=code, granted_by_id=actor.id))
        audit.record(
            session,
            "permission.granted",
            school_id=user.school_id,
            actor=actor,
            target_type="user",
            target_id=user.id,
            ip=ip,
            details={"code": code},
        )
        session.flush()
    return user_permissions(session, actor, user.id)


def revoke_permission(
    session: Session, *, actor: User, user_id: uuid.UUID, code: str, ip: str | None = None
) -> UserPermissionsRead:
    if code not in {p.value for p in Perm}:
        raise BadRequest("unknown_permission", params={"permission": code})
    user = get_user(session, actor.school_id, user_id)
    deleted = session.execute(
        PermissionGrant.__table__.delete().where(
            PermissionGrant.user_id == user.id, PermissionGrant.code == code
        )
    ).rowcount
    if deleted:
        audit.record(
            session,
            "permission.revoked",
            school_id=user.school_id,
            actor=actor,
            target_type="user",
            target_id=user.id,
            ip=ip,
            details={"code": code},
        )
    return user_permissions(session, actor, user.id)


def users_with_permission(session: Session, school_id: uuid.UUID, code: str) -> list[User]:
    """Everyone who holds ``code``, by role default or by grant (e.g. who may create QR
    sessions)."""
    roles = [role for role, codes in ROLE_DEFAULTS.items() if code in codes]
    granted = select(PermissionGrant.user_id).where(PermissionGrant.code == code)
    stmt = (
        select(User)
        .where(User.school_id == school_id, User.deleted_at.is_(None))
        .where(or_(User.role.in_(roles), User.id.in_(granted)))
        .order_by(User.last_name, User.first_name)
    )
    return list(session.scalars(stmt))


# -- parents ------------------------------------------------------------------------------------


def link_child(
    session: Session,
    *,
    actor: User,
    parent_id: uuid.UUID,
    child_id: uuid.UUID,
    relation: str | None,
    ip: str | None = None,
) -> list[User]:
    parent = get_user(session, actor.school_id, parent_id)
    if parent.role != UserRole.parent:
        raise BadRequest("not_a_parent")
    _link_children(session, parent, [child_id], relation)
    audit.record(
        session,
        "parent.linked",
        school_id=parent.school_id,
        actor=actor,
        target_type="user",
        target_id=parent.id,
        ip=ip,
        details={"child_id": str(child_id)},
    )
    session.flush()
    return list_children(session, actor, parent.id)


def unlink_child(
    session: Session,
    *,
    actor: User,
    parent_id: uuid.UUID,
    child_id: uuid.UUID,
    ip: str | None = None,
) -> None:
    parent = get_user(session, actor.school_id, parent_id)
    session.execute(
        ParentChild.__table__.delete().where(
            ParentChild.parent_id == parent.id, ParentChild.child_id == child_id
        )
    )
    audit.record(
        session,
        "parent.unlinked",
        school_id=parent.school_id,
        actor=actor,
        target_type="user",
        target_id=parent.id,
        ip=ip,
        details={"child_id": str(child_id)},
    )


def list_children(session: Session, viewer: User, parent_id: uuid.UUID) -> list[User]:
    get_visible_user(session, viewer, parent_id)
    stmt = (
        select(User)
        .options(selectinload(User.pupil_profile))
        .join(ParentChild, ParentChild.child_id == User.id)
        .where(ParentChild.parent_id == parent_id, User.deleted_at.is_(None))
        .order_by(User.last_name, User.first_name)
    )
    return list(session.scalars(stmt))
