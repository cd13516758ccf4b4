"""The hub's API (role hub): ``/api/v1/hub/...``. School servers authenticate with their
credential (``Authorization: Bearer ecs1...``) and send the handshake headers; hub admins
(``school.manage`` on the hub) make enrollment codes and central edits."""

from __future__ import annotations

import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import ValidationError

from lan_server.auth.permissions import Perm
from lan_server.config import Role
from lan_server.core.context import AppContext
from lan_server.core.deps import require
from lan_server.core.errors import PROBLEM_RESPONSES, AppError, NotFound
from lan_server.models import User
from lan_server.sync import hub_service
from lan_server.sync import messages as _messages  # noqa: F401 - the catalogue
from lan_server.sync.protocol import (
    HUB_ACCEPTS_SCHEMAS,
    MAX_PULL_ROWS,
    PROTOCOL_VERSION,
    check_peer,
    gzip_json,
    inflate_json,
)
from lan_server.sync.schemas import (
    CentralEditIn,
    CentralEditOut,
    EnrollCodeIn,
    EnrollCodeOut,
    EnrollIn,
    EnrollOut,
    HubHello,
    PullPage,
    PushAck,
    PushBatchIn,
)

router = APIRouter(prefix="/hub", tags=["hub"], responses=PROBLEM_RESPONSES)
HubAdmin = Annotated[User, Depends(require(Perm.SCHOOL_MANAGE))]


def _hub(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    if ctx.settings.role != Role.hub:
        raise NotFound("sync_wrong_role")
    return ctx


def _credential(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


@router.get("/hello", response_model=HubHello)
async def hello(request: Request) -> HubHello:
    ctx = _hub(request)
    low, high = HUB_ACCEPTS_SCHEMAS
    return HubHello(role="hub", protocol=PROTOCOL_VERSION, schema_low=low, schema_high=high,
                    server_id=ctx.server_id)


@router.post("/enroll", response_model=EnrollOut)
async def enroll(body: EnrollIn, request: Request) -> EnrollOut:
    ctx = _hub(request)
    check_peer(request.headers)

    def work() -> EnrollOut:
        with ctx.db.write_session() as session:
            done = hub_service.enroll(
                session, code=body.code, install_id=body.install_id, school_uuid=body.school_id,
                now=ctx.clock.now(),
            )
        return EnrollOut(credential=done.credential, hub_school_id=done.hub_school_id,
                         hub_school_name=done.hub_school_name, school_id=done.school_uuid)

    return await anyio.to_thread.run_sync(work)


@router.post("/push", response_model=PushAck)
async def push(request: Request) -> PushAck:
    """One gzip batch of a school server's outbox; applied once (by its ``upto``)."""
    ctx = _hub(request)
    check_peer(request.headers)
    credential = _credential(request)
    raw = await request.body()

    def work() -> PushAck:
        raw_batch = inflate_json(raw, request.headers.get("content-encoding"))
        try:
            batch = PushBatchIn.model_validate(raw_batch)
        except ValidationError as exc:
            raise AppError("sync_bad_batch") from exc
        rows = [
            {"e": r.e, "id": str(r.id), "hlc": r.hlc, "deleted": r.deleted, "data": r.data}
            for r in batch.rows
        ]
        with ctx.db.write_session() as session:
            result = hub_service.apply_push(
                session, credential, after=batch.after, upto=batch.upto, rows=rows
            )
        return PushAck(acked=result.acked, hlc=result.hlc, applied=result.applied,
                       duplicate=result.duplicate)

    return await anyio.to_thread.run_sync(work)


@router.get(
    "/pull", response_model=None,
    responses={200: {"model": PullPage, "description": "A page of changes (gzip JSON)."}},
)
async def pull(
    request: Request,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_ROWS)] = 1000,
    own: bool = False,
) -> Response:
    """The caller's school's changes after ``after`` (gzip JSON: rows, next, more, hlc,
    acked); ``own``: with the rows this server pushed itself (recovery after a restore)."""
    ctx = _hub(request)
    check_peer(request.headers)
    credential = _credential(request)

    def work() -> bytes:
        with ctx.db.read_session() as session:
            return gzip_json(
                hub_service.pull(session, credential, after=after, limit=limit, own=own)
            )

    body = await anyio.to_thread.run_sync(work)
    return Response(body, media_type="application/json", headers={"Content-Encoding": "gzip"})


@router.post("/enroll-codes", response_model=EnrollCodeOut, status_code=201)
def create_enroll_code(body: EnrollCodeIn, request: Request, _admin: HubAdmin) -> EnrollCodeOut:
    ctx = _hub(request)
    with ctx.db.write_session() as session:
        made = hub_service.create_enroll_code(
            session, now=ctx.clock.now(), school_name=body.school_name,
            hub_school_id=body.hub_school_id,
        )
    return EnrollCodeOut(code=made.code, hub_school_id=made.hub_school_id,
                         expires_at=made.expires_at)


@router.post("/schools/{hub_school_id}/records", response_model=CentralEditOut)
def central_edit(
    hub_school_id: uuid.UUID, body: CentralEditIn, request: Request, _admin: HubAdmin
) -> CentralEditOut:
    ctx = _hub(request)
    rows = [row.model_dump(mode="json") for row in body.rows]
    with ctx.db.write_session() as session:
        written = hub_service.central_edit(session, hub_school_id, rows, now=ctx.clock.now())
    return CentralEditOut(written=written)



