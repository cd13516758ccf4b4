"""Power cuts: a real ``ecep-server serve`` is killed with SIGKILL in the middle of writes,
50 times in a row. After each restart the database passes ``PRAGMA integrity_check`` and
every write a client was told succeeded (an HTTP 2xx received) is there.

What this proves, honestly: a process killed at any instant loses nothing acknowledged —
the commit is in the WAL file before the answer is sent (core/deps.py commits before the
response), and SQLite replays the WAL at the next open. It does not prove the same for an
operating-system crash or a real power cut: with ``synchronous=NORMAL`` the WAL is not
flushed to the disk at every commit, so the last transactions acknowledged before the
machine itself lost power may be lost (the database stays whole). See docs/install-ops.*.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.support import ADMIN_PASSWORD, free_port, school_on_disk

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]

CYCLES = 50
WRITERS = 4


def _start(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    executable = Path(sys.executable).with_name("ecep-server")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    env.update(ECEP_DATA_DIR=str(data_dir), ECEP_DISCOVERY_ENABLED="false",
               ECEP_LOGIN_FREE_ATTEMPTS_PER_IP="100000")
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail(f"serve did not answer: {log.read_text()[-3000:]}")


def _check(database: Path, acknowledged: set[str]) -> None:
    """What a restart sees: a whole database holding every acknowledged write."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = {name for (name,) in connection.execute("SELECT name FROM classes")}
    finally:
        connection.close()
    missing = acknowledged - names
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:5]}"


def test_sigkill_during_writes_never_loses_an_acknowledged_write(tmp_path):
    data_dir = tmp_path / "data"
    school_on_disk(data_dir)
    database = data_dir / "ecep.sqlite3"
    log = tmp_path / "serve.log"
    acknowledged: set[str] = set()
    lock = threading.Lock()
    rng = random.Random(7)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    token = None
    killed_with_writes_in_flight = 0

    for cycle in range(CYCLES + 1):
        process = _start(data_dir, port, log)
        try:
            _wait_ready(url, process, log)
            _check(database, acknowledged)
            if cycle == CYCLES:
                break
            if token is None:  # the same login survives every restart
                response = httpx.post(f"{url}/api/v1/auth/login", timeout=30,
                                      json={"username": "admin", "password": ADMIN_PASSWORD})
                assert response.status_code == 200, response.text
                token = response.json()["access_token"]
            in_flight = [0]

            def writer(worker: int, cycle: int = cycle) -> None:
                headers = {"Authorization": f"Bearer {token}"}
                with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
                    for index in range(10_000):
                        name = f"c{cycle}-w{worker}-{index}"
                        with lock:
                            in_flight[0] += 1
                        try:
                            response = client.post("/api/v1/classes", json={
                                "name": name, "level": "CM1", "school_year": "2026-2027"})
                        except httpx.TransportError:
                            return  # the server is gone: this write was never acknowledged
                        finally:
                            with lock:
                                in_flight[0] -= 1
                        assert response.status_code == 201, response.text
                        with lock:
                            acknowledged.add(name)

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
            before = len(acknowledged)
            for thread in threads:
                thread.start()
            # Let some writes be acknowledged, then cut at a random instant among them.
            deadline = time.monotonic() + 20
            while len(acknowledged) < before + 5 and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.25))
            with lock:
                killed_with_writes_in_flight += in_flight[0] > 0
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            for thread in threads:
                thread.join(timeout=30)
            assert len(acknowledged) > before, "no write was acknowledged in this cycle"
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    _check(database, acknowledged)
    # The killed servers' lock files went with them (the next server sweeps them).
    assert len(list((data_dir / "run").glob("server-*.lock"))) <= 1
    # Nearly every cut caught requests on the wire (the point of the test).
    assert killed_with_writes_in_flight >= CYCLES * 0.8, killed_with_writes_in_flight
    assert len(acknowledged) >= CYCLES * 5
