"""FastAPI dependencies as names, so routes read like prose:
``def create_class(body: ClassCreate, db: DbSession, user: CurrentUser)``.

Sessions and threads: sync dependencies and the route each run in their own trip to the
thread pool. A connection held from one trip to the next can deadlock a burst wider than
the pool (every thread blocked waiting for a connection whose holder waits for a thread).
So the request-scoped ``DbSession``/``ReadSession`` are for the route only, and are ended
on a limiter of their own; a dependency that needs the database opens and ends a short
session inside its own function (``get_authenticated``, ``require``)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from lan_server.auth.permissions import ROLE_DEFAULTS, has_permission
from lan_server.core.context import AppContext
from lan_server.core.errors import AppError, Forbidden, Unauthorized
from lan_server.core.i18n import negotiate
from lan_server.core.security import AccessClaims, TokenError
from lan_server.models import RefreshToken, User, UserStatus

M = TypeVar("M", bound=BaseModel)


async def get_ctx(request: Request) -> AppContext:
    return request.app.state.ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def _end_session(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def _end_off_loop(request: Request, session: Session, *, commit: bool) -> None:
    # Ending a session releases its connection (the single writer, on SQLite). It runs on a
    # limiter of its own: on the shared thread pool it could wait behind the very requests
    # that are blocked waiting for that connection (a deadlock until the pool times out).
    await anyio.to_thread.run_sync(
        functools.partial(_end_session, session, commit=commit),
        limiter=request.app.state.ctx.session_end_limiter,
    )


async def get_db(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work on the writer. Commits when the route returns (before the
    response is sent, thanks to ``scope="function"``); rolls back on error, except for
    refusals that are facts worth keeping (a failed login, a reused refresh token)."""
    session = request.app.state.ctx.db.new_write_session()
    try:
        yield session
    except AppError as exc:
        await _end_off_loop(request, session, commit=exc.keep_changes)
        raise
    except BaseException:
        await _end_off_loop(request, session, commit=False)
        raise
    await _end_off_loop(request, session, commit=True)


async def get_read_db(request: Request) -> AsyncIterator[Session]:
    session = request.app.state.ctx.db.new_read_session()
    try:
        yield session
    finally:
        await _end_off_loop(request, session, commit=False)


DbSession = Annotated[Session, Depends(get_db, scope="function")]
ReadSession = Annotated[Session, Depends(get_read_db, scope="function")]


async def get_locale(request: Request) -> str:
    return negotiate(
        request.headers.get("accept-language"), request.app.state.ctx.settings.default_locale
    )


Locale = Annotated[str, Depends(get_locale)]


async def get_client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


ClientIp = Annotated[str, Depends(get_client_ip)]

_bearer = HTTPBearer(auto_error=False, description="Access JWT from /api/v1/auth/login")
# For a route that reads its credentials itself (POST /attendance/scan).
bearer = _bearer


@dataclass(frozen=True)
class Authenticated:
    user: User
    claims: AccessClaims


# The user, a pupil's profile, and whether their login (refresh family) is still live, so
# a logout, a disabled account or a deletion ends access at once.
_AUTH_LOOKUP = (
    select(
        User,
        select(RefreshToken.id)
        .where(
            RefreshToken.family_id == bindparam("session_id"),
            RefreshToken.revoked_at.is_(None),
        )
        .exists(),
    )
    .options(joinedload(User.pupil_profile))
    .where(User.id == bindparam("user_id"))
)


def authenticate(
    ctx: AppContext, credentials: HTTPAuthorizationCredentials | None
) -> Authenticated:
    """The account behind a bearer token, checked against the database. Blocking: call it
    from a thread (the ``Auth`` dependency does)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("not_authenticated")
    try:
        claims = ctx.access_tokens.decode(credentials.credentials, now=ctx.clock.now())
    except TokenError as exc:
        raise Unauthorized(exc.code) from exc
    # One query, built once (building it cost a third of the lookup: bench/inprocess.py).
    # A session of its own, ended in this thread: see "Sessions and threads" above.
    with ctx.db.read_session() as session:
        row = session.execute(
            _AUTH_LOOKUP, {"user_id": claims.user_id, "session_id": claims.session_id}
        ).first()
        if row is not None:
            session.expunge_all()
    if row is None or row[0].deleted_at is not None or not row[1]:
        raise Unauthorized("token_invalid")
    user = row[0]
    if user.status != UserStatus.active:
        raise Unauthorized("account_disabled")
    return Authenticated(user, claims)


Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_authenticated(request: Request, credentials: Bearer) -> Authenticated:
    # The request, not the ``Ctx`` dependency: every authenticated request passes here, and
    # each dependency FastAPI solves costs (bench/scan_burst.py).
    ctx: AppContext = request.app.state.ctx
    token = credentials.credentials if credentials is not None else None
    cached = ctx.auth_cache.get(token) if token else None
    if cached is not None and ctx.clock.now() < cached.claims.expires_at:
        return cached
    generation = ctx.auth_cache.current_generation()
    # One trip to a thread, on a small limiter of its own: every authenticated request
    # may pass here, and few threads contend less for the GIL (bench/login_burst.py).
    auth = await anyio.to_thread.run_sync(
        functools.partial(authenticate, ctx, credentials), limiter=ctx.auth_limiter
    )
    if token:
        ctx.auth_cache.put(token, auth, generation=generation)
    return auth


Auth = Annotated[Authenticated, Depends(get_authenticated)]


async def get_current_user(request: Request, credentials: Bearer) -> User:
    """The same check as ``Auth`` in one dependency (FastAPI would solve two)."""
    return (await get_authenticated(request, credentials)).user


CurrentUser = Annotated[User, Depends(get_current_user)]


def parse_body(model: type[M], body: bytes) -> M:
    """A JSON body validated against ``model``, for a route that reads its body itself;
    a bad body raises the same 422 problem+json as FastAPI's own validation."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        ) from None


def require(*codes: str) -> Callable[..., User]:
    """A dependency that lets the current user through only with every permission code."""

    def _granted(ctx: AppContext, user: User, missing: list[str]) -> str | None:
        with ctx.db.read_session() as session:
            return next((code for code in missing if not has_permission(session, user, code)), None)

    async def _check(user: CurrentUser, ctx: Ctx) -> User:
        # Role defaults need no database; only codes granted one by one are looked up.
        defaults = ROLE_DEFAULTS.get(user.role, frozenset())
        missing = [code for code in codes if code not in defaults]
        if missing:
            lacking = await anyio.to_thread.run_sync(
                functools.partial(_granted, ctx, user, missing), limiter=ctx.auth_limiter
            )
            if lacking is not None:
                raise Forbidden("permission_required", params={"permission": lacking})
        return user

    _check.__name__ = "require_" + "_".join(code.replace(".", "_") for code in codes)
    return _check
