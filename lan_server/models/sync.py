"""Sync with the hub (docs/sync.md).

School side: ``sync_outbox`` (filled by database triggers on every synced table, in the
transaction of the change), ``sync_state`` (one row: the hub, the credential, the cursors,
the hybrid logical clock, the last outcome) and ``sync_parked`` (pulled rows waiting for a
parent row that has not arrived yet).

Hub side: ``hub_schools``, ``hub_enroll_codes``, ``hub_credentials`` (one per enrolled
school server, with its acknowledged push sequence) and ``hub_records``: the current state
of every synced row of every school, whose ``change_seq`` (from one PostgreSQL sequence) is
the compacted change log that pulls read after a cursor.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from lan_server.models.base import Base, IdMixin, JSONType, utcnow

# SQLite: INTEGER PRIMARY KEY AUTOINCREMENT never reuses a number, even after the rows
# with the highest numbers were deleted (pushed rows are), so a sequence is never sent twice
# with different contents.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class SyncOutbox(Base):
    """One row per change of a synced row (written by triggers, never by Python)."""

    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))  # i, u, d


class SyncApplying(Base):
    """Holds a row only inside the transaction that applies pulled rows: the SQLite
    triggers write no outbox row while it exists (PostgreSQL checks a transaction-local
    setting instead). Never committed non-empty."""

    __tablename__ = "sync_applying"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SyncState(Base):
    """The school's side of the link (a single row, id 1)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_url: Mapped[str | None] = mapped_column(String(300))
    credential: Mapped[str | None] = mapped_column(String(200))
    hub_school_id: Mapped[uuid.UUID | None]
    install_id: Mapped[str | None] = mapped_column(String(64))
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    pull_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_code: Mapped[str | None] = mapped_column(String(64))
    hub_reachable: Mapped[bool | None]
    pushed_total: Mapped[int] = mapped_column(BigInteger, default=0)
    pulled_total: Mapped[int] = mapped_column(BigInteger, default=0)
    # The database was restored from a backup: the next sync first pulls everything the hub
    # holds (this server's own pushes included), then numbers the outbox after the hub's
    # acknowledged sequence (lan_server/sync/restore.py).
    resync_required: Mapped[bool] = mapped_column(default=False, server_default=false())


class SyncParked(Base):
    """A pulled row whose parent (a user, a lesson...) has not arrived yet, or that a local
    unique constraint refused; retried after every pull."""

    __tablename__ = "sync_parked"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    reason: Mapped[str | None] = mapped_column(String(300))


# -- hub side --------------------------------------------------------------------------------


class HubSchool(IdMixin, Base):
    __tablename__ = "hub_schools"

    name: Mapped[str] = mapped_column(String(200))
    # The school's own ``schools.id``, bound by its first enrollment.
    school_uuid: Mapped[uuid.UUID | None]
    # Highest hybrid-logical-clock value seen for this school (central edits go after it).
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HubEnrollCode(Base):
    __tablename__ = "hub_enroll_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hub_school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_schools.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class HubCredential(IdMixin, Base):
    """What one enrolled school server authenticates with (stored as its SHA-256), and the
    highest outbox sequence of that server the hub has applied."""

    __tablename__ = "hub_credentials"

    hub_school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hub_schools.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    install_id: Mapped[str] = mapped_column(String(64))
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class HubRecord(Base):
    """The current state of one synced row of one school (``deleted``: a tombstone)."""

    __tablename__ = "hub_records"
    __table_args__ = (Index("ix_hub_records_school_change", "hub_school_id", "change_seq"),)

    hub_school_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("hub_schools.id"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    hlc: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(default=False)
    # Who wrote this version: a credential id (a school server), "hub" (a central edit) or
    # "merge" (the hub kept another version than the one a school pushed).
    origin: Mapped[str] = mapped_column(String(40))
    change_seq: Mapped[int] = mapped_column(BigInteger)
