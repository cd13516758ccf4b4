from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from lan_server.models import Level

SCHOOL_YEAR_PATTERN = r"^\d{4}-\d{4}$"


def _check_year(value: str) -> str:
    start, end = (int(part) for part in value.split("-"))
    if end != start + 1:
        raise ValueError("a school year is two consecutive years, e.g. 2026-2027")
    return value


class ClassRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    level: Level
    school_year: str
    main_teacher_id: uuid.UUID | None
    pupil_count: int = 0


class ClassCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    level: Level
    school_year: str = Field(pattern=SCHOOL_YEAR_PATTERN)
    main_teacher_id: uuid.UUID | None = None

    @field_validator("school_year")
    @classmethod
    def _year(cls, value: str) -> str:
        return _check_year(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("empty")
        return value


class ClassUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=80)
    level: Level | None = None
    school_year: str | None = Field(default=None, pattern=SCHOOL_YEAR_PATTERN)
    main_teacher_id: uuid.UUID | None = None

    @field_validator("school_year")
    @classmethod
    def _year(cls, value: str | None) -> str | None:
        return _check_year(value) if value else value


class EnrollmentCreate(BaseModel):
    pupil_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)


class EnrollmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    class_id: uuid.UUID
    pupil_id: uuid.UUID
    created_at: datetime


class SubjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str


class SubjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=120)

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class SubjectUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)


class LessonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    class_id: uuid.UUID
    subject_id: uuid.UUID
    teacher_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    room: str | None


class LessonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class_id: uuid.UUID
    subject_id: uuid.UUID
    teacher_id: uuid.UUID | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    room: str | None = Field(default=None, max_length=60)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @model_validator(mode="after")
    def _order(self) -> LessonCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if (self.ends_at - self.starts_at).total_seconds() > 12 * 3600:
            raise ValueError("a lesson lasts at most 12 hours")
        return self


class LessonUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: uuid.UUID | None = None
    teacher_id: uuid.UUID | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    room: str | None = Field(default=None, max_length=60)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return value.astimezone(UTC) if value else value


def current_school_year(today_year: int, today_month: int) -> str:
    """Cameroon's school year starts in September."""
    start = today_year if today_month >= 9 else today_year - 1
    return f"{start}-{start + 1}"
