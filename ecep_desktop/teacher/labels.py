"""Translated words shared by the teacher screens, and the school's time zone."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication

DEFAULT_TIMEZONE = "Africa/Douala"


def status_label(status: str | None) -> str:
    """A mark's status in the user's language (None: not marked yet)."""
    if status == "present":
        return QCoreApplication.translate("TeacherStatus", "Present")
    if status == "late":
        return QCoreApplication.translate("TeacherStatus", "Late")
    if status == "excused":
        return QCoreApplication.translate("TeacherStatus", "Excused")
    if status == "absent":
        return QCoreApplication.translate("TeacherStatus", "Absent")
    return QCoreApplication.translate("TeacherStatus", "Not marked")


def refusal_label(code: str) -> str:
    """Why the server refused a scan, in a few words for the teacher."""
    labels = {
        "qr_invalid": QCoreApplication.translate("TeacherRefusal", "wrong code"),
        "qr_expired": QCoreApplication.translate("TeacherRefusal", "expired code"),
        "session_closed": QCoreApplication.translate("TeacherRefusal",
                                                     "attendance paused or closed"),
        "not_enrolled": QCoreApplication.translate("TeacherRefusal", "not in this class"),
        "outside_network": QCoreApplication.translate("TeacherRefusal",
                                                      "outside the school network"),
        "device_already_used": QCoreApplication.translate(
            "TeacherRefusal", "phone already used for another pupil"),
        "rate_limited": QCoreApplication.translate("TeacherRefusal", "too many scans"),
    }
    return labels.get(code, code)


def school_zone(server_info: dict[str, Any]) -> tzinfo:
    """The school's time zone (``GET /info``); the computer's own when the zone database
    lacks it (Windows without the tzdata package)."""
    try:
        return ZoneInfo(str(server_info.get("timezone") or DEFAULT_TIMEZONE))
    except (ZoneInfoNotFoundError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


def parse_time(value: str) -> datetime:
    """An API timestamp (ISO 8601, UTC) as an aware datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def clock_text(value: str | None, zone: tzinfo) -> str:
    """HH:MM of an API timestamp in the school's time zone ("" for None)."""
    return parse_time(value).astimezone(zone).strftime("%H:%M") if value else ""
