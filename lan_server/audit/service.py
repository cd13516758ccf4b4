"""The audit log of sensitive events: one append, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lan_server.models import AuditEvent, User


def record(
    session: Session,
    action: str,
    *,
    school_id: uuid.UUID | None,
    actor: User | uuid.UUID | None = None,
    target_type: str | None = None,
    target_id: uuid.UUID | str | None = None,
    ip: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    actor_id = actor.id if isinstance(actor, User) else actor
    event = AuditEvent(
        school_id=school_id,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        ip=ip,
        details=dict(details or {}),
    )
    session.add(event)
    return event


def list_events_stmt(
    school_id: uuid.UUID,
    *,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
    target_id: str | None = None,
) -> Select[tuple[AuditEvent]]:
    stmt = select(AuditEvent).where(AuditEvent.school_id == school_id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if actor_id:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    return stmt
