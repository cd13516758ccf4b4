"""POST /pupils/import (dry run by default, then apply) and GET /pupils/export.csv."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile

from lan_server.audit import service as audit
from lan_server.auth.permissions import Perm
from lan_server.core.deps import ClientIp, Ctx, DbSession, Locale, ReadSession, require
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.models import User
from lan_server.pupils_import import service
from lan_server.pupils_import.schemas import ImportReport
from lan_server.school.schemas import SCHOOL_YEAR_PATTERN

router = APIRouter(prefix="/pupils", tags=["pupils"], responses=PROBLEM_RESPONSES)

Importer = Annotated[User, Depends(require(Perm.PUPILS_IMPORT))]
UserReader = Annotated[User, Depends(require(Perm.USERS_READ))]
SchoolYear = Annotated[
    str | None,
    Query(pattern=SCHOOL_YEAR_PATTERN, description="e.g. 2026-2027; default: the current one"),
]


@router.post("/import", response_model=ImportReport)
def import_pupils(
    file: Annotated[UploadFile, File(description="CSV: nom, prénom, sexe, date de naissance, "
                                                 "classe, matricule, téléphone du parent")],
    actor: Importer,
    ctx: Ctx,
    db: DbSession,
    read_db: ReadSession,
    locale: Locale,
    ip: ClientIp,
    dry_run: bool = True,
    school_year: SchoolYear = None,
) -> ImportReport:
    content = file.file.read()  # the body limit middleware already capped its size
    if dry_run:
        # A dry run only reads: on the read pool it never holds the single writer.
        return service.preview_import(
            read_db, actor, content, school_year, locale=locale, now=ctx.clock.now()
        )
    return service.apply_import(
        db, actor, content, school_year, locale=locale, now=ctx.clock.now(), ip=ip
    )


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The import's CSV format"}},
)
def export_pupils(
    viewer: UserReader,
    ctx: Ctx,
    db: ReadSession,
    write_db: DbSession,
    ip: ClientIp,
    class_id: uuid.UUID | None = None,
    school_year: SchoolYear = None,
) -> Response:
    filename, content = service.export_pupils_csv(
        db, viewer, class_id=class_id, school_year=school_year, now=ctx.clock.now()
    )
    # Personal data leaving the server: who took which list, and when.
    audit.record(
        write_db, "pupils.exported", school_id=viewer.school_id, actor=viewer, ip=ip,
        details={"class_id": str(class_id) if class_id else None, "file": filename},
    )
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
