"""A school server of the core tests' own: they move its clock (token expiry), which the
session-wide ``live_server`` must not see."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support import LiveServer, make_settings, running_server


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = make_settings(tmp_path_factory.mktemp("desktop-core"))
    with running_server(settings) as server:
        yield server


@pytest.fixture
def own_admin(own_server: LiveServer) -> Iterator[httpx.Client]:
    with own_server.as_admin() as client:
        yield client


@pytest.fixture(autouse=True)
def _discovery_on_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The launch choice browses for servers: in tests, only on 127.0.0.1 (never multicast
    on the machine's real interfaces)."""
    monkeypatch.setenv("ECEP_DISCOVERY_INTERFACES", "127.0.0.1")
