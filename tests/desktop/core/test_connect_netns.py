"""Done-when of issue 5, desktop side: the desktop app in "connect" mode, in one network
namespace, lists a school server started in another (joined by a veth pair made by the
test; nothing touches the machine's real interfaces), connects to it over HTTPS with the
pinned fingerprint, and logs in. Needs root and iproute2 (skipped without, failed under
CI=true: the namespace fixture is the discovery tests' own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.discovery.support import (
    ADMIN_PASSWORD,
    REPO_ROOT,
    SCHOOL_NAME,
    ServeProcess,
    init_school,
    server_env,
)
from tests.discovery.test_netns import DEFAULT_PORT, Link, link  # noqa: F401 - the fixture


def test_the_desktop_lists_a_server_of_another_namespace_and_connects_pinned(
        link: Link, tmp_path: Path) -> None:  # noqa: F811
    data = tmp_path / "server"
    data.mkdir()
    init_school(data, ECEP_HTTPS="true")
    server = ServeProcess(data, port=DEFAULT_PORT, host="0.0.0.0",  # noqa: S104
                          netns=link.server_ns, env={"ECEP_HTTPS": "true"})
    with server:
        server.wait_announced()
        env = server_env(Path("/nonexistent"), ECEP_DISCOVERY_INTERFACES=link.address(2),
                         ECEP_DESKTOP_PASSWORD=ADMIN_PASSWORD, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8",
                         XDG_CONFIG_HOME=str(tmp_path / "config"))
        done = subprocess.run(  # noqa: S603, S607
            ["ip", "netns", "exec", link.browser_ns, sys.executable, "-m",
             "tests.desktop.core.connect_helper", str(tmp_path / "desktop.ini"), "admin"],
            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
            encoding="utf-8",
        )
        serve_log = server.log()  # it prints the certificate fingerprint at start
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["stages"][:1] == ["choice"] and report["stages"][-1] == "main"
    assert SCHOOL_NAME in report["listed"] and "\N{LOCK}" in report["listed"]
    assert link.address(1) in report["listed"]
    assert report["server_url"] == f"https://{link.address(1)}:{DEFAULT_PORT}"
    assert report["pinned"] and report["pinned"] == report["remembered_pin"]
    assert report["pinned"] == report["info_fingerprint"]
    assert report["pinned"] in serve_log
    assert report["username"] == "admin" and report["school"] == SCHOOL_NAME
