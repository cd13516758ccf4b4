"""WAL checkpoints off the request path (SQLite).

In WAL mode SQLite copies the log back into the database file (a checkpoint, with an
fsync) from whichever connection commits once the log passes 1,000 pages: the writer, in
the middle of somebody's write, or in the event loop itself when a batch of scans is
written there (core/write_batcher.py). This task makes that copy once a second instead,
from a reader connection in a worker thread, ``PASSIVE`` (it waits for nobody and blocks
nobody), so the log seldom grows that far; SQLite's own checkpoint stays as the safety
net. With nothing new in the log a pass costs a thread trip and no disk write."""

from __future__ import annotations

import asyncio
import logging

import anyio

from lan_server.core.db import Database

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_SECONDS = 1.0


async def checkpoint_forever(db: Database, interval: float = CHECKPOINT_EVERY_SECONDS) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await anyio.to_thread.run_sync(db.checkpoint)
        except Exception:  # a full disk, a restore in progress: the next pass tries again
            log.exception("WAL checkpoint failed")


def start_checkpointer(db: Database) -> asyncio.Task[None] | None:
    """The checkpoint task (the lifespan cancels it on shutdown); None on PostgreSQL."""
    if not db.is_sqlite:
        return None
    return asyncio.create_task(checkpoint_forever(db), name="wal-checkpoint")
