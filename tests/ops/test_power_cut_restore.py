"""Power cuts during a backup or a restore: a real ``ecep-server serve`` killed with SIGKILL
at a random moment of ``POST /ops/backups`` or ``POST /ops/backups/{name}/restore``. After
each restart the database passes ``integrity_check`` and is either the one before the
restore or the restored one, never a mix; every file with a backup's name is a whole,
checked backup (an interrupted one leaves at most a ``.partial``)."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from lan_server.ops.backup import backups_dir, list_backups
from tests.ops.test_power_cut import _start, _wait_ready
from tests.support import ADMIN_PASSWORD, free_port, school_on_disk

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]

CYCLES = 10
FILLER_ROWS = 30_000  # a database of ~10 MB: a restore takes long enough to be cut


def _classes(database: Path) -> frozenset[str]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return frozenset(name for (name,) in connection.execute("SELECT name FROM classes"))
    finally:
        connection.close()


def _fill(database: Path) -> None:
    connection = sqlite3.connect(database)
    try:
        school_id = connection.execute("SELECT id FROM schools").fetchone()[0]
        connection.executemany(
            "INSERT INTO audit_events (id, school_id, action, details, created_at) "
            "VALUES (?, ?, 'bench.filler', ?, '2026-12-01 00:00:00.000000')",
            ((uuid.uuid4().hex, school_id, '{"pad": "' + "x" * 200 + '"}')
             for _ in range(FILLER_ROWS)))
        connection.commit()
    finally:
        connection.close()


def test_sigkill_during_backups_and_restores_leaves_one_whole_database(tmp_path):
    data_dir = tmp_path / "data"
    school_on_disk(data_dir)
    database = data_dir / "ecep.sqlite3"
    _fill(database)
    log = tmp_path / "serve.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(11)
    outcomes = {"old": 0, "restored": 0}

    process = _start(data_dir, port, log)
    try:
        _wait_ready(url, process, log)
        token = httpx.post(f"{url}/api/v1/auth/login", timeout=30, json={
            "username": "admin", "password": ADMIN_PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        made = httpx.post(f"{url}/api/v1/ops/backups", headers=headers, timeout=60)
        assert made.status_code == 201, made.text
        name = made.json()["name"]
        started = time.monotonic()  # how long a whole restore takes here: cuts span it
        whole = httpx.post(f"{url}/api/v1/ops/backups/{name}/restore", headers=headers,
                           timeout=60)
        assert whole.status_code == 200, whole.text
        duration = time.monotonic() - started
    finally:
        process.kill()
        process.wait(timeout=30)
    restored_set = _classes(database)

    for cycle in range(CYCLES):
        process = _start(data_dir, port, log)
        try:
            _wait_ready(url, process, log)
            login = httpx.post(f"{url}/api/v1/auth/login", timeout=30, json={
                "username": "admin", "password": ADMIN_PASSWORD})
            assert login.status_code == 200, login.text
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            added = httpx.post(f"{url}/api/v1/classes", headers=headers, timeout=30, json={
                "name": f"after backup {cycle}", "level": "CM1", "school_year": "2026-2027"})
            assert added.status_code == 201, added.text
            before = _classes(database)
            assert before != restored_set
            path = (f"/api/v1/ops/backups/{name}/restore" if cycle % 2 == 0
                    else "/api/v1/ops/backups")

            def call(path: str = path, headers: dict = headers) -> None:
                with contextlib.suppress(httpx.TransportError):  # the server was cut
                    httpx.post(f"{url}{path}", headers=headers, timeout=60)

            caller = threading.Thread(target=call)
            caller.start()
            cut = rng.uniform(0.05, 3 * duration)
            time.sleep(cut)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            caller.join(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        after = _classes(database)  # what the next start opens
        if cycle % 2 == 0:
            assert after in (before, restored_set), "a restore cut in the middle left a mix"
            print(f"restore cut at {cut:.2f} s of {duration:.2f} s:",
                  "before" if after == before else "restored")
            outcomes["old" if after == before else "restored"] += 1
        else:
            assert after == before
        for info in list_backups(backups_dir(data_dir)):
            _classes(info.path)  # every named backup is whole
    assert sum(outcomes.values()) == (CYCLES + 1) // 2, outcomes
