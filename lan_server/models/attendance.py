"""Attendance: lesson sessions with a rotating QR (marks per pupil), and day attendance
(arrival/departure scans as an append-only event log, and the day records derived from
it). Contracts: docs/attendance.md (from DESIGN.md, "Attendance contracts")."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lan_server.models.base import Base, IdMixin, JSONType, TimestampMixin, utcnow


class MarkStatus(StrEnum):
    present = "present"
    late = "late"
    excused = "excused"
    absent = "absent"


class MarkSource(StrEnum):
    qr = "qr"  # the QR URL, scanned by a phone camera or the eCEP app
    typed = "typed"  # the 6-digit code typed by a pupil whose camera cannot read the screen
    teacher = "teacher"  # a correction by the teacher
    closing = "closing"  # marked absent when the session closed


class AttendanceSession(IdMixin, TimestampMixin, Base):
    """One lesson's attendance, with its rotating-QR secret."""

    __tablename__ = "attendance_sessions"
    __table_args__ = (
        CheckConstraint("period_seconds BETWEEN 5 AND 60", name="period_range"),
        # One open session per lesson, enforced by the database, not by check-then-insert.
        Index(
            "uq_attendance_sessions_open_lesson",
            "lesson_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id"), index=True)
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("classes.id"), index=True)
    opened_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Short random id used in the QR URL: /a/<short_code>/<slot>/<code>.
    short_code: Mapped[str] = mapped_column(String(16), unique=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary(32))
    period_seconds: Mapped[int] = mapped_column(Integer, default=10)
    opened_at: Mapped[datetime]
    late_after: Mapped[datetime]  # a mark after this is "late"
    closes_at: Mapped[datetime]  # closed automatically at this time if still open
    closed_at: Mapped[datetime | None]
    allowed_networks: Mapped[list[str]] = mapped_column(JSONType, default=list)  # CIDRs; [] = any
    paused: Mapped[bool] = mapped_column(default=False)


class AttendanceMark(TimestampMixin, Base):
    """A pupil's mark in a session. The id is uuid5(session, pupil): the same fact recorded
    twice (two devices, a sync replay) is the same row."""

    __tablename__ = "attendance_marks"
    __table_args__ = (
        UniqueConstraint("session_id", "pupil_id"),
        # A device marks one pupil per session (NULLs, e.g. teacher corrections, are distinct).
        UniqueConstraint("session_id", "device_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("attendance_sessions.id", ondelete="CASCADE")
    )
    pupil_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    marked_at: Mapped[datetime]
    slot_age: Mapped[int | None]  # 0 = current slot, 1 = previous: evidence of the scan
    device_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    nonce: Mapped[str | None] = mapped_column(String(64))
    corrected_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(String(200))


class ScanAttempt(IdMixin, Base):
    """Every lesson scan, accepted or refused (who, device, IP, result), so a teacher can see
    attempts at cheating. A client nonce makes a retried scan the same scan."""

    __tablename__ = "attendance_scan_attempts"
    __table_args__ = (
        UniqueConstraint("pupil_id", "nonce"),
        Index("ix_attendance_scan_attempts_session_created", "session_id", "created_at"),
    )

    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("attendance_sessions.id", ondelete="CASCADE")
    )
    pupil_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    nonce: Mapped[str | None] = mapped_column(String(64))
    slot: Mapped[int | None]
    result: Mapped[str] = mapped_column(String(32))  # "marked", "already_marked" or a refusal code
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# -- day attendance (arrival / departure) ---------------------------------------------------


class DayScanResult(StrEnum):
    check_in = "check_in"
    check_out = "check_out"
    already_checked_out = "already_checked_out"
    too_soon = "too_soon"
    auto_check_out = "auto_check_out"


class PersonalQrSession(IdMixin, Base):
    """A single-use personal QR for one person's day scan, made by someone holding
    ``attendance.create_qr_session``; valid 1-60 minutes."""

    __tablename__ = "attendance_qr_sessions"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]


class AttendanceCard(IdMixin, Base):
    """A printed personal card: QR ``ECEPCARD1.<user_id>.<card_no>.<signature>`` signed with
    the school's Ed25519 key; revocable by card number."""

    __tablename__ = "attendance_cards"
    __table_args__ = (UniqueConstraint("school_id", "card_no"),)

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    card_no: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]


class SchoolSigningKey(IdMixin, Base):
    """The school's Ed25519 key for cards. The public half is given to kiosks so they can
    verify cards while the server is unreachable."""

    __tablename__ = "school_signing_keys"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), unique=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary(64))  # raw 32-byte seed
    public_key: Mapped[bytes] = mapped_column(LargeBinary(64))  # raw 32 bytes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KioskDevice(IdMixin, Base):
    """A registered kiosk (the desktop's webcam window) with its own credential."""

    __tablename__ = "kiosk_devices"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    name: Mapped[str] = mapped_column(String(80))
    credential_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]


class DayScanEvent(IdMixin, Base):
    """Append-only: one row per day scan as it arrived, with its original scan time (a
    kiosk that was offline uploads its queue later). Never updated, never deleted."""

    __tablename__ = "day_scan_events"
    __table_args__ = (
        UniqueConstraint("user_id", "nonce"),
        Index("ix_day_scan_events_user_scanned", "user_id", "scanned_at"),
    )

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    scanned_at: Mapped[datetime]  # when the scan happened (kiosk or server clock)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(16))  # qr_session | card | automatic
    kiosk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("kiosk_devices.id"))
    card_no: Mapped[int | None]
    nonce: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(24))  # DayScanResult or a refusal code
    location: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(String(200))


class DayRecord(IdMixin, TimestampMixin, Base):
    """A person's day (in the school's timezone), derived from the event log under a row
    lock: first arrival, last departure, hours."""

    __tablename__ = "day_records"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(index=True)
    check_in_at: Mapped[datetime | None]
    check_out_at: Mapped[datetime | None]
    automatic_check_out: Mapped[bool] = mapped_column(default=False)

    @property
    def hours(self) -> float | None:
        if self.check_in_at is None or self.check_out_at is None:
            return None
        return round((self.check_out_at - self.check_in_at).total_seconds() / 3600, 2)


class JobRun(Base):
    """When each periodic job last ran, so jobs survive restarts (no double run, no gap)."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
