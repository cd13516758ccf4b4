"""The embedded school server: ``python -m lan_server serve`` as a supervised child process.

States: stopped -> starting -> running; an unexpected exit is ``crashed`` and a restart is
scheduled with exponential back-off (1, 2, 4 ... 30 s; the count resets after a minute of
running). A taken port is ``port_taken``, with a free port to suggest; nothing restarts until
the user picks a port. The child's stdout and stderr go to a bounded log.

The child's PID is kept in ``desktop-server.pid`` in the data directory while it runs. If
the app died without stopping it, the next start finds the port taken by that very server
(same data directory, a ``lan_server serve`` command line): it is stopped and replaced by a
supervised one instead of sending the school to another port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

READY_MARKER = "Application startup complete"  # uvicorn's own log line, always English
PID_FILE = "desktop-server.pid"  # the child's PID, in the data directory, while it runs
ORPHAN_WAIT_MS = 10_000
PORT_TAKEN_EXIT = 3  # lan_server.cli serve: the port is taken
LOG_LINES = 2000


class ServerState(StrEnum):
    stopped = "stopped"
    starting = "starting"
    running = "running"
    crashed = "crashed"        # died; a restart is scheduled
    port_taken = "port_taken"  # waiting for the user to choose another port
    failed = "failed"          # could not be started at all (e.g. no Python)


def default_data_dir() -> Path:
    """The same place ``lan_server`` uses when ECEP_DATA_DIR is not set."""
    import platformdirs

    return Path(platformdirs.user_data_dir("ecep-school-server", "eCEP"))


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as lan_server.cli: TIME_WAIT leftovers do not count
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def default_serve_prefix() -> list[str]:
    """What follows the program to serve: ``python -m lan_server serve``; in a frozen build
    (PyInstaller) there is no ``-m``: the app's own executable serves with ``--headless``."""
    if getattr(sys, "frozen", False):
        return ["--headless"]
    return ["-m", "lan_server", "serve"]


def looks_like_our_server(pid: int) -> bool:
    """True when ``pid`` is alive and its command line is a ``lan_server``/``ecep-server``
    ``serve``. Only where /proc tells (Linux); elsewhere never (nothing uncertain is
    stopped)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    if "--headless" in words:  # a frozen build's server
        return True
    return "serve" in words and any("lan_server" in w or "ecep-server" in w for w in words)


def free_port_near(host: str, port: int) -> int:
    """A free port above ``port`` whose next one is free too: over HTTPS the server also
    serves the attendance page in plain HTTP on the API port + 1 (lan_server/qr_page/), and
    a taken page port ends ``serve`` with the same exit code as a taken API port."""
    for candidate in range(port + 1, min(port + 50, 65535)):
        if port_is_free(host, candidate) and port_is_free(host, candidate + 1):
            return candidate
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host if ":" not in host else "127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class BackOff:
    first: float = 1.0
    maximum: float = 30.0
    stable_after: float = 60.0  # seconds of running that forgive earlier crashes

    def delay(self, crashes: int) -> float:
        return min(self.maximum, self.first * (2 ** max(0, crashes - 1)))


class ServerSupervisor(QObject):
    state_changed = Signal(str)     # a ServerState value
    log_line = Signal(str)
    port_changed = Signal(int)

    def __init__(self, *, data_dir: Path | str | None = None, port: int = 8470,
                 bind_host: str = "0.0.0.0",  # noqa: S104 - the school's LAN reaches it
                 program: str | None = None, arguments_prefix: Sequence[str] | None = None,
                 back_off: BackOff | None = None, extra_env: dict[str, str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.port = port
        self.bind_host = bind_host
        self.program = program or sys.executable
        self.arguments_prefix = list(arguments_prefix or default_serve_prefix())
        self.back_off = back_off or BackOff()
        self.extra_env = dict(extra_env or {})
        self.state = ServerState.stopped
        self.crashes = 0
        self.restarts = 0
        self.suggested_port: int | None = None
        self.last_error = ""
        self.log: deque[str] = deque(maxlen=LOG_LINES)
        self._process: QProcess | None = None
        self._stopping = False
        self._partial = ""
        self._orphan: int | None = None
        self._last_pid: int | None = None
        self._orphan_deadline = 0.0
        self._orphan_timer = QTimer(self, interval=200)
        self._orphan_timer.timeout.connect(self._wait_for_orphan)
        self._restart_timer = QTimer(self, singleShot=True)
        self._restart_timer.timeout.connect(self._start_process)
        self._stable_timer = QTimer(self, singleShot=True)
        self._stable_timer.timeout.connect(self._forgive_crashes)

    # -- public ------------------------------------------------------------------------

    @property
    def local_url(self) -> str:
        """How this PC reaches its own server."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        if self._process is None or self._process.state() == QProcess.ProcessState.NotRunning:
            return None
        return int(self._process.processId())

    @property
    def setup_token_path(self) -> Path:
        return self.data_dir / "setup.token"

    def read_setup_token(self) -> str | None:
        try:
            return self.setup_token_path.read_text(encoding="ascii").strip() or None
        except OSError:
            return None

    def start(self) -> None:
        if self.state in (ServerState.starting, ServerState.running):
            return
        self._stopping = False
        self.crashes = 0
        self._start_process()

    def use_port(self, port: int) -> None:
        """After ``port_taken``: try again on another port."""
        self.port = port
        self.port_changed.emit(port)
        self.start()

    def stop(self, timeout_ms: int = 8000) -> None:
        self._stopping = True
        self._restart_timer.stop()
        self._stable_timer.stop()
        self._orphan_timer.stop()
        self._orphan = None
        process = self._process
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.terminate()
            if not process.waitForFinished(timeout_ms):
                process.kill()
                process.waitForFinished(2000)
        self._set_state(ServerState.stopped)

    # -- process -----------------------------------------------------------------------

    def _start_process(self) -> None:
        if self._stopping:
            return
        if not port_is_free(self.bind_host, self.port):
            orphan = self._orphan_pid()
            if orphan is not None and self._orphan is None:
                self._stop_orphan(orphan)
            else:
                self._port_taken()
            return
        self._append_log(f"$ {self.program} {' '.join(self._arguments())}")
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("ECEP_DATA_DIR", str(self.data_dir))
        env.insert("PYTHONUNBUFFERED", "1")
        for key, value in self.extra_env.items():
            env.insert(key, value)
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        self._set_state(ServerState.starting)
        process.started.connect(self._write_pid_file)
        process.start(self.program, self._arguments())

    # -- a server left running by an earlier run of the app -----------------------------

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE

    def _write_pid_file(self) -> None:
        pid = self.pid
        self._last_pid = pid
        if pid:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.pid_file.write_text(f"{pid}\n", encoding="ascii")

    def _remove_pid_file(self, pid: int | None) -> None:
        try:
            if pid is not None and int(self.pid_file.read_text().strip()) == pid:
                self.pid_file.unlink()
        except (OSError, ValueError):
            pass

    def _orphan_pid(self) -> int | None:
        """The PID of a server of this data directory that an earlier run of the app left
        behind (it crashed, or was killed): it holds the port, nobody supervises it."""
        try:
            pid = int(self.pid_file.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None
        return pid if pid != self.pid and looks_like_our_server(pid) else None

    def _stop_orphan(self, pid: int) -> None:
        self._append_log(f"-- a server left running by an earlier eCEP (pid {pid}) holds "
                         f"port {self.port}: stopping it")
        self._set_state(ServerState.starting)
        self._orphan = pid
        self._orphan_deadline = time.monotonic() + ORPHAN_WAIT_MS / 1000
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
        self._orphan_timer.start()

    def _wait_for_orphan(self) -> None:
        pid = self._orphan
        alive = pid is not None and looks_like_our_server(pid)
        if alive and time.monotonic() < self._orphan_deadline:
            return
        if alive and pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
            self._orphan_deadline = time.monotonic() + 2
            return
        self._orphan_timer.stop()
        self._remove_pid_file(pid)
        self._start_process()  # a port still taken now is somebody else's: port_taken
        self._orphan = None

    def _arguments(self) -> list[str]:
        return [*self.arguments_prefix, "--host", self.bind_host, "--port", str(self.port)]

    def _read_output(self) -> None:
        process = self.sender()
        if not isinstance(process, QProcess):
            return
        text = self._partial + bytes(process.readAllStandardOutput().data()).decode(
            "utf-8", errors="replace")
        *lines, self._partial = text.split("\n")
        for line in lines:
            self._append_log(line.rstrip("\r"))
            if READY_MARKER in line and self.state == ServerState.starting:
                self._set_state(ServerState.running)
                self._stable_timer.start(int(self.back_off.stable_after * 1000))

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.last_error = self._process.errorString() if self._process else str(error)
            self._append_log(self.last_error)
            self._set_state(ServerState.failed)

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        process = self.sender()
        if process is not self._process:
            return
        if self._partial:
            self._append_log(self._partial)
            self._partial = ""
        self._stable_timer.stop()
        self._remove_pid_file(self._last_pid)
        self._process = None
        process.deleteLater()
        if self._stopping:
            self._set_state(ServerState.stopped)
            return
        if exit_code == PORT_TAKEN_EXIT and self.state == ServerState.starting:
            self._port_taken()
            return
        self.crashes += 1
        delay = self.back_off.delay(self.crashes)
        self.last_error = f"exit code {exit_code}"
        self._append_log(f"-- server stopped ({self.last_error}); restart in {delay:g} s")
        self._set_state(ServerState.crashed)
        self.restarts += 1
        self._restart_timer.start(int(delay * 1000))

    def _port_taken(self) -> None:
        self.suggested_port = free_port_near(self.bind_host, self.port)
        self._append_log(f"-- port {self.port} is taken; {self.suggested_port} is free")
        self._set_state(ServerState.port_taken)

    def _forgive_crashes(self) -> None:
        self.crashes = 0

    def _append_log(self, line: str) -> None:
        self.log.append(line)
        self.log_line.emit(line)

    def _set_state(self, state: ServerState) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state.value)
