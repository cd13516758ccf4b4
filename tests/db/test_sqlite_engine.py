"""The SQLite set-up of lan_server.core.db.Database: the pragmas on every connection of both
engines, and the single writer that serializes writes without 'database is locked'."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from lan_server.core import migrate
from lan_server.core.db import Database
from lan_server.models import LoginThrottle

WRITERS = 8
WRITES_PER_THREAD = 25


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'ecep.sqlite3'}"
    migrate.upgrade(url)
    database = Database.connect(url)
    try:
        yield database
    finally:
        database.dispose()


def pragmas(connection) -> dict[str, object]:  # noqa: ANN001
    return {
        name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }


def assert_configured(values: dict[str, object]) -> None:
    assert str(values["journal_mode"]).lower() == "wal", values
    assert values["synchronous"] == 1, values  # NORMAL
    assert values["foreign_keys"] == 1, values
    assert int(values["busy_timeout"]) > 0, values  # type: ignore[call-overload]


@pytest.mark.parametrize("engine_name", ["read_engine", "write_engine"])
def test_every_connection_gets_the_pragmas(db: Database, engine_name: str) -> None:
    engine = getattr(db, engine_name)
    # Several connections at once, so that the pool has to open more than one (the writer's
    # pool has one connection: only one can be checked out).
    count = 1 if engine_name == "write_engine" else 4
    with ExitStack() as stack:
        connections = [stack.enter_context(engine.connect()) for _ in range(count)]
        for connection in connections:
            assert_configured(pragmas(connection))


def test_sessions_see_the_pragmas(db: Database) -> None:
    with db.read_session() as session:
        assert_configured(pragmas(session.connection()))
    with db.write_session() as session:
        assert_configured(pragmas(session.connection()))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), db.write_session() as session:
        session.execute(
            text(
                "INSERT INTO subjects (id, school_id, code, name, created_at, updated_at) "
                "VALUES (x'00', x'01', 'm', 'Maths', '2026-01-01', '2026-01-01')"
            )
        )


def test_the_writer_is_a_pool_of_one(db: Database) -> None:
    pool = db.write_engine.pool
    assert pool.size() == 1
    assert getattr(pool, "_max_overflow", 0) == 0
    assert db.read_engine is not db.write_engine

    # Behaviour, not only configuration: while one write session holds the connection, a
    # second one waits for it instead of opening another.
    entered = threading.Event()
    release = threading.Event()
    second_done = threading.Event()

    def first() -> None:
        with db.write_session() as session:
            session.execute(text("SELECT 1"))
            entered.set()
            release.wait(10)

    def second() -> None:
        with db.write_session() as session:
            session.execute(text("SELECT 1"))
        second_done.set()

    with ThreadPoolExecutor(2) as pool_threads:
        holder = pool_threads.submit(first)
        assert entered.wait(10)
        waiter = pool_threads.submit(second)
        assert not second_done.wait(0.3), "a second writer connection was opened"
        release.set()
        holder.result(10)
        waiter.result(10)
    assert second_done.is_set()


def test_concurrent_writes_all_succeed(db: Database) -> None:
    """8 threads write at once through write_session, with readers running alongside:
    no 'database is locked', no lost update in a read-modify-write, every row there."""
    now = datetime.now(UTC)
    with db.write_session() as session:
        session.add(LoginThrottle(key="counter", failures=0, first_failure_at=now))

    errors: list[BaseException] = []
    stop_readers = threading.Event()

    def writer(thread_no: int) -> None:
        for i in range(WRITES_PER_THREAD):
            try:
                with db.write_session() as session:
                    # Read, then write in the same transaction: with deferred transactions on
                    # several connections this is where SQLITE_BUSY would strike.
                    counter = session.get(LoginThrottle, "counter")
                    assert counter is not None
                    counter.failures += 1
                    session.add(
                        LoginThrottle(key=f"w{thread_no}-{i}", failures=i, first_failure_at=now)
                    )
            except BaseException as exc:  # noqa: BLE001 - collected and reported below
                errors.append(exc)

    def reader() -> None:
        while not stop_readers.is_set():
            try:
                with db.read_session() as session:
                    session.scalar(select(func.count()).select_from(LoginThrottle))
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
            time.sleep(0.001)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for thread in readers:
        thread.start()
    started = time.monotonic()
    with ThreadPoolExecutor(WRITERS) as pool_threads:
        for future in [pool_threads.submit(writer, n) for n in range(WRITERS)]:
            future.result(timeout=120)
    elapsed = time.monotonic() - started
    stop_readers.set()
    for thread in readers:
        thread.join(10)

    locked = [e for e in errors if isinstance(e, OperationalError) and "locked" in str(e)]
    assert not locked, f"{len(locked)} 'database is locked' errors, first: {locked[0]}"
    assert not errors, f"{len(errors)} errors, first: {errors[0]!r}"
    total = WRITERS * WRITES_PER_THREAD
    with db.read_session() as session:
        assert session.get(LoginThrottle, "counter").failures == total  # type: ignore[union-attr]
        rows = session.scalar(
            select(func.count()).select_from(LoginThrottle).where(LoginThrottle.key != "counter")
        )
    assert rows == total
    assert elapsed < 60, f"{total} small writes took {elapsed:.1f} s"
