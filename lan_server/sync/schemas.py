from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from lan_server.sync.protocol import MAX_PUSH_ROWS


class HubHello(BaseModel):
    role: str
    protocol: int
    schema_low: int
    schema_high: int
    server_id: str


class EnrollIn(BaseModel):
    code: str = Field(min_length=4, max_length=40)
    install_id: str = Field(min_length=1, max_length=64)
    school_id: uuid.UUID | None = None


class EnrollOut(BaseModel):
    credential: str
    hub_school_id: uuid.UUID
    hub_school_name: str
    school_id: uuid.UUID


class PushRow(BaseModel):
    e: str = Field(max_length=40)
    id: uuid.UUID
    hlc: int = Field(ge=0, lt=2**63)
    deleted: bool
    data: dict[str, Any] | None = None


class PushBatchIn(BaseModel):
    after: int = Field(ge=0, lt=2**63)
    upto: int = Field(ge=0, lt=2**63)
    rows: list[PushRow] = Field(max_length=MAX_PUSH_ROWS)


class PullRow(BaseModel):
    e: str
    id: str
    hlc: int
    deleted: bool
    data: dict[str, Any] | None


class PullPage(BaseModel):
    rows: list[PullRow]
    next: int
    more: bool
    hlc: int
    acked: int = Field(description="The push sequence the hub acknowledged from this server")


class PushAck(BaseModel):
    acked: int
    hlc: int
    applied: int
    duplicate: bool


class EnrollCodeIn(BaseModel):
    school_name: str | None = Field(default=None, max_length=200)
    hub_school_id: uuid.UUID | None = None


class EnrollCodeOut(BaseModel):
    code: str
    hub_school_id: uuid.UUID
    expires_at: datetime


class CentralRow(BaseModel):
    e: str = Field(max_length=40)
    id: uuid.UUID
    deleted: bool = False
    data: dict[str, Any] | None = None


class CentralEditIn(BaseModel):
    rows: list[CentralRow] = Field(max_length=5000)


class CentralEditOut(BaseModel):
    written: int


class SyncStatus(BaseModel):
    role: str
    enrolled: bool
    hub_url: str | None
    hub_school_id: uuid.UUID | None
    pending: int
    parked: int
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_code: str | None
    hub_reachable: bool | None
    pushed_total: int
    pulled_total: int
    running: bool


class SyncRunOut(BaseModel):
    ok: bool
    pushed_rows: int = 0
    pulled_rows: int = 0
    status: SyncStatus


class SyncEnrollIn(BaseModel):
    hub_url: str = Field(min_length=8, max_length=300, pattern=r"^https?://")
    code: str = Field(min_length=4, max_length=40)
