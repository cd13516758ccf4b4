"""``ecep-server backup | restore | support-bundle`` as an administrator runs them, the
backup made before a migration, the daily job, and restore refused while a real
``ecep-server serve`` holds the data directory."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from lan_server.cli import main
from lan_server.config import Settings
from lan_server.core import migrate
from lan_server.core.clock import Clock
from lan_server.core.context import AppContext
from lan_server.core.jobs import run_job
from lan_server.models import School, SchoolClass
from lan_server.ops.backup import backups_dir, list_backups, schema_revision
from lan_server.ops.jobs import DAILY_BACKUP, backup_jobs
from lan_server.ops.lock import ServerLock, servers_running
from tests.support import free_port, make_settings, school_on_disk

ADMIN_PASSWORD = "admin-pass-2026"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def env(data_dir: Path) -> dict[str, str | None]:
    return {"ECEP_DATA_DIR": str(data_dir), "ECEP_DATABASE_URL": None, "ECEP_SECRET_KEY": None,
            "ECEP_SMTP_PASSWORD": None, "LC_ALL": "en_US.UTF-8", "LC_MESSAGES": None,
            "LANG": None}


def run(env: dict[str, str | None], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _school(data_dir: Path) -> Settings:
    return school_on_disk(data_dir)


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _add_class(data_dir: Path, name: str) -> None:
    ctx = AppContext.build(make_settings(data_dir))
    try:
        with ctx.db.write_session() as session:
            school_id = session.scalar(select(School.id))
            session.add(SchoolClass(school_id=school_id, name=name, level="CM2",
                                    school_year="2026-2027"))
    finally:
        ctx.close()


def _class_names(path: Path) -> set[str]:
    return {name for (name,) in _rows(path, "SELECT name FROM classes")}


def test_backup_list_export_and_restore_from_the_command_line(env, data_dir, tmp_path):
    _school(data_dir)
    database = data_dir / "ecep.sqlite3"
    usb = tmp_path / "usb"
    made = ok(run(env, "backup", "--to", str(usb)))
    assert "Backup made and checked" in made.output
    (backup,) = list_backups(backups_dir(data_dir))
    assert backup.reason == "manual"
    assert (usb / backup.name).read_bytes() == backup.path.read_bytes()
    listed = ok(run(env, "backup", "--list"))
    assert backup.name in listed.output

    _add_class(data_dir, "Classe après la sauvegarde")
    assert "Classe après la sauvegarde" in _class_names(database)

    cancelled = run(env, "restore", backup.name, input="n\n")
    assert cancelled.exit_code == 1 and "cancelled" in cancelled.output
    assert "Classe après la sauvegarde" in _class_names(database)

    restored = ok(run(env, "restore", backup.name, "--yes"))
    assert "restored" in restored.output and "kept in" in restored.output
    assert "Classe après la sauvegarde" not in _class_names(database)
    (aside,) = [b for b in list_backups(backups_dir(data_dir)) if b.reason == "pre-restore"]
    assert "Classe après la sauvegarde" in _class_names(aside.path)
    assert _rows(database, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(database, "PRAGMA journal_mode") == [("wal",)]

    # From the USB stick, by path, into a machine with no database yet (a new PC).
    fresh = {**env, "ECEP_DATA_DIR": str(tmp_path / "new-pc")}
    ok(run(fresh, "restore", str(usb / backup.name), "--yes"))
    assert _class_names(tmp_path / "new-pc" / "ecep.sqlite3") == _class_names(database)

    missing = run(env, "restore", "no-such-backup.sqlite3", "--yes")
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_restore_is_refused_while_a_server_serves_the_data_directory(env, data_dir, tmp_path):
    _school(data_dir)
    ok(run(env, "backup"))
    (backup,) = list_backups(backups_dir(data_dir))
    executable = Path(sys.executable).with_name("ecep-server")
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    child_env.update(ECEP_DATA_DIR=str(data_dir), ECEP_DISCOVERY_ENABLED="false",
                     LC_ALL="en_US.UTF-8")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=child_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert servers_running(data_dir) == [process.pid]
        refused = run(env, "restore", backup.name, "--yes")
        assert refused.exit_code == 4, refused.output
        assert "Stop it first" in refused.output
        # The server's own log file, in the data directory.
        server_log = data_dir / "logs" / "server.log"
        assert "Application startup complete" in server_log.read_text()
    finally:
        process.kill()  # as a power cut would: the lock goes with the process
        process.wait(timeout=30)
    assert servers_running(data_dir) == []
    assert not list((data_dir / "run").glob("*.lock")), "a dead server's lock file is removed"
    ok(run(env, "restore", backup.name, "--yes"))


def test_server_lock_is_seen_by_another_open_file(tmp_path):
    with ServerLock(tmp_path):
        assert servers_running(tmp_path) == [os.getpid()]
    assert servers_running(tmp_path) == []


def test_a_migration_is_preceded_by_a_backup_and_old_backups_are_migrated_on_restore(
        env, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    url = f"sqlite:///{data_dir / 'ecep.sqlite3'}"
    migrate.upgrade(url, "0001")
    assert list_backups(backups_dir(data_dir)) == [], "nothing to save in a new database"
    migrate.upgrade(url)  # to head: an existing database changes
    (before,) = list_backups(backups_dir(data_dir))
    assert before.reason == "pre-migration"
    connection = sqlite3.connect(before.path)
    assert schema_revision(connection) == "0001"
    connection.close()
    migrate.upgrade(url)  # already at head: no copy
    assert len(list_backups(backups_dir(data_dir))) == 1

    # Restoring the 0001 backup: migrated on a copy, the backup file itself unchanged.
    original = before.path.read_bytes()
    restored = ok(run(env, "restore", before.name, "--yes"))
    assert "brought up to the current schema" in restored.output
    assert before.path.read_bytes() == original
    assert migrate.current_revision(url) == migrate.head_revision(url)

    # A backup from a newer version is refused, the database untouched.
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(original)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    refused = run(env, "restore", str(newer), "--yes")
    assert refused.exit_code == 1 and "newer version" in refused.output
    assert migrate.current_revision(url) == migrate.head_revision(url)


class FixedClock(Clock):
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def test_daily_backup_job_runs_once_a_day_and_keeps_the_last_n(data_dir):
    settings = _school(data_dir).model_copy(update={"backup_keep": 2})
    (job,) = backup_jobs(settings)
    assert job.name == DAILY_BACKUP
    clock = FixedClock(datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    ctx = AppContext.build(settings, clock=clock)
    try:
        first = run_job(ctx.db, clock, job)
        assert first is not None and first["backup"].endswith("-daily.sqlite3")
        clock.moment += timedelta(hours=23)
        assert run_job(ctx.db, clock, job) is None, "not due again within the day"
        names = [first["backup"]]
        for _ in range(3):
            clock.moment += timedelta(hours=24)
            details = run_job(ctx.db, clock, job)
            assert details is not None
            names.append(details["backup"])
    finally:
        ctx.close()
    daily = [b.name for b in list_backups(backups_dir(data_dir)) if b.reason == "daily"]
    assert daily == [names[-1], names[-2]]
    for name in daily:
        assert _rows(backups_dir(data_dir) / name, "PRAGMA integrity_check") == [("ok",)]
    assert backup_jobs(settings.model_copy(update={"backup_interval_hours": 0})) == ()
    hub = Settings(data_dir=data_dir, database_url="postgresql+psycopg://u@h/db")
    assert backup_jobs(hub) == ()


def test_support_bundle_has_logs_and_versions_and_no_secret(env, data_dir, tmp_path):
    _school(data_dir)
    secret = (data_dir / "secret.key").read_text().strip()
    (data_dir / "logs").mkdir(exist_ok=True)
    (data_dir / "logs" / "server.log").write_text("2026-12-07 INFO started\n")
    (data_dir / "logs" / "server.log.1").write_text("older\n")
    env = {**env, "ECEP_SMTP_HOST": "smtp.example", "ECEP_SMTP_PASSWORD": "smtp-hunter2",
           "ECEP_DATABASE_URL": f"sqlite:///{data_dir / 'ecep.sqlite3'}"}
    out = tmp_path / "bundle.zip"
    done = ok(run(env, "support-bundle", "--output", str(out)))
    assert str(out) in done.output
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {"versions.json", "settings.json", "data-dir.json", "backups.json",
                "database.json", "logs/server.log", "logs/server.log.1"} <= names
        everything = b"".join(archive.read(name) for name in names)
        versions = json.loads(archive.read("versions.json"))
        settings = json.loads(archive.read("settings.json"))
        database = json.loads(archive.read("database.json"))
    assert secret.encode() not in everything
    assert b"smtp-hunter2" not in everything
    assert settings["smtp_password"] == "***" and settings["smtp_host"] == "smtp.example"
    assert versions["schema_revision"] == migrate.head_revision(settings["database_url"])
    assert versions["packages"]["fastapi"]
    assert database["integrity_check"] == "ok"
    assert not any(n.endswith((".sqlite3", ".key", ".token")) for n in names)


def test_settings_in_the_bundle_hide_every_credential(tmp_path):
    from lan_server.ops.support import redacted_settings

    settings = Settings(data_dir=tmp_path, smtp_password="smtp-hunter2",
                        smtp_host="relay://mailer:relay-hunter2@smtp.example",
                        database_url="postgresql+psycopg://ecep:db-hunter2@127.0.0.1/ecep")
    clean = redacted_settings(settings)
    assert "hunter2" not in json.dumps(clean)
    assert clean["smtp_password"] == "***" and clean["secret_key"] == "***"
    assert clean["database_url"] == "postgresql+psycopg://ecep:***@127.0.0.1/ecep"
    assert clean["smtp_host"] == "relay://***@smtp.example"
    assert clean["port"] == 8470


def test_a_damaged_database_is_never_backed_up_over_the_good_copies(env, data_dir):
    _school(data_dir)
    ok(run(env, "backup"))
    (good,) = list_backups(backups_dir(data_dir))
    database = data_dir / "ecep.sqlite3"
    ok(run(env, "migrate"))  # the server closed cleanly: no -wal beside the file
    data = bytearray(database.read_bytes())
    data[4096 * 2: 4096 * 2 + 512] = b"\xff" * 512
    database.write_bytes(bytes(data))
    refused = run({**env, "ECEP_BACKUP_KEEP": "1"}, "backup")
    assert refused.exit_code == 1
    assert "database is damaged" in refused.output, refused.output
    assert [b.name for b in list_backups(backups_dir(data_dir))] == [good.name]
    assert not list(backups_dir(data_dir).glob("*.partial"))
