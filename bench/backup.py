"""``python -m bench backup``: how long a backup and a restore of a school's database take.

A data directory with the demo school (~300 pupils and their parents, a week of lessons)
plus ``--extra-rows`` audit events (a school's year of history), then, ``--runs`` times
each, median and worst:

- baseline: a plain file copy of the database (``shutil.copyfile`` + fsync: not a
  consistent backup of a live database, but the floor any copy pays);
- ``create_backup``: SQLite's backup API + ``integrity_check`` + fsync + rename (what the
  daily job, ``ecep-server backup`` and ``POST /ops/backups`` do). The daily job holds the
  server's single writer for this long: requests that write wait that much, once a day;
- ``integrity_check`` alone;
- ``restore_backup`` into the database (what ``ecep-server restore`` and the API do), and
  how long of it a server's writer is held (the copy kept aside, then the copy-in; checking
  and migrating the backup come before).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import common

ACTIONS = ("attendance.session_closed", "users.updated", "auth.login", "classes.updated")


def prepare(data_dir: Path, extra_rows: int) -> Path:
    from lan_server.config import Settings
    from lan_server.core import migrate
    from lan_server.core.context import AppContext
    from lan_server.demo.generator import create_demo_school, load_demo

    data_dir.mkdir(parents=True)
    settings = Settings(data_dir=data_dir, argon2_memory_kib=8 * 1024, argon2_time_cost=1)
    migrate.upgrade(settings.resolved_database_url)
    ctx = AppContext.build(settings)
    try:
        with ctx.db.write_session() as session:
            school = create_demo_school(session, ctx, admin_password=common.DEMO_PASSWORD)
            load_demo(session, ctx, school=school)
            school_id = school.id.hex
    finally:
        ctx.close()
    database = data_dir / "ecep.sqlite3"
    connection = sqlite3.connect(database)
    try:
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        rows = ((uuid.uuid4().hex, school_id, ACTIONS[n % len(ACTIONS)], "user",
                 uuid.uuid4().hex, "192.168.1.23", f'{{"via": "bench", "n": {n}}}', now)
                for n in range(extra_rows))
        connection.executemany(
            "INSERT INTO audit_events (id, school_id, action, target_type, target_id, ip, "
            "details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return database


def timed(runs: int, action: Any) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def plain_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    target.unlink()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.backup", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--extra-rows", type=int, default=150_000,
                        help="audit events added to the demo school (default 150000)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from lan_server.ops.backup import (
        Reason,
        backups_dir,
        check_file,
        create_backup,
        list_backups,
        restore_backup,
    )

    args = parse_args(argv)
    machine = common.machine_info()
    print(f"== backup: backup and restore of a school database ({args.runs} runs each) ==")
    common.print_machine(machine)
    results: dict[str, Any] = {"benchmark": "backup", "machine": machine, "runs": args.runs,
                               "extra_rows": args.extra_rows, "code": common.code_info()}
    with tempfile.TemporaryDirectory(prefix="ecep-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        print("preparing the demo school...", flush=True)
        database = prepare(data_dir, args.extra_rows)
        size = database.stat().st_size
        folder = backups_dir(data_dir)
        now = datetime.now(UTC)
        copy = timed(args.runs, lambda: plain_copy(database, Path(tmp) / "copy.sqlite3"))
        backup = timed(args.runs, lambda: create_backup(database, folder, reason=Reason.manual,
                                                        now=now, keep=args.runs + 1))
        newest = list_backups(folder)[0].path
        check = timed(args.runs, lambda: check_file(newest))
        held: list[float] = []

        @contextlib.contextmanager
        def writer():  # noqa: ANN202 - as a server's writer: how long the restore holds it
            connection = sqlite3.connect(database, isolation_level=None, timeout=30)
            started = time.perf_counter()
            try:
                yield connection
            finally:
                held.append(time.perf_counter() - started)
                connection.close()

        restore = timed(args.runs, lambda: restore_backup(
            database, newest, directory=folder, now=now, keep=args.runs + 1, writer=writer))
        with contextlib.suppress(OSError):
            (Path(tmp) / "copy.sqlite3").unlink()
    rows = []
    for name, times in (("plain file copy (baseline)", copy), ("create_backup", backup),
                        ("integrity_check", check), ("restore_backup", restore),
                        ("restore: writer held", held)):
        rows.append({"step": name, "median_ms": common.ms(common.median(times)),
                     "worst_ms": common.ms(max(times)),
                     "ratio": round(common.median(times) / common.median(copy), 1)})
    print(f"database: {size / 1e6:.1f} MB")
    print(common.table(rows, [("step", "step"), ("median_ms", "median ms"),
                              ("worst_ms", "worst ms"), ("ratio", "× copy")]))
    results["database_bytes"] = size
    results["steps"] = rows
    path = common.write_results("backup", results)
    print(f"results: {path.relative_to(common.REPO_ROOT)}")
    return 0
