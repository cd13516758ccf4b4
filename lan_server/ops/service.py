"""Backups and restores of a running server (the API and the periodic job call these).

A restore through the API happens live, without restarting: the server's single writer
connection is taken (no request can write meanwhile; they wait, as for any long write) and
the backup is copied *into* the database through it with SQLite's backup API — one
transaction. Read connections finish what they were reading on the old snapshot and see the
restored database from their next transaction. Cached logins are dropped (the restored
database may not know them). See backup.py for the rest.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lan_server.audit import service as audit
from lan_server.core.context import AppContext
from lan_server.core.errors import Conflict
from lan_server.models import User
from lan_server.ops import messages as _messages  # noqa: F401 - the catalogue
from lan_server.ops.backup import (
    BackupInfo,
    Reason,
    RestoreResult,
    backups_dir,
    create_backup,
    find_backup,
    list_backups,
    restore_backup,
    sqlite_path,
)


def database_file(ctx: AppContext) -> Path:
    path = sqlite_path(ctx.settings.resolved_database_url)
    if path is None:
        raise Conflict("backups_sqlite_only")
    return path


def backups(ctx: AppContext) -> list[BackupInfo]:
    database_file(ctx)
    return list_backups(backups_dir(ctx.settings.data_dir))


def backup_now(ctx: AppContext, *, reason: Reason = Reason.manual,
               actor: User | None = None) -> BackupInfo:
    info = create_backup(database_file(ctx), backups_dir(ctx.settings.data_dir), reason=reason,
                         now=ctx.clock.now(), keep=ctx.settings.backup_keep)
    if actor is not None:
        with ctx.db.write_session() as session:
            audit.record(session, "ops.backup_created", school_id=actor.school_id, actor=actor,
                         target_type="backup", target_id=info.name,
                         details={"size": info.size, "reason": info.reason})
    return info


def backup_file(ctx: AppContext, name: str) -> BackupInfo:
    database_file(ctx)
    return find_backup(backups_dir(ctx.settings.data_dir), name)


def restore_live(ctx: AppContext, name: str, *, actor: User | None = None) -> RestoreResult:
    path = database_file(ctx)
    directory = backups_dir(ctx.settings.data_dir)
    info = find_backup(directory, name)

    @contextlib.contextmanager
    def writer() -> Iterator[sqlite3.Connection]:
        held = ctx.db.write_engine.raw_connection()  # the only writer: held until done
        try:
            yield held.driver_connection
        finally:
            held.close()

    result = restore_backup(path, info.path, directory=directory, now=ctx.clock.now(),
                            keep=ctx.settings.backup_keep, writer=writer)
    ctx.auth_cache.invalidate_all()
    _record_restore(ctx, result, actor)
    return result


def _record_restore(ctx: AppContext, result: RestoreResult, actor: User | None) -> None:
    """The restored database's audit log says who restored it, from what."""
    from lan_server.setup.service import get_school

    details: dict[str, Any] = {
        "backup": result.restored_from,
        "kept_aside": result.kept_aside.name if result.kept_aside else None,
        "migrated_from": result.migrated_from,
        "by": actor.username if actor is not None else None,
    }
    with ctx.db.write_session() as session:
        school = get_school(session)
        known = actor is not None and session.get(User, actor.id) is not None
        audit.record(session, "ops.backup_restored", school_id=school.id if school else None,
                     actor=actor.id if known and actor else None, target_type="backup",
                     target_id=result.restored_from, details=details)
