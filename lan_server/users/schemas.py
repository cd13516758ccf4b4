from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import inspect

from lan_server.models import Level, User, UserRole, UserStatus

Sex = Literal["F", "M"]
LocaleCode = Literal["fr", "en"]
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$"
PHONE_PATTERN = r"^\+?[0-9 ().-]{6,24}$"


class PupilProfileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    matricule: str | None
    birth_date: date | None
    level: str | None


class UserRead(BaseModel):
    id: uuid.UUID
    school_id: uuid.UUID
    username: str
    email: str | None
    phone: str | None
    first_name: str
    last_name: str
    sex: str | None
    role: UserRole
    locale: str
    status: UserStatus
    email_verified: bool
    has_password: bool
    last_login_at: datetime | None
    created_at: datetime
    pupil: PupilProfileRead | None = None

    @classmethod
    def of(cls, user: User) -> UserRead:
        loaded_pupil = "pupil_profile" not in inspect(user).unloaded
        profile = user.pupil_profile if loaded_pupil else None
        return cls(
            id=user.id,
            school_id=user.school_id,
            username=user.username,
            email=user.email,
            phone=user.phone,
            first_name=user.first_name,
            last_name=user.last_name,
            sex=user.sex,
            role=UserRole(user.role),
            locale=user.locale,
            status=UserStatus(user.status),
            email_verified=user.email_verified_at is not None,
            has_password=user.password_hash is not None,
            last_login_at=user.last_login_at,
            created_at=user.created_at,
            pupil=PupilProfileRead.model_validate(profile) if profile else None,
        )


def _strip(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class PupilFields(BaseModel):
    matricule: str | None = Field(default=None, max_length=40)
    birth_date: date | None = None
    level: Level | None = None


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=USERNAME_PATTERN)

    @field_validator("username")
    @classmethod
    def _lower_username(cls, value: str) -> str:
        # Stored lower-case, so the database's unique constraint and the case-insensitive
        # login agree: "Jean" and "jean" cannot both exist.
        return value.lower()

    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    role: UserRole
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    sex: Sex | None = None
    locale: LocaleCode = "fr"
    password: str | None = Field(default=None, max_length=1024)
    pupil: PupilFields | None = None
    children_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)

    @field_validator("first_name", "last_name")
    @classmethod
    def _names(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("empty")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = _strip(value)
        return value.lower() if value else None


class UserUpdate(BaseModel):
    """Fields an admin may change; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    sex: Sex | None = None
    locale: LocaleCode | None = None
    role: UserRole | None = None
    status: UserStatus | None = None
    pupil: PupilFields | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = _strip(value)
        return value.lower() if value else None


class ProfileUpdate(BaseModel):
    """Fields people may change on their own account."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    locale: LocaleCode | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = _strip(value)
        return value.lower() if value else None


class ResetCodeRead(BaseModel):
    user_id: uuid.UUID
    username: str
    code: str = Field(description="Hand it to the user; it works once")
    expires_at: datetime


class PermissionGrantChange(BaseModel):
    code: str = Field(min_length=1, max_length=64)


class UserPermissionsRead(BaseModel):
    user_id: uuid.UUID
    role_defaults: list[str]
    granted: list[str]
    effective: list[str]


class ParentLink(BaseModel):
    child_id: uuid.UUID
    relation: str | None = Field(default=None, max_length=32)
