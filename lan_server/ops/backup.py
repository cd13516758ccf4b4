"""Backups of the school's SQLite database, made online with SQLite's backup API.

A backup is one self-contained SQLite file (rollback journal mode, no ``-wal`` beside it) in
the data directory's ``backups/`` folder, named ``ecep-<UTC date>_<time>Z-<reason>.sqlite3``.
It is written under a ``.partial`` name, checked with ``PRAGMA integrity_check``, flushed
to disk, and only then renamed: a file with a final name is always a whole, checked copy.
Each reason (daily, manual, pre-migration, pre-restore) keeps its own last N copies, so a
burst of manual backups never pushes the daily ones out.

Restoring also goes through the backup API, *into* the database file: SQLite writes the
copy as one transaction, so the database is either the old one or the restored one, even
through a power cut, and a running server's connections simply see the new content (no
file is swapped under an open connection, and no stale ``-wal`` can be replayed over the
restored file). The database being replaced is first backed up (reason ``pre-restore``).
A backup made by an older version is migrated (on a copy) before it is restored; one made
by a newer version is refused.

Nothing here knows HTTP: the CLI, the periodic job and the API call these functions.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.engine import make_url

from lan_server.core.errors import AppError, Conflict, NotFound, Unprocessable
from lan_server.sync.restore import mark_restored

BACKUPS_DIR = "backups"
SUFFIX = ".sqlite3"
PARTIAL = ".partial"
BUSY_TIMEOUT_S = 30.0
STALE_PARTIAL_SECONDS = 3600
RESTORE_WORKDIR = ".restore-"  # scratch folder of a restore, inside backups/
_STAMP = "%Y-%m-%d_%H-%M-%S"


class Reason(StrEnum):
    daily = "daily"
    manual = "manual"
    pre_migration = "pre-migration"
    pre_restore = "pre-restore"


NAME_RE = re.compile(
    r"^ecep-(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})Z(?:-(?P<seq>\d{1,4}))?"
    r"-(?P<reason>daily|manual|pre-migration|pre-restore)\.sqlite3$"
)


# Gives a connection to the database to restore into, with no transaction open.
Writer = Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]


class BackupError(AppError):
    status_code = 500


@dataclass(frozen=True)
class BackupInfo:
    name: str
    path: Path
    created_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    revision: str | None  # the schema revision of the restored database
    migrated_from: str | None  # the backup's revision when it had to be migrated
    kept_aside: BackupInfo | None  # the database that was replaced


# -- locations ---------------------------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for another backend or an in-memory DB."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUPS_DIR


def parse_name(name: str) -> tuple[datetime, int, str] | None:
    match = NAME_RE.match(name)
    if match is None:
        return None
    created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    return created, int(match["seq"] or 0), match["reason"]


def list_backups(directory: Path) -> list[BackupInfo]:
    """The backups in ``directory``, newest first (files with another name are ignored)."""
    found = []
    if not directory.is_dir():
        return []
    for path in directory.iterdir():
        parsed = parse_name(path.name)
        if parsed is None or not path.is_file():
            continue
        created, seq, reason = parsed
        stat = path.stat()  # within one second, the file written last is the newest
        found.append(((created, seq, stat.st_mtime_ns),
                      BackupInfo(path.name, path, created, reason, stat.st_size)))
    found.sort(key=lambda item: item[0], reverse=True)
    return [info for _, info in found]


def find_backup(directory: Path, name: str) -> BackupInfo:
    """A backup by its name; any other name (a path, ``..``) is simply not found."""
    if parse_name(name) is not None:
        for info in list_backups(directory):
            if info.name == name:
                return info
    raise NotFound("backup_not_found", params={"name": name[:120]})


def _new_name(directory: Path, now: datetime, reason: Reason) -> str:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    for seq in range(0, 10_000):
        middle = f"{stamp}Z" if seq == 0 else f"{stamp}Z-{seq}"
        name = f"ecep-{middle}-{reason.value}{SUFFIX}"
        if not (directory / name).exists() and not (directory / (name + PARTIAL)).exists():
            return name
    raise BackupError("backup_failed", params={"reason": "too many backups in one second"})


# -- checks ------------------------------------------------------------------------------


@contextlib.contextmanager
def _connect(path: Path, *, must_exist: bool = True) -> Iterator[sqlite3.Connection]:
    if must_exist and not path.is_file():
        raise NotFound("backup_not_found", params={"name": path.name})
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def integrity_problem(connection: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA integrity_check`` says ok, else its first complaints."""
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:  # not a database at all, or unreadable
        return str(exc)
    return None if rows == ["ok"] else "; ".join(map(str, rows))[:500]


def check_file(path: Path) -> str | None:
    """``integrity_check`` of a database file (None: ok)."""
    with _connect(path) as connection:
        return integrity_problem(connection)


def schema_revision(connection: sqlite3.Connection) -> str | None:
    """The alembic revision recorded in a database; None when it has none."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- backup ------------------------------------------------------------------------------


def _copy(source: sqlite3.Connection, target_path: Path) -> str | None:
    """Copies ``source`` into a new file with the backup API; returns the integrity
    problem of the copy, if any."""
    with _connect(target_path, must_exist=False) as target:
        source.backup(target)  # every page in one step, under one read snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return integrity_problem(target)


def create_backup(db_path: Path, directory: Path, *, reason: Reason | str, now: datetime,
                  keep: int) -> BackupInfo:
    """An online copy of ``db_path`` (a server may be writing to it meanwhile: the copy is
    one consistent snapshot), checked, then the oldest copies of that reason beyond
    ``keep`` are removed."""
    reason = Reason(reason)
    if not Path(db_path).is_file():
        raise Conflict("backup_no_database", params={"path": str(db_path)})
    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(directory)
    name = _new_name(directory, now, reason)
    final = directory / name
    partial = directory / (name + PARTIAL)
    try:
        with _connect(Path(db_path)) as source:
            problem = _copy(source, partial)
        if problem is not None:  # the copy of a damaged database: keep the good ones
            raise BackupError("database_corrupt", params={"problem": problem})
        _fsync(partial)
        os.replace(partial, final)
        _fsync_dir(directory)
    except sqlite3.Error as exc:
        raise BackupError("backup_failed", params={"reason": str(exc)}) from exc
    except OSError as exc:  # a full disk, a folder that cannot be written
        raise BackupError("backup_failed", params={"reason": exc.strerror or str(exc)}) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    prune(directory, reason, keep)
    created, _, _ = parse_name(name)  # type: ignore[misc]
    return BackupInfo(name, final, created, reason.value, final.stat().st_size)


def _remove_stale_partials(directory: Path) -> None:
    """A ``.partial`` (or a restore's scratch folder) left by a power cut (an hour old: not
    one that another process is writing right now)."""
    limit = time.time() - STALE_PARTIAL_SECONDS
    for path in directory.glob(f"*{PARTIAL}"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
    for path in directory.glob(f"{RESTORE_WORKDIR}*"):  # a restore the power cut stopped
        with contextlib.suppress(OSError):
            if path.is_dir() and path.stat().st_mtime < limit:
                shutil.rmtree(path)


def prune(directory: Path, reason: Reason | str, keep: int) -> list[str]:
    """Removes the oldest backups of ``reason`` beyond the newest ``keep``."""
    reason = Reason(reason)
    same = [info for info in list_backups(directory) if info.reason == reason.value]
    removed = []
    for info in same[max(1, keep):]:
        with contextlib.suppress(FileNotFoundError):
            info.path.unlink()
            removed.append(info.name)
    return removed


def backup_before_migration(db_path: Path, *, now: datetime | None = None,
                            keep: int = 5) -> BackupInfo:
    """The copy made before a migration changes an existing database (next to it, in
    ``backups/``: the data directory's folder when the database is the default one)."""
    return create_backup(db_path, backups_dir(Path(db_path).parent),
                         reason=Reason.pre_migration, now=now or datetime.now(UTC), keep=keep)


# -- restore -----------------------------------------------------------------------------


def _prepared_copy(source_path: Path, workdir: Path) -> tuple[Path, str, str | None]:
    """A migrated copy of the backup in ``workdir`` (the backup file itself is never
    changed): (copy, revision now, revision of the backup when it had to be migrated)."""
    from lan_server.core import migrate

    with _connect(source_path) as source:
        problem = integrity_problem(source)
        if problem is not None:
            raise Unprocessable("backup_corrupt", params={"name": source_path.name,
                                                          "problem": problem})
        revision = schema_revision(source)
        if revision is None:
            raise Unprocessable("backup_not_ecep", params={"name": source_path.name})
        copy = workdir / "restore.sqlite3"
        _copy(source, copy)
    head = migrate.head_revision(f"sqlite:///{copy}")
    if revision == head:
        return copy, revision, None
    if not migrate.is_known_revision(revision):
        raise Conflict("backup_too_new", params={"name": source_path.name})
    migrate.upgrade(f"sqlite:///{copy}", backup=False)
    with _connect(copy) as migrated:
        problem = integrity_problem(migrated)
    if problem is not None:
        raise BackupError("backup_corrupt", params={"name": source_path.name, "problem": problem})
    return copy, head or revision, revision


def restore_backup(db_path: Path, source_path: Path, *, directory: Path, now: datetime,
                   keep: int, writer: Writer | None = None) -> RestoreResult:
    """Replaces the content of ``db_path`` by the backup ``source_path``.

    ``writer``: how to get a connection to ``db_path`` with no transaction open, to write
    the restore through — a running server hands out its single writer connection, so none
    of its requests writes from the copy kept aside until the restore is done (only those
    two steps hold it; checking and migrating the backup happen before). Without it a
    connection of its own is opened (the CLI, with no server running on that database)."""
    db_path = Path(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=RESTORE_WORKDIR, dir=directory) as workdir:
        copy, revision, migrated_from = _prepared_copy(Path(source_path), Path(workdir))
        try:
            with _connect(copy) as prepared, (writer or _own_writer(db_path))() as target:
                kept_aside = None
                if db_path.is_file() and db_path.stat().st_size > 0:
                    kept_aside = create_backup(db_path, directory, reason=Reason.pre_restore,
                                               now=now, keep=keep)
                # The hub knows what this server pushed after the backup: recover it first.
                mark_restored(prepared)
                prepared.backup(target)  # one write transaction: all of it, or nothing
                if writer is None:
                    target.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise BackupError("restore_failed", params={"reason": str(exc)}) from exc
    problem = check_file(db_path)
    if problem is not None:
        raise BackupError("restore_failed", params={"reason": problem})
    return RestoreResult(Path(source_path).name, revision, migrated_from, kept_aside)


def _own_writer(db_path: Path) -> Writer:
    @contextlib.contextmanager
    def connect() -> Iterator[sqlite3.Connection]:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(db_path, must_exist=False) as own:
            own.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            yield own

    return connect


def export_copy(info: BackupInfo, folder: Path) -> Path:
    """Copies a backup into ``folder`` (a USB stick), flushed to it before returning."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / info.name
    partial = folder / (info.name + PARTIAL)
    shutil.copyfile(info.path, partial)
    _fsync(partial)
    os.replace(partial, target)
    return target
