"""Day attendance: arrival then departure, from personal QR sessions or signed cards read by
kiosks. Contract: docs/attendance.md, "Day attendance".

Every scan is appended to ``day_scan_events`` (never updated once committed). The person's
``day_records`` row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's single
writer serialises) and rebuilt from ALL the day's events sorted by scan time, so an offline
kiosk's late batch, or a card read 30 times in one second, always gives the same answer:
the first scan is the arrival, the first one at least ``min_checkout_minutes`` later is the
departure, anything in between is ``too_soon`` and anything after ``already_checked_out``."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import lan_server.attendance.day.messages  # noqa: F401 - registers the message keys
from lan_server.attendance.settings import AttendanceSettings, attendance_settings
from lan_server.audit import service as audit
from lan_server.auth.permissions import Perm, has_permission
from lan_server.core.errors import AppError, BadRequest, Conflict, Forbidden, NotFound
from lan_server.core.i18n import translate
from lan_server.core.pagination import paginate
from lan_server.core.scoping import scope_classes, scope_users
from lan_server.core.security import hash_token, new_opaque_token
from lan_server.models import (
    AttendanceCard,
    DayRecord,
    DayScanEvent,
    DayScanResult,
    Enrollment,
    KioskDevice,
    PersonalQrSession,
    School,
    SchoolClass,
    SchoolSigningKey,
    User,
    UserRole,
    UserStatus,
)

CARD_PREFIX = "ECEPCARD1"
# The text a personal QR session's code encodes; check-in also takes the bare token.
QR_SESSION_PREFIX = "ECEPDAY1."
DEFAULT_TIMEZONE = "Africa/Douala"
# A kiosk's clock may run a little ahead of the server's.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Scans whose interpretation depends on the others of the day (refusals of a card, such as
# card_revoked, are logged but never count).
_SCAN_RESULTS = frozenset(
    {
        DayScanResult.check_in,
        DayScanResult.check_out,
        DayScanResult.too_soon,
        DayScanResult.already_checked_out,
    }
)
SOURCE_QR = "qr_session"
SOURCE_CARD = "card"
SOURCE_AUTOMATIC = "automatic"


# -- time ------------------------------------------------------------------------------------


def school_timezone(school: School) -> tzinfo:
    try:
        return ZoneInfo(school.timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    return start.astimezone(UTC), datetime(end.year, end.month, end.day, tzinfo=tz).astimezone(UTC)


def hhmm(moment: datetime | None, tz: tzinfo) -> str | None:
    return moment.astimezone(tz).strftime("%H:%M") if moment else None


def format_hours(hours: float, locale: str) -> str:
    text = f"{hours:.2f}"
    return text.replace(".", ",") if locale == "fr" else text


def get_school(session: Session, school_id: uuid.UUID) -> School:
    school = session.get(School, school_id)
    assert school is not None
    return school


# -- scans and the day record ----------------------------------------------------------------


@dataclass
class ScanOutcome:
    result: str  # a DayScanResult, or a refusal code (card_revoked, ...)
    user: User | None
    scanned_at: datetime
    record: DayRecord | None = None
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return self.result in (DayScanResult.check_in, DayScanResult.check_out)

    def message(self, locale: str, tz: tzinfo, settings: AttendanceSettings) -> str:
        record = self.record
        if self.result == DayScanResult.check_in:
            return translate("day.check_in", locale, {"time": hhmm(self.scanned_at, tz)})
        if self.result == DayScanResult.check_out and record and record.hours is not None:
            return translate(
                "day.check_out",
                locale,
                {
                    "time": hhmm(record.check_out_at, tz),
                    "hours": format_hours(record.hours, locale),
                },
            )
        return translate(self.result, locale, self.params(tz, settings))

    def params(self, tz: tzinfo, settings: AttendanceSettings) -> dict[str, str | int | None]:
        record = self.record
        return {
            "check_in": hhmm(record.check_in_at, tz) if record else None,
            "check_out": hhmm(record.check_out_at, tz) if record else None,
            "minutes": settings.min_checkout_minutes,
        }


def _lock_record(
    session: Session, school_id: uuid.UUID, user_id: uuid.UUID, day: date
) -> DayRecord:
    stmt = (
        select(DayRecord)
        .where(DayRecord.user_id == user_id, DayRecord.day == day)
        .with_for_update()
    )
    record = session.scalar(stmt)
    if record is None:
        try:
            with session.begin_nested():
                record = DayRecord(school_id=school_id, user_id=user_id, day=day)
                session.add(record)
        except IntegrityError:  # made by a concurrent scan: take its row, locked
            record = session.scalar(stmt)
            assert record is not None
    return record


def _rebuild(
    session: Session, record: DayRecord, tz: tzinfo, settings: AttendanceSettings
) -> tuple[DayScanEvent | None, DayScanEvent | None]:
    """Recomputes the record from every event of its day; returns the arrival and departure
    events (None when none)."""
    start, end = day_bounds(record.day, tz)
    events = list(
        session.scalars(
            select(DayScanEvent)
            .where(
                DayScanEvent.user_id == record.user_id,
                DayScanEvent.scanned_at >= start,
                DayScanEvent.scanned_at < end,
            )
            .order_by(DayScanEvent.scanned_at, DayScanEvent.id)
        )
    )
    scans = [e for e in events if e.source != SOURCE_AUTOMATIC and e.result in _SCAN_RESULTS]
    first = scans[0] if scans else None
    departure = None
    automatic = None
    if first is not None:
        earliest_out = first.scanned_at + timedelta(minutes=settings.min_checkout_minutes)
        departure = next((e for e in scans[1:] if e.scanned_at >= earliest_out), None)
        if departure is None:
            automatic = next(
                (
                    e
                    for e in events
                    if e.source == SOURCE_AUTOMATIC and e.scanned_at >= first.scanned_at
                ),
                None,
            )
    record.check_in_at = first.scanned_at if first else None
    if departure is not None:
        record.check_out_at = departure.scanned_at
    else:
        record.check_out_at = automatic.scanned_at if automatic else None
    record.automatic_check_out = departure is None and automatic is not None
    return first, departure


def _classify(
    event: DayScanEvent, first: DayScanEvent | None, departure: DayScanEvent | None
) -> str:
    if event is first:
        return DayScanResult.check_in
    if event is departure:
        return DayScanResult.check_out
    if departure is not None and (event.scanned_at, event.id) > (
        departure.scanned_at,
        departure.id,
    ):
        return DayScanResult.already_checked_out
    return DayScanResult.too_soon


def _existing_event(session: Session, user_id: uuid.UUID, nonce: str) -> DayScanEvent | None:
    return session.scalar(
        select(DayScanEvent).where(DayScanEvent.user_id == user_id, DayScanEvent.nonce == nonce)
    )


def _duplicate(session: Session, school: School, user: User, event: DayScanEvent) -> ScanOutcome:
    record = session.scalar(
        select(DayRecord).where(
            DayRecord.user_id == user.id,
            DayRecord.day == local_day(event.scanned_at, school_timezone(school)),
        )
    )
    return ScanOutcome(event.result, user, event.scanned_at, record, duplicate=True)


def record_scan(
    session: Session,
    *,
    school: School,
    user: User,
    scanned_at: datetime,
    source: str,
    nonce: str | None = None,
    kiosk_id: uuid.UUID | None = None,
    card_no: int | None = None,
    location: str | None = None,
    notes: str | None = None,
) -> ScanOutcome:
    """Appends one scan and rebuilds the person's day under its row lock. The same nonce
    twice (a kiosk retrying an upload) is one event and gets the first answer."""
    tz = school_timezone(school)
    settings = attendance_settings(school)
    if nonce is not None and (existing := _existing_event(session, user.id, nonce)):
        return _duplicate(session, school, user, existing)
    record = _lock_record(session, school.id, user.id, local_day(scanned_at, tz))
    event = DayScanEvent(
        school_id=school.id,
        user_id=user.id,
        scanned_at=scanned_at,
        source=source,
        kiosk_id=kiosk_id,
        card_no=card_no,
        nonce=nonce,
        result=DayScanResult.check_in,  # provisional, classified below in this transaction
        location=location,
        notes=notes,
    )
    try:
        with session.begin_nested():
            session.add(event)
    except IntegrityError:  # the same nonce, raced in by another request
        existing = _existing_event(session, user.id, nonce or "")
        if existing is None:
            raise
        return _duplicate(session, school, user, existing)
    first, departure = _rebuild(session, record, tz, settings)
    event.result = _classify(event, first, departure)
    session.flush()
    return ScanOutcome(event.result, user, scanned_at, record)


def log_refusal(
    session: Session,
    *,
    school: School,
    user: User,
    scanned_at: datetime,
    source: str,
    result: str,
    nonce: str | None = None,
    kiosk_id: uuid.UUID | None = None,
    card_no: int | None = None,
) -> ScanOutcome:
    """A refused scan of a known person (a revoked card): logged, never counted."""
    if nonce is not None and (existing := _existing_event(session, user.id, nonce)):
        return _duplicate(session, school, user, existing)
    try:
        with session.begin_nested():
            session.add(
                DayScanEvent(
                    school_id=school.id,
                    user_id=user.id,
                    scanned_at=scanned_at,
                    source=source,
                    kiosk_id=kiosk_id,
                    card_no=card_no,
                    nonce=nonce,
                    result=result,
                )
            )
    except IntegrityError:
        existing = _existing_event(session, user.id, nonce or "")
        if existing is None:
            raise
        return _duplicate(session, school, user, existing)
    return ScanOutcome(result, user, scanned_at)


def refuse_if_not_ok(outcome: ScanOutcome, school: School) -> None:
    """Turns a refused scan into a problem+json answer that still commits the event."""
    if outcome.ok:
        return
    tz = school_timezone(school)
    record = outcome.record
    raise Conflict(
        outcome.result,
        params=outcome.params(tz, attendance_settings(school)),
        extra={
            "check_in_at": record.check_in_at.isoformat()
            if record and record.check_in_at
            else None,
            "check_out_at": record.check_out_at.isoformat()
            if record and record.check_out_at
            else None,
            "check_in": hhmm(record.check_in_at, tz) if record else None,
            "check_out": hhmm(record.check_out_at, tz) if record else None,
        },
        keep_changes=True,
    )


# -- personal QR sessions -----------------------------------------------------------------


def _school_user(session: Session, school_id: uuid.UUID, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None or user.school_id != school_id or user.deleted_at is not None:
        raise NotFound("user_not_found")
    return user


def create_qr_session(
    session: Session,
    *,
    actor: User,
    user_id: uuid.UUID,
    minutes: int | None,
    now: datetime,
    ip: str | None = None,
) -> tuple[PersonalQrSession, str]:
    person = _school_user(session, actor.school_id, user_id)
    school = get_school(session, actor.school_id)
    minutes = minutes or attendance_settings(school).qr_session_default_minutes
    token = new_opaque_token()
    row = PersonalQrSession(
        school_id=school.id,
        user_id=person.id,
        created_by_id=actor.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "attendance.qr_session_created",
        school_id=school.id,
        actor=actor,
        target_type="user",
        target_id=person.id,
        ip=ip,
        details={"session_id": str(row.id), "minutes": minutes},
    )
    return row, token


def get_qr_session(session: Session, viewer: User, session_id: uuid.UUID) -> PersonalQrSession:
    row = session.get(PersonalQrSession, session_id)
    if row is None or row.school_id != viewer.school_id:
        raise NotFound("qr_session_unknown", status_code=404)
    if row.user_id != viewer.id and not has_permission(
        session, viewer, Perm.ATTENDANCE_CREATE_QR_SESSION
    ):
        raise NotFound("qr_session_unknown")
    return row


def check_in_with_token(
    session: Session,
    *,
    actor: User,
    token: str,
    location: str | None,
    notes: str | None,
    now: datetime,
) -> tuple[ScanOutcome, School]:
    token = token.strip()
    if token.upper().startswith(QR_SESSION_PREFIX):
        token = token[len(QR_SESSION_PREFIX) :]
    row = session.scalar(
        select(PersonalQrSession)
        .where(PersonalQrSession.token_hash == hash_token(token))
        .with_for_update()
    )
    if row is None or row.school_id != actor.school_id:
        raise NotFound("qr_session_unknown")
    if row.used_at is not None:
        raise Conflict("qr_session_used")
    if row.expires_at <= now:
        raise AppError("qr_session_expired", status_code=410)
    if row.user_id != actor.id and not has_permission(
        session, actor, Perm.ATTENDANCE_CREATE_QR_SESSION
    ):
        raise Forbidden("qr_session_not_yours")
    person = _school_user(session, row.school_id, row.user_id)
    school = get_school(session, row.school_id)
    row.used_at = now
    outcome = record_scan(
        session,
        school=school,
        user=person,
        scanned_at=now,
        source=SOURCE_QR,
        location=location,
        notes=notes,
    )
    return outcome, school


# -- the school's signing key and cards --------------------------------------------------------


def signing_key(session: Session, school_id: uuid.UUID) -> SchoolSigningKey:
    """The school's Ed25519 key, made on first need."""
    stmt = select(SchoolSigningKey).where(SchoolSigningKey.school_id == school_id)
    key = session.scalar(stmt)
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    try:
        with session.begin_nested():
            key = SchoolSigningKey(
                school_id=school_id,
                private_key=private.private_bytes_raw(),
                public_key=private.public_key().public_bytes_raw(),
            )
            session.add(key)
    except IntegrityError:
        key = session.scalar(stmt)
        assert key is not None
    return key


def public_key_pem(key: SchoolSigningKey) -> str:
    public = Ed25519PublicKey.from_public_bytes(key.public_key)
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def card_text(key: SchoolSigningKey, user_id: uuid.UUID, card_no: int) -> str:
    body = f"{CARD_PREFIX}.{user_id}.{card_no}"
    signature = Ed25519PrivateKey.from_private_bytes(key.private_key).sign(body.encode("utf-8"))
    return f"{body}.{_b64url(signature)}"


def parse_card(key: SchoolSigningKey, text: str) -> tuple[uuid.UUID, int] | None:
    """(user id, card number) of a card whose signature is the school's, else None."""
    parts = text.strip().split(".")
    if len(parts) != 4 or parts[0] != CARD_PREFIX:
        return None
    try:
        user_id = uuid.UUID(parts[1])
        if not parts[2].isdigit() or len(parts[2]) > 12:
            return None
        card_no = int(parts[2])
        signature = base64.urlsafe_b64decode(parts[3] + "=" * (-len(parts[3]) % 4))
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(
            signature, ".".join(parts[:3]).encode("utf-8")
        )
    except (ValueError, binascii.Error, InvalidSignature):
        return None
    if str(user_id) != parts[1]:  # one spelling only: the one we signed
        return None
    return user_id, card_no


def issue_card(
    session: Session, *, actor: User, user_id: uuid.UUID, now: datetime, ip: str | None = None
) -> AttendanceCard:
    person = _school_user(session, actor.school_id, user_id)
    next_no = (
        session.scalar(
            select(func.max(AttendanceCard.card_no)).where(
                AttendanceCard.school_id == actor.school_id
            )
        )
        or 0
    ) + 1
    card = AttendanceCard(
        school_id=actor.school_id,
        user_id=person.id,
        card_no=next_no,
        issued_at=now,
        issued_by_id=actor.id,
    )
    session.add(card)
    session.flush()
    audit.record(
        session,
        "attendance.card_issued",
        school_id=actor.school_id,
        actor=actor,
        target_type="user",
        target_id=person.id,
        ip=ip,
        details={"card_no": next_no},
    )
    return card


def revoke_card(
    session: Session, *, actor: User, card_no: int, now: datetime, ip: str | None = None
) -> AttendanceCard:
    card = session.scalar(
        select(AttendanceCard).where(
            AttendanceCard.school_id == actor.school_id, AttendanceCard.card_no == card_no
        )
    )
    if card is None:
        raise NotFound("card_not_found")
    if card.revoked_at is None:
        card.revoked_at = now
        audit.record(
            session,
            "attendance.card_revoked",
            school_id=actor.school_id,
            actor=actor,
            target_type="user",
            target_id=card.user_id,
            ip=ip,
            details={"card_no": card_no},
        )
    return card


def list_cards(
    session: Session,
    viewer: User,
    *,
    user_id: uuid.UUID | None,
    class_id: uuid.UUID | None,
    include_revoked: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[AttendanceCard], str | None]:
    stmt = select(AttendanceCard).where(AttendanceCard.school_id == viewer.school_id)
    if user_id is not None:
        stmt = stmt.where(AttendanceCard.user_id == user_id)
    if class_id is not None:
        stmt = stmt.where(
            AttendanceCard.user_id.in_(
                select(Enrollment.pupil_id).where(Enrollment.class_id == class_id)
            )
        )
    if not include_revoked:
        stmt = stmt.where(AttendanceCard.revoked_at.is_(None))
    return paginate(session, stmt, order_by=[AttendanceCard.id], limit=limit, cursor=cursor)


def class_card_sheet(
    session: Session, *, actor: User, class_id: uuid.UUID, now: datetime, ip: str | None
) -> tuple[SchoolClass, list[tuple[User, AttendanceCard]]]:
    """Every pupil of the class with their live card, issuing one to pupils who have none."""
    school_class = session.scalar(
        scope_classes(select(SchoolClass), actor).where(
            SchoolClass.id == class_id, SchoolClass.deleted_at.is_(None)
        )
    )
    if school_class is None:
        raise NotFound("class_not_found")
    pupils = list(
        session.scalars(
            select(User)
            .join(Enrollment, Enrollment.pupil_id == User.id)
            .where(Enrollment.class_id == class_id, User.deleted_at.is_(None))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )
    cards: list[tuple[User, AttendanceCard]] = []
    for pupil in pupils:
        card = session.scalar(
            select(AttendanceCard)
            .where(AttendanceCard.user_id == pupil.id, AttendanceCard.revoked_at.is_(None))
            .order_by(AttendanceCard.card_no.desc())
            .limit(1)
        )
        if card is None:
            card = issue_card(session, actor=actor, user_id=pupil.id, now=now, ip=ip)
        cards.append((pupil, card))
    return school_class, cards


# -- kiosks ------------------------------------------------------------------------------------


def register_kiosk(
    session: Session, *, actor: User, name: str, now: datetime, ip: str | None = None
) -> tuple[KioskDevice, str]:
    credential = new_opaque_token()
    kiosk = KioskDevice(
        school_id=actor.school_id,
        name=name,
        credential_hash=hash_token(credential),
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(kiosk)
    session.flush()
    audit.record(
        session,
        "attendance.kiosk_registered",
        school_id=actor.school_id,
        actor=actor,
        target_type="kiosk",
        target_id=kiosk.id,
        ip=ip,
        details={"name": name},
    )
    return kiosk, credential


def revoke_kiosk(
    session: Session, *, actor: User, kiosk_id: uuid.UUID, now: datetime, ip: str | None = None
) -> KioskDevice:
    kiosk = session.get(KioskDevice, kiosk_id)
    if kiosk is None or kiosk.school_id != actor.school_id:
        raise NotFound("kiosk_not_found")
    if kiosk.revoked_at is None:
        kiosk.revoked_at = now
        audit.record(
            session,
            "attendance.kiosk_revoked",
            school_id=actor.school_id,
            actor=actor,
            target_type="kiosk",
            target_id=kiosk.id,
            ip=ip,
        )
    return kiosk


def list_kiosks(session: Session, viewer: User) -> list[KioskDevice]:
    return list(
        session.scalars(
            select(KioskDevice)
            .where(KioskDevice.school_id == viewer.school_id)
            .order_by(KioskDevice.created_at, KioskDevice.id)
        )
    )


def kiosk_by_credential(session: Session, credential: str) -> KioskDevice | None:
    kiosk = session.scalar(
        select(KioskDevice).where(KioskDevice.credential_hash == hash_token(credential))
    )
    if kiosk is None or kiosk.revoked_at is not None:
        return None
    return kiosk


def card_scan(
    session: Session,
    *,
    school: School,
    key: SchoolSigningKey,
    kiosk_id: uuid.UUID,
    qr: str,
    nonce: str,
    scanned_at: datetime,
    now: datetime,
) -> ScanOutcome:
    if scanned_at > now + FUTURE_TOLERANCE:
        return ScanOutcome("scan_in_future", None, scanned_at)
    parsed = parse_card(key, qr)
    if parsed is None:
        return ScanOutcome("card_invalid", None, scanned_at)
    user_id, card_no = parsed
    card = session.scalar(
        select(AttendanceCard).where(
            AttendanceCard.school_id == school.id,
            AttendanceCard.card_no == card_no,
            AttendanceCard.user_id == user_id,
        )
    )
    user = session.get(User, user_id)
    if (
        card is None
        or user is None
        or user.school_id != school.id
        or user.deleted_at is not None
        or user.status != UserStatus.active
    ):
        return ScanOutcome("card_invalid", None, scanned_at)
    if card.revoked_at is not None:
        return log_refusal(
            session,
            school=school,
            user=user,
            scanned_at=scanned_at,
            source=SOURCE_CARD,
            result="card_revoked",
            nonce=nonce,
            kiosk_id=kiosk_id,
            card_no=card_no,
        )
    return record_scan(
        session,
        school=school,
        user=user,
        scanned_at=scanned_at,
        source=SOURCE_CARD,
        nonce=nonce,
        kiosk_id=kiosk_id,
        card_no=card_no,
    )


# -- day records --------------------------------------------------------------------------------


def list_day_records(
    session: Session,
    viewer: User,
    *,
    day: date | None,
    date_from: date | None,
    date_to: date | None,
    class_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DayRecord], str | None]:
    visible = scope_users(select(User.id), viewer)
    stmt = select(DayRecord).where(
        DayRecord.school_id == viewer.school_id, DayRecord.user_id.in_(visible)
    )
    if day is not None:
        stmt = stmt.where(DayRecord.day == day)
    if date_from is not None:
        stmt = stmt.where(DayRecord.day >= date_from)
    if date_to is not None:
        stmt = stmt.where(DayRecord.day <= date_to)
    if date_from and date_to and date_from > date_to:
        raise BadRequest("validation_error")
    if user_id is not None:
        stmt = stmt.where(DayRecord.user_id == user_id)
    if class_id is not None:
        stmt = stmt.where(
            DayRecord.user_id.in_(
                select(Enrollment.pupil_id).where(Enrollment.class_id == class_id)
            )
        )
    return paginate(session, stmt, order_by=[DayRecord.id], limit=limit, cursor=cursor)


def users_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, User]:
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}


def is_admin(user: User) -> bool:
    return user.role == UserRole.admin
