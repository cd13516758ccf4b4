"""Authentication: login, rotating refresh tokens, logout, email confirmation, password
reset (emailed token or admin-issued code), password change.

Services take sessions and plain values; they raise AppError subclasses and never see HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from lan_server.audit import service as audit
from lan_server.auth import throttle
from lan_server.core.auth_cache import mark_auth_changed
from lan_server.core.context import AppContext
from lan_server.core.errors import BadRequest, Forbidden, Unauthorized, Unprocessable
from lan_server.core.i18n import translate
from lan_server.core.ids import uuid7
from lan_server.core.security import (
    MIN_PASSWORD_LENGTH,
    hash_token,
    new_numeric_code,
    new_opaque_token,
)
from lan_server.models import ActionToken, RefreshToken, School, User, UserStatus
from lan_server.notifications.outbox import queue_email


class Purpose:
    CONFIRM_EMAIL = "confirm_email"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose name, not a password
    ADMIN_RESET_CODE = "admin_reset_code"


@dataclass
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    user: User


def normalize_identifier(identifier: str) -> str:
    return identifier.strip().lower()


def find_user_by_identifier(
    session: Session, identifier: str, school_id: uuid.UUID | None = None
) -> User | None:
    ident = normalize_identifier(identifier)
    if not ident:
        return None
    column = User.email if "@" in ident else User.username
    stmt = select(User).where(func.lower(column) == ident, User.deleted_at.is_(None))
    if school_id is not None:
        stmt = stmt.where(User.school_id == school_id)
    users = session.scalars(stmt.limit(2)).all()
    # Two schools on a hub may share a username: without a school, the name is ambiguous
    # and treated as unknown rather than guessed.
    return users[0] if len(users) == 1 else None


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
        raise Unprocessable("weak_password", params={"min_length": MIN_PASSWORD_LENGTH})


def _account_usable(user: User) -> None:
    if user.status == UserStatus.pending:
        raise Forbidden("account_pending")
    if user.status != UserStatus.active:
        raise Forbidden("account_disabled")


def _issue_tokens(
    session: Session,
    ctx: AppContext,
    user: User,
    *,
    family_id: uuid.UUID,
    now: datetime,
    ip: str | None,
    user_agent: str | None,
) -> IssuedTokens:
    refresh_lifetime = timedelta(days=ctx.settings.refresh_token_days)
    refresh = new_opaque_token()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=hash_token(refresh),
            created_at=now,
            expires_at=now + refresh_lifetime,
            ip=ip,
            user_agent=(user_agent or "")[:200] or None,
        )
    )
    access = ctx.access_tokens.issue(
        user_id=user.id, role=user.role, school_id=user.school_id, session_id=family_id, now=now
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(ctx.access_tokens.lifetime.total_seconds()),
        refresh_expires_in=int(refresh_lifetime.total_seconds()),
        user=user,
    )


def login(
    read_session: Session,
    session: Session,
    ctx: AppContext,
    *,
    identifier: str,
    password: str,
    ip: str,
    user_agent: str | None = None,
    school_id: uuid.UUID | None = None,
) -> IssuedTokens:
    """Checks throttling and the password on the read side (the argon2 work must not hold
    the single writer), then records the outcome on the writer."""
    now = ctx.clock.now()
    ident = normalize_identifier(identifier)
    keys = throttle.login_keys(ctx.settings, ident, ip)
    throttle.check(read_session, keys, now)
    found = find_user_by_identifier(read_session, ident, school_id)
    if not ctx.passwords.verify(found.password_hash if found else None, password):
        throttle.record_failure(session, ctx.settings, keys, now)
        audit.record(
            session,
            "auth.login_failed",
            school_id=found.school_id if found else None,
            actor=found.id if found else None,
            ip=ip,
            details={"identifier": ident[:100]},
        )
        raise Unauthorized("invalid_credentials", keep_changes=True)
    assert found is not None
    user = session.get(User, found.id)
    if user is None or user.deleted_at is not None:
        raise Unauthorized("invalid_credentials")
    _account_usable(user)
    throttle.clear(session, keys[0])
    user.last_login_at = now
    if user.password_hash and ctx.passwords.needs_rehash(user.password_hash):
        user.password_hash = ctx.passwords.hash(password)
    audit.record(session, "auth.login", school_id=user.school_id, actor=user, ip=ip)
    return _issue_tokens(
        session, ctx, user, family_id=uuid7(), now=now, ip=ip, user_agent=user_agent
    )


def refresh(
    session: Session, ctx: AppContext, *, token: str, ip: str, user_agent: str | None = None
) -> IssuedTokens:
    now = ctx.clock.now()
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("refresh_invalid")
    # Mark it used atomically: of two concurrent uses, exactly one wins; the other is reuse.
    claimed = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        revoke_family(session, row.family_id, now)
        audit.record(
            session,
            "auth.refresh_reused",
            school_id=None,
            actor=row.user_id,
            ip=ip,
            details={"family_id": str(row.family_id)},
        )
        raise Unauthorized("refresh_reused", keep_changes=True)
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None or user.status != UserStatus.active:
        revoke_family(session, row.family_id, now)
        raise Unauthorized("refresh_invalid", keep_changes=True)
    return _issue_tokens(
        session, ctx, user, family_id=row.family_id, now=now, ip=ip, user_agent=user_agent
    )


def revoke_family(session: Session, family_id: uuid.UUID, now: datetime) -> None:
    mark_auth_changed(session)
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_all_sessions(
    session: Session, user_id: uuid.UUID, now: datetime, *, keep_family: uuid.UUID | None = None
) -> None:
    mark_auth_changed(session)
    stmt = update(RefreshToken).where(
        RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)
    )
    if keep_family is not None:
        stmt = stmt.where(RefreshToken.family_id != keep_family)
    session.execute(stmt.values(revoked_at=now))


def session_is_live(session: Session, family_id: uuid.UUID) -> bool:
    """An access token stays valid only while its login (refresh family) is not revoked,
    so logging out ends access at once instead of 15 minutes later."""
    return (
        session.scalar(
            select(RefreshToken.id)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .limit(1)
        )
        is not None
    )


def logout(
    session: Session,
    ctx: AppContext,
    *,
    user: User | None,
    session_id: uuid.UUID | None,
    refresh_token: str | None,
    ip: str,
) -> None:
    now = ctx.clock.now()
    families: set[uuid.UUID] = set()
    if session_id is not None:
        families.add(session_id)
    if refresh_token:
        row = session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == hash_token(refresh_token))
        )
        if row is not None and (user is None or row.user_id == user.id):
            families.add(row.family_id)
    for family_id in families:
        revoke_family(session, family_id, now)
    if user is not None:
        audit.record(session, "auth.logout", school_id=user.school_id, actor=user, ip=ip)


# -- single-use tokens ---------------------------------------------------------------------


def _new_action_token(
    session: Session,
    *,
    user: User,
    purpose: str,
    lifetime: timedelta,
    now: datetime,
    token: str,
    token_hash: str,
    created_by: User | None = None,
) -> ActionToken:
    # A new token of a kind replaces the older ones still waiting.
    session.execute(
        update(ActionToken)
        .where(
            ActionToken.user_id == user.id,
            ActionToken.purpose == purpose,
            ActionToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    row = ActionToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + lifetime,
        created_by_id=created_by.id if created_by else None,
    )
    session.add(row)
    return row


def _school_name(session: Session, school_id: uuid.UUID) -> str:
    school = session.get(School, school_id)
    return school.name if school else "eCEP"


def send_email_confirmation(session: Session, ctx: AppContext, user: User) -> None:
    if not user.email:
        raise BadRequest("no_email")
    now = ctx.clock.now()
    token = new_opaque_token()
    hours = ctx.settings.email_token_hours
    _new_action_token(
        session,
        user=user,
        purpose=Purpose.CONFIRM_EMAIL,
        lifetime=timedelta(hours=hours),
        now=now,
        token=token,
        token_hash=hash_token(token),
    )
    params = {
        "name": user.first_name,
        "school": _school_name(session, user.school_id),
        "token": token,
        "hours": hours,
    }
    queue_email(
        session,
        school_id=user.school_id,
        to=user.email,
        subject=translate("email.confirm.subject", user.locale, params),
        body=translate("email.confirm.body", user.locale, params),
    )


def _claim_action_token(
    session: Session, token_hash: str, purposes: tuple[str, ...], now: datetime
) -> ActionToken:
    row = session.scalar(select(ActionToken).where(ActionToken.token_hash == token_hash))
    if row is None or row.purpose not in purposes or row.expires_at <= now:
        raise BadRequest("token_invalid_or_used")
    claimed = session.execute(
        update(ActionToken)
        .where(ActionToken.id == row.id, ActionToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        raise BadRequest("token_invalid_or_used")
    return row


def confirm_email(session: Session, ctx: AppContext, *, token: str, ip: str) -> User:
    now = ctx.clock.now()
    row = _claim_action_token(session, hash_token(token), (Purpose.CONFIRM_EMAIL,), now)
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        raise BadRequest("token_invalid_or_used")
    user.email_verified_at = now
    if user.status == UserStatus.pending:
        user.status = UserStatus.active
    audit.record(session, "auth.email_confirmed", school_id=user.school_id, actor=user, ip=ip)
    return user


def request_password_reset(session: Session, ctx: AppContext, *, identifier: str, ip: str) -> None:
    """Queues a reset email when the account exists and has an address; says nothing
    either way, so the answer cannot be used to find accounts."""
    now = ctx.clock.now()
    user = find_user_by_identifier(session, identifier)
    if user is None or not user.email or user.status == UserStatus.disabled:
        return
    token = new_opaque_token()
    minutes = ctx.settings.reset_token_minutes
    _new_action_token(
        session,
        user=user,
        purpose=Purpose.PASSWORD_RESET,
        lifetime=timedelta(minutes=minutes),
        now=now,
        token=token,
        token_hash=hash_token(token),
    )
    params = {
        "name": user.first_name,
        "school": _school_name(session, user.school_id),
        "token": token,
        "minutes": minutes,
    }
    queue_email(
        session,
        school_id=user.school_id,
        to=user.email,
        subject=translate("email.reset.subject", user.locale, params),
        body=translate("email.reset.body", user.locale, params),
    )
    audit.record(session, "auth.reset_requested", school_id=user.school_id, actor=user, ip=ip)


def _code_hash(user_id: uuid.UUID, code: str) -> str:
    # Numeric codes are short: bound to their user so two users' codes never collide.
    return hash_token(f"{user_id}:{code.strip()}")


def issue_admin_reset_code(
    session: Session, ctx: AppContext, *, admin: User, user: User, ip: str
) -> tuple[str, datetime]:
    """A code an admin reads out to a pupil with no email. Using it sets a password and,
    for an account never activated, activates it (the admin vouched for the person)."""
    now = ctx.clock.now()
    code = new_numeric_code()
    row = _new_action_token(
        session,
        user=user,
        purpose=Purpose.ADMIN_RESET_CODE,
        lifetime=timedelta(hours=ctx.settings.admin_reset_code_hours),
        now=now,
        token=code,
        token_hash=_code_hash(user.id, code),
        created_by=admin,
    )
    audit.record(
        session,
        "auth.reset_code_issued",
        school_id=user.school_id,
        actor=admin,
        target_type="user",
        target_id=user.id,
        ip=ip,
    )
    return code, row.expires_at


def reset_password(
    session: Session,
    ctx: AppContext,
    *,
    token: str,
    new_password: str,
    username: str | None,
    ip: str,
) -> User:
    now = ctx.clock.now()
    check_password_strength(new_password)
    keys = [throttle.ThrottleKey(f"reset-ip:{ip}", ctx.settings.login_free_attempts_per_account)]
    throttle.check(session, keys, now)
    token = token.strip()
    if username is not None:
        user = find_user_by_identifier(session, username)
        token_hash = _code_hash(user.id, token) if user else hash_token(token)
        purposes: tuple[str, ...] = (Purpose.ADMIN_RESET_CODE, Purpose.PASSWORD_RESET)
    else:
        token_hash = hash_token(token)
        purposes = (Purpose.PASSWORD_RESET,)
    try:
        row = _claim_action_token(session, token_hash, purposes, now)
    except BadRequest as exc:
        throttle.record_failure(session, ctx.settings, keys, now)
        exc.keep_changes = True
        raise
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None or user.status == UserStatus.disabled:
        raise BadRequest("token_invalid_or_used")
    user.password_hash = ctx.passwords.hash(new_password)
    user.password_changed_at = now
    if row.purpose == Purpose.ADMIN_RESET_CODE and user.status == UserStatus.pending:
        user.status = UserStatus.active
    if row.purpose == Purpose.PASSWORD_RESET and user.email_verified_at is None:
        user.email_verified_at = now  # the code reached that mailbox
        if user.status == UserStatus.pending:
            user.status = UserStatus.active
    revoke_all_sessions(session, user.id, now)
    audit.record(
        session,
        "auth.password_reset",
        school_id=user.school_id,
        actor=user,
        ip=ip,
        details={"via": row.purpose},
    )
    return user


def change_password(
    read_session: Session,
    session: Session,
    ctx: AppContext,
    *,
    user_id: uuid.UUID,
    current_password: str,
    new_password: str,
    keep_session: uuid.UUID | None,
    ip: str,
) -> None:
    now = ctx.clock.now()
    # A stolen access token must not become a way to guess the password.
    keys = [
        throttle.ThrottleKey(f"pwchange:{user_id}", ctx.settings.login_free_attempts_per_account)
    ]
    throttle.check(read_session, keys, now)
    current = read_session.get(User, user_id)
    if current is None or not ctx.passwords.verify(current.password_hash, current_password):
        throttle.record_failure(session, ctx.settings, keys, now)
        raise BadRequest("wrong_password", keep_changes=True)
    check_password_strength(new_password)
    user = session.get(User, user_id)
    assert user is not None
    user.password_hash = ctx.passwords.hash(new_password)
    user.password_changed_at = now
    revoke_all_sessions(session, user.id, now, keep_family=keep_session)
    audit.record(session, "auth.password_changed", school_id=user.school_id, actor=user, ip=ip)


def username_or_email_taken(
    session: Session,
    school_id: uuid.UUID,
    *,
    username: str | None = None,
    email: str | None = None,
    exclude: uuid.UUID | None = None,
) -> str | None:
    conditions = []
    if username:
        conditions.append(func.lower(User.username) == username.lower())
    if email:
        conditions.append(func.lower(User.email) == email.lower())
    if not conditions:
        return None
    stmt = select(User).where(User.school_id == school_id, or_(*conditions))
    if exclude is not None:
        stmt = stmt.where(User.id != exclude)
    for other in session.scalars(stmt.limit(2)):
        if username and other.username.lower() == username.lower():
            return "username_taken"
        if email and (other.email or "").lower() == email.lower():
            return "email_taken"
    return None
