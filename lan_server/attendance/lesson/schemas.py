from __future__ import annotations

import ipaddress
import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from lan_server.models import MarkStatus


class SessionOpen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson_id: uuid.UUID
    # Defaults come from the school's attendance settings.
    period_seconds: int | None = Field(default=None, ge=5, le=60)
    late_after_minutes: int | None = Field(default=None, ge=0, le=240)
    allowed_networks: list[str] | None = Field(default=None, max_length=20)
    closes_at: AwareDatetime | None = None

    @field_validator("allowed_networks")
    @classmethod
    def _cidrs(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        return [str(ipaddress.ip_network(item.strip()[:50], strict=False)) for item in value]


class SessionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paused: bool


class SessionRead(BaseModel):
    id: uuid.UUID
    lesson_id: uuid.UUID
    class_id: uuid.UUID
    opened_by_id: uuid.UUID | None
    short_code: str
    period_seconds: int
    opened_at: datetime
    late_after: datetime
    closes_at: datetime
    closed_at: datetime | None
    allowed_networks: list[str]
    paused: bool
    is_open: bool
    marked_count: int = 0
    enrolled_count: int = 0


class DisplayRead(BaseModel):
    """What the projector needs to draw the codes itself, on the server's clock."""

    session_id: uuid.UUID
    short_code: str
    secret: str = Field(description="The session's HMAC secret, hex (64 characters)")
    period_seconds: int
    server_time: datetime
    server_time_ms: int = Field(description="Server clock, Unix milliseconds")
    slot: int
    code: str
    url: str
    url_base: str = Field(description="Prefix of every QR URL: <url_base>/<slot>/<code>")
    typed_code: str
    next_rotation_ms: int = Field(description="Milliseconds until the next slot")
    class_name: str
    subject_name: str
    marked_count: int
    enrolled_count: int
    paused: bool
    is_open: bool
    closes_at: datetime


class ScanRequest(BaseModel):
    """One of: ``url`` (the scanned QR text); ``session_id`` or ``short_code`` with ``slot``
    and ``code``; ``session_id`` or ``short_code`` with ``typed_code``."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=500)
    session_id: uuid.UUID | None = None
    short_code: str | None = Field(default=None, max_length=16)
    slot: int | None = Field(default=None, ge=0, le=10**12)
    code: str | None = Field(default=None, max_length=32)
    typed_code: str | None = Field(default=None, max_length=12)
    nonce: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)


class ScanResult(BaseModel):
    result: Literal["marked", "already_marked"]
    already_marked: bool
    session_id: uuid.UUID
    pupil_id: uuid.UUID
    status: MarkStatus
    marked_at: datetime
    slot_age: int | None


class MarkRead(BaseModel):
    id: uuid.UUID
    pupil_id: uuid.UUID
    status: MarkStatus
    source: str
    marked_at: datetime
    slot_age: int | None
    device_id: str | None
    note: str | None
    corrected_by_id: uuid.UUID | None


class RosterEntry(BaseModel):
    pupil_id: uuid.UUID
    first_name: str
    last_name: str
    mark: MarkRead | None


class RosterRead(BaseModel):
    session_id: uuid.UUID
    is_open: bool
    enrolled_count: int
    marked_count: int
    # Refused scans of the session so far: a client reads /attempts again when it changes.
    refused_count: int = 0
    pupils: list[RosterEntry]


class AttemptRead(BaseModel):
    id: uuid.UUID
    pupil_id: uuid.UUID | None
    pupil_name: str | None
    device_id: str | None
    ip: str | None
    slot: int | None
    result: str
    created_at: datetime


class MarkCorrection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: MarkStatus
    note: str | None = Field(default=None, max_length=200)
