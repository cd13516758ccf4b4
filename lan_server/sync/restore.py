"""Sync after the school's database was restored from a backup (lan_server/ops/backup.py).

A backup taken at T knows the push sequence the hub had acknowledged at T, the outbox of T
and the pull cursor of T. The hub knows more: whatever this server pushed after T. Left
alone, the restored server would number its next changes from the outbox of T, numbers the
hub has already acknowledged: they would be answered as duplicates and dropped, and what
the hub holds from after T would never come back. So a restore marks the sync state
(``mark_restored``, on the copy, in the restore's own transaction), and the next sync,
before it pushes anything:

1. pulls the school's whole record from the hub, this server's own pushes included
   (``own``), applying it like any pull: a row with a local change still in the outbox
   (made before T and not yet acknowledged then, or after the restore) keeps its local
   version and is pushed next, every other row takes the hub's version, rows the hub
   deleted are deleted;
2. numbers what the outbox holds after the sequence the hub acknowledged (the pull pages
   say it), and moves the database's counter past it (``finish_recovery``), in one
   transaction with clearing the mark.

A sync cut in the middle starts again from the pull cursor saved with the last page, the
mark still set. docs/sync.md, "Restoring a backup"."""

from __future__ import annotations

import sqlite3

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from lan_server.models import SyncOutbox
from lan_server.sync.school_service import get_state


def mark_restored(connection: sqlite3.Connection) -> bool:
    """On the copy about to become the database (plain sqlite3, autocommit): the next sync
    recovers from the hub first. False when the copy is not linked to a hub."""
    try:
        changed = connection.execute(
            "UPDATE sync_state SET resync_required = 1, pull_cursor = 0 "
            "WHERE credential IS NOT NULL"
        ).rowcount
    except sqlite3.OperationalError:  # no sync tables: nothing to recover
        return False
    return changed > 0


def finish_recovery(session: Session, *, hub_acked: int) -> None:
    """After the full pull: the outbox numbered after ``hub_acked``, the database's counter
    past it, the acknowledged sequence set to it, the mark cleared."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if not sqlite:
        session.execute(text("LOCK TABLE sync_outbox IN EXCLUSIVE MODE"))
    state = get_state(session, lock=True)
    low, high = session.execute(
        select(func.min(SyncOutbox.seq), func.max(SyncOutbox.seq))
    ).one()
    if low is not None and low <= hub_acked:
        shift = hub_acked - low + 1
        # Through negative numbers, so that no row takes a number another still holds.
        session.execute(update(SyncOutbox).values(seq=-(SyncOutbox.seq + shift)))
        session.execute(update(SyncOutbox).values(seq=-SyncOutbox.seq))
        high += shift
    top = max(hub_acked, high or 0)
    if sqlite:  # AUTOINCREMENT: the next number is past both the rows and sqlite_sequence
        moved = session.execute(
            text("UPDATE sqlite_sequence SET seq = :top WHERE name = 'sync_outbox' AND seq < :top"),
            {"top": top},
        ).rowcount
        known = session.scalar(text("SELECT 1 FROM sqlite_sequence WHERE name = 'sync_outbox'"))
        if not moved and not known:
            session.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', :top)"),
                {"top": top},
            )
    elif top > 0:  # no writer holds a number now (the lock): none is handed out twice
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('sync_outbox', 'seq'), :top)"),
            {"top": top},
        )
    state.acked_seq = hub_acked
    state.resync_required = False
    session.flush()
