"""The synced tables, in foreign-key order, with their conflict policy, and the JSON form of
their rows on the wire (docs/sync.md, "Entities and policies").

A row travels as ``{"e": entity, "id": "<uuid>", "hlc": int, "deleted": bool, "data": {...}}``
where ``data`` holds every column: UUIDs as strings, datetimes and dates in ISO 8601, bytes
in base64, JSON as is.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Date, LargeBinary, Table, Uuid

from lan_server.models import Base
from lan_server.models.base import UTCDateTime


class Policy(StrEnum):
    last_writer = "last_writer"  # the version with the highest hybrid logical clock wins
    earliest_mark = "earliest_mark"  # union; the earliest marked_at wins (attendance marks)
    append_only = "append_only"  # union; a row once stored is never changed (scan events)
    hub_wins = "hub_wins"  # content: a row edited centrally is the hub's; else last writer


@dataclass(frozen=True)
class Entity:
    name: str  # the table's name
    pk: str
    policy: Policy
    table: Table = field(repr=False)
    # Columns referencing other synced tables: a pulled row waits (is parked) until they exist.
    parents: tuple[tuple[str, str], ...] = ()
    # Columns referencing local-only tables (kiosks): set to NULL when the row is absent.
    local_refs: tuple[tuple[str, str], ...] = ()
    # Columns that stay local (not sent, never overwritten by a pull).
    local_columns: tuple[str, ...] = ()
    encoders: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    decoders: dict[str, Callable[[Any], Any]] = field(default_factory=dict)


# (table, primary key, policy) in foreign-key order: a parent before its children.
_DECLARED: tuple[tuple[str, str, Policy], ...] = (
    ("schools", "id", Policy.last_writer),
    ("users", "id", Policy.last_writer),
    ("pupil_profiles", "user_id", Policy.last_writer),
    ("teacher_profiles", "user_id", Policy.last_writer),
    ("parent_profiles", "user_id", Policy.last_writer),
    ("parent_children", "id", Policy.last_writer),
    ("classes", "id", Policy.last_writer),
    ("subjects", "id", Policy.hub_wins),
    ("enrollments", "id", Policy.last_writer),
    ("lessons", "id", Policy.last_writer),
    ("attendance_sessions", "id", Policy.last_writer),
    ("attendance_marks", "id", Policy.earliest_mark),
    ("attendance_cards", "id", Policy.last_writer),
    ("day_scan_events", "id", Policy.append_only),
    ("day_records", "id", Policy.last_writer),
)
# A login stamps these (the capture triggers of users ignore updates of only them).
LOCAL_COLUMNS: dict[str, tuple[str, ...]] = {"users": ("last_login_at", "updated_at")}
SYNCED_NAMES = tuple(name for name, _pk, _policy in _DECLARED)
RANK = {name: index for index, name in enumerate(SYNCED_NAMES)}


def _identity(value: Any) -> Any:
    return value


def _codec(column: Column) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    kind = column.type
    if isinstance(kind, Uuid):
        return (lambda v: None if v is None else str(v)), (
            lambda v: None if v is None else uuid.UUID(v)
        )
    if isinstance(kind, UTCDateTime):
        return (lambda v: None if v is None else v.isoformat()), (
            lambda v: None if v is None else datetime.fromisoformat(v)
        )
    if isinstance(kind, Date):
        return (lambda v: None if v is None else v.isoformat()), (
            lambda v: None if v is None else date.fromisoformat(v)
        )
    if isinstance(kind, LargeBinary):
        return (lambda v: None if v is None else base64.b64encode(v).decode("ascii")), (
            lambda v: None if v is None else base64.b64decode(v)
        )
    if isinstance(kind, JSON) or kind.__class__.__name__ == "JSONB":
        return _identity, _identity
    return _identity, _identity


def _build() -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for name, pk, policy in _DECLARED:
        table = Base.metadata.tables[name]
        parents: list[tuple[str, str]] = []
        local_refs: list[tuple[str, str]] = []
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if column.name == pk or target in SYNCED_NAMES:
                    parents.append((column.name, target))
                else:
                    local_refs.append((column.name, target))
        encoders = []
        decoders = {}
        local = LOCAL_COLUMNS.get(name, ())
        for column in table.columns:
            if column.name in local:
                continue
            encode, decode = _codec(column)
            encoders.append((column.name, encode))
            decoders[column.name] = decode
        entities[name] = Entity(
            name=name, pk=pk, policy=policy, table=table, parents=tuple(parents),
            local_refs=tuple(local_refs), local_columns=local, encoders=tuple(encoders),
            decoders=decoders,
        )
    return entities


ENTITIES: dict[str, Entity] = _build()


def encode_row(entity: Entity, row: Any) -> dict[str, Any]:
    """A database row (a SQLAlchemy Row with every column) as its JSON-able ``data``."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return {name: encode(mapping[name]) for name, encode in entity.encoders}


def decode_row(entity: Entity, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` back into Python values for an insert (unknown keys are dropped)."""
    decoders = entity.decoders
    return {name: decoders[name](value) for name, value in data.items() if name in decoders}


def canonical_id(value: Any) -> str:
    """A row id as its canonical UUID string, whatever the database gave (SQLite keeps UUIDs
    as 32 hex digits, PostgreSQL as uuid)."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def outbox_key(value: str, *, sqlite: bool) -> str:
    """A canonical id as the triggers write it into ``sync_outbox.row_id``."""
    parsed = uuid.UUID(value)
    return parsed.hex if sqlite else str(parsed)
