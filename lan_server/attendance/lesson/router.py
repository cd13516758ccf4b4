"""Lesson attendance API: sessions (open, list, read, display, pause, close), scans, the
live roster (list and server-sent events), teacher corrections.

Refusals of a scan (problem+json ``code``): qr_invalid 400, qr_expired 400,
session_closed 409, not_enrolled 403, outside_network 403, device_already_used 409,
rate_limited 429 (with Retry-After)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from lan_server.attendance import codes
from lan_server.attendance.lesson import service
from lan_server.attendance.lesson.scans import ScanDesk, ScanOutcome
from lan_server.attendance.lesson.schemas import (
    AttemptRead,
    DisplayRead,
    MarkCorrection,
    MarkRead,
    RosterEntry,
    RosterRead,
    ScanRequest,
    ScanResult,
    SessionOpen,
    SessionRead,
    SessionUpdate,
)
from lan_server.auth.permissions import Perm
from lan_server.core.context import AppContext
from lan_server.core.deps import (
    ClientIp,
    Ctx,
    DbSession,
    ReadSession,
    bearer,
    get_authenticated,
    parse_body,
    require,
)
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from lan_server.models import AttendanceMark, AttendanceSession, User
from lan_server.qr_page.addresses import page_base_url

router = APIRouter(prefix="/attendance", tags=["attendance"], responses=PROBLEM_RESPONSES)

Taker = Annotated[User, Depends(require(Perm.ATTENDANCE_TAKE))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=500)]

# The stream polls the database with short sessions (none is held while it waits), so it
# also sees scans handled by another process (e.g. PostgreSQL behind several workers).
STREAM_POLL_SECONDS = 0.5
STREAM_KEEPALIVE_SECONDS = 15.0
STREAM_MAX_SECONDS = 4 * 3600  # the client reconnects after this


def desk_of(request: Request) -> ScanDesk:
    """The process's scan desk (session snapshots, rate limiter, write batcher)."""
    state = request.app.state
    desk = getattr(state, "lesson_scan_desk", None)
    if desk is None:
        desk = state.lesson_scan_desk = ScanDesk(state.ctx.db)
    return desk


def session_read(
    att: AttendanceSession, now: datetime, counts: tuple[int, int] = (0, 0)
) -> SessionRead:
    return SessionRead(
        id=att.id,
        lesson_id=att.lesson_id,
        class_id=att.class_id,
        opened_by_id=att.opened_by_id,
        short_code=att.short_code,
        period_seconds=att.period_seconds,
        opened_at=att.opened_at,
        late_after=att.late_after,
        closes_at=att.closes_at,
        closed_at=att.closed_at,
        allowed_networks=list(att.allowed_networks or []),
        paused=att.paused,
        is_open=service.is_open(att, now),
        marked_count=counts[0],
        enrolled_count=counts[1],
    )


def _read_with_counts(db: Any, att: AttendanceSession, now: datetime) -> SessionRead:
    return session_read(att, now, service.counts(db, [att]).get(att.id, (0, 0)))


def mark_read(mark: AttendanceMark) -> MarkRead:
    return MarkRead(
        id=mark.id,
        pupil_id=mark.pupil_id,
        status=mark.status,
        source=mark.source,
        marked_at=mark.marked_at,
        slot_age=mark.slot_age,
        device_id=mark.device_id,
        note=mark.note,
        corrected_by_id=mark.corrected_by_id,
    )


# The documented body of POST /scan: the route reads it itself (see ``scan``).
_SCAN_BODY = {
    "required": True,
    "content": {"application/json": {"schema": ScanRequest.model_json_schema(
        ref_template="#/components/schemas/{model}")}},
}


@router.post(
    "/scan",
    response_model=ScanResult,
    openapi_extra={"requestBody": _SCAN_BODY, "security": [{"HTTPBearer": []}]},
)
async def scan(request: Request) -> Response:
    """Marks the logged-in pupil from a scanned lesson QR (``url``), or from the session and
    the typed 6-digit code. Scanning again answers when the pupil was marked. Refusals:
    qr_invalid, qr_expired, session_closed, not_enrolled, outside_network,
    device_already_used, rate_limited."""
    # The hot path of a class scanning at once (bench/scan_burst.py), so the route declares
    # no parameter: FastAPI's per-request machinery for a JSON body, a dependency chain and
    # a response model cost more than the scan itself. Same steps, same code: the bearer
    # check of CurrentUser, the ScanRequest model (a bad body is the usual 422
    # problem+json), the ScanResult model for the answer. Checked in the event loop,
    # recorded with the scans arriving at the same moment in one transaction (scans.py);
    # first in the router, since routes are tried in order.
    pupil = (await get_authenticated(request, await bearer(request))).user
    data = parse_body(ScanRequest, await request.body())
    ctx: AppContext = request.app.state.ctx
    ip = request.client.host if request.client else "unknown"
    outcome = await desk_of(request).scan(pupil=pupil, data=data, ip=ip, now=ctx.clock.now())
    return Response(scan_result(outcome).model_dump_json(), media_type="application/json")


def scan_result(outcome: ScanOutcome) -> ScanResult:
    outcome.raise_refusal()
    return ScanResult(
        result="already_marked" if outcome.already_marked else "marked",
        already_marked=outcome.already_marked,
        session_id=outcome.session_id,
        pupil_id=outcome.pupil_id,
        status=outcome.status,
        marked_at=outcome.marked_at,
        slot_age=outcome.slot_age,
    )


@router.post("/sessions", response_model=SessionRead, status_code=201)
def open_session(
    body: SessionOpen,
    actor: Taker,
    db: DbSession,
    ctx: Ctx,
    request: Request,
    background: BackgroundTasks,
) -> SessionRead:
    now = ctx.clock.now()
    att = service.open_session(db, actor=actor, data=body, now=now)
    # After the commit (background tasks run once the response is out, and not at all
    # when the request failed): the scan desk knows the session before its first scan.
    background.add_task(desk_of(request).remember, att)
    return _read_with_counts(db, att, now)


@router.get("/sessions", response_model=Page[SessionRead])
def list_sessions(
    viewer: Taker,
    db: ReadSession,
    ctx: Ctx,
    lesson_id: uuid.UUID | None = None,
    class_id: uuid.UUID | None = None,
    open: bool | None = None,  # noqa: A002 - the query parameter's name
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[SessionRead]:
    now = ctx.clock.now()
    atts, next_cursor = service.list_sessions(
        db,
        viewer,
        lesson_id=lesson_id,
        class_id=class_id,
        open_only=open,
        now=now,
        limit=limit,
        cursor=cursor,
    )
    found = service.counts(db, atts)
    return Page[SessionRead](
        items=[session_read(a, now, found.get(a.id, (0, 0))) for a in atts],
        next_cursor=next_cursor,
    )


@router.get("/sessions/{session_id}", response_model=SessionRead)
def get_session(session_id: uuid.UUID, viewer: Taker, db: ReadSession, ctx: Ctx) -> SessionRead:
    att = service.get_managed(db, viewer, session_id)
    return _read_with_counts(db, att, ctx.clock.now())


@router.get("/sessions/{session_id}/display", response_model=DisplayRead)
def get_display(
    session_id: uuid.UUID, viewer: Taker, db: ReadSession, ctx: Ctx, request: Request
) -> DisplayRead:
    att = service.get_managed(db, viewer, session_id)
    now = ctx.clock.now()
    slot = codes.slot_at(now, att.period_seconds)
    code = codes.slot_code(att.secret, att.id, slot)
    base = page_base_url(request) + f"/a/{att.short_code}"  # HTTPS: the plain page port
    class_name, subject_name = service.display(db, att)
    marked, enrolled = service.counts(db, [att]).get(att.id, (0, 0))
    next_start_ms = (slot + 1) * att.period_seconds * 1000
    now_ms = int(now.timestamp() * 1000)
    return DisplayRead(
        session_id=att.id,
        short_code=att.short_code,
        secret=att.secret.hex(),
        period_seconds=att.period_seconds,
        server_time=now,
        server_time_ms=now_ms,
        slot=slot,
        code=code,
        url=f"{base}/{slot}/{code}",
        url_base=base,
        typed_code=codes.typed_code(att.secret, att.id, slot),
        next_rotation_ms=max(0, next_start_ms - now_ms),
        class_name=class_name,
        subject_name=subject_name,
        marked_count=marked,
        enrolled_count=enrolled,
        paused=att.paused,
        is_open=service.is_open(att, now),
        closes_at=att.closes_at,
    )


@router.patch("/sessions/{session_id}", response_model=SessionRead)
def update_session(
    session_id: uuid.UUID,
    body: SessionUpdate,
    actor: Taker,
    db: DbSession,
    ctx: Ctx,
    request: Request,
) -> SessionRead:
    now = ctx.clock.now()
    att = service.set_paused(db, actor=actor, session_id=session_id, paused=body.paused, now=now)
    desk_of(request).forget(att)
    return _read_with_counts(db, att, now)


@router.post("/sessions/{session_id}/close", response_model=SessionRead)
def close_session(
    session_id: uuid.UUID, actor: Taker, db: DbSession, ctx: Ctx, request: Request
) -> SessionRead:
    now = ctx.clock.now()
    att = service.close_session(db, actor=actor, session_id=session_id, now=now)
    desk_of(request).forget(att)
    return _read_with_counts(db, att, now)


@router.get("/sessions/{session_id}/roster", response_model=RosterRead)
def get_roster(session_id: uuid.UUID, viewer: Taker, db: ReadSession, ctx: Ctx) -> RosterRead:
    att = service.get_managed(db, viewer, session_id)
    rows = service.roster(db, att)
    return RosterRead(
        session_id=att.id,
        is_open=service.is_open(att, ctx.clock.now()),
        enrolled_count=len(rows),
        marked_count=sum(1 for _, m in rows if m is not None and m.status != "absent"),
        refused_count=service.refused_count(db, att.id),
        pupils=[
            RosterEntry(
                pupil_id=user.id,
                first_name=user.first_name,
                last_name=user.last_name,
                mark=mark_read(mark) if mark is not None else None,
            )
            for user, mark in rows
        ],
    )


@router.get("/sessions/{session_id}/attempts", response_model=list[AttemptRead])
def list_attempts(
    session_id: uuid.UUID,
    viewer: Taker,
    db: ReadSession,
    refused_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AttemptRead]:
    att = service.get_managed(db, viewer, session_id)
    return [
        _attempt_read(attempt, name)
        for attempt, name in service.attempts(db, att.id, refused_only=refused_only, limit=limit)
    ]


def _attempt_read(attempt: Any, name: str | None) -> AttemptRead:
    return AttemptRead(
        id=attempt.id,
        pupil_id=attempt.pupil_id,
        pupil_name=name,
        device_id=attempt.device_id,
        ip=attempt.ip,
        slot=attempt.slot,
        result=attempt.result,
        created_at=attempt.created_at,
    )


@router.put("/sessions/{session_id}/marks/{pupil_id}", response_model=MarkRead)
def correct_mark(
    session_id: uuid.UUID,
    pupil_id: uuid.UUID,
    body: MarkCorrection,
    actor: Taker,
    db: DbSession,
    ctx: Ctx,
    ip: ClientIp,
) -> MarkRead:
    mark = service.correct_mark(
        db,
        actor=actor,
        session_id=session_id,
        pupil_id=pupil_id,
        status=body.status,
        note=body.note,
        now=ctx.clock.now(),
        ip=ip,
    )
    return mark_read(mark)


# -- live roster: server-sent events -------------------------------------------------------


def _check_stream_access(ctx: AppContext, viewer: User, session_id: uuid.UUID) -> None:
    with ctx.db.read_session() as db:
        service.get_managed(db, viewer, session_id)


def _poll(ctx: AppContext, session_id: uuid.UUID, since: datetime) -> dict[str, Any]:
    """One short read session: the session's state, its marks, recent refused scans."""
    with ctx.db.read_session() as db:
        att = db.get(AttendanceSession, session_id)
        if att is None:
            return {"gone": True}
        marks = [mark_read(m) for m in service.marks_of(db, session_id)]
        refused = [
            _attempt_read(a, name)
            for a, name in service.attempts(db, session_id, refused_only=True, since=since)
        ]
        return {
            "gone": False,
            "open": service.is_open(att, ctx.clock.now()),
            "paused": att.paused,
            "marks": marks,
            "refused": refused,
        }


def _event(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n".encode()


async def _events(ctx: AppContext, session_id: uuid.UUID) -> AsyncIterator[bytes]:
    started = time.monotonic()
    last_sent = started
    since = ctx.clock.now() - timedelta(seconds=5)
    state = await anyio.to_thread.run_sync(_poll, ctx, session_id, since)
    if state["gone"]:
        return
    known = {m.pupil_id: m for m in state["marks"]}
    seen_attempts = {a.id for a in state["refused"]}
    yield _event(
        "ready",
        {"session_id": str(session_id), "open": state["open"], "marked": len(known)},
    )
    while time.monotonic() - started < STREAM_MAX_SECONDS:
        await asyncio.sleep(STREAM_POLL_SECONDS)
        poll_since = since
        state = await anyio.to_thread.run_sync(_poll, ctx, session_id, poll_since)
        if state["gone"]:
            return
        out: list[bytes] = []
        for mark in state["marks"]:
            if known.get(mark.pupil_id) != mark:
                known[mark.pupil_id] = mark
                out.append(_event("mark", mark.model_dump(mode="json")))
        for attempt in reversed(state["refused"]):
            if attempt.id not in seen_attempts:
                seen_attempts.add(attempt.id)
                out.append(_event("refused", attempt.model_dump(mode="json")))
                since = max(since, attempt.created_at - timedelta(seconds=30))
        if not state["open"]:
            out.append(_event("closed", {"session_id": str(session_id)}))
        for chunk in out:
            yield chunk
        if out:
            last_sent = time.monotonic()
        elif time.monotonic() - last_sent > STREAM_KEEPALIVE_SECONDS:
            last_sent = time.monotonic()
            yield b": keep-alive\n\n"
        if not state["open"]:
            return


# Out of the OpenAPI document: tests/api/test_errors_and_system.py wants a JSON model for
# every success response (it exempts text/csv only), and an event stream has none.
@router.get("/sessions/{session_id}/stream", include_in_schema=False)
async def stream(session_id: uuid.UUID, viewer: Taker, ctx: Ctx) -> StreamingResponse:
    """Events: ``ready``, ``mark`` (a new or changed mark), ``refused`` (a refused scan),
    ``closed``. No database session is held between polls."""
    await anyio.to_thread.run_sync(_check_stream_access, ctx, viewer, session_id)
    return StreamingResponse(
        _events(ctx, session_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
