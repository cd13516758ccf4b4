"""Test support: a real uvicorn server on a free loopback port, and small helpers."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from lan_server.app import create_app
from lan_server.config import Settings
from lan_server.core import migrate
from lan_server.core.clock import Clock
from lan_server.core.context import AppContext
from lan_server.setup import service as setup_service
from lan_server.setup.schemas import AdminCreate, SchoolCreate

ADMIN_PASSWORD = "admin-pass-2026"
_counter = itertools.count(1)


def unique(prefix: str = "u") -> str:
    return f"{prefix}{next(_counter)}x{int(time.time() * 1000) % 100000}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class OffsetClock(Clock):
    """Real time plus an offset the test can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


class _ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test process keeps its own handlers
        pass


@dataclass
class LiveServer:
    url: str
    ctx: AppContext
    clock: OffsetClock
    app: Any = None  # the FastAPI app it serves, for tests that look at its state
    admin_username: str = "admin"
    admin_password: str = ADMIN_PASSWORD

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def login(self, username: str, password: str) -> dict[str, Any]:
        with self.client() as client:
            response = client.post(
                "/api/v1/auth/login", json={"username": username, "password": password}
            )
        assert response.status_code == 200, response.text
        return response.json()

    def as_user(self, username: str, password: str) -> httpx.Client:
        tokens = self.login(username, password)
        return self.client(headers={"Authorization": f"Bearer {tokens['access_token']}"})

    def as_admin(self) -> httpx.Client:
        return self.as_user(self.admin_username, self.admin_password)


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "host": "127.0.0.1",
        # Every test client comes from 127.0.0.1: the per-IP limit gets its own tests.
        "login_free_attempts_per_ip": 100_000,
    }
    values.update(overrides)
    return Settings(**values)


def initialize_school(ctx: AppContext, *, name: str = "École publique de Bonabéri") -> None:
    with ctx.db.write_session() as session:
        setup_service.initialize(
            session,
            ctx,
            school=SchoolCreate(name=name, town="Douala"),
            admin=AdminCreate(
                username="admin", password=ADMIN_PASSWORD, first_name="Aïssatou",
                last_name="Mbarga",
            ),
        )


def school_on_disk(data_dir: Path, **overrides: Any) -> Settings:
    """A data directory with a migrated database and an initialized school, for a server
    process the test starts itself; its settings."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = make_settings(data_dir, **overrides)
    migrate.upgrade(settings.resolved_database_url)
    ctx = AppContext.build(settings)
    try:
        initialize_school(ctx)
    finally:
        ctx.close()
    return settings


@contextmanager
def running_server(
    settings: Settings, *, initialize: bool = True, port: int | None = None
) -> Iterator[LiveServer]:
    """A real server in a thread on a loopback port (``port``: a given one, e.g. the same
    server started again after a "power cut"; else a free one)."""
    migrate.upgrade(settings.resolved_database_url)
    clock = OffsetClock()
    ctx = AppContext.build(settings, clock=clock)
    if initialize:
        initialize_school(ctx)
    port = port or free_port()
    app = create_app(context=ctx)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
    )
    server = _ThreadedServer(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", ctx=ctx, clock=clock, app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        ctx.close()


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Asserts the response is problem+json with this status and code; returns the body."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    assert body["status"] == status
    assert body["detail"]
    return body


def create_user(admin: httpx.Client, *, role: str = "student", **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "username": unique(role[:3]),
        "first_name": "Jean",
        "last_name": "Ndongo",
        "role": role,
    }
    payload.update(fields)
    response = admin.post("/api/v1/users", json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def user_with_password(
    server: LiveServer, admin: httpx.Client, *, role: str = "student", password: str = "pupil-pass-1",
    **fields: Any,
) -> tuple[dict[str, Any], httpx.Client]:
    user = create_user(admin, role=role, password=password, **fields)
    return user, server.as_user(user["username"], password)
