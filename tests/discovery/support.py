"""A real ``ecep-server serve`` subprocess for the discovery tests (announcing on loopback
only, or inside a network namespace), and waiting for the browser's callbacks."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from lan_server.discovery.browser import DiscoveredServer

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "admin-pass-2026"  # noqa: S105 - a throwaway data directory's account
SCHOOL_NAME = "École publique de Bonabéri"


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    env.update({"ECEP_DATA_DIR": str(data_dir), "LC_ALL": "en_US.UTF-8"})
    env.update(extra)
    return env


def init_school(data_dir: Path, *, name: str = SCHOOL_NAME, **env: str) -> None:
    subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "lan_server", "init", "--no-input", "--school-name", name,
         "--admin-username", "admin", "--admin-first-name", "Aïssatou",
         "--admin-last-name", "Mbarga", "--admin-password", ADMIN_PASSWORD],
        env=server_env(data_dir, **env), check=True, capture_output=True, cwd=REPO_ROOT,
    )


@dataclass
class ServeProcess:
    """``[ip netns exec NS] python -m lan_server serve``, stopped by its own PID."""

    data_dir: Path
    port: int
    host: str = "127.0.0.1"
    env: dict[str, str] = field(default_factory=dict)
    netns: str | None = None
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "serve.log"

    def start(self) -> None:
        command = [sys.executable, "-m", "lan_server", "serve", "--host", self.host,
                   "--port", str(self.port)]
        if self.netns:
            command = ["ip", "netns", "exec", self.netns, *command]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own CLI
                command, env=server_env(self.data_dir, **self.env), stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO_ROOT,
            )

    def wait_announced(self, timeout: float = 60) -> None:
        """Until the log says the service is announced (zeroconf's probing takes ~1.5 s)."""
        deadline = time.monotonic() + timeout
        while "discovery: announced" not in self.log():
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited ({self.proc.returncode}): {self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not announce itself: {self.log()}")
            time.sleep(0.05)

    def wait_ready(self, scheme: str = "http", timeout: float = 60) -> dict[str, Any]:
        """Until /api/v1/info answers; its body."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.info(scheme)
            except httpx.HTTPError:
                assert self.proc is not None
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"serve did not answer: {self.log()}") from None
                time.sleep(0.1)

    def info(self, scheme: str = "http") -> dict[str, Any]:
        with httpx.Client(verify=False, timeout=10) as client:  # noqa: S501 - self-signed
            response = client.get(f"{scheme}://{self.host}:{self.port}/api/v1/info")
        assert response.status_code == 200, response.text
        return response.json()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown: lifespan ends
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def __enter__(self) -> ServeProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Events:
    """The browser's callbacks, kept for the test to wait on (filtered by server id: other
    people's servers may be announced on the same loopback)."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue()

    def found(self, server: DiscoveredServer) -> None:
        self.queue.put(("found", server))

    def changed(self, server: DiscoveredServer) -> None:
        self.queue.put(("changed", server))

    def lost(self, server_id: str) -> None:
        self.queue.put(("lost", server_id))

    def wait(self, kind: str, server_id: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                got, value = self.queue.get(timeout=left)
            except queue.Empty:
                break
            ident = value if isinstance(value, str) else value.server_id
            if got == kind and ident == server_id:
                return value
        raise AssertionError(f"no {kind!r} event for {server_id} within {timeout} s")
