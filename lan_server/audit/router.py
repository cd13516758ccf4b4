from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from lan_server.audit import service
from lan_server.auth.permissions import Perm
from lan_server.core.deps import ReadSession, require
from lan_server.core.errors import PROBLEM_RESPONSES
from lan_server.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from lan_server.models import AuditEvent, OutboxEmail, User

router = APIRouter(tags=["administration"], responses=PROBLEM_RESPONSES)


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    target_type: str | None
    target_id: str | None
    ip: str | None
    details: dict[str, Any]
    created_at: datetime


class OutboxEmailRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    to_address: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None


@router.get("/audit-events", response_model=Page[AuditEventRead])
def list_audit_events(
    viewer: Annotated[User, Depends(require(Perm.AUDIT_READ))],
    db: ReadSession,
    action: Annotated[str | None, Query(max_length=64)] = None,
    actor_id: uuid.UUID | None = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[AuditEventRead]:
    stmt = service.list_events_stmt(
        viewer.school_id, action=action, actor_id=actor_id, target_id=target_id
    )
    rows, next_cursor = paginate(db, stmt, order_by=[AuditEvent.id], limit=limit, cursor=cursor)
    return Page[AuditEventRead](
        items=[AuditEventRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/outbox", response_model=Page[OutboxEmailRead])
def list_outbox(
    viewer: Annotated[User, Depends(require(Perm.OUTBOX_READ))],
    db: ReadSession,
    pending_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[OutboxEmailRead]:
    """Emails the server has to send. Without SMTP they stay here: the admin passes the
    confirmation or reset code on by hand."""
    stmt = select(OutboxEmail).where(OutboxEmail.school_id == viewer.school_id)
    if pending_only:
        stmt = stmt.where(OutboxEmail.sent_at.is_(None))
    rows, next_cursor = paginate(db, stmt, order_by=[OutboxEmail.id], limit=limit, cursor=cursor)
    return Page[OutboxEmailRead](
        items=[OutboxEmailRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )
