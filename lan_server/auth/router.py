from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from lan_server.auth import service
from lan_server.auth.permissions import effective_permissions
from lan_server.auth.schemas import (
    ConfirmEmailRequest,
    LoginRequest,
    LogoutRequest,
    MessageRead,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    PermissionsRead,
    RefreshRequest,
    TokenPairRead,
)
from lan_server.core.deps import Auth, ClientIp, Ctx, CurrentUser, DbSession, Locale, ReadSession
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.core.i18n import translate
from lan_server.users import service as users_service
from lan_server.users.schemas import ProfileUpdate, UserRead

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)

UserAgent = Annotated[str | None, Header()]


def _pair(issued: service.IssuedTokens) -> TokenPairRead:
    return TokenPairRead(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        refresh_expires_in=issued.refresh_expires_in,
        user=UserRead.of(issued.user),
    )


@router.post("/login", response_model=TokenPairRead)
def login(
    body: LoginRequest,
    ctx: Ctx,
    read_db: ReadSession,
    db: DbSession,
    ip: ClientIp,
    user_agent: UserAgent = None,
) -> TokenPairRead:
    issued = service.login(
        read_db,
        db,
        ctx,
        identifier=body.username,
        password=body.password,
        ip=ip,
        user_agent=user_agent,
        school_id=body.school_id,
    )
    return _pair(issued)


@router.post("/refresh", response_model=TokenPairRead)
def refresh(
    body: RefreshRequest, ctx: Ctx, db: DbSession, ip: ClientIp, user_agent: UserAgent = None
) -> TokenPairRead:
    return _pair(service.refresh(db, ctx, token=body.refresh_token, ip=ip, user_agent=user_agent))


@router.post("/logout", status_code=204)
def logout(body: LogoutRequest, auth: Auth, ctx: Ctx, db: DbSession, ip: ClientIp) -> None:
    service.logout(
        db,
        ctx,
        user=auth.user,
        session_id=auth.claims.session_id,
        refresh_token=body.refresh_token,
        ip=ip,
    )


@router.post("/confirm-email", response_model=UserRead)
def confirm_email(body: ConfirmEmailRequest, ctx: Ctx, db: DbSession, ip: ClientIp) -> UserRead:
    return UserRead.of(service.confirm_email(db, ctx, token=body.token, ip=ip))


@router.post("/password-reset/request", response_model=MessageRead, status_code=202)
def request_password_reset(
    body: PasswordResetRequest, ctx: Ctx, db: DbSession, ip: ClientIp, locale: Locale
) -> MessageRead:
    service.request_password_reset(db, ctx, identifier=body.username, ip=ip)
    return MessageRead(detail=translate("password_reset_requested", locale))


@router.post("/password-reset/confirm", status_code=204)
def confirm_password_reset(
    body: PasswordResetConfirm, ctx: Ctx, db: DbSession, ip: ClientIp
) -> None:
    service.reset_password(
        db, ctx, token=body.token, new_password=body.new_password, username=body.username, ip=ip
    )


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> UserRead:
    # The authentication already loaded everything (profile included): no second query.
    return UserRead.of(user)


@router.patch("/me", response_model=UserRead)
def update_me(
    body: ProfileUpdate, user: CurrentUser, ctx: Ctx, db: DbSession, ip: ClientIp
) -> UserRead:
    return UserRead.of(
        users_service.update_own_profile(db, ctx, user_id=user.id, changes=body, ip=ip)
    )


@router.get("/me/permissions", response_model=PermissionsRead)
def my_permissions(user: CurrentUser, db: ReadSession) -> PermissionsRead:
    return PermissionsRead(permissions=sorted(effective_permissions(db, user)))


@router.post("/me/password", status_code=204)
def change_password(
    body: PasswordChange, auth: Auth, ctx: Ctx, read_db: ReadSession, db: DbSession, ip: ClientIp
) -> None:
    service.change_password(
        read_db,
        db,
        ctx,
        user_id=auth.user.id,
        current_password=body.current_password,
        new_password=body.new_password,
        keep_session=auth.claims.session_id,
        ip=ip,
    )


@router.delete("/me", status_code=204)
def delete_me(user: CurrentUser, ctx: Ctx, db: DbSession, ip: ClientIp) -> None:
    users_service.delete_user(db, ctx, actor=user, user_id=user.id, ip=ip)
