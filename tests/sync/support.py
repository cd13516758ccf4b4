"""Helpers of the sync tests: a hub (role hub, PostgreSQL) and school servers (SQLite),
enrollment, and the synced state of each side as comparable dictionaries."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from lan_server.core.context import AppContext
from lan_server.sync import hub_service
from lan_server.sync.entities import ENTITIES, SYNCED_NAMES, encode_row
from tests.support import LiveServer, make_settings, running_server

State = dict[tuple[str, str], dict[str, Any]]


@contextmanager
def hub_server(data_dir: Path, database_url: str, *, port: int | None = None,
               **overrides: Any) -> Iterator[LiveServer]:
    """A hub in this process; started again (``port``: the same one) it keeps its database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = make_settings(data_dir, database_url=database_url, role="hub", **overrides)
    with running_server(settings, initialize=port is None, port=port) as server:
        yield server


@contextmanager
def school_server(data_dir: Path, **overrides: Any) -> Iterator[LiveServer]:
    # The monitor stays out of the way unless a test wants it (it syncs by itself).
    values: dict[str, Any] = {"sync_interval_seconds": 3600.0, "sync_retry_min_seconds": 3600.0}
    values.update(overrides)
    data_dir.mkdir(parents=True, exist_ok=True)
    with running_server(make_settings(data_dir, **values)) as server:
        yield server


def enroll_code(hub: LiveServer, school_name: str = "École", **body: Any) -> dict[str, Any]:
    with hub.as_admin() as admin:
        response = admin.post("/api/v1/hub/enroll-codes", json={"school_name": school_name, **body})
    assert response.status_code == 201, response.text
    return response.json()


def enroll(school: LiveServer, hub_url: str, code: str) -> dict[str, Any]:
    with school.as_admin() as admin:
        response = admin.post("/api/v1/sync/enroll", json={"hub_url": hub_url, "code": code})
    assert response.status_code == 200, response.text
    return response.json()


def sync_now(school: LiveServer, *, expect_ok: bool = True) -> dict[str, Any]:
    with school.as_admin() as admin:
        response = admin.post("/api/v1/sync/run", timeout=120)
    assert response.status_code == 200, response.text
    body = response.json()
    if expect_ok:
        assert body["ok"], body
    return body


def status(school: LiveServer, client: httpx.Client | None = None) -> dict[str, Any]:
    with school.as_admin() as admin:
        response = admin.get("/api/v1/sync/status")
    assert response.status_code == 200, response.text
    return response.json()


def local_state(ctx: AppContext) -> State:
    """Every synced row of a school server, as it travels."""
    found: State = {}
    with ctx.db.read_session() as session:
        for name in SYNCED_NAMES:
            entity = ENTITIES[name]
            for row in session.execute(select(entity.table)):
                data = encode_row(entity, row)
                found[(name, str(data[entity.pk]))] = data
    return found


def hub_state(hub: LiveServer, hub_school_id: str | uuid.UUID) -> State:
    with hub.ctx.db.read_session() as session:
        return hub_service.school_records(session, uuid.UUID(str(hub_school_id)))


def count(state: State, entity: str) -> int:
    return sum(1 for key in state if key[0] == entity)
