from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class QrSessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID
    minutes: int | None = Field(default=None, ge=1, le=60)


class QrSessionRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    created_by_id: uuid.UUID | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    status: Literal["pending", "used", "expired"]


class QrSessionCreated(QrSessionRead):
    token: str
    qr_data: str  # the text to put in the QR code


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)
    location: str | None = Field(default=None, max_length=120)
    notes: str | None = Field(default=None, max_length=200)


class DayScanAnswer(BaseModel):
    result: str  # check_in | check_out | a refusal code
    ok: bool
    display: Literal["green", "blue", "red"]  # arrival, departure, refused
    message: str
    user_id: uuid.UUID | None = None
    name: str | None = None
    scanned_at: datetime
    time: str  # HH:MM in the school's timezone
    day: date | None = None
    check_in_at: datetime | None = None
    check_out_at: datetime | None = None
    hours: float | None = None
    duplicate: bool = False


class KioskScan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    qr: str = Field(min_length=1, max_length=300)
    nonce: str = Field(min_length=1, max_length=64)
    scanned_at: AwareDatetime

    @field_validator("scanned_at")
    @classmethod
    def _reasonable(cls, value: datetime) -> datetime:
        try:
            value = value.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise ValueError("scan time out of range") from exc
        if not 2000 <= value.year <= 2200:
            raise ValueError("scan time out of range")
        return value


class KioskScanBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scans: list[KioskScan] = Field(min_length=1, max_length=500)


class KioskScanNonce(DayScanAnswer):
    nonce: str


class KioskScanResults(BaseModel):
    results: list[KioskScanNonce]


class CardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID


class CardRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    card_no: int
    issued_at: datetime
    revoked_at: datetime | None
    qr_text: str


class PublicKeyRead(BaseModel):
    algorithm: Literal["Ed25519"] = "Ed25519"
    public_key: str  # raw 32 bytes, base64url without padding
    public_key_pem: str
    card_prefix: str


class KioskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)


class KioskRead(BaseModel):
    id: uuid.UUID
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class KioskCreated(KioskRead):
    credential: str  # shown once


class DayRecordRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str | None
    day: date
    check_in_at: datetime | None
    check_out_at: datetime | None
    hours: float | None
    automatic_check_out: bool


class CardSheetRead(BaseModel):
    """The card sheet as JSON (``Accept: application/json``); by default it is a PDF."""

    filename: str
    pages: int
    cards: list[CardRead]
    pdf_base64: str
