"""The hub's side (role hub, PostgreSQL): enrollment codes and credentials, applying a pushed
batch once, serving pulls from the change log, central edits. Services: a Session and plain
values in, ``AppError`` out; the caller commits."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select, text, update
from sqlalchemy.orm import Session

from lan_server.core.errors import AppError, Conflict, NotFound, Unauthorized
from lan_server.models import HubCredential, HubEnrollCode, HubRecord, HubSchool
from lan_server.sync import hlc as hlc_clock
from lan_server.sync.entities import ENTITIES, RANK, Policy

CODE_TTL = timedelta(days=7)
CREDENTIAL_PREFIX = "ecs1."
ORIGIN_HUB = "hub"
ORIGIN_MERGE = "merge"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


# -- enrollment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrollCode:
    code: str
    hub_school_id: uuid.UUID
    expires_at: datetime


def create_enroll_code(
    session: Session, *, now: datetime, school_name: str | None = None,
    hub_school_id: uuid.UUID | None = None,
) -> EnrollCode:
    """A one-time code for a new school (``school_name``) or for another server of a school
    the hub knows (``hub_school_id``: a reinstalled server restores from the hub)."""
    if hub_school_id is not None:
        school = session.get(HubSchool, hub_school_id)
        if school is None:
            raise NotFound("sync_hub_school_unknown")
    else:
        school = HubSchool(name=(school_name or "").strip() or "?", created_at=now)
        session.add(school)
        session.flush()
    raw = secrets.token_hex(8).upper()  # 16 characters, shown as 4 groups of 4
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    row = HubEnrollCode(
        code_hash=_hash(_normalize_code(code)), hub_school_id=school.id, created_at=now,
        expires_at=now + CODE_TTL,
    )
    session.add(row)
    session.flush()
    return EnrollCode(code=code, hub_school_id=school.id, expires_at=row.expires_at)


@dataclass(frozen=True)
class Enrollment:
    credential: str
    hub_school_id: uuid.UUID
    hub_school_name: str
    school_uuid: uuid.UUID


def enroll(
    session: Session, *, code: str, install_id: str, school_uuid: uuid.UUID | None, now: datetime,
) -> Enrollment:
    """Exchanges a code (once) for a credential bound to the school's own id."""
    row = session.scalar(
        select(HubEnrollCode)
        .where(HubEnrollCode.code_hash == _hash(_normalize_code(code)))
        .with_for_update()
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise AppError("sync_code_invalid", status_code=400)
    school = session.scalar(
        select(HubSchool).where(HubSchool.id == row.hub_school_id).with_for_update()
    )
    assert school is not None  # noqa: S101 - a foreign key
    if school.school_uuid is None:
        if school_uuid is None:
            raise AppError("sync_code_invalid", status_code=400)
        school.school_uuid = school_uuid
    elif school_uuid is not None and school_uuid != school.school_uuid:
        raise Conflict("sync_school_mismatch")
    row.used_at = now
    credential = CREDENTIAL_PREFIX + secrets.token_urlsafe(32)
    session.add(
        HubCredential(
            hub_school_id=school.id, token_hash=_hash(credential), install_id=install_id[:64],
            created_at=now,
        )
    )
    session.flush()
    return Enrollment(credential, school.id, school.name, school.school_uuid)


def authenticate(session: Session, credential: str | None, *, lock: bool = False) -> HubCredential:
    if not credential or not credential.startswith(CREDENTIAL_PREFIX):
        raise Unauthorized("sync_credential_invalid")
    query = select(HubCredential).where(HubCredential.token_hash == _hash(credential))
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None or row.revoked_at is not None:
        raise Unauthorized("sync_credential_invalid")
    return row


def _lock_school(session: Session, hub_school_id: uuid.UUID) -> HubSchool:
    """Every writer of one school's records holds this lock, and takes its change numbers
    under it: a school's changes become visible in change-number order, so a pull never
    steps over a change that commits later with a smaller number."""
    school = session.scalar(
        select(HubSchool).where(HubSchool.id == hub_school_id).with_for_update()
    )
    if school is None:
        raise NotFound("sync_hub_school_unknown")
    return school


# -- push --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushResult:
    acked: int
    hlc: int
    applied: int
    duplicate: bool


def _wins(policy: Policy, incoming: dict[str, Any], existing: HubRecordView | None) -> bool:
    """Whether the pushed version replaces the stored one (docs/sync.md, "Policies")."""
    if existing is None:
        return True
    if policy is Policy.append_only:
        return False
    if policy is Policy.hub_wins and existing.origin == ORIGIN_HUB:
        return False
    if policy is Policy.earliest_mark and not incoming["deleted"] and not existing.deleted:
        mine = (incoming.get("data") or {}).get("marked_at")
        theirs = (existing.data or {}).get("marked_at")
        if mine and theirs and mine != theirs:
            return datetime.fromisoformat(mine) < datetime.fromisoformat(theirs)
    return incoming["hlc"] > existing.hlc


@dataclass
class HubRecordView:
    hlc: int
    deleted: bool
    origin: str
    data: dict[str, Any] | None


# The keys travel as one array joined to the primary key: the plan stays an index lookup
# per key even while the table's statistics still say "empty" (a first push of 100,000
# rows made an IN list scan the whole table, batch after batch, until autovacuum's ANALYZE).
_EXISTING = text(
    """
    SELECT h.row_id, h.hlc, h.deleted, h.origin, h.data
    FROM unnest(CAST(:ids AS text[])) AS k(row_id)
    CROSS JOIN LATERAL (
        SELECT row_id, hlc, deleted, origin, data FROM hub_records
        WHERE hub_school_id = CAST(:school AS uuid) AND entity = :entity
          AND row_id = k.row_id
    ) AS h
    """
).columns(data=HubRecord.data.type)


def _existing(
    session: Session, hub_school_id: uuid.UUID, entity: str, ids: list[str]
) -> dict[str, HubRecordView]:
    return {
        row.row_id: HubRecordView(row.hlc, row.deleted, row.origin, row.data)
        for row in session.execute(
            _EXISTING, {"ids": ids, "school": hub_school_id, "entity": entity}
        )
    }


def _change_numbers(session: Session, count: int) -> list[int]:
    if count == 0:
        return []
    return sorted(
        session.scalars(
            text("SELECT nextval('hub_change_seq') FROM generate_series(1, :n)"), {"n": count}
        )
    )


# One statement for a whole batch: the rows travel as arrays (unnest), the JSON as text.
_UPSERT = text(
    """
    INSERT INTO hub_records
        (hub_school_id, entity, row_id, data, hlc, deleted, origin, change_seq)
    SELECT CAST(:school AS uuid), e, r, CAST(d AS jsonb), h, x, o, c
    FROM unnest(
        CAST(:entities AS text[]), CAST(:row_ids AS text[]), CAST(:datas AS text[]),
        CAST(:hlcs AS bigint[]), CAST(:deleteds AS boolean[]), CAST(:origins AS text[]),
        CAST(:seqs AS bigint[])
    ) AS t(e, r, d, h, x, o, c)
    ON CONFLICT (hub_school_id, entity, row_id) DO UPDATE SET
        data = excluded.data, hlc = excluded.hlc, deleted = excluded.deleted,
        origin = excluded.origin, change_seq = excluded.change_seq
    """
)


def _upsert(session: Session, values: list[dict[str, Any]]) -> None:
    if not values:
        return
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    session.execute(
        _UPSERT,
        {
            "school": values[0]["hub_school_id"],
            "entities": [v["entity"] for v in values],
            "row_ids": [v["row_id"] for v in values],
            "datas": [None if v["data"] is None else dumps(v["data"]) for v in values],
            "hlcs": [v["hlc"] for v in values],
            "deleteds": [v["deleted"] for v in values],
            "origins": [v["origin"] for v in values],
            "seqs": [v["change_seq"] for v in values],
        },
    )


def apply_push(
    session: Session, credential: str | None, *, after: int, upto: int,
    rows: list[dict[str, Any]],
) -> PushResult:
    """Applies one batch of a school server's outbox, at most once: a batch whose ``upto``
    the hub has already acknowledged changes nothing (a replay, a retry after a lost
    answer). Rows are current states, so a batch that overlaps an applied one is harmless."""
    probe = authenticate(session, credential)
    school = _lock_school(session, probe.hub_school_id)  # first the school, then the credential
    cred = authenticate(session, credential, lock=True)
    if upto <= cred.acked_seq:
        return PushResult(cred.acked_seq, school.hlc, 0, True)
    if after > cred.acked_seq:
        acked = cred.acked_seq
        raise Conflict("sync_gap", params={"acked": acked}, extra={"acked": acked})
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("e") not in ENTITIES:
            raise AppError("sync_bad_batch")
        by_entity[row["e"]].append(row)
    origin = str(cred.id)
    writes: list[dict[str, Any]] = []
    max_hlc = school.hlc
    for name in sorted(by_entity, key=RANK.__getitem__):
        entity = ENTITIES[name]
        incoming_rows = by_entity[name]
        existing = _existing(session, school.id, name, [r["id"] for r in incoming_rows])
        for row in incoming_rows:
            max_hlc = max(max_hlc, int(row["hlc"]))
            current = existing.get(row["id"])
            if _wins(entity.policy, row, current):
                writes.append(
                    {
                        "hub_school_id": school.id, "entity": name, "row_id": row["id"],
                        "data": row.get("data"), "hlc": int(row["hlc"]),
                        "deleted": bool(row["deleted"]), "origin": origin,
                    }
                )
            elif current is not None and (
                current.deleted != bool(row["deleted"]) or current.data != row.get("data")
            ):
                # The hub keeps its version: renumbered so that the pushing school pulls it
                # back. A central version stays central (content: hub wins); one this very
                # school wrote becomes "merge", or its own pull would skip it.
                writes.append(
                    {
                        "hub_school_id": school.id, "entity": name, "row_id": row["id"],
                        "data": current.data, "hlc": current.hlc, "deleted": current.deleted,
                        "origin": ORIGIN_MERGE if current.origin == origin else current.origin,
                    }
                )
    for value, number in zip(writes, _change_numbers(session, len(writes)), strict=True):
        value["change_seq"] = number
    _upsert(session, writes)
    school.hlc = max_hlc
    cred.acked_seq = upto
    session.flush()
    return PushResult(upto, max_hlc, len(writes), False)


# -- pull --------------------------------------------------------------------------------------


def pull(session: Session, credential: str | None, *, after: int, limit: int,
         own: bool = False) -> dict[str, Any]:
    """Changes of the caller's school after ``after``, oldest first. Rows this very server
    pushed (and the hub kept as they were) are skipped but still move the cursor, unless
    ``own``: a server restored from a backup takes back what it had pushed since. The page
    also says the push sequence the hub has acknowledged from this server."""
    cred = authenticate(session, credential)
    me = "" if own else str(cred.id)
    found = session.execute(
        select(
            HubRecord.entity, HubRecord.row_id, HubRecord.hlc, HubRecord.deleted,
            HubRecord.origin, HubRecord.change_seq,
        )
        .add_columns(case((HubRecord.origin != me, HubRecord.data), else_=None).label("data"))
        .where(HubRecord.hub_school_id == cred.hub_school_id, HubRecord.change_seq > after)
        .order_by(HubRecord.change_seq)
        .limit(limit)
    ).all()
    rows = [
        {"e": r.entity, "id": r.row_id, "hlc": r.hlc, "deleted": r.deleted, "data": r.data}
        for r in found
        if r.origin != me
    ]
    school = session.get(HubSchool, cred.hub_school_id)
    return {
        "rows": rows,
        "next": found[-1].change_seq if found else after,
        "more": len(found) == limit,
        "hlc": school.hlc if school else 0,
        "acked": cred.acked_seq,
    }


# -- central edits -----------------------------------------------------------------------------


def central_edit(
    session: Session, hub_school_id: uuid.UUID, rows: list[dict[str, Any]], *, now: datetime
) -> int:
    """Rows written by the hub itself (content, accounts made centrally): stamped with the
    hub's clock after everything it has seen of this school, sent to the school's servers."""
    school = _lock_school(session, hub_school_id)
    first, last = hlc_clock.next_values(school.hlc, now, len(rows))
    writes = []
    for offset, row in enumerate(sorted(rows, key=lambda r: RANK.get(r.get("e"), 99))):
        if row.get("e") not in ENTITIES:
            raise AppError("sync_bad_batch")
        writes.append(
            {
                "hub_school_id": school.id, "entity": row["e"], "row_id": str(uuid.UUID(row["id"])),
                "data": row.get("data"), "hlc": first + offset,
                "deleted": bool(row.get("deleted", False)), "origin": ORIGIN_HUB,
            }
        )
    for value, number in zip(writes, _change_numbers(session, len(writes)), strict=True):
        value["change_seq"] = number
    _upsert(session, writes)
    school.hlc = last
    session.flush()
    return len(writes)


def touch_credential(session: Session, credential_id: uuid.UUID, now: datetime) -> None:
    session.execute(
        update(HubCredential).where(HubCredential.id == credential_id).values(last_seen_at=now)
    )


def school_records(session: Session, hub_school_id: uuid.UUID) -> dict[tuple[str, str], Any]:
    """Every live record of a school (tests, tools): (entity, id) -> data."""
    return {
        (r.entity, r.row_id): r.data
        for r in session.execute(
            select(HubRecord.entity, HubRecord.row_id, HubRecord.data).where(
                HubRecord.hub_school_id == hub_school_id, HubRecord.deleted.is_(False)
            )
        )
    }
