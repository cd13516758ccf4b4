from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from tests.support import LiveServer, make_settings, running_server

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real school server (uvicorn on a loopback port, SQLite in a temporary data
    directory) for the whole run; tests create their own uniquely named data."""
    settings = make_settings(tmp_path_factory.mktemp("school"))
    with running_server(settings) as server:
        yield server


@pytest.fixture
def admin(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.as_admin() as client:
        yield client


@pytest.fixture
def anon(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as client:
        yield client
