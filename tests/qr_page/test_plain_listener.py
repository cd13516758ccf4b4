"""The attendance QR page beside HTTPS: a real ``ecep-server serve --https`` on loopback
also serves the landing page (and nothing else) over plain HTTP on ECEP_QR_PAGE_PORT, and
the lesson display points the projected QR there (docs/discovery.md)."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from lan_server import tls
from tests.discovery.support import ADMIN_PASSWORD, REPO_ROOT, ServeProcess, init_school, server_env
from tests.support import create_user, free_port, unique

PASSWORD = "lesson-pass-1"  # noqa: S105 - throwaway accounts
PERIOD = 60
FR = {"Accept-Language": "fr-CM,fr;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _port_pair() -> int:
    """A free port whose next one is free too (the page's default port is API + 1)."""
    for _ in range(200):
        port = free_port()
        if port < 65535 and _free(port + 1):
            return port
    raise AssertionError("no two consecutive free ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing listens on {port}") from None
            time.sleep(0.05)


def _start(data_dir: Path, port: int, **env: str) -> ServeProcess:
    env = {"ECEP_HTTPS": "true", "ECEP_DISCOVERY_ENABLED": "false",
           "ECEP_LOGIN_FREE_ATTEMPTS_PER_IP": "100000", **env}
    server = ServeProcess(data_dir, port=port, env=env)
    server.start()
    server.wait_ready("https")
    return server


@dataclass
class School:
    """A class with its teacher and pupils on the served school, reached over HTTPS with
    the server's own certificate as the only trusted one (as a pinned client would)."""

    server: ServeProcess
    api: str
    verify: ssl.SSLContext
    teacher: httpx.Client
    admin: httpx.Client
    class_id: str
    subject_id: str
    teacher_id: str
    pupils: list[dict[str, Any]]

    @classmethod
    def build(cls, server: ServeProcess, pupils: int = 3) -> School:
        api = f"https://127.0.0.1:{server.port}"
        verify = ssl.create_default_context(cafile=str(tls.certificate_paths(server.data_dir).cert))
        admin = _login(api, verify, "admin", ADMIN_PASSWORD)
        teacher = create_user(admin, role="teacher", password=PASSWORD)
        made = admin.post("/api/v1/classes", json={
            "name": unique("CM2 "), "level": "CM2", "school_year": "2026-2027",
            "main_teacher_id": teacher["id"]})
        assert made.status_code == 201, made.text
        maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
        pupil_list = [create_user(admin, password=PASSWORD) for _ in range(pupils)]
        admin.post(f"/api/v1/classes/{made.json()['id']}/enrollments",
                   json={"pupil_ids": [p["id"] for p in pupil_list]}).raise_for_status()
        return cls(server, api, verify, _login(api, verify, teacher["username"], PASSWORD),
                   admin, made.json()["id"], maths["id"], teacher["id"], pupil_list)

    def open_session(self) -> dict[str, Any]:
        now = datetime.now(UTC)
        lesson = self.admin.post("/api/v1/lessons", json={
            "class_id": self.class_id, "subject_id": self.subject_id,
            "teacher_id": self.teacher_id,
            "starts_at": (now - timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat()})
        assert lesson.status_code == 201, lesson.text
        opened = self.teacher.post("/api/v1/attendance/sessions",
                                   json={"lesson_id": lesson.json()["id"],
                                         "period_seconds": PERIOD})
        assert opened.status_code == 201, opened.text
        return opened.json()

    def display(self, session_id: str) -> dict[str, Any]:
        _settle()
        response = self.teacher.get(f"/api/v1/attendance/sessions/{session_id}/display")
        assert response.status_code == 200, response.text
        return response.json()

    def mark_of(self, session_id: str, pupil_id: str) -> dict[str, Any] | None:
        roster = self.teacher.get(f"/api/v1/attendance/sessions/{session_id}/roster")
        assert roster.status_code == 200, roster.text
        return next(p["mark"] for p in roster.json()["pupils"] if p["pupil_id"] == pupil_id)

    def close(self) -> None:
        self.teacher.close()
        self.admin.close()


def _login(api: str, verify: ssl.SSLContext, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=api, verify=verify, timeout=30)
    response = client.post("/api/v1/auth/login",
                           json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return client


def _settle(margin: float = 5.0) -> None:
    """Waits, if needed, so that the next seconds stay inside one code slot."""
    left = PERIOD - (time.time() % PERIOD)
    if left < margin:
        time.sleep(left + 0.1)


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, page
    return match.group(1)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    data_dir = tmp_path_factory.mktemp("qr-page")
    init_school(data_dir, ECEP_HTTPS="true")
    server = _start(data_dir, _port_pair())  # ECEP_QR_PAGE_PORT unset: the API port + 1
    _wait_listening(server.port + 1)
    built = School.build(server)
    yield built
    built.close()
    server.stop()


def test_info_gives_the_page_port_and_the_display_points_there(school: School) -> None:
    port = school.server.port
    info = school.teacher.get("/api/v1/info").json()
    assert (info["proto"], info["qr_page_port"]) == ("https", port + 1)
    opened = school.open_session()
    display = school.display(opened["id"])
    base = f"http://127.0.0.1:{port + 1}/a/{opened['short_code']}"
    assert display["url_base"] == base
    assert display["url"] == f"{base}/{display['slot']}/{display['code']}"


def test_a_phone_browser_logs_in_over_plain_http_and_is_marked(school: School) -> None:
    pupil = school.pupils[0]
    opened = school.open_session()
    display = school.display(opened["id"])
    assert display["url"].startswith("http://")
    with httpx.Client(timeout=30, headers={**FR, "User-Agent": "Phone/1.0"}) as phone:
        page = phone.get(display["url"])  # what the camera opens: no certificate anywhere
        assert page.status_code == 200, page.text
        assert "<form" in page.text and "Mot de passe" in page.text
        cookies = page.headers.get_list("set-cookie")
        assert cookies and all("secure" not in c.lower() for c in cookies)  # plain HTTP
        done = phone.post(display["url"], data={
            "csrf_token": _hidden(page.text, "csrf_token"),
            "ticket": _hidden(page.text, "ticket"),
            "username": pupil["username"], "password": PASSWORD})
        assert done.status_code == 200, done.text
        assert "Présent à" in done.text
        mark = school.mark_of(opened["id"], pupil["id"])
        assert mark is not None and mark["status"] == "present"

        # Next lesson: the phone's cookies mark the pupil at once, still over plain HTTP.
        second = school.open_session()
        again = phone.get(school.display(second["id"])["url"])
        assert again.status_code == 200 and "Présent à" in again.text
        assert school.mark_of(second["id"], pupil["id"]) is not None


def test_the_app_posts_the_same_url_through_the_https_api(school: School) -> None:
    pupil = school.pupils[1]
    opened = school.open_session()
    display = school.display(opened["id"])
    app = _login(school.api, school.verify, pupil["username"], PASSWORD)
    try:
        scanned = app.post("/api/v1/attendance/scan", json={
            "url": display["url"], "nonce": uuid.uuid4().hex,
            "device_id": "tablet-" + uuid.uuid4().hex})
    finally:
        app.close()
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["result"] == "marked"
    assert school.mark_of(opened["id"], pupil["id"]) is not None


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/info"),
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/users"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/"),
    ("GET", "/favicon.ico"),
])
def test_everything_else_over_plain_http_is_https_required(
    school: School, method: str, path: str
) -> None:
    page_port = school.server.port + 1
    body = {"username": "admin", "password": ADMIN_PASSWORD} if method == "POST" else None
    with httpx.Client(base_url=f"http://127.0.0.1:{page_port}", timeout=30) as plain:
        response = plain.request(method, path, json=body, headers={
            **EN, "Authorization": school.admin.headers["Authorization"]})
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    https_url = f"https://127.0.0.1:{school.server.port}/"
    assert problem["code"] == "https_required"
    assert problem["https_url"] == https_url and problem["https_port"] == school.server.port
    assert problem["detail"].startswith("This address only serves the attendance page")
    assert https_url in problem["detail"]
    assert "access_token" not in response.text  # no login, no data over plain HTTP


def test_https_required_in_french_and_no_way_around_the_filter(school: School) -> None:
    page_port = school.server.port + 1
    with httpx.Client(base_url=f"http://127.0.0.1:{page_port}", timeout=30) as plain:
        french = plain.get("/api/v1/info", headers=FR).json()
    assert french["detail"].startswith("Cette adresse ne sert que la page de présence")
    # Dot segments are not resolved by the server: /a/../api/... never reaches the API.
    for path in ("/a/../api/v1/info", "/a/%2e%2e/api/v1/info", "//api/v1/info"):
        connection = http.client.HTTPConnection("127.0.0.1", page_port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        assert response.status != 200 or "server_id" not in text, (path, text)
        assert "server_id" not in text


def test_qr_page_port_zero_keeps_the_qr_on_https(tmp_path: Path) -> None:
    init_school(tmp_path, ECEP_HTTPS="true")
    port = _port_pair()
    server = _start(tmp_path, port, ECEP_QR_PAGE_PORT="0")
    try:
        school = School.build(server, pupils=1)
        try:
            assert school.teacher.get("/api/v1/info").json()["qr_page_port"] is None
            opened = school.open_session()
            display = school.display(opened["id"])
            assert display["url_base"] == f"https://127.0.0.1:{port}/a/{opened['short_code']}"
        finally:
            school.close()
        assert _free(port + 1)  # no plain listener
        assert "Attendance QR page also over plain HTTP" not in server.log()
    finally:
        server.stop()


def test_a_chosen_page_port_and_a_clean_stop_of_both(tmp_path: Path) -> None:
    init_school(tmp_path, ECEP_HTTPS="true")
    port, page_port = free_port(), free_port()
    server = _start(tmp_path, port, ECEP_QR_PAGE_PORT=str(page_port))
    _wait_listening(page_port)
    assert server.info("https")["qr_page_port"] == page_port
    assert httpx.get(f"http://127.0.0.1:{page_port}/api/v1/info").status_code == 404
    server.stop()  # SIGINT: the page listener stops, then the API and its lifespan
    assert server.proc is not None and server.proc.returncode == 0, server.log()
    log = server.log()
    assert "Application shutdown complete" in log
    assert _free(port) and _free(page_port)


def test_a_taken_page_port_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    port = _port_pair()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port + 1))
        squatter.listen()
        result = subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "lan_server", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--https"],
            env=server_env(tmp_path, ECEP_DISCOVERY_ENABLED="false"), capture_output=True,
            text=True, cwd=REPO_ROOT, timeout=60, check=False)
    assert result.returncode == 3, result.stderr
    assert f"Port {port + 1} of the plain-HTTP attendance page (ECEP_QR_PAGE_PORT)" in (
        result.stderr)
    suggestion = re.search(r"ECEP_QR_PAGE_PORT=(\d+)", result.stderr)
    assert suggestion and int(suggestion.group(1)) not in (port, port + 1)
    assert "or 0 not to open it" in result.stderr


def test_a_hub_opens_no_page_port(tmp_path: Path) -> None:
    port = _port_pair()
    server = _start(tmp_path, port, ECEP_ROLE="hub")
    try:
        assert server.info("https")["qr_page_port"] is None
        assert _free(port + 1)
    finally:
        server.stop()
