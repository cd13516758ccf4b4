"""The school server's sync API: ``GET /sync/status``, ``POST /sync/run`` ("Sync now"),
``POST /sync/enroll`` (admins: ``school.manage``)."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request

from lan_server.auth.permissions import Perm
from lan_server.config import Role
from lan_server.core.context import AppContext
from lan_server.core.deps import require
from lan_server.core.errors import PROBLEM_JSON, PROBLEM_RESPONSES, NotFound, Problem
from lan_server.models import User
from lan_server.sync import school_service
from lan_server.sync.client import SyncClient, SyncError
from lan_server.sync.schemas import SyncEnrollIn, SyncRunOut, SyncStatus

router = APIRouter(prefix="/sync", tags=["sync"], responses=PROBLEM_RESPONSES)
Manager = Annotated[User, Depends(require(Perm.SCHOOL_MANAGE))]


def _client(request: Request) -> tuple[AppContext, SyncClient]:
    ctx: AppContext = request.app.state.ctx
    if ctx.settings.role != Role.school:
        raise NotFound("sync_wrong_role")
    client = getattr(request.app.state, "sync_client", None)
    if client is None:  # an app whose lifespan did not run the sync hook
        client = request.app.state.sync_client = SyncClient(ctx)
    return ctx, client


def read_status(ctx: AppContext, client: SyncClient) -> SyncStatus:
    with ctx.db.read_session() as session:
        state = school_service.read_state(session)
        acked = state.acked_seq if state else 0
        return SyncStatus(
            role=ctx.settings.role.value,
            enrolled=bool(state and state.credential),
            hub_url=client.hub_url(state.hub_url if state else None),
            hub_school_id=state.hub_school_id if state else None,
            pending=school_service.pending_count(session, acked),
            parked=school_service.parked_count(session),
            last_attempt_at=state.last_attempt_at if state else None,
            last_success_at=state.last_success_at if state else None,
            last_error=state.last_error if state else None,
            last_error_code=state.last_error_code if state else None,
            hub_reachable=state.hub_reachable if state else None,
            pushed_total=state.pushed_total if state else 0,
            pulled_total=state.pulled_total if state else 0,
            running=client.lock.locked(),
        )


@router.get("/status", response_model=SyncStatus)
def status(request: Request, _user: Manager) -> SyncStatus:
    ctx, client = _client(request)
    return read_status(ctx, client)


@router.post("/run", response_model=SyncRunOut)
async def run(request: Request, _user: Manager) -> SyncRunOut:
    """Sync now: push what is pending and pull what is new; the answer carries the status
    (an error is in ``status.last_error``)."""
    ctx, client = _client(request)

    def work() -> SyncRunOut:
        try:
            outcome = client.run()
        except SyncError:
            return SyncRunOut(ok=False, status=read_status(ctx, client))
        return SyncRunOut(ok=True, pushed_rows=outcome.pushed_rows,
                          pulled_rows=outcome.pulled_rows, status=read_status(ctx, client))

    return await anyio.to_thread.run_sync(work)


@router.post(
    "/enroll", response_model=SyncStatus,
    responses={424: {"model": Problem, "content": {PROBLEM_JSON: {}},
                     "description": "The hub could not be reached, or failed."}},
)
async def enroll(body: SyncEnrollIn, request: Request, _user: Manager) -> SyncStatus:
    ctx, client = _client(request)

    def work() -> SyncStatus:
        client.enroll(body.hub_url, body.code)
        return read_status(ctx, client)

    return await anyio.to_thread.run_sync(work)
