"""A school's attendance rules, stored in ``School.options["attendance"]``."""

from __future__ import annotations

import ipaddress
from datetime import time

from pydantic import BaseModel, Field, field_validator

from lan_server.models import School


class RateWeights(BaseModel):
    """Attendance rate = sum(weight of each mark) / (2 x number of marks)."""

    present: int = Field(default=2, ge=0, le=10)
    late: int = Field(default=1, ge=0, le=10)
    excused: int = Field(default=1, ge=0, le=10)
    absent: int = Field(default=0, ge=0, le=10)


class AttendanceSettings(BaseModel):
    rotation_period_seconds: int = Field(default=10, ge=5, le=60)
    late_after_minutes: int = Field(default=10, ge=0, le=240)
    # School networks a lesson scan may come from (CIDRs); empty means any.
    allowed_networks: list[str] = Field(default_factory=list, max_length=20)
    # A departure sooner than this after the arrival is refused as too_soon, so a webcam
    # reading a card many times a second never checks a pupil out by accident.
    min_checkout_minutes: int = Field(default=60, ge=1, le=12 * 60)
    auto_checkout_time: time = time(18, 0)
    qr_session_default_minutes: int = Field(default=5, ge=1, le=60)
    weights: RateWeights = Field(default_factory=RateWeights)

    @field_validator("allowed_networks")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        return [str(ipaddress.ip_network(item.strip(), strict=False)) for item in value]


def attendance_settings(school: School) -> AttendanceSettings:
    return AttendanceSettings.model_validate((school.options or {}).get("attendance", {}))


def save_attendance_settings(school: School, settings: AttendanceSettings) -> None:
    # A new dict: SQLAlchemy sees a changed JSON value only when the object is replaced.
    school.options = {**(school.options or {}), "attendance": settings.model_dump(mode="json")}
