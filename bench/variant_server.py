"""The real application served like ``ecep-server serve`` does (migrate, build the
context, ``uvicorn.run`` with the same options), with optional changes applied from the
outside, so that a proposed fix can be measured against the unchanged server in the same
run without editing ``lan_server``:

``--threads N``       anyio's worker-thread limit (FastAPI runs sync routes and
                      dependencies there; the default is 40) raised to N at startup.
``--async-trivial-deps``  the dependencies that do no I/O (get_ctx, get_current_user,
                      get_client_ip, get_locale) replaced by ``async def`` twins, so they
                      run on the event loop instead of costing a thread hop each.
``--lean-me``         users_service.get_user (which /auth/me calls) by primary key, with a
                      pupil's profile fetched by primary key, instead of a select with a
                      selectinload: no SQL for the user when get_authenticated loaded it
                      in the same session (before 804c661), one short query since.
                      Replaced for the whole process: the bench only reaches it via /me.
``--one-hop-me``      ``GET /auth/me`` as an ``async def`` route that makes ONE thread hop:
                      a function that opens the read session, authenticates, reuses that
                      user (fetching only a pupil's profile, by primary key) and
                      serializes, returning the bytes (FastAPI then neither resolves sync
                      dependencies nor revalidates the response).
                      No pooled connection is ever held while waiting for a thread.

    python -m bench.variant_server --port 8471 --threads 256
"""

from __future__ import annotations

import argparse
import inspect
import sys
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Depends, Request

from lan_server.core import deps
from lan_server.core.context import AppContext
from lan_server.core.i18n import negotiate
from lan_server.models import User


def authenticate(ctx: AppContext, db: Any, credentials: Any) -> Any:
    """deps.get_authenticated, whether it takes the request's read session (as committed
    first) or opens a short one of its own (as changed later)."""
    if "db" in inspect.signature(deps.get_authenticated).parameters:
        return deps.get_authenticated(ctx, db, credentials)
    return deps.get_authenticated(ctx, credentials)


def _use_async_trivial_deps() -> None:
    """Rebinds the dependency aliases of lan_server.core.deps to ``async def`` twins. Done
    before the routers are imported, so their routes (and get_authenticated, whose string
    annotations FastAPI resolves in the deps module) are built with the twins.
    ``app.dependency_overrides`` would do the same but costs far more per request: FastAPI
    rebuilds every dependant of every request when overrides are present."""
    assert "lan_server.auth.router" not in sys.modules, "routers already built"

    async def get_ctx(request: Request) -> AppContext:
        return request.app.state.ctx

    async def get_current_user(auth: deps.Auth) -> User:
        return auth.user

    async def get_client_ip(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    async def get_locale(request: Request) -> str:
        return negotiate(
            request.headers.get("accept-language"), request.app.state.ctx.settings.default_locale
        )

    for name, alias, twin, kind in (("get_ctx", "Ctx", get_ctx, AppContext),
                                    ("get_current_user", "CurrentUser", get_current_user, User),
                                    ("get_client_ip", "ClientIp", get_client_ip, str),
                                    ("get_locale", "Locale", get_locale, str)):
        if hasattr(deps, name) and hasattr(deps, alias):
            setattr(deps, name, twin)
            setattr(deps, alias, Annotated[kind, Depends(twin)])


def _with_profile(session: Any, user: User) -> User:
    """Loads a pupil's profile by primary key (no query for anyone else) onto ``user``,
    attached to ``session`` or not."""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy.orm.attributes import set_committed_value

    from lan_server.models import PupilProfile, UserRole

    if "pupil_profile" in sa_inspect(user).unloaded:
        profile = session.get(PupilProfile, user.id) if user.role == UserRole.student else None
        set_committed_value(user, "pupil_profile", profile)
    return user


def _lean_get_user(session: Any, school_id: Any, user_id: Any) -> User:
    from lan_server.core.errors import NotFound

    # No SQL when get_authenticated loaded the user in this same session (identity map).
    user = session.get(User, user_id)
    if user is None or user.school_id != school_id:
        raise NotFound("user_not_found")
    return _with_profile(session, user)


def _use_one_hop_me(threads: int | None = None) -> None:
    """Replaces GET /auth/me on the auth router before the app includes it; ``threads``
    gives its work a limiter of its own (the default: anyio's shared one)."""
    from fastapi.routing import APIRoute
    from fastapi.security import HTTPAuthorizationCredentials
    from starlette.responses import Response

    from lan_server.auth import router as auth_router
    from lan_server.users.schemas import UserRead

    async def me(request: Request) -> Response:
        ctx = request.app.state.ctx
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        credentials = (HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())
                       if token.strip() else None)

        def work() -> bytes:
            with ctx.db.read_session() as db:
                # The authenticated user as loaded (attached to db or detached, depending
                # on the version of get_authenticated); only a pupil's profile is fetched.
                user = _with_profile(db, authenticate(ctx, db, credentials).user)
                return UserRead.of(user).model_dump_json().encode()

        limiter = None
        if threads:
            if not limiters:
                limiters.append(anyio.CapacityLimiter(threads))
            limiter = limiters[0]
        body = await anyio.to_thread.run_sync(work, limiter=limiter)
        return Response(body, media_type="application/json")

    limiters: list[anyio.CapacityLimiter] = []

    routes = auth_router.router.routes
    old = next(r for r in routes if isinstance(r, APIRoute) and r.path.endswith("/me")
               and "GET" in r.methods)
    routes.remove(old)
    auth_router.router.add_api_route(old.path_format.removeprefix(auth_router.router.prefix),
                                     me, methods=["GET"], response_model=UserRead,
                                     name=old.name)


def build(threads: int | None, async_trivial_deps: bool, lean_me: bool, one_hop_me: bool,
          settings: Any, one_hop_threads: int | None = None) -> Any:
    from lan_server.cli import _context
    from lan_server.users import service as users_service

    if lean_me:
        users_service.get_user = _lean_get_user
    if async_trivial_deps:
        _use_async_trivial_deps()
    if one_hop_me:
        _use_one_hop_me(one_hop_threads)
    from lan_server.app import create_app

    ctx = _context(settings)
    app = create_app(context=ctx)
    if not threads:
        return app, ctx

    async def with_thread_limit(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            # The limiter is per event loop: set it from inside the server's loop.
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        await app(scope, receive, send)

    return with_thread_limit, ctx


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    from lan_server.config import Settings

    parser = argparse.ArgumentParser(prog="bench.variant_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--async-trivial-deps", action="store_true")
    parser.add_argument("--lean-me", action="store_true")
    parser.add_argument("--one-hop-me", action="store_true")
    parser.add_argument("--one-hop-threads", type=int, default=None,
                        help="a limiter of this size for the one-hop /auth/me work")
    args = parser.parse_args(argv)
    settings = Settings(host=args.host, port=args.port)
    app, ctx = build(args.threads, args.async_trivial_deps, args.lean_me, args.one_hop_me,
                     settings, args.one_hop_threads)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                    proxy_headers=False, server_header=False)
    finally:
        ctx.close()


if __name__ == "__main__":
    main()
