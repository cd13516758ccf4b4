"""All ORM models, imported here so that metadata (alembic, tests) sees every table."""

from lan_server.models.attendance import (
    AttendanceCard,
    AttendanceMark,
    AttendanceSession,
    DayRecord,
    DayScanEvent,
    DayScanResult,
    JobRun,
    KioskDevice,
    MarkSource,
    MarkStatus,
    PersonalQrSession,
    ScanAttempt,
    SchoolSigningKey,
)
from lan_server.models.audit import AuditEvent
from lan_server.models.auth import ActionToken, LoginThrottle, PermissionGrant, RefreshToken
from lan_server.models.base import Base
from lan_server.models.classes import Enrollment, Lesson, SchoolClass, Subject
from lan_server.models.email import OutboxEmail
from lan_server.models.school import School
from lan_server.models.sync import (
    HubCredential,
    HubEnrollCode,
    HubRecord,
    HubSchool,
    SyncApplying,
    SyncOutbox,
    SyncParked,
    SyncState,
)
from lan_server.models.user import (
    Level,
    ParentChild,
    ParentProfile,
    PupilProfile,
    TeacherProfile,
    User,
    UserRole,
    UserStatus,
)

__all__ = [
    "AttendanceCard",
    "AttendanceMark",
    "AttendanceSession",
    "DayRecord",
    "DayScanEvent",
    "DayScanResult",
    "JobRun",
    "KioskDevice",
    "MarkSource",
    "MarkStatus",
    "PersonalQrSession",
    "ScanAttempt",
    "SchoolSigningKey",
    "ActionToken",
    "AuditEvent",
    "Base",
    "Enrollment",
    "Lesson",
    "Level",
    "LoginThrottle",
    "OutboxEmail",
    "ParentChild",
    "ParentProfile",
    "PermissionGrant",
    "PupilProfile",
    "RefreshToken",
    "School",
    "SchoolClass",
    "Subject",
    "HubCredential",
    "HubEnrollCode",
    "HubRecord",
    "HubSchool",
    "SyncApplying",
    "SyncOutbox",
    "SyncParked",
    "SyncState",
    "TeacherProfile",
    "User",
    "UserRole",
    "UserStatus",
]
