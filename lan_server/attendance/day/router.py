"""Day attendance over HTTP: personal QR sessions and check-in, cards (issue, revoke, list,
A4 sheet, public key), kiosks (register, revoke, list) and their scan batches, day records.
Contract: docs/attendance.md, "Day attendance"."""

from __future__ import annotations

import base64
import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials

from lan_server.attendance.day import service
from lan_server.attendance.day.pdf import CARDS_PER_PAGE, CardFace, card_sheet_pdf
from lan_server.attendance.day.schemas import (
    CardCreate,
    CardRead,
    CardSheetRead,
    CheckIn,
    DayRecordRead,
    DayScanAnswer,
    KioskCreate,
    KioskCreated,
    KioskRead,
    KioskScanBatch,
    KioskScanNonce,
    KioskScanResults,
    PublicKeyRead,
    QrSessionCreate,
    QrSessionCreated,
    QrSessionRead,
)
from lan_server.attendance.settings import attendance_settings
from lan_server.auth.permissions import Perm
from lan_server.core.deps import (
    ClientIp,
    Ctx,
    CurrentUser,
    DbSession,
    Locale,
    ReadSession,
    authenticate,
    require,
)
from lan_server.core.errors import PROBLEM_RESPONSES, Forbidden, Unauthorized
from lan_server.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from lan_server.models import (
    AttendanceCard,
    KioskDevice,
    PersonalQrSession,
    School,
    User,
    UserRole,
)

router = APIRouter(prefix="/attendance", tags=["day attendance"], responses=PROBLEM_RESPONSES)

QrSessionMaker = Annotated[User, Depends(require(Perm.ATTENDANCE_CREATE_QR_SESSION))]
SchoolManager = Annotated[User, Depends(require(Perm.SCHOOL_MANAGE))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=500)]
PDF_RESPONSE = {
    200: {
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The A4 sheet of cards (PDF by default; JSON when asked for)",
    }
}


# -- kiosk authentication ----------------------------------------------------------------------


def _kiosk_from_header(ctx: Ctx, authorization: str | None) -> KioskDevice | None:
    """The kiosk named by ``Authorization: Kiosk <credential>``; None when another scheme."""
    if not authorization:
        return None
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "kiosk":
        return None
    credential = credential.strip()
    # A session of its own, ended here: see "Sessions and threads" in core/deps.py.
    with ctx.db.read_session() as session:
        kiosk = service.kiosk_by_credential(session, credential) if credential else None
        if kiosk is not None:
            session.expunge(kiosk)
    if kiosk is None:
        raise Unauthorized("kiosk_invalid", headers={"WWW-Authenticate": "Kiosk"})
    return kiosk


def get_kiosk(request: Request, ctx: Ctx) -> KioskDevice:
    kiosk = _kiosk_from_header(ctx, request.headers.get("authorization"))
    if kiosk is None:
        raise Unauthorized("kiosk_invalid", headers={"WWW-Authenticate": "Kiosk"})
    return kiosk


CurrentKiosk = Annotated[KioskDevice, Depends(get_kiosk)]


def get_admin_or_kiosk(request: Request, ctx: Ctx) -> uuid.UUID:
    """The school id of an admin (Bearer) or of a kiosk (Kiosk credential)."""
    authorization = request.headers.get("authorization")
    kiosk = _kiosk_from_header(ctx, authorization)
    if kiosk is not None:
        return kiosk.school_id
    scheme, _, token = (authorization or "").partition(" ")
    credentials = (
        HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())
        if scheme.lower() == "bearer" and token.strip()
        else None
    )
    user = authenticate(ctx, credentials).user
    if user.role != UserRole.admin:
        raise Forbidden("admin_or_kiosk_required")
    return user.school_id


AdminOrKioskSchool = Annotated[uuid.UUID, Depends(get_admin_or_kiosk)]


# -- answers -----------------------------------------------------------------------------------


def _answer(outcome: service.ScanOutcome, school: School, locale: str) -> dict:
    tz = service.school_timezone(school)
    record = outcome.record
    display = {"check_in": "green", "check_out": "blue"}.get(outcome.result, "red")
    return {
        "result": outcome.result,
        "ok": outcome.ok,
        "display": display,
        "message": outcome.message(locale, tz, attendance_settings(school)),
        "user_id": outcome.user.id if outcome.user else None,
        "name": outcome.user.full_name if outcome.user else None,
        "scanned_at": outcome.scanned_at,
        "time": service.hhmm(outcome.scanned_at, tz),
        "day": record.day if record else None,
        "check_in_at": record.check_in_at if record else None,
        "check_out_at": record.check_out_at if record else None,
        "hours": record.hours if record else None,
        "duplicate": outcome.duplicate,
    }


def _qr_read(row: PersonalQrSession, now) -> dict:  # noqa: ANN001
    if row.used_at is not None:
        status = "used"
    elif row.expires_at <= now:
        status = "expired"
    else:
        status = "pending"
    return {
        "id": row.id,
        "user_id": row.user_id,
        "created_by_id": row.created_by_id,
        "created_at": row.created_at,
        "expires_at": row.expires_at,
        "used_at": row.used_at,
        "status": status,
    }


# -- personal QR sessions and check-in ----------------------------------------------------------


@router.post("/qr-sessions", response_model=QrSessionCreated, status_code=201)
def create_qr_session(
    body: QrSessionCreate, actor: QrSessionMaker, db: DbSession, ctx: Ctx, ip: ClientIp
) -> QrSessionCreated:
    """A single-use personal QR for one person's day scan, valid 1-60 min (school default
    5). The token is shown once; ``qr_data`` is the text to encode in the QR."""
    now = ctx.clock.now()
    row, token = service.create_qr_session(
        db, actor=actor, user_id=body.user_id, minutes=body.minutes, now=now, ip=ip
    )
    return QrSessionCreated(
        **_qr_read(row, now), token=token, qr_data=service.QR_SESSION_PREFIX + token
    )


@router.get("/qr-sessions/{session_id}", response_model=QrSessionRead)
def get_qr_session(
    session_id: uuid.UUID, viewer: CurrentUser, db: ReadSession, ctx: Ctx
) -> QrSessionRead:
    return QrSessionRead(
        **_qr_read(service.get_qr_session(db, viewer, session_id), ctx.clock.now())
    )


@router.post("/check-in", response_model=DayScanAnswer)
def check_in(
    body: CheckIn, actor: CurrentUser, db: DbSession, ctx: Ctx, locale: Locale
) -> DayScanAnswer:
    outcome, school = service.check_in_with_token(
        db,
        actor=actor,
        token=body.token,
        location=body.location,
        notes=body.notes,
        now=ctx.clock.now(),
    )
    service.refuse_if_not_ok(outcome, school)
    return DayScanAnswer(**_answer(outcome, school, locale))


# -- cards -------------------------------------------------------------------------------------


def _card_read(card: AttendanceCard, key) -> CardRead:  # noqa: ANN001
    return CardRead(
        id=card.id,
        user_id=card.user_id,
        card_no=card.card_no,
        issued_at=card.issued_at,
        revoked_at=card.revoked_at,
        qr_text=service.card_text(key, card.user_id, card.card_no),
    )


@router.get("/cards/public-key", response_model=PublicKeyRead)
def card_public_key(school_id: AdminOrKioskSchool, db: DbSession) -> PublicKeyRead:
    key = service.signing_key(db, school_id)
    return PublicKeyRead(
        public_key=base64.urlsafe_b64encode(key.public_key).decode().rstrip("="),
        public_key_pem=service.public_key_pem(key),
        card_prefix=service.CARD_PREFIX,
    )


@router.post("/cards", response_model=CardRead, status_code=201)
def issue_card(
    body: CardCreate, actor: SchoolManager, db: DbSession, ctx: Ctx, ip: ClientIp
) -> CardRead:
    card = service.issue_card(db, actor=actor, user_id=body.user_id, now=ctx.clock.now(), ip=ip)
    return _card_read(card, service.signing_key(db, actor.school_id))


@router.get("/cards", response_model=Page[CardRead])
def list_cards(
    viewer: SchoolManager,
    db: DbSession,
    user_id: uuid.UUID | None = None,
    class_id: uuid.UUID | None = None,
    include_revoked: bool = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[CardRead]:
    cards, next_cursor = service.list_cards(
        db,
        viewer,
        user_id=user_id,
        class_id=class_id,
        include_revoked=include_revoked,
        limit=limit,
        cursor=cursor,
    )
    key = service.signing_key(db, viewer.school_id)
    return Page[CardRead](items=[_card_read(c, key) for c in cards], next_cursor=next_cursor)


@router.post("/cards/{card_no}/revoke", response_model=CardRead)
def revoke_card(
    card_no: int,
    actor: SchoolManager,
    db: DbSession,
    ctx: Ctx,
    ip: ClientIp,
) -> CardRead:
    card = service.revoke_card(db, actor=actor, card_no=card_no, now=ctx.clock.now(), ip=ip)
    return _card_read(card, service.signing_key(db, actor.school_id))


@router.get(
    "/classes/{class_id}/card-sheet.pdf", response_model=CardSheetRead, responses=PDF_RESPONSE
)
def class_card_sheet(
    class_id: uuid.UUID,
    actor: SchoolManager,
    db: DbSession,
    ctx: Ctx,
    ip: ClientIp,
    request: Request,
) -> Response | CardSheetRead:
    """The A4 sheet of the class's cards (10 a page, cut marks); pupils without a live card
    get one. A PDF, or with ``Accept: application/json`` the same as JSON (the cards and
    the PDF in base64)."""
    school_class, cards = service.class_card_sheet(
        db, actor=actor, class_id=class_id, now=ctx.clock.now(), ip=ip
    )
    key = service.signing_key(db, actor.school_id)
    school = service.get_school(db, actor.school_id)
    faces = [
        CardFace(
            school=school.name,
            name=pupil.full_name,
            class_name=school_class.name,
            card_no=card.card_no,
            qr_text=service.card_text(key, pupil.id, card.card_no),
        )
        for pupil, card in cards
    ]
    pdf = card_sheet_pdf(faces, title=f"{school.name} - {school_class.name}")
    filename = f"cards-{class_id}.pdf"
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "application/pdf" not in accept:
        return CardSheetRead(
            filename=filename,
            pages=max(1, -(-len(faces) // CARDS_PER_PAGE)),
            cards=[_card_read(card, key) for _, card in cards],
            pdf_base64=base64.b64encode(pdf).decode(),
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# -- kiosks ------------------------------------------------------------------------------------


def _kiosk_read(kiosk: KioskDevice) -> dict:
    return {
        "id": kiosk.id,
        "name": kiosk.name,
        "created_at": kiosk.created_at,
        "revoked_at": kiosk.revoked_at,
        "last_seen_at": kiosk.last_seen_at,
    }


@router.post("/kiosks", response_model=KioskCreated, status_code=201)
def register_kiosk(
    body: KioskCreate, actor: SchoolManager, db: DbSession, ctx: Ctx, ip: ClientIp
) -> KioskCreated:
    kiosk, credential = service.register_kiosk(
        db, actor=actor, name=body.name.strip() or body.name, now=ctx.clock.now(), ip=ip
    )
    return KioskCreated(**_kiosk_read(kiosk), credential=credential)


@router.get("/kiosks", response_model=list[KioskRead])
def list_kiosks(viewer: SchoolManager, db: ReadSession) -> list[KioskRead]:
    return [KioskRead(**_kiosk_read(k)) for k in service.list_kiosks(db, viewer)]


@router.post("/kiosks/{kiosk_id}/revoke", response_model=KioskRead)
def revoke_kiosk(
    kiosk_id: uuid.UUID, actor: SchoolManager, db: DbSession, ctx: Ctx, ip: ClientIp
) -> KioskRead:
    kiosk = service.revoke_kiosk(db, actor=actor, kiosk_id=kiosk_id, now=ctx.clock.now(), ip=ip)
    return KioskRead(**_kiosk_read(kiosk))


@router.post("/kiosk-scans", response_model=KioskScanResults)
def kiosk_scans(
    body: KioskScanBatch, kiosk: CurrentKiosk, db: DbSession, ctx: Ctx, locale: Locale
) -> KioskScanResults:
    """A batch of card scans (an offline kiosk's queue): each with its nonce and original
    time, processed in scan-time order; one answer per scan, in the order sent."""
    now = ctx.clock.now()
    school = service.get_school(db, kiosk.school_id)
    key = service.signing_key(db, school.id)
    live = db.get(KioskDevice, kiosk.id)
    if live is not None:
        live.last_seen_at = now
    order = sorted(range(len(body.scans)), key=lambda i: body.scans[i].scanned_at)
    answers: dict[int, KioskScanNonce] = {}
    for index in order:
        scan = body.scans[index]
        outcome = service.card_scan(
            db,
            school=school,
            key=key,
            kiosk_id=kiosk.id,
            qr=scan.qr,
            nonce=scan.nonce,
            scanned_at=scan.scanned_at,
            now=now,
        )
        answers[index] = KioskScanNonce(**_answer(outcome, school, locale), nonce=scan.nonce)
    return KioskScanResults(results=[answers[i] for i in range(len(body.scans))])


# -- day records -------------------------------------------------------------------------------


@router.get("/day-records", response_model=Page[DayRecordRead])
def list_day_records(
    viewer: CurrentUser,
    db: ReadSession,
    day: date | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    class_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[DayRecordRead]:
    """Day records the viewer may see: admin, the school; teacher, their classes' pupils
    and themself; parent, their children; pupil, themself."""
    records, next_cursor = service.list_day_records(
        db,
        viewer,
        day=day,
        date_from=date_from,
        date_to=date_to,
        class_id=class_id,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    )
    users = service.users_by_id(db, {r.user_id for r in records})
    return Page[DayRecordRead](
        items=[
            DayRecordRead(
                id=r.id,
                user_id=r.user_id,
                name=users[r.user_id].full_name if r.user_id in users else None,
                day=r.day,
                check_in_at=r.check_in_at,
                check_out_at=r.check_out_at,
                hours=r.hours,
                automatic_check_out=r.automatic_check_out,
            )
            for r in records
        ],
        next_cursor=next_cursor,
    )
