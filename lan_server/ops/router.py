"""``/api/v1/ops``: backups, restore and the support bundle, for the school's administrators.

The desktop app is only an HTTP client of the server: its server page lists, makes,
downloads (the "export to a USB folder" button) and restores backups through these routes,
and saves the support bundle where the administrator chooses."""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from lan_server.core.deps import Ctx, CurrentUser
from lan_server.core.errors import PROBLEM_RESPONSES, Forbidden
from lan_server.models import User, UserRole
from lan_server.ops import service
from lan_server.ops.backup import BackupInfo, RestoreResult
from lan_server.ops.support import bundle_name, write_support_bundle

router = APIRouter(prefix="/ops", tags=["operations"], responses=PROBLEM_RESPONSES)

BackupName = Annotated[str, Path(max_length=120)]
SQLITE = "application/vnd.sqlite3"
ZIP = "application/zip"


async def require_admin(user: CurrentUser) -> User:
    if user.role != UserRole.admin:
        raise Forbidden("admin_only")
    return user


Admin = Annotated[User, Depends(require_admin)]


class BackupRead(BaseModel):
    name: str
    created_at: datetime
    reason: str
    size: int

    @classmethod
    def of(cls, info: BackupInfo) -> BackupRead:
        return cls(name=info.name, created_at=info.created_at, reason=info.reason,
                   size=info.size)


class RestoreRead(BaseModel):
    restored_from: str
    revision: str | None
    migrated_from: str | None
    kept_aside: BackupRead | None

    @classmethod
    def of(cls, result: RestoreResult) -> RestoreRead:
        return cls(restored_from=result.restored_from, revision=result.revision,
                   migrated_from=result.migrated_from,
                   kept_aside=BackupRead.of(result.kept_aside) if result.kept_aside else None)


@router.get("/backups", response_model=list[BackupRead])
def list_backups(_admin: Admin, ctx: Ctx) -> list[BackupRead]:
    """The backups in the data directory's backups/ folder, newest first."""
    return [BackupRead.of(info) for info in service.backups(ctx)]


@router.post("/backups", response_model=BackupRead, status_code=201)
def create_backup(admin: Admin, ctx: Ctx) -> BackupRead:
    """A backup now (checked with integrity_check before it is listed)."""
    return BackupRead.of(service.backup_now(ctx, actor=admin))


@router.get("/backups/{name}/download", response_model=BackupRead, responses={
    200: {"content": {SQLITE: {"schema": {"type": "string", "format": "binary"}}},
          "description": "The backup file (its description as JSON when only JSON is "
                         "accepted)"}})
def download_backup(name: BackupName, request: Request, _admin: Admin,
                    ctx: Ctx) -> FileResponse | BackupRead:
    info = service.backup_file(ctx, name)
    if _wants_json_only(request, SQLITE):
        return BackupRead.of(info)
    return FileResponse(info.path, media_type=SQLITE, filename=info.name)


@router.post("/backups/{name}/restore", response_model=RestoreRead)
def restore_backup(name: BackupName, admin: Admin, ctx: Ctx) -> RestoreRead:
    """Replaces the school's database by this backup, at once (the current one is backed
    up first, reason ``pre-restore``). Every login ends: log in again."""
    return RestoreRead.of(service.restore_live(ctx, name, actor=admin))


class SupportBundleRead(BaseModel):
    filename: str
    size: int
    zip_base64: str


@router.get("/support-bundle", response_model=SupportBundleRead, responses={
    200: {"content": {ZIP: {"schema": {"type": "string", "format": "binary"}}},
          "description": "The zip (as base64 in JSON when only JSON is accepted)"}})
async def support_bundle(request: Request, _admin: Admin,
                         ctx: Ctx) -> Response | SupportBundleRead:
    """A zip of the logs, versions and settings (secrets removed), for whoever helps."""
    now = ctx.clock.now()
    buffer = io.BytesIO()
    await anyio.to_thread.run_sync(lambda: write_support_bundle(ctx.settings, buffer, now=now))
    data = buffer.getvalue()
    if _wants_json_only(request, ZIP):
        return SupportBundleRead(filename=bundle_name(now), size=len(data),
                                 zip_base64=base64.b64encode(data).decode())
    return Response(
        data, media_type=ZIP,
        headers={"Content-Disposition": f'attachment; filename="{bundle_name(now)}"'},
    )


def _wants_json_only(request: Request, file_type: str) -> bool:
    """As the card sheet does: the file by default, JSON when JSON is asked for and the
    file's type is not (OpenAPI clients and fuzzers)."""
    accept = request.headers.get("accept", "")
    return "application/json" in accept and file_type not in accept
