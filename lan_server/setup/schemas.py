from __future__ import annotations

import uuid
import zoneinfo
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lan_server.users.schemas import EMAIL_PATTERN, USERNAME_PATTERN, LocaleCode


class SchoolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=200)
    town: str | None = Field(default=None, max_length=120)
    timezone: str = Field(default="Africa/Douala", max_length=64)
    default_locale: LocaleCode = "fr"
    languages: list[LocaleCode] = Field(default_factory=lambda: ["fr", "en"], min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return " ".join(value.split())


class AdminCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=USERNAME_PATTERN)

    @field_validator("username")
    @classmethod
    def _lower_username(cls, value: str) -> str:
        # Stored lower-case, so the database's unique constraint and the case-insensitive
        # login agree: "Jean" and "jean" cannot both exist.
        return value.lower()
    password: str = Field(min_length=1, max_length=1024)
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)


class SetupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    setup_token: str = Field(min_length=1, max_length=200)
    school: SchoolCreate
    admin: AdminCreate
    demo: bool = Field(default=False, description="Also load the demo school's data")


class SchoolRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    town: str | None
    country: str
    timezone: str
    default_locale: str
    languages: str
    currency: str


class SchoolUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=2, max_length=200)
    town: str | None = Field(default=None, max_length=120)
    timezone: str | None = Field(default=None, max_length=64)
    default_locale: LocaleCode | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return SchoolCreate._known_zone(value) if value else value


class ServerInfo(BaseModel):
    """What a client needs to recognise and trust this server (same facts as the zeroconf
    TXT records) and to work on the server's clock."""

    server_id: str
    school_id: uuid.UUID | None
    school_name: str | None
    initialized: bool
    version: str
    role: str
    api: str = "/api/v1"
    proto: Literal["http", "https"] = "http"
    fingerprint: str | None = Field(
        default=None, description="SHA-256 (hex) of the server's DER certificate, HTTPS only"
    )
    qr_page_port: int | None = Field(
        default=None,
        description="HTTPS only: the plain-HTTP port serving the attendance QR page (/a/...) "
        "and nothing else; the lesson QR URL points there (docs/discovery.md). None: the QR "
        "URL is on the API's own address",
    )
    server_time: datetime
    timezone: str
    languages: list[str]


class Liveness(BaseModel):
    status: Literal["ok"]


class Health(BaseModel):
    status: str
    database: str
