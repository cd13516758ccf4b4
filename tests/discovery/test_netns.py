"""Discovery across two network namespaces joined by a veth pair, made by the test itself:
the server in one, the browser (a separate process) in the other. Nothing touches the
machine's real interfaces: both ends live in the namespaces, which are removed at the end.

Needs root and iproute2: skipped locally without them, failed under CI=true."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI
from tests.discovery.support import REPO_ROOT, SCHOOL_NAME, ServeProcess, init_school, server_env

DEFAULT_PORT = 8470


def _require_netns() -> None:
    missing = None
    if shutil.which("ip") is None:
        missing = "iproute2 (the ip command) is not installed"
    elif os.geteuid() != 0:
        missing = "network namespaces need root"
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true and {missing}", pytrace=False)
        pytest.skip(missing)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)  # noqa: S603, S607


@dataclass
class Link:
    server_ns: str
    browser_ns: str
    server_dev: str
    subnet: str  # "10.231.N"

    def address(self, host: int) -> str:
        return f"{self.subnet}.{host}"


@pytest.fixture
def link() -> Iterator[Link]:
    _require_netns()
    tag = f"{os.getpid() % 100000}"
    subnet = f"10.231.{os.getpid() % 250 + 1}"
    made = Link(f"ecep-s{tag}", f"ecep-b{tag}", f"es{tag}", subnet)
    browser_dev = f"eb{tag}"
    try:
        _ip("netns", "add", made.server_ns)
        _ip("netns", "add", made.browser_ns)
        # Created inside the server's namespace, the peer moved to the browser's: the pair
        # never exists among the machine's own interfaces.
        _ip("-n", made.server_ns, "link", "add", made.server_dev, "type", "veth",
            "peer", "name", browser_dev, "netns", made.browser_ns)
        _ip("-n", made.server_ns, "addr", "add", f"{made.address(1)}/24", "dev", made.server_dev)
        _ip("-n", made.browser_ns, "addr", "add", f"{made.address(2)}/24", "dev", browser_dev)
        for ns, dev in ((made.server_ns, made.server_dev), (made.browser_ns, browser_dev)):
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
        yield made
    finally:
        for ns in (made.server_ns, made.browser_ns):  # deleting a namespace deletes its veth
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)  # noqa: S603, S607


class BrowserProcess:
    """tests/discovery/browse_helper.py inside the browser's namespace."""

    def __init__(self, netns: str, interface: str) -> None:
        self.proc = subprocess.Popen(  # noqa: S603, S607
            ["ip", "netns", "exec", netns, sys.executable, "-m",
             "tests.discovery.browse_helper", interface],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=REPO_ROOT, env=server_env(Path("/nonexistent")), text=True,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait("started")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def wait(self, kind: str, timeout: float = 45) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            if event["event"] == kind:
                return event
        stderr = ""
        if self.proc.poll() is not None and self.proc.stderr is not None:
            stderr = self.proc.stderr.read()
        raise AssertionError(
            f"the browser reported no {kind!r} within {timeout} s (seen: {self.seen}) {stderr}"
        )

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def test_discovery_across_namespaces_follows_a_new_address(link: Link, tmp_path: Path) -> None:
    init_school(tmp_path, ECEP_HTTPS="true")
    # The defaults of an installed server: all interfaces (in its namespace: lo and the
    # veth), the default port, and here HTTPS.
    server = ServeProcess(tmp_path, port=DEFAULT_PORT, host="0.0.0.0",  # noqa: S104
                          netns=link.server_ns, env={"ECEP_HTTPS": "true"})
    browser = None
    with server:
        try:
            server.wait_announced()
            browser = BrowserProcess(link.browser_ns, link.address(2))
            found = browser.wait("found")["server"]
            assert found["school_name"] == SCHOOL_NAME
            assert (found["host"], found["port"], found["proto"]) == (
                link.address(1), DEFAULT_PORT, "https")
            assert len(found["fingerprint"]) == 64

            # The server's address changes (a new DHCP lease): the browser follows it.
            # (deleted first: removing a primary address also removes the secondaries)
            _ip("-n", link.server_ns, "addr", "del", f"{link.address(1)}/24",
                "dev", link.server_dev)
            _ip("-n", link.server_ns, "addr", "add", f"{link.address(3)}/24",
                "dev", link.server_dev)
            try:
                changed = browser.wait("changed")["server"]
            except AssertionError:
                print(server.log())
                raise
            assert changed["server_id"] == found["server_id"]
            assert changed["host"] == link.address(3)
            assert changed["fingerprint"] == found["fingerprint"]

            server.stop()
            assert browser.wait("lost")["server"] == found["server_id"]
        finally:
            if browser is not None:
                browser.close()
