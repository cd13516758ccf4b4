"""``python -m ecep_desktop`` as a real process: to a logged-in main window and out; and
``--headless`` still serves the API without windows."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.support import free_port

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def test_module_starts_to_a_logged_in_window_and_quits(live_server, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "ECEP_DESKTOP_PASSWORD": live_server.admin_password}
    done = subprocess.run(
        [sys.executable, "-m", "ecep_desktop", "--server", live_server.url,
         "--user", live_server.admin_username, "--settings", str(tmp_path / "d.ini"),
         "--language", "en", "--exit-when-ready"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_headless_serves_without_windows(tmp_path):
    port = free_port()
    env = {**os.environ, "ECEP_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecep_desktop", "--headless", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                info = httpx.get(f"http://127.0.0.1:{port}/api/v1/info", timeout=2).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "headless server did not start"
                time.sleep(0.1)
        assert info["initialized"] is False
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_embedded_start_logs_in_then_quits_and_stops_its_server(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "ECEP_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "lan_server", "init", "--no-input", "--school-name", "École A",
         "--admin-username", "admin", "--admin-first-name", "A", "--admin-last-name", "B",
         "--admin-password", "admin-pass-2026"],
        env=env, cwd=REPO, check=True, capture_output=True, timeout=120,
    )
    port = free_port()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ECEP_DESKTOP_PASSWORD": "admin-pass-2026"}
    done = subprocess.run(
        [sys.executable, "-m", "ecep_desktop", "--embedded", "--data-dir", str(data_dir),
         "--port", str(port), "--user", "admin", "--settings", str(tmp_path / "d.ini"),
         "--exit-when-ready"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout + done.stderr
    assert not (data_dir / "desktop-server.pid").exists()  # its server was stopped
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
