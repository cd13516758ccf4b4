"""The embedded server as a real child process: starts, is restarted after being killed,
and a taken port is reported with a free one to use instead."""

from __future__ import annotations

import os
import signal
import socket

import httpx
import pytest

from ecep_desktop.server.supervisor import BackOff, ServerState, ServerSupervisor
from tests.support import free_port

START_TIMEOUT_MS = 60_000


def wait_state(qtbot, supervisor: ServerSupervisor, state: ServerState,
               timeout: int = START_TIMEOUT_MS) -> None:
    qtbot.wait_until(lambda: supervisor.state == state, timeout=timeout)


@pytest.fixture
def supervisor(qtbot, tmp_path):
    sup = ServerSupervisor(data_dir=tmp_path / "data", port=free_port(), bind_host="127.0.0.1",
                           back_off=BackOff(first=0.2, maximum=1.0))
    yield sup
    sup.stop()
    sup.deleteLater()


def test_starts_serves_and_is_restarted_after_a_kill(qtbot, supervisor):
    supervisor.start()
    wait_state(qtbot, supervisor, ServerState.running)
    info = httpx.get(f"{supervisor.local_url}/api/v1/info", timeout=10).json()
    assert info["initialized"] is False
    assert supervisor.read_setup_token()  # the first-run token sits in the data directory
    first_pid = supervisor.pid
    assert first_pid

    states = []
    supervisor.state_changed.connect(states.append)
    os.kill(first_pid, signal.SIGKILL)
    wait_state(qtbot, supervisor, ServerState.crashed, timeout=10_000)
    wait_state(qtbot, supervisor, ServerState.running)
    assert states[:3] == ["crashed", "starting", "running"]
    assert supervisor.pid not in (None, first_pid)
    assert supervisor.restarts == 1
    assert httpx.get(f"{supervisor.local_url}/api/v1/health", timeout=10).status_code == 200
    assert any("restart" in line for line in supervisor.log)


def test_taken_port_is_reported_with_another_one(qtbot, supervisor):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", supervisor.port))
        squatter.listen()
        supervisor.start()
        assert supervisor.state == ServerState.port_taken
        suggestion = supervisor.suggested_port
        assert suggestion and suggestion != supervisor.port
        supervisor.use_port(suggestion)
        wait_state(qtbot, supervisor, ServerState.running)
    assert supervisor.port == suggestion
    assert httpx.get(f"{supervisor.local_url}/api/v1/health", timeout=10).status_code == 200


def test_stop_ends_the_child(qtbot, supervisor):
    supervisor.start()
    wait_state(qtbot, supervisor, ServerState.running)
    pid = supervisor.pid
    supervisor.stop()
    assert supervisor.state == ServerState.stopped
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(pid, 0)  # still there (a zombie is reaped by QProcess)
            qtbot.wait(100)


def _serve(data_dir, port):
    """A school server started directly, as one left behind by a crashed desktop."""
    import subprocess
    import sys
    import time

    env = {**os.environ, "ECEP_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "lan_server", "serve", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_a_server_left_by_an_earlier_run_is_stopped_and_replaced(qtbot, supervisor):
    orphan = _serve(supervisor.data_dir, supervisor.port)
    try:
        (supervisor.data_dir / "desktop-server.pid").write_text(f"{orphan.pid}\n")
        supervisor.start()
        wait_state(qtbot, supervisor, ServerState.running)
        assert orphan.poll() is not None  # stopped
        assert supervisor.pid not in (None, orphan.pid)
        assert (supervisor.data_dir / "desktop-server.pid").read_text().strip() \
            == str(supervisor.pid)
        assert any("left running" in line for line in supervisor.log)
    finally:
        if orphan.poll() is None:
            orphan.kill()
        orphan.wait(timeout=10)


def test_a_pid_file_naming_another_program_stops_nothing(qtbot, supervisor):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", supervisor.port))
        squatter.listen()
        supervisor.data_dir.mkdir(parents=True, exist_ok=True)
        (supervisor.data_dir / "desktop-server.pid").write_text(f"{os.getpid()}\n")
        supervisor.start()
        assert supervisor.state == ServerState.port_taken  # this test process lives on


def test_pid_file_follows_the_child(qtbot, supervisor):
    supervisor.start()
    wait_state(qtbot, supervisor, ServerState.running)
    pid_file = supervisor.data_dir / "desktop-server.pid"
    assert pid_file.read_text().strip() == str(supervisor.pid)
    supervisor.stop()
    assert not pid_file.exists()
