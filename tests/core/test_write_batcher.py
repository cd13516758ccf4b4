"""WriteBatcher: concurrent submissions share transactions; each gets its own result; one
failing item fails only its own request."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from lan_server.core.db import Database
from lan_server.core.write_batcher import WriteBatcher


def _database(tmp_path: Path) -> Database:
    db = Database.connect(f"sqlite:///{tmp_path / 'b.db'}")
    with db.write_session() as session:
        session.execute(text("CREATE TABLE t (v INTEGER PRIMARY KEY)"))
    return db


def _insert(session: Session, items: Sequence[int]) -> list[int]:
    for item in items:
        if item < 0:
            raise ValueError(f"bad item {item}")
        session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": item})
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
