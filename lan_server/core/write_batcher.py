"""Concurrent writes of one kind, recorded together on the single writer.

Fifty pupils scanning the same QR within a second are fifty small writes. Each on its own
costs a thread trip, a ``BEGIN IMMEDIATE`` and a commit (an fsync of the WAL at worst) on
the one writer connection, which then becomes the queue everybody waits in. A
``WriteBatcher`` lets the requests that arrive while a batch is being written wait for the
next one: it takes whatever is queued (up to ``max_batch``), records it in one transaction
in one trip to a thread of its own, and answers each request with its own result. Nothing
waits for a batch to fill: under light load a batch is one item and costs what a plain
write costs; under a burst the batches grow by themselves.

On SQLite a batch's statements run in the event loop itself (the writer connection is
taken in the batch's thread, so the loop never waits for it). SQLite is in-process: a
batch is a few milliseconds of CPU that the process spends either way, but from a worker
thread it hands the GIL to and fro with the loop at every step of every statement
(pysqlite releases it around each ``sqlite3_step``), and each handover waits for the
loop's switch interval while the loop is busy with the burst: measured in
bench/scan_burst.py, scans/s +20 to +35 % written in the loop. A commit costs no fsync
there (WAL, ``synchronous=NORMAL``) and the WAL's checkpoints are made off the loop
(core/checkpointer.py). PostgreSQL is a network trip away: its batches are written in
their thread.

``process(conn, items)`` must return one result per item, in order, and may not commit. It
gets a Core ``Connection`` in a transaction on the writer (no ORM session: its set-up and
commit bookkeeping were a few per cent of a burst's CPU, for statements that are Core).
When a whole batch fails (a bug, a lost database), each of its items is retried alone, so
one bad item fails only its own request."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import anyio
from sqlalchemy import Connection

from lan_server.core.db import Database

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)


class WriteBatcher(Generic[T, R]):
    def __init__(
        self,
        db: Database,
        process: Callable[[Connection, Sequence[T]], list[R]],
        *,
        max_batch: int = 128,
        name: str = "writes",
    ) -> None:
        self._db = db
        self._process = process
        self._max_batch = max_batch
        self._name = name
        self._queue: asyncio.Queue[tuple[T, asyncio.Future[R]]] | None = None
        self._task: asyncio.Task[None] | None = None
        # One thread for this batcher alone: a batch never waits behind request threads,
        # and two batches of the same kind never contend for the writer.
        self._limiter: anyio.CapacityLimiter | None = None
        self.batches = 0  # counters, for the benchmark and the logs
        self.inline_batches = 0  # of which written from the event loop
        self.items = 0

    async def submit(self, item: T) -> R:
        """Records ``item`` with whatever else is queued; its result, or its exception."""
        if self._task is None or self._task.done():
            self._start()
        assert self._queue is not None
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))
        return await future

    def _start(self) -> None:
        self._queue = asyncio.Queue()
        self._limiter = anyio.CapacityLimiter(1)
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"write-batcher:{self._name}"
        )

    async def aclose(self) -> None:
        """Records what is queued, then stops (the app's shutdown)."""
        if self._task is None:
            return
        assert self._queue is not None
        while not self._queue.empty():
            await asyncio.sleep(0.01)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            batch = [await queue.get()]
            while len(batch) < self._max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            items = [item for item, _ in batch]
            write = self._write_each if len(items) == 1 else self._write
            try:
                if self._db.is_sqlite:
                    outcomes = await self._write_in_loop(write, items)
                else:
                    outcomes = await anyio.to_thread.run_sync(
                        functools.partial(write, items), limiter=self._limiter
                    )
            except Exception:
                log.exception("%s: a batch of %d failed; writing its items one by one",
                              self._name, len(items))
                outcomes = await anyio.to_thread.run_sync(
                    functools.partial(self._write_each, items), limiter=self._limiter
                )
            self.batches += 1
            self.items += len(items)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():  # the request went away; its write stands
                    continue
                if isinstance(outcome, _Failed):
                    future.set_exception(outcome.error)
                else:
                    future.set_result(outcome)

    async def _write_in_loop(
        self, write: Callable[[Sequence[T], Connection | None], list], items: Sequence[T]
    ) -> list:
        """The writer is taken in the batch's thread, where waiting for it (a request's
        transaction holds it) blocks nobody; the statements then run here, in the loop.
        Taken in the loop, a request's thread that got the writer first would keep it until
        the loop, stuck waiting, ended that request: a deadlock."""
        conn = await anyio.to_thread.run_sync(self._db.write_engine.connect,
                                              limiter=self._limiter)
        try:
            outcomes = write(items, conn)
        finally:
            conn.close()
        self.inline_batches += 1
        return outcomes

    def _write(self, items: Sequence[T], conn: Connection | None = None) -> list[R]:
        """One transaction (BEGIN IMMEDIATE on SQLite), on ``conn`` or a connection taken
        from the writer pool."""
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self._db.write_engine.connect())
            with conn.begin():
                results = self._process(conn, items)
        if len(results) != len(items):
            raise RuntimeError(f"{self._name}: {len(results)} results for {len(items)} items")
        return results

    def _write_each(
        self, items: Sequence[T], conn: Connection | None = None
    ) -> list[R | _Failed]:
        results: list[R | _Failed] = []
        for item in items:
            try:
                results.extend(self._write([item], conn))
            except Exception as exc:  # noqa: BLE001 - handed to the item's own request
                results.append(_Failed(exc))
        return results


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error
