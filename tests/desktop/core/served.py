"""A real ``python -m lan_server serve`` process for the connect-list tests: it announces
itself with zeroconf on 127.0.0.1 only (ECEP_DISCOVERY_INTERFACES) and, with ``https``,
serves its own self-signed certificate."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support import free_port

ADMIN_PASSWORD = "served-admin-2026"  # noqa: S105 - a test school's


@dataclass
class ServedServer:
    url: str
    port: int
    info: dict  # GET /api/v1/info, read once it answered
    process: subprocess.Popen


def _env(data_dir: Path, https: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "ECEP_DATA_DIR": str(data_dir),
        "ECEP_DISCOVERY_INTERFACES": "127.0.0.1",  # never multicast on real interfaces
        "ECEP_HTTPS": "true" if https else "false",
        # No second (plain QR page) port: only the port these tests chose is known free.
        "ECEP_QR_PAGE_PORT": "0",
    })
    return env


def initialize(data_dir: Path, school_name: str, *, https: bool = False) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "lan_server", "init", "--no-input", "--school-name", school_name,
         "--town", "Douala", "--admin-username", "admin", "--admin-first-name", "Aïssatou",
         "--admin-last-name", "Mbarga", "--admin-password", ADMIN_PASSWORD],
        env=_env(data_dir, https), check=True, capture_output=True, timeout=120,
    )


@contextmanager
def served(data_dir: Path, *, https: bool = False, port: int | None = None
           ) -> Iterator[ServedServer]:
    port = port or free_port()
    proto = "https" if https else "http"
    process = subprocess.Popen(
        [sys.executable, "-m", "lan_server", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--log-level", "warning"],
        env=_env(data_dir, https), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"{proto}://127.0.0.1:{port}"
    try:
        info = _wait_for_info(process, url)
        yield ServedServer(url, port, info, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr is not None:
            process.stderr.close()


def _wait_for_info(process: subprocess.Popen, url: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            # verify=False: only to learn what the server says; the tests check the trust.
            response = httpx.get(f"{url}/api/v1/info", verify=False, timeout=2)  # noqa: S501
            if response.status_code == 200:
                return response.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("serve did not answer in time")
