"""WriteBatcher: concurrent submissions share transactions; each gets its own result; one
failing item fails only its own request; on SQLite a batch is written in the loop, the
writer taken in its thread. The WAL checkpointer that keeps those writes light."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from lan_server.core.checkpointer import checkpoint_forever
from lan_server.core.db import Database
from lan_server.core.write_batcher import WriteBatcher
from tests.support import create_user, make_settings, running_server


def _database(tmp_path: Path) -> Database:
    db = Database.connect(f"sqlite:///{tmp_path / 'b.db'}")
    with db.write_session() as session:
        session.execute(text("CREATE TABLE t (v INTEGER PRIMARY KEY)"))
    return db


def _insert(conn: Connection, items: Sequence[int]) -> list[int]:
    for item in items:
        if item < 0:
            raise ValueError(f"bad item {item}")
        conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": item})
    return [item * 10 for item in items]


def _rows(db: Database) -> list[int]:
    with db.read_session() as session:
        return [r[0] for r in session.execute(text("SELECT v FROM t ORDER BY v"))]


def test_a_burst_is_written_in_few_transactions_with_each_result(tmp_path: Path) -> None:
    db = _database(tmp_path)
    batcher: WriteBatcher[int, int] = WriteBatcher(db, _insert, max_batch=32)

    async def burst() -> list[int]:
        results = await asyncio.gather(*(batcher.submit(i) for i in range(200)))
        await batcher.aclose()
        return list(results)

    assert asyncio.run(burst()) == [i * 10 for i in range(200)]
    assert _rows(db) == list(range(200))
    assert batcher.items == 200
    assert batcher.batches < 200 / 4  # queued together, not one transaction each
    db.dispose()


def test_one_bad_item_fails_alone(tmp_path: Path) -> None:
    db = _database(tmp_path)
    batcher: WriteBatcher[int, int] = WriteBatcher(db, _insert)

    async def burst() -> list[object]:
        results = await asyncio.gather(
            *(batcher.submit(i) for i in (1, 2, -3, 4)), return_exceptions=True
        )
        await batcher.aclose()
        return list(results)

    results = asyncio.run(burst())
    assert results[:2] == [10, 20] and results[3] == 40
    assert isinstance(results[2], ValueError)
    assert _rows(db) == [1, 2, 4]
    db.dispose()


def test_a_lone_item_is_written_at_once(tmp_path: Path) -> None:
    db = _database(tmp_path)
    batcher: WriteBatcher[int, int] = WriteBatcher(db, _insert)

    async def one() -> int:
        result = await asyncio.wait_for(batcher.submit(7), timeout=10)
        await batcher.aclose()
        return result

    assert asyncio.run(one()) == 70
    with pytest.raises(ValueError):
        asyncio.run(WriteBatcher(db, _insert).submit(-1))
    db.dispose()


def _inserting_thread(threads: list[int]):  # noqa: ANN202
    def process(conn: Connection, items: Sequence[int]) -> list[int]:
        threads.append(threading.get_ident())
        return _insert(conn, items)

    return process


def test_on_sqlite_a_batch_is_written_in_the_loop(tmp_path: Path) -> None:
    db = _database(tmp_path)
    threads: list[int] = []
    batcher: WriteBatcher[int, int] = WriteBatcher(db, _inserting_thread(threads))

    async def burst() -> list[int]:
        results = await asyncio.gather(*(batcher.submit(i) for i in range(20)))
        await batcher.aclose()
        return list(results)

    assert asyncio.run(burst()) == [i * 10 for i in range(20)]
    assert set(threads) == {threading.get_ident()}  # asyncio.run's loop runs here
    assert batcher.inline_batches == batcher.batches
    db.dispose()


def test_the_loop_does_not_wait_while_somebody_holds_the_writer(tmp_path: Path) -> None:
    db = _database(tmp_path)
    threads: list[int] = []
    batcher: WriteBatcher[int, int] = WriteBatcher(db, _inserting_thread(threads))
    held = db.write_engine.connect()  # a request's transaction, a restore...
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def while_held() -> int:
        ticker = asyncio.create_task(tick())
        submitted = asyncio.ensure_future(batcher.submit(5))
        await asyncio.sleep(0.3)
        # The batch waits for the writer in its thread; the loop goes on meanwhile.
        assert not submitted.done() and ticks >= 10
        held.close()  # given back: the batch takes it, and writes from the loop
        result = await asyncio.wait_for(submitted, timeout=10)
        ticker.cancel()
        await batcher.aclose()
        return result

    assert asyncio.run(while_held()) == 50
    assert threads == [threading.get_ident()]
    assert _rows(db) == [5]
    db.dispose()


def test_a_checkpoint_copies_the_log_into_the_database(tmp_path: Path) -> None:
    db = _database(tmp_path)
    with db.write_session() as session:
        for i in range(50):
            session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": i})
    busy, in_log, copied = db.checkpoint()
    assert busy == 0 and in_log > 0 and copied == in_log
    # Nothing new since: nothing to copy.
    assert db.checkpoint()[1:] == (copied, copied)
    db.dispose()


def test_the_checkpointer_copies_the_log_while_the_server_runs(tmp_path: Path) -> None:
    db = _database(tmp_path)
    db.checkpoint()  # the table, in the file
    with db.write_session() as session:
        for i in range(50):
            session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": i})

    def rows_in_the_file_alone() -> int:
        """The database file copied without its -wal: what checkpoints put there."""
        alone = tmp_path / "alone.db"
        shutil.copyfile(tmp_path / "b.db", alone)
        with contextlib.closing(sqlite3.connect(alone)) as conn:
            return conn.execute("SELECT count(*) FROM t").fetchone()[0]

    assert rows_in_the_file_alone() == 0  # still in the log only

    async def run_a_moment() -> None:
        task = asyncio.create_task(checkpoint_forever(db, interval=0.05))
        await asyncio.sleep(0.5)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(run_a_moment())
    assert rows_in_the_file_alone() == 50
    db.dispose()


def test_a_running_server_checkpoints_its_log(tmp_path: Path) -> None:
    # The server's lifespan starts the checkpointer: a user created over the API reaches
    # the database file itself (read without its -wal) within a few passes.
    with running_server(make_settings(tmp_path)) as server, server.as_admin() as admin:
        user = create_user(admin)
        database = tmp_path / "ecep.sqlite3"
        alone = tmp_path / "alone.sqlite3"
        deadline = time.monotonic() + 10
        while True:
            shutil.copyfile(database, alone)
            with contextlib.closing(sqlite3.connect(alone)) as conn:
                found = conn.execute(
                    "SELECT count(*) FROM users WHERE username = ?", (user["username"],)
                ).fetchone()[0]
            if found:
                break
            assert time.monotonic() < deadline, "the log was not checkpointed"
            time.sleep(0.2)
