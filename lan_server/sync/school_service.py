"""The school's side, without HTTP: its sync state, the push batch read from the outbox,
the acknowledgement, and applying pulled rows (docs/sync.md). Functions take a Session;
the caller owns the transaction."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, func, insert, literal, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.models import SyncApplying, SyncOutbox, SyncParked, SyncState
from lan_server.sync import hlc as hlc_clock
from lan_server.sync.entities import (
    ENTITIES,
    RANK,
    SYNCED_NAMES,
    Entity,
    canonical_id,
    decode_row,
    encode_row,
    outbox_key,
)

STATE_ID = 1


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def get_state(session: Session, *, lock: bool = False) -> SyncState:
    """The single state row, created on first use."""
    query = select(SyncState).where(SyncState.id == STATE_ID)
    if lock and not _is_sqlite(session):
        query = query.with_for_update()
    state = session.scalar(query)
    if state is None:
        state = SyncState(id=STATE_ID, acked_seq=0, pull_cursor=0, hlc=0, pushed_total=0,
                          pulled_total=0)
        session.add(state)
        session.flush()
    return state


def read_state(session: Session) -> SyncState | None:
    return session.scalar(select(SyncState).where(SyncState.id == STATE_ID))


def pending_count(session: Session, acked: int | None = None) -> int:
    """Changes not yet acknowledged by the hub (counted per change, not per row)."""
    if acked is None:
        state = read_state(session)
        acked = state.acked_seq if state else 0
    return session.scalar(select(func.count()).where(SyncOutbox.seq > acked)) or 0


# -- enrollment --------------------------------------------------------------------------------


def save_enrollment(
    session: Session, *, hub_url: str, credential: str, hub_school_id: uuid.UUID,
    install_id: str,
) -> None:
    """Stores the credential and queues every row the school already has: the hub gets the
    whole school at the first push, whatever existed before the link was made."""
    state = get_state(session, lock=True)
    state.hub_url = hub_url
    state.credential = credential
    state.hub_school_id = hub_school_id
    state.install_id = install_id
    state.acked_seq = 0
    state.pull_cursor = 0
    state.last_error = None
    state.last_error_code = None
    session.execute(delete(SyncOutbox))
    _queue_everything(session)


def resend_everything(session: Session, *, hub_acked: int) -> None:
    """The hub acknowledges less than this server had sent (it was restored): every row is
    queued again, after what the hub has."""
    state = get_state(session, lock=True)
    state.acked_seq = hub_acked
    _queue_everything(session)


def _queue_everything(session: Session) -> None:
    for name in SYNCED_NAMES:
        entity = ENTITIES[name]
        pk = entity.table.c[entity.pk]
        session.execute(
            insert(SyncOutbox).from_select(
                ["entity", "row_id", "op"],
                select(literal(name), cast(pk, String), literal("i")).order_by(pk),
            )
        )
    session.flush()


# -- push ----------------------------------------------------------------------------------------


def _settle_outbox(session: Session) -> None:
    """PostgreSQL: waits until every transaction that has written to the outbox has ended,
    and keeps new ones out for the rest of this (short) transaction. Sequence numbers are
    taken in one order and committed in another when writers run in parallel; read after
    this lock, the outbox has no hole that a later commit could fill (a number skipped
    now would never be sent). SQLite has one writer: commits come in number order."""
    if not _is_sqlite(session):
        session.execute(text("LOCK TABLE sync_outbox IN SHARE MODE"))


@dataclass
class PushBatch:
    after: int
    upto: int
    rows: list[dict[str, Any]]
    changes: int  # outbox rows covered


def build_push_batch(session: Session, *, after: int, limit: int) -> PushBatch | None:
    """The current state of every row changed after ``after`` (at most ``limit`` outbox
    rows), a tombstone for a row that no longer exists. HLCs are stamped by the caller."""
    _settle_outbox(session)
    outbox = session.execute(
        select(SyncOutbox.seq, SyncOutbox.entity, SyncOutbox.row_id)
        .where(SyncOutbox.seq > after)
        .order_by(SyncOutbox.seq)
        .limit(limit)
    ).all()
    if not outbox:
        return None
    upto = outbox[-1].seq
    wanted: dict[str, dict[str, None]] = defaultdict(dict)  # ordered set per entity
    for row in outbox:
        if row.entity in ENTITIES:
            wanted[row.entity][canonical_id(row.row_id)] = None
    rows: list[dict[str, Any]] = []
    for name in sorted(wanted, key=RANK.__getitem__):
        entity = ENTITIES[name]
        ids = list(wanted[name])
        pk = entity.table.c[entity.pk]
        present: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = [uuid.UUID(i) for i in ids[start : start + 500]]
            for found in session.execute(select(entity.table).where(pk.in_(chunk))):
                data = encode_row(entity, found)
                present[data[entity.pk]] = data
        for row_id in ids:
            data = present.get(row_id)
            rows.append(
                {"e": name, "id": row_id, "deleted": data is None, "data": data, "hlc": 0}
            )
    return PushBatch(after=after, upto=upto, rows=rows, changes=len(outbox))


def stamp_clock(session: Session, batch: PushBatch, now: datetime) -> None:
    """Gives each row of the batch a fresh clock value and saves the clock BEFORE the batch
    leaves (a batch sent again after a crash never carries smaller values)."""
    state = get_state(session, lock=True)
    first, last = hlc_clock.next_values(state.hlc, now, len(batch.rows))
    for offset, row in enumerate(batch.rows):
        row["hlc"] = first + offset
    state.hlc = last
    session.flush()


def acknowledge(session: Session, *, acked: int, hub_hlc: int, rows: int) -> None:
    """The hub applied the outbox up to ``acked``: those rows are dropped."""
    state = get_state(session, lock=True)
    if acked > state.acked_seq:
        state.acked_seq = acked
        state.pushed_total = (state.pushed_total or 0) + rows
    state.hlc = max(state.hlc, hub_hlc)
    session.execute(delete(SyncOutbox).where(SyncOutbox.seq <= state.acked_seq))
    session.flush()


# -- pull ----------------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    applied: int = 0
    deleted: int = 0
    skipped_pending: int = 0
    parked: int = 0


class _Applying:
    """While a row of ``sync_applying`` exists in this transaction, the capture triggers
    write nothing: pulled rows are not sent back. Removed before the commit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.marker = random.randint(1, 2**31 - 1)  # noqa: S311 - a row key, not a secret

    def __enter__(self) -> None:
        self.session.execute(insert(SyncApplying).values(id=self.marker))

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.session.execute(delete(SyncApplying).where(SyncApplying.id == self.marker))


def _insert_for(session: Session):  # noqa: ANN202
    return sqlite_insert if _is_sqlite(session) else pg_insert


def _pending_ids(session: Session, entity: Entity, ids: list[str]) -> set[str]:
    """Rows of ``ids`` with a local change not yet acknowledged by the hub."""
    if session.scalar(select(SyncOutbox.seq).limit(1)) is None:
        return set()  # the usual case after a push: nothing waits
    sqlite = _is_sqlite(session)
    keys = {outbox_key(i, sqlite=sqlite): i for i in ids}
    found: set[str] = set()
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        for row_id in session.scalars(
            select(SyncOutbox.row_id).where(
                SyncOutbox.entity == entity.name,
                SyncOutbox.row_id.in_(key_list[start : start + 500]),
            )
        ):
            found.add(keys[row_id])
    return found


def _existing_ids(session: Session, table_name: str, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    table = ENTITIES[table_name].table if table_name in ENTITIES else None
    if table is None:
        from lan_server.models import Base

        table = Base.metadata.tables[table_name]
    pk = next(iter(table.primary_key.columns))
    found: set[uuid.UUID] = set()
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        found.update(session.scalars(select(pk).where(pk.in_(id_list[start : start + 500]))))
    return found


def _park(session: Session, entity: Entity, row: dict[str, Any], reason: str) -> None:
    statement = _insert_for(session)(SyncParked).values(
        entity=entity.name, row_id=row["id"], hlc=int(row["hlc"]), deleted=bool(row["deleted"]),
        data=row.get("data"), reason=reason[:300],
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["entity", "row_id"],
            set_={"hlc": statement.excluded.hlc, "deleted": statement.excluded.deleted,
                  "data": statement.excluded.data, "reason": statement.excluded.reason},
        )
    )


def _upsert_rows(session: Session, entity: Entity, values: list[dict[str, Any]]) -> None:
    statement = _insert_for(session)(entity.table)
    columns = [name for name, _encode in entity.encoders if name != entity.pk]
    statement = statement.on_conflict_do_update(
        index_elements=[entity.pk], set_={c: statement.excluded[c] for c in columns}
    )
    session.execute(statement, values)


def _apply_entity(
    session: Session, entity: Entity, rows: list[dict[str, Any]], result: ApplyResult,
    *, from_parked: bool,
) -> None:
    pending = _pending_ids(session, entity, [r["id"] for r in rows])
    pk = entity.table.c[entity.pk]
    tombstones = [r for r in rows if r["deleted"] and r["id"] not in pending]
    live = [r for r in rows if not r["deleted"] and r["id"] not in pending]
    result.skipped_pending += len(rows) - len(tombstones) - len(live)
    if from_parked:
        done = [r["id"] for r in rows if r["id"] in pending or r["deleted"]]
        _unpark(session, entity, done)
    if tombstones:
        gone = [uuid.UUID(r["id"]) for r in tombstones]
        session.execute(delete(entity.table).where(pk.in_(gone)))
        result.deleted += len(tombstones)
    if not live:
        return
    decoded = [(row, decode_row(entity, row["data"] or {})) for row in live]
    # Parents first: a row whose parent has not arrived waits in sync_parked.
    missing: dict[str, str] = {}
    for column, target in entity.parents:
        wanted = {values[column] for _row, values in decoded if values.get(column) is not None}
        absent = wanted - _existing_ids(session, target, wanted)
        if absent:
            for row, values in decoded:
                if values.get(column) in absent:
                    missing.setdefault(row["id"], f"{column} -> {target} not yet here")
    for column, target in entity.local_refs:  # kiosks stay local: the reference is dropped
        wanted = {values[column] for _row, values in decoded if values.get(column) is not None}
        present = _existing_ids(session, target, wanted)
        for _row, values in decoded:
            if values.get(column) is not None and values[column] not in present:
                values[column] = None
    ready = [(row, values) for row, values in decoded if row["id"] not in missing]
    for row, _values in decoded:
        if row["id"] in missing and not from_parked:
            _park(session, entity, row, missing[row["id"]])
            result.parked += 1
    if not ready:
        return
    try:
        with session.begin_nested():
            _upsert_rows(session, entity, [values for _row, values in ready])
    except IntegrityError:
        # A local unique constraint refused some row (a username taken by another account):
        # one by one, the refused rows wait in sync_parked with the reason.
        for row, values in ready:
            try:
                with session.begin_nested():
                    _upsert_rows(session, entity, [values])
            except IntegrityError as exc:
                _park(session, entity, row, str(exc.orig)[:300])
                result.parked += 1
                ready = [pair for pair in ready if pair[0] is not row]
    result.applied += len(ready)
    if from_parked:
        _unpark(session, entity, [row["id"] for row, _values in ready])


def _unpark(session: Session, entity: Entity, ids: list[str]) -> None:
    if ids:
        session.execute(
            delete(SyncParked).where(SyncParked.entity == entity.name, SyncParked.row_id.in_(ids))
        )


def apply_rows(session: Session, rows: list[dict[str, Any]]) -> ApplyResult:
    """Applies pulled rows (the hub has already settled conflicts) in foreign-key order,
    without writing to the outbox. A row with a local change not yet pushed is left alone:
    the push decides it at the hub, which sends back the winner."""
    result = ApplyResult()
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["e"] in ENTITIES:
            by_entity[row["e"]].append(row)
    _settle_outbox(session)  # PostgreSQL: no local change slips between check and write
    with _Applying(session):
        for name in sorted(by_entity, key=RANK.__getitem__):
            latest: dict[str, dict[str, Any]] = {}
            for row in by_entity[name]:
                latest[row["id"]] = row  # a later version of the same row wins
            entity = ENTITIES[name]
            # A newer version supersedes a parked one.
            _unpark(session, entity, list(latest))
            _apply_entity(session, entity, list(latest.values()), result, from_parked=False)
        if result.applied or result.deleted:
            _retry_parked(session, result)
    return result


def _retry_parked(session: Session, result: ApplyResult) -> None:
    for _round in range(len(SYNCED_NAMES)):
        parked = session.execute(
            select(SyncParked.entity, SyncParked.row_id, SyncParked.hlc, SyncParked.deleted,
                   SyncParked.data)
        ).all()
        if not parked:
            return
        before = result.applied
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in parked:
            groups[item.entity].append(
                {"e": item.entity, "id": item.row_id, "hlc": item.hlc, "deleted": item.deleted,
                 "data": item.data}
            )
        for name in sorted(groups, key=RANK.__getitem__):
            _apply_entity(session, ENTITIES[name], groups[name], result, from_parked=True)
        if result.applied == before:
            return


def parked_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SyncParked)) or 0


def save_pull_progress(session: Session, *, cursor: int, hub_hlc: int, rows: int) -> None:
    """Saved in the transaction that applied the rows: both or neither."""
    state = get_state(session, lock=True)
    state.pull_cursor = max(state.pull_cursor, cursor)
    state.hlc = max(state.hlc, hub_hlc)
    state.pulled_total = (state.pulled_total or 0) + rows
    session.flush()


def outbox_keys(session: Session) -> list[tuple[str, str]]:
    return [
        (r.entity, canonical_id(r.row_id))
        for r in session.execute(select(SyncOutbox.entity, SyncOutbox.row_id))
    ]

