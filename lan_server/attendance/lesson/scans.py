"""The scan of a lesson QR: checked in memory, recorded in batches on the single writer.

A class of 80 scans the projected code within a few seconds, so this path is built for
bursts (bench/scan_burst.py):

1. ``prepare`` decides everything that needs no write, with no database trip: the code
   (HMAC of the slot, constant-time compare), the slot's age, the allowed networks, the
   rate limit. The session comes from a ``SessionDirectory``: a snapshot (given when
   the session is opened here, else read), never trusted for what matters (below).
2. ``record`` writes a batch of prepared scans in one transaction: the nonces already
   seen, the sessions' state *now* (open, not paused) and the pupils' enrolments are read
   once for the whole batch (plain SQL on the driver's cursor); the marks go in with one
   multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (the unique constraints
   decide, never a check-then-insert); the attempt log is one executemany. The API feeds
   it through a ``WriteBatcher`` (core/write_batcher.py); the /a/ page calls it with a
   batch of one.

Refusal codes (DESIGN.md): qr_invalid, qr_expired, session_closed, not_enrolled,
outside_network, device_already_used, rate_limited. Every outcome is logged as an attempt
so the teacher sees attempts at cheating; the same (pupil, nonce) twice gets the first
answer again and writes nothing.

Sync (docs/sync.md): these statements bypass the ORM, and the outbox is filled by database
triggers, so marks written here reach the hub like any other change."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import anyio
from sqlalchemy import Connection, Uuid, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from lan_server.attendance import codes
from lan_server.attendance.lesson import messages as _messages  # noqa: F401 - registers keys
from lan_server.attendance.lesson.schemas import ScanRequest
from lan_server.core.db import Database
from lan_server.core.errors import AppError
from lan_server.core.ids import uuid7
from lan_server.core.prepared import PreparedInsert, fetch_all
from lan_server.core.write_batcher import WriteBatcher
from lan_server.models import (
    AttendanceMark,
    AttendanceSession,
    Enrollment,
    MarkSource,
    MarkStatus,
    ScanAttempt,
    User,
    UserRole,
)
from lan_server.models.base import utcnow

# Fixed forever: the same (session, pupil) gives the same mark id on every server and hub.
NAMESPACE_MARK = uuid.UUID("6f1c2b9e-4a57-5d0e-9b3a-0c8e7d21a5f4")
# A QR read a moment before the server's clock turns the slot is accepted as current.
FUTURE_TOLERANCE_SECONDS = 2
# Typed codes are checked against a few older slots only to say "expired" rather than
# "invalid"; the QR path says it from the slot number.
TYPED_EXPIRED_LOOKBACK = 6

ACCEPTED = ("marked", "already_marked")


def mark_id(session_id: uuid.UUID, pupil_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE_MARK, f"{session_id}:{pupil_id}")


class ScanRefused(AppError):
    """A refused scan. Status per code; the attempt log is committed with it."""

    STATUS = {
        "qr_invalid": 400,
        "qr_expired": 400,
        "session_closed": 409,
        "not_enrolled": 403,
        "outside_network": 403,
        "device_already_used": 409,
        "rate_limited": 429,
    }

    def __init__(self, code: str, *, keep_changes: bool = True, **kwargs) -> None:  # noqa: ANN003
        super().__init__(
            code, status_code=self.STATUS.get(code, 400), keep_changes=keep_changes, **kwargs
        )


# -- rate limit (in memory) ---------------------------------------------------------------


class ScanRateLimiter:
    """Sliding windows per (device, IP) and per pupil. In memory, per server process:
    acceptable for the scan path (one process serves a school; a restart forgets at most a
    minute of counts), and it costs no write on the single writer for every scan of a
    flood. The per-pupil window stops a pupil who changes device ids to guess typed codes."""

    def __init__(self, limit: int = 20, pupil_limit: int = 40, window_seconds: int = 60) -> None:
        self.limit = limit
        self.pupil_limit = pupil_limit
        self.window = window_seconds
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = 0.0

    def hit(self, device_id: str, ip: str, now: float, pupil_id: str = "") -> int | None:
        """Counts one scan; returns the seconds to wait when over a limit, else None."""
        with self._lock:
            if now - self._last_sweep > self.window:
                self._sweep(now)
            windows = [(self._window(("device", f"{device_id}|{ip}"), now), self.limit)]
            if pupil_id:
                windows.append((self._window(("pupil", pupil_id), now), self.pupil_limit))
            waits = [
                max(1, int(hits[0] + self.window - now) + 1)
                for hits, limit in windows
                if len(hits) >= limit
            ]
            if waits:
                return max(waits)
            for hits, _ in windows:
                hits.append(now)
            return None

    def _window(self, key: tuple[str, str], now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]


# -- the session a scan names --------------------------------------------------------------


@dataclass(frozen=True)
class SessionView:
    """What checking a scan needs of a session, read at one moment."""

    id: uuid.UUID
    school_id: uuid.UUID
    class_id: uuid.UUID
    secret: bytes
    period_seconds: int
    late_after: datetime
    closes_at: datetime
    closed_at: datetime | None
    paused: bool
    allowed_networks: tuple[str, ...]

    @classmethod
    def of(cls, att: AttendanceSession) -> SessionView:
        return cls(
            att.id, att.school_id, att.class_id, att.secret, att.period_seconds,
            att.late_after, att.closes_at, att.closed_at, bool(att.paused),
            tuple(att.allowed_networks or ()),
        )

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.closes_at


@dataclass(frozen=True)
class Target:
    """The session a scan names (by id or short code), with the QR's slot and code; slot
    and code are None for a typed code. ``key`` None: the scanned text is not ours."""

    key: uuid.UUID | str | None
    slot: int | None
    code: str | None


def target_of(data: ScanRequest) -> Target:
    slot, code, short = data.slot, data.code, data.short_code
    if data.url:
        parsed = codes.parse_scan_url(data.url)
        if parsed is None:
            return Target(None, None, None)
        short, slot, code = parsed.short_code, parsed.slot, parsed.code
    key: uuid.UUID | str | None = None
    if data.session_id is not None and not data.url:
        key = data.session_id
    elif short:
        key = short.strip().upper()
    return Target(key, slot, code.strip().upper() if code else None)


class SessionDirectory:
    """Sessions by id and short code, read from the database once and then trusted for a
    while. What a scan checks of a session never changes once it is opened (its secret,
    period, class, late threshold, close time, networks) except its state (paused,
    closed), and ``record`` reads that state again in the transaction that writes the
    mark. So a snapshot of an open session serves ``open_ttl`` seconds: stale, it still
    leads to the right answer. A snapshot that refuses (paused, closed, no such session)
    serves ``ttl`` seconds only, since it refuses without a write: a session resumed, or
    opened, by another process is seen within a second. This process forgets a session's
    snapshot as soon as it changes it (``ScanDesk.forget``)."""

    _MISSING = object()

    def __init__(self, ttl: float = 1.0, open_ttl: float = 60.0) -> None:
        self.ttl = ttl
        self.open_ttl = open_ttl
        self._entries: dict[uuid.UUID | str, tuple[float, SessionView | None]] = {}
        self._lock = threading.Lock()

    def cached(self, key: uuid.UUID | str) -> SessionView | None | object:
        """The snapshot, or ``SessionDirectory.MISSING`` when it must be (re)loaded."""
        entry = self._entries.get(key)
        if entry is None:
            return self._MISSING
        loaded_at, view = entry
        refuses = view is None or view.paused or view.closed_at is not None
        if time.monotonic() - loaded_at > (self.ttl if refuses else self.open_ttl):
            return self._MISSING
        return view

    def load(self, db: Database, key: uuid.UUID | str) -> SessionView | None:
        """Reads the session (blocking: from a thread) and remembers it."""
        with db.read_session() as session:
            if isinstance(key, uuid.UUID):
                att = session.get(AttendanceSession, key)
            else:
                att = session.scalar(
                    select(AttendanceSession).where(AttendanceSession.short_code == key)
                )
            view = SessionView.of(att) if att is not None else None
        self.remember(view, key)
        return view

    def get(self, db: Database, key: uuid.UUID | str) -> SessionView | None:
        view = self.cached(key)
        return self.load(db, key) if view is self._MISSING else view  # type: ignore[return-value]

    def remember(self, view: SessionView | None, *keys: uuid.UUID | str) -> None:
        """Keeps a snapshot: one just read, or one this process already has (a session it
        just opened)."""
        loaded_at = time.monotonic()
        with self._lock:
            if len(self._entries) > 10_000:  # a flood of made-up codes
                self._entries.clear()
            for key in keys:
                self._entries[key] = (loaded_at, view)

    def forget(self, *keys: uuid.UUID | str) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)


SessionDirectory.MISSING = SessionDirectory._MISSING  # type: ignore[attr-defined]


# -- checking (no database) ------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedScan:
    """A scan checked as far as possible without writing: ``refusal`` set when already
    refused; else ``session`` and ``status``/``source``/``slot_age`` of the mark to make."""

    pupil_id: uuid.UUID
    device_id: str
    ip: str
    nonce: str | None
    slot: int | None
    session: SessionView | None
    now: datetime
    refusal: str | None = None
    retry_after: int | None = None
    status: str | None = None
    source: str | None = None
    slot_age: int | None = None


def _slot_age(view: SessionView, target: Target, typed: str | None, at: datetime) -> int:
    """The slot age (0 current, 1 previous), or a refusal."""
    current = codes.slot_at(at, view.period_seconds)
    if typed is not None and target.code is None:
        typed = typed.strip()
        for age in range(TYPED_EXPIRED_LOOKBACK + 1):
            if current - age >= 0 and codes.codes_equal(
                codes.typed_code(view.secret, view.id, current - age), typed
            ):
                if age <= 1:
                    return age
                raise ScanRefused("qr_expired")
        raise ScanRefused("qr_invalid")
    slot, code = target.slot, target.code
    if slot is None or code is None or slot >= 2**63:
        raise ScanRefused("qr_invalid")
    if not codes.codes_equal(codes.slot_code(view.secret, view.id, slot), code):
        raise ScanRefused("qr_invalid")
    if slot == current + 1:
        next_start = (current + 1) * view.period_seconds
        if next_start - at.timestamp() <= FUTURE_TOLERANCE_SECONDS:
            return 0
        raise ScanRefused("qr_expired")
    if slot > current or slot < current - 1:
        raise ScanRefused("qr_expired")
    return current - slot


def in_networks(ip: str, networks: Sequence[str]) -> bool:
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def prepare(
    view: SessionView | None,
    target: Target,
    *,
    pupil: User,
    data: ScanRequest,
    ip: str,
    now: datetime,
    retry_after: int | None,
    seen_at: datetime | None = None,
) -> PreparedScan:
    """Checks a scan against a session snapshot. ``seen_at``: when the code was read, if
    earlier than now (the /a/ page's login form, signed by us)."""
    at = seen_at or now
    if view is not None and view.school_id != pupil.school_id:
        view = None  # another school's session is no session at all
    base: dict[str, Any] = {
        "pupil_id": pupil.id, "device_id": data.device_id, "ip": ip[:45],
        "nonce": data.nonce, "slot": target.slot, "session": view, "now": now,
    }
    if retry_after is not None:
        # Logged without its nonce: the same scan retried later gets a real answer.
        return PreparedScan(**{**base, "nonce": None}, refusal="rate_limited",
                            retry_after=retry_after)
    if view is None:
        return PreparedScan(**base, refusal="qr_invalid")
    if not view.is_open(now) or view.paused:
        return PreparedScan(**base, refusal="session_closed")
    try:
        slot_age = _slot_age(view, target, data.typed_code, at)
    except ScanRefused as refusal:
        return PreparedScan(**base, refusal=refusal.code)
    if pupil.role != UserRole.student:
        return PreparedScan(**base, refusal="not_enrolled")
    if not in_networks(ip, view.allowed_networks):
        return PreparedScan(**base, refusal="outside_network")
    return PreparedScan(
        **base,
        status=MarkStatus.late if at > view.late_after else MarkStatus.present,
        source=MarkSource.typed if target.code is None else MarkSource.qr,
        slot_age=slot_age,
    )


# -- recording (one transaction per batch) ----------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan came to: a mark (new or earlier), or a refusal code."""

    pupil_id: uuid.UUID
    session_id: uuid.UUID | None = None
    refusal: str | None = None
    retry_after: int | None = None
    paused: bool = False
    already_marked: bool = False
    status: str | None = None
    marked_at: datetime | None = None
    slot_age: int | None = None

    def raise_refusal(self) -> None:
        if self.refusal is None:
            return
        if self.refusal == "rate_limited":
            raise ScanRefused(
                "rate_limited",
                params={"retry_after": self.retry_after},
                extra={"retry_after": self.retry_after},
                headers={"Retry-After": str(self.retry_after)},
            )
        extra = {"paused": self.paused} if self.refusal == "session_closed" else None
        raise ScanRefused(self.refusal, extra=extra)


MARK_COLUMNS = ("id", "session_id", "pupil_id", "status", "source", "marked_at", "slot_age",
                "device_id", "ip", "nonce", "created_at", "updated_at")
ATTEMPT_COLUMNS = ("id", "session_id", "pupil_id", "device_id", "ip", "nonce", "slot", "result",
                   "created_at")


@lru_cache(maxsize=4)
def _attempt_insert(dialect: Dialect) -> PreparedInsert:
    """The attempt log's insert, compiled once (core/prepared.py); its (pupil, nonce) was
    checked before, in the same transaction."""
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    stmt = (insert(ScanAttempt.__table__)
            .values({c: bindparam(c) for c in ATTEMPT_COLUMNS}).on_conflict_do_nothing())
    return PreparedInsert(stmt, dialect)


@lru_cache(maxsize=256)
def _marks_insert(dialect: Dialect, count: int) -> PreparedInsert:
    """``count`` marks in ONE ``INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING RETURNING
    id``, compiled once per batch size. No conflict target: the mark id (one per session
    and pupil) and the one device per session rule both end in "nothing inserted", told
    apart by reading the marks after. The rows go in in their order, exactly as one
    statement each would, and the ids returned are the marks that went in."""
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    table = AttendanceMark.__table__
    rows = [{c: bindparam(f"{c}_{n}", type_=table.c[c].type) for c in MARK_COLUMNS}
            for n in range(count)]
    stmt = insert(table).values(rows).on_conflict_do_nothing().returning(table.c.id)
    return PreparedInsert(stmt, dialect)


def record(session: Session | Connection, scans: Sequence[PreparedScan]) -> list[ScanOutcome]:
    """Writes a batch of prepared scans in the caller's transaction; one outcome each,
    the same as if they had come one by one in this order. A handful of statements per
    batch, whatever its size: three reads (nonces seen, sessions' state, enrolments), then
    per scan one prepared ``INSERT … ON CONFLICT DO NOTHING`` of its mark, one read of the
    marks that were not inserted, and one executemany of the attempts."""
    # Core and the DB-API on the transaction's connection, without the ORM's per-call
    # bookkeeping (this runs for every scan of a class at once). The batcher hands a
    # Connection; the phone page, its write session.
    conn = session if isinstance(session, Connection) else session.connection()
    attempt_stmt = _attempt_insert(conn.dialect)
    earlier = _earlier_answers(conn, scans)
    candidates = [s for s in scans if s.refusal is None and s.session is not None]
    states = _session_states(conn, {s.session.id for s in candidates})  # type: ignore[union-attr]
    enrolled = _enrolments(conn, candidates)

    outcomes: list[ScanOutcome | None] = [None] * len(scans)
    same_as: dict[int, int] = {}  # a nonce repeated in the batch -> its first scan
    first_of: dict[tuple[uuid.UUID, str], int] = {}
    logged: list[int] = []
    to_mark: list[int] = []
    for index, scan in enumerate(scans):
        key = (scan.pupil_id, scan.nonce) if scan.nonce is not None else None
        if key is not None:
            if key in first_of:
                same_as[index] = first_of[key]
                continue
            first_of[key] = index
            if key in earlier:
                outcomes[index] = _replay(conn, scan, *earlier[key])
                continue
        logged.append(index)
        refusal = _refusal(scan, states, enrolled)
        if refusal is not None:
            outcomes[index] = refusal
        else:
            to_mark.append(index)
    _insert_marks(conn, scans, to_mark, outcomes)
    for index, first in same_as.items():
        outcomes[index] = outcomes[first]
    if logged:
        attempt_stmt.execute_many(conn, [
            _attempt_row(scans[index], outcomes[index]) for index in logged  # type: ignore[arg-type]
        ])
    return outcomes  # type: ignore[return-value]


def _attempt_row(scan: PreparedScan, outcome: ScanOutcome) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "session_id": scan.session.id if scan.session is not None else None,
        "pupil_id": scan.pupil_id,
        "device_id": scan.device_id,
        "ip": scan.ip,
        "nonce": scan.nonce,
        "slot": scan.slot,
        "result": outcome.refusal or ("already_marked" if outcome.already_marked else "marked"),
        "created_at": scan.now,
    }


@dataclass(frozen=True)
class _RawUuids:
    """How this dialect's driver takes and gives UUID columns, for the two reads of every
    batch that run on the DB-API cursor (SQLAlchemy's per-statement work on an IN list of
    UUIDs cost more than SQLite's: bench/scan_burst.py)."""

    placeholder: str
    to_db: Any  # uuid.UUID -> the driver's value (None: as is)
    from_db: Any  # the driver's value -> uuid.UUID (None: as is)

    def params(self, ids: Any) -> list[Any]:
        return [self.to_db(i) for i in ids] if self.to_db else list(ids)

    def value(self, raw: Any) -> uuid.UUID | None:
        return self.from_db(raw) if self.from_db and raw is not None else raw

    def marks(self, count: int) -> str:
        return ", ".join([self.placeholder] * count)


@lru_cache(maxsize=4)
def _raw_uuids(dialect: Dialect) -> _RawUuids:
    kind = Uuid()
    return _RawUuids("?" if dialect.paramstyle == "qmark" else "%s",
                     kind.bind_processor(dialect), kind.result_processor(dialect, None))


@lru_cache(maxsize=4)
def _utc_result(dialect: Dialect) -> Any:
    """A UTC datetime column's value as the driver gives it -> aware datetime (None kept)."""
    kind = AttendanceSession.__table__.c.closes_at.type.dialect_impl(dialect)
    process = kind.result_processor(dialect, None)
    return process or (lambda value: value)


def _earlier_answers(
    conn: Connection, scans: Sequence[PreparedScan]
) -> dict[tuple[uuid.UUID, str], tuple[str, uuid.UUID | None]]:
    pairs = {(s.pupil_id, s.nonce) for s in scans if s.nonce is not None}
    if not pairs:
        return {}
    raw = _raw_uuids(conn.dialect)
    pupils = {p for p, _ in pairs}
    nonces = {n for _, n in pairs}
    rows = fetch_all(
        conn,
        "SELECT pupil_id, nonce, result, session_id FROM attendance_scan_attempts "  # noqa: S608 - placeholders only
        f"WHERE pupil_id IN ({raw.marks(len(pupils))}) AND nonce IN ({raw.marks(len(nonces))})",
        [*raw.params(pupils), *nonces],
    )
    found = {}
    for pupil, nonce, result, session_id in rows:
        key = (raw.value(pupil), nonce)
        if key in pairs:
            found[key] = (result, raw.value(session_id))
    return found


def _session_states(
    conn: Connection, ids: set[uuid.UUID]
) -> dict[uuid.UUID, tuple[datetime | None, datetime, bool]]:
    if not ids:
        return {}
    raw = _raw_uuids(conn.dialect)
    moment = _utc_result(conn.dialect)
    rows = fetch_all(
        conn,
        "SELECT id, closed_at, closes_at, paused FROM attendance_sessions "  # noqa: S608 - placeholders only
        f"WHERE id IN ({raw.marks(len(ids))})",
        raw.params(ids),
    )
    return {raw.value(i): (moment(closed), moment(closes), bool(paused))
            for i, closed, closes, paused in rows}


def _enrolments(
    conn: Connection, scans: Sequence[PreparedScan]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    pairs = {(s.session.class_id, s.pupil_id) for s in scans if s.session is not None}
    if not pairs:
        return set()
    raw = _raw_uuids(conn.dialect)
    pupils = {p for _, p in pairs}
    classes = {c for c, _ in pairs}
    rows = fetch_all(
        conn,
        f"SELECT class_id, pupil_id FROM {Enrollment.__tablename__} "  # noqa: S608 - placeholders only
        f"WHERE pupil_id IN ({raw.marks(len(pupils))}) AND class_id IN ({raw.marks(len(classes))})",
        [*raw.params(pupils), *raw.params(classes)],
    )
    return {(raw.value(c), raw.value(p)) for c, p in rows}


def _refusal(
    scan: PreparedScan,
    states: dict[uuid.UUID, tuple[datetime | None, datetime, bool]],
    enrolled: set[tuple[uuid.UUID, uuid.UUID]],
) -> ScanOutcome | None:
    """The refusal of a scan by what the transaction sees now, or None: mark it."""
    view = scan.session
    if scan.refusal is not None or view is None:
        return ScanOutcome(
            scan.pupil_id, view.id if view is not None else None,
            refusal=scan.refusal or "qr_invalid", retry_after=scan.retry_after,
            paused=bool(view and view.paused),
        )
    state = states.get(view.id)
    if state is None:  # deleted since the snapshot
        return ScanOutcome(scan.pupil_id, None, refusal="qr_invalid")
    closed_at, closes_at, paused = state
    if closed_at is not None or scan.now >= closes_at or paused:
        return ScanOutcome(scan.pupil_id, view.id, refusal="session_closed", paused=paused)
    if (view.class_id, scan.pupil_id) not in enrolled:
        return ScanOutcome(scan.pupil_id, view.id, refusal="not_enrolled")
    return None


def _mark_row(scan: PreparedScan, id_: uuid.UUID, now: datetime) -> dict[str, Any]:
    return {
        "id": id_, "session_id": scan.session.id, "pupil_id": scan.pupil_id,  # type: ignore[union-attr]
        "status": str(scan.status), "source": str(scan.source), "marked_at": scan.now,
        "slot_age": scan.slot_age, "device_id": scan.device_id, "ip": scan.ip,
        "nonce": scan.nonce, "created_at": now, "updated_at": now,
    }


def _insert_marks(
    conn: Connection,
    scans: Sequence[PreparedScan],
    indexes: list[int],
    outcomes: list[ScanOutcome | None],
) -> None:
    """Marks for the scans at ``indexes``: ``INSERT … ON CONFLICT DO NOTHING``, one
    statement for the round's rows. The unique constraints decide, in the batch's order: a
    mark id (session, pupil) already there makes "already marked", a device already used in
    the session makes "device_already_used". A pupil's second scan in the same batch waits
    for the next round, in case the first one's device was refused."""
    pending = [(index, mark_id(scans[index].session.id, scans[index].pupil_id))  # type: ignore[union-attr]
               for index in indexes]
    while pending:
        first: dict[uuid.UUID, int] = {}
        later: list[tuple[int, uuid.UUID]] = []
        for index, id_ in pending:
            if id_ in first:
                later.append((index, id_))
            else:
                first[id_] = index
        now = utcnow()
        values: dict[str, Any] = {}
        for n, (id_, index) in enumerate(first.items()):
            for column, value in _mark_row(scans[index], id_, now).items():
                values[f"{column}_{n}"] = value
        raw = _raw_uuids(conn.dialect)
        inserted = {raw.value(row[0]) for row in
                    _marks_insert(conn.dialect, len(first)).fetch(conn, values)}
        for id_, index in first.items():
            if id_ in inserted:
                scan = scans[index]
                outcomes[index] = ScanOutcome(scan.pupil_id, scan.session.id,  # type: ignore[union-attr]
                                              status=str(scan.status), marked_at=scan.now,
                                              slot_age=scan.slot_age)
        unresolved = [id_ for id_ in first if id_ not in inserted] + [id_ for _, id_ in later]
        existing = _marks(conn, unresolved)
        for id_, index in first.items():
            if id_ not in inserted:
                outcomes[index] = _already(scans[index], existing.get(id_))
        pending = []
        for index, id_ in later:
            if id_ in existing:
                outcomes[index] = _already(scans[index], existing[id_])
            else:
                pending.append((index, id_))


def _already(
    scan: PreparedScan, existing: tuple[str, datetime, int | None] | None
) -> ScanOutcome:
    session_id = scan.session.id if scan.session is not None else None
    if existing is None:
        return ScanOutcome(scan.pupil_id, session_id, refusal="device_already_used")
    return ScanOutcome(scan.pupil_id, session_id, already_marked=True, status=existing[0],
                       marked_at=existing[1], slot_age=existing[2])


def _marks(
    conn: Connection, ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, datetime, int | None]]:
    if not ids:
        return {}
    rows = conn.execute(
        select(AttendanceMark.id, AttendanceMark.status, AttendanceMark.marked_at,
               AttendanceMark.slot_age).where(AttendanceMark.id.in_(set(ids)))
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _replay(
    conn: Connection, scan: PreparedScan, result: str, session_id: uuid.UUID | None
) -> ScanOutcome:
    """The answer already given to this (pupil, nonce); nothing new is written."""
    if result in ACCEPTED and session_id is not None:
        existing = _marks(conn, [mark_id(session_id, scan.pupil_id)]).get(
            mark_id(session_id, scan.pupil_id)
        )
        if existing is not None:
            return ScanOutcome(scan.pupil_id, session_id, already_marked=result == "already_marked",
                               status=existing[0], marked_at=existing[1], slot_age=existing[2])
    if result in ACCEPTED:  # the mark was deleted since (its lesson was reset)
        result = "qr_invalid"
    return ScanOutcome(scan.pupil_id, session_id, refusal=result)


__all__ = [
    "ACCEPTED", "PreparedScan", "ScanDesk", "ScanOutcome", "ScanRateLimiter", "ScanRefused",
    "SessionDirectory", "SessionView", "Target", "in_networks", "mark_id", "prepare",
    "record", "target_of",
]


# -- the scan desk of a server process -------------------------------------------------------


class ScanDesk:
    """The scan path of one server process: the session snapshots, the rate limiter and
    the batcher that records scans on the single writer."""

    def __init__(self, db: Database, limiter: ScanRateLimiter | None = None) -> None:
        self.db = db
        self.directory = SessionDirectory()
        # One snapshot read per session at a time: when a class scans a session whose
        # snapshot is missing or expired, the first scan reads it and the others wait for
        # that read (not 64 reads at once, each opening a read connection of its own).
        self._loading: dict[uuid.UUID | str, asyncio.Future[SessionView | None]] = {}
        self.limiter = limiter or ScanRateLimiter()
        self.batcher: WriteBatcher[PreparedScan, ScanOutcome] = WriteBatcher(
            db, record, name="lesson-scans"
        )

    async def scan(self, *, pupil: User, data: ScanRequest, ip: str, now: datetime) -> ScanOutcome:
        """From the event loop: no thread trip but the batch's (and a snapshot's, once a
        second per session)."""
        retry_after = self.limiter.hit(data.device_id, ip, time.monotonic(), str(pupil.id))
        target = target_of(data)
        view: Any = None
        if target.key is not None:
            view = self.directory.cached(target.key)
            if view is SessionDirectory.MISSING:
                view = await self._load(target.key)
        prepared = prepare(view, target, pupil=pupil, data=data, ip=ip, now=now,
                           retry_after=retry_after)
        return await self.batcher.submit(prepared)

    async def _load(self, key: uuid.UUID | str) -> SessionView | None:
        loading = self._loading.get(key)
        if loading is None:
            loading = asyncio.ensure_future(
                anyio.to_thread.run_sync(self.directory.load, self.db, key)
            )
            self._loading[key] = loading
            loading.add_done_callback(lambda _done: self._loading.pop(key, None))
        # Shielded: a scan whose client went away does not cancel the read the others await.
        return await asyncio.shield(loading)

    def scan_blocking(
        self, *, pupil: User, data: ScanRequest, ip: str, now: datetime,
        seen_at: datetime | None = None,
    ) -> ScanOutcome:
        """From a thread (the /a/ page): the same checks, recorded as a batch of one."""
        retry_after = self.limiter.hit(data.device_id, ip, time.monotonic(), str(pupil.id))
        target = target_of(data)
        view = self.directory.get(self.db, target.key) if target.key is not None else None
        prepared = prepare(view, target, pupil=pupil, data=data, ip=ip, now=now,
                           retry_after=retry_after, seen_at=seen_at)
        with self.db.write_session() as session:
            return record(session, [prepared])[0]

    def remember(self, att: AttendanceSession) -> None:
        """A session opened in this process, once committed: the class's first scans need no
        read of it (they all would wait for that read)."""
        self.directory.remember(SessionView.of(att), att.id, att.short_code)

    def forget(self, att: AttendanceSession) -> None:
        """A session changed in this process (paused, resumed, closed): no stale snapshot."""
        self.directory.forget(att.id, att.short_code)

    async def aclose(self) -> None:
        await self.batcher.aclose()
