"""The FastAPI application factory. Nothing heavy happens at import time: the lifespan
builds the engines (or takes a context built by the caller, e.g. tests and the CLI)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import anyio
from fastapi import FastAPI

from lan_server import __version__
from lan_server.attendance.day.router import router as day_attendance_router
from lan_server.attendance.lesson.page import router as scan_page_router
from lan_server.attendance.lesson.router import router as lesson_attendance_router
from lan_server.attendance.lesson.router import scan as lesson_scan
from lan_server.attendance.reports.router import router as attendance_reports_router
from lan_server.audit.router import router as audit_router
from lan_server.auth.router import router as auth_router
from lan_server.config import Settings, get_settings
from lan_server.core.admission import AdmissionLimitMiddleware
from lan_server.core.checkpointer import start_checkpointer
from lan_server.core.clock import Clock
from lan_server.core.context import AppContext
from lan_server.core.direct_routes import DirectRoutesMiddleware
from lan_server.core.errors import add_exception_handlers
from lan_server.core.jobs import start_jobs
from lan_server.core.limits import BodySizeLimitMiddleware
from lan_server.notifications.outbox import deliver_pending
from lan_server.ops.router import router as ops_router
from lan_server.pupils_import.router import router as import_router
from lan_server.school.router import router as school_router
from lan_server.setup.router import router as setup_router
from lan_server.sync.hub_router import router as hub_router
from lan_server.sync.monitor import start_sync
from lan_server.sync.router import router as sync_router
from lan_server.users.router import router as users_router

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"
UPLOAD_PATHS = (f"{API_PREFIX}/pupils/import", f"{API_PREFIX}/hub/push")
# Commits are serialised by the single writer on SQLite; a few threads also cover
# PostgreSQL's concurrent commits and the read sessions' cheap rollbacks.
SESSION_END_THREADS = 8
# Token checks: two per core measured best on a 2-core PC (bench/login_burst.py).
AUTH_THREADS = 4
# Long-lived streams (the live roster) hold no database connection while they wait, and
# must not take an admission slot for the whole lesson.
STREAM_SUFFIXES = ("/stream",)


async def _deliver_outbox_forever(ctx: AppContext) -> None:
    while True:
        try:
            await asyncio.to_thread(deliver_pending, ctx.db, ctx.settings, ctx.clock)
        except Exception:  # a background job must outlive one bad run
            log.exception("email outbox delivery failed")
        await asyncio.sleep(ctx.settings.email_outbox_interval_seconds)


async def _start_advertiser(ctx: AppContext):  # noqa: ANN202 - imported lazily
    from lan_server.discovery.advertiser import Advertiser, parse_interfaces
    from lan_server.setup.service import service_facts

    advertiser = Advertiser(
        lambda: service_facts(ctx),
        interfaces=parse_interfaces(ctx.settings.discovery_interfaces),
        listen_host=ctx.settings.host,
    )
    await advertiser.start()  # announces in the background once the port accepts connections
    return advertiser


def create_app(
    settings: Settings | None = None,
    *,
    context: AppContext | None = None,
    clock: Clock | None = None,
    advertise: bool = False,
) -> FastAPI:
    """``advertise``: announce the server on the LAN while it runs (``ecep-server serve``
    does when ECEP_DISCOVERY_ENABLED; servers embedded by tests and benchmarks do not)."""
    settings = context.settings if context else (settings or get_settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = context or AppContext.build(settings, clock=clock)
        ctx.session_end_limiter = anyio.CapacityLimiter(SESSION_END_THREADS)
        ctx.auth_limiter = anyio.CapacityLimiter(AUTH_THREADS)
        app.state.ctx = ctx
        jobs = []
        if settings.smtp_host:
            jobs.append(asyncio.create_task(_deliver_outbox_forever(ctx)))
        jobs.append(start_jobs(ctx))  # periodic jobs (lan_server/core/jobs.py)
        jobs.append(start_sync(app, ctx))  # hub sync monitor (lan_server/sync/monitor.py)
        checkpointer = start_checkpointer(ctx.db)  # WAL copies off the loop (SQLite)
        if checkpointer is not None:
            jobs.append(checkpointer)
        advertiser = await _start_advertiser(ctx) if advertise else None
        try:
            yield
        finally:
            if advertiser is not None:
                await advertiser.aclose()
            for job in jobs:
                job.cancel()
            desk = getattr(app.state, "lesson_scan_desk", None)
            if desk is not None:  # scans queued at shutdown are still recorded
                await desk.aclose()
            if context is None:
                ctx.close()

    app = FastAPI(
        title="eCEP School Server",
        version=__version__,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    add_exception_handlers(app)
    # Innermost of ours, so body limits and admission still apply: the lesson scan, the
    # request of a whole class at once, skips FastAPI's routing (core/direct_routes.py).
    app.add_middleware(
        DirectRoutesMiddleware, routes={("POST", f"{API_PREFIX}/attendance/scan"): lesson_scan}
    )
    # Below anyio's 40 worker threads (the setting caps it at 36): see core/admission.py.
    app.add_middleware(
        AdmissionLimitMiddleware,
        limit=settings.max_requests_in_flight,
        exempt_suffixes=STREAM_SUFFIXES,
    )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_request_bytes,
        upload_max_bytes=settings.max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
        default_locale=settings.default_locale,
    )
    # Routers straight on the app (a router of routers costs a second walk per request) and
    # in order of traffic: FastAPI tries routes one by one, and a class scanning the lesson
    # QR at once should not walk past every admin route first (bench/scan_burst.py).
    for router in (
        lesson_attendance_router,
        day_attendance_router,
        auth_router,
        setup_router,
        users_router,
        school_router,
        attendance_reports_router,
        import_router,
        audit_router,
        ops_router,
        sync_router,
        hub_router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(scan_page_router)  # /a/...: the URL inside the lesson QR
    return app
