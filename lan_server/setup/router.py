from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import text

from lan_server import __version__
from lan_server.auth.permissions import Perm
from lan_server.core.deps import ClientIp, Ctx, CurrentUser, DbSession, ReadSession, require
from lan_server.core.errors import PROBLEM_RESPONSES, Conflict, NotFound
from lan_server.models import User
from lan_server.setup import service
from lan_server.setup.schemas import (
    Health,
    Liveness,
    SchoolRead,
    SchoolUpdate,
    ServerInfo,
    SetupRequest,
)

router = APIRouter(tags=["system"], responses=PROBLEM_RESPONSES)


@router.get("/health", response_model=Health)
def health(db: ReadSession) -> Health:
    """Ready: the server answers and its database too."""
    db.execute(text("SELECT 1"))
    return Health(status="ok", database="ok")


@router.get("/health/live", response_model=Liveness)
async def live() -> Liveness:
    """Alive: the server's event loop answers (no database, no thread). The desktop's
    supervisor polls it; the benchmarks use it as the trivial GET."""
    return Liveness(status="ok")


@router.get("/info", response_model=ServerInfo)
def info(ctx: Ctx, db: ReadSession, request: Request) -> ServerInfo:
    school = service.get_school(db)
    proto, fingerprint = service.transport(ctx.settings)
    return ServerInfo(
        server_id=ctx.server_id,
        school_id=school.id if school else None,
        school_name=school.name if school else None,
        initialized=school is not None,
        version=__version__,
        role=ctx.settings.role,
        proto=proto,
        fingerprint=fingerprint,
        qr_page_port=getattr(request.app.state, "qr_page_port", 0) or None,
        server_time=ctx.clock.now(),
        timezone=school.timezone if school else "Africa/Douala",
        languages=school.languages.split(",") if school else ["fr", "en"],
    )


@router.post("/setup", response_model=SchoolRead, status_code=201)
def setup(body: SetupRequest, ctx: Ctx, db: DbSession, ip: ClientIp) -> SchoolRead:
    # A server that already has a school says so (409, as GET /info does) whatever the
    # token: once used, the token file is gone and every token would otherwise be "wrong".
    if service.is_initialized(db):
        raise Conflict("already_initialized")
    service.check_setup_token(ctx.settings, body.setup_token)
    school, admin = service.initialize(db, ctx, school=body.school, admin=body.admin, ip=ip)
    if body.demo:
        from lan_server.demo.generator import load_demo

        load_demo(db, ctx, school=school)
    db.flush()
    service.discard_setup_token(ctx.settings)
    return SchoolRead.model_validate(school)


@router.get("/school", response_model=SchoolRead)
def get_school(viewer: CurrentUser, db: ReadSession) -> SchoolRead:
    school = service.get_school(db)
    if school is None or school.id != viewer.school_id:
        raise NotFound()
    return SchoolRead.model_validate(school)


@router.patch("/school", response_model=SchoolRead)
def update_school(
    body: SchoolUpdate,
    actor: Annotated[User, Depends(require(Perm.SCHOOL_MANAGE))],
    db: DbSession,
) -> SchoolRead:
    return SchoolRead.model_validate(service.update_school(db, actor=actor, changes=body))
