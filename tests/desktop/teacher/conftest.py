"""A school server of the teacher tests' own, for the tests that move its clock (slot
rotation, a server clock far from the desktop's): the session-wide ``live_server`` must not
see a moved clock."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support import LiveServer, make_settings, running_server


@pytest.fixture(scope="module")
def clock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = make_settings(tmp_path_factory.mktemp("desktop-teacher"))
    with running_server(settings) as server:
        yield server


@pytest.fixture
def clock_admin(clock_server: LiveServer) -> Iterator[httpx.Client]:
    with clock_server.as_admin() as client:
        yield client
