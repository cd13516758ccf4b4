"""Response models of the attendance reports. Times are given twice: the UTC instant
(``*_at``) and the school's wall-clock time (``*_time``, HH:MM), which is what people read."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class StatusCounts(BaseModel):
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0
    marks: int = Field(0, description="present + late + excused + absent")
    rate: float | None = Field(
        None,
        description="Σ weight(mark) / (2 × marks), 3 decimals; null without marks. "
        "Weights from the school's attendance settings (default 2/1/1/0).",
    )


class PupilRef(BaseModel):
    pupil_id: uuid.UUID
    last_name: str
    first_name: str
    matricule: str | None = None


# -- per lesson -----------------------------------------------------------------------------


class LessonMarkRow(PupilRef):
    status: str | None = Field(None, description="present|late|excused|absent; null: not marked")
    marked_at: dt.datetime | None = None
    marked_time: str | None = Field(None, description="HH:MM, school time")
    source: str | None = None


class LessonSessionReport(BaseModel):
    session_id: uuid.UUID
    opened_at: dt.datetime
    opened_time: str
    closed_at: dt.datetime | None
    pupils: list[LessonMarkRow]
    totals: StatusCounts
    unmarked: int


class LessonReport(BaseModel):
    lesson_id: uuid.UUID
    class_id: uuid.UUID
    class_name: str
    subject_code: str
    subject_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    date: dt.date = Field(description="The lesson's day, school time")
    start_time: str
    sessions: list[LessonSessionReport]
    totals: StatusCounts


# -- per class ------------------------------------------------------------------------------


class ClassPupilRow(PupilRef, StatusCounts):
    pass


class DayCounts(StatusCounts):
    date: dt.date
    sessions: int


class ClassReport(BaseModel):
    class_id: uuid.UUID
    class_name: str
    date_from: dt.date = Field(serialization_alias="from")
    date_to: dt.date = Field(serialization_alias="to")
    sessions: int
    pupils: list[ClassPupilRow]
    days: list[DayCounts]
    totals: StatusCounts


# -- per pupil ------------------------------------------------------------------------------


class PupilMarkRow(BaseModel):
    date: dt.date
    session_id: uuid.UUID
    lesson_id: uuid.UUID
    class_name: str
    subject_code: str
    subject_name: str
    lesson_time: str = Field(description="HH:MM, school time")
    status: str
    marked_at: dt.datetime
    marked_time: str
    source: str


class PupilReport(PupilRef):
    date_from: dt.date = Field(serialization_alias="from")
    date_to: dt.date = Field(serialization_alias="to")
    totals: StatusCounts
    lates: int
    absences: int
    excused: int
    marks: list[PupilMarkRow]


# -- day attendance -------------------------------------------------------------------------


class DayRow(BaseModel):
    user_id: uuid.UUID
    last_name: str
    first_name: str
    role: str
    date: dt.date
    check_in_at: dt.datetime | None
    check_in_time: str | None
    check_out_at: dt.datetime | None
    check_out_time: str | None
    hours: float | None
    automatic_check_out: bool


class DayReport(BaseModel):
    date_from: dt.date = Field(serialization_alias="from")
    date_to: dt.date = Field(serialization_alias="to")
    class_id: uuid.UUID | None
    records: list[DayRow]
    total_hours: float
