from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from tests.support import LiveServer, make_settings, running_server

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Nothing a test starts may announce or browse on the machine's real interfaces: every
# server and desktop process of the run (they inherit the environment) keeps mDNS on
# loopback. Tests of discovery across network namespaces set their own interfaces.
os.environ["ECEP_DISCOVERY_INTERFACES"] = "127.0.0.1"


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


# -- PostgreSQL (throwaway cluster, see tests/pg.py) ----------------------------------------


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a database on a throwaway PostgreSQL cluster started once per run
    (shared like ``live_server``: tests that need an empty database use
    ``pg_database_url``). Without the server binaries: skipped locally, failed under CI."""
    from tests.pg import find_bindir, throwaway_postgres

    if find_bindir() is None:
        message = (
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: `make test` "
            "installs them (package postgresql-15 or postgresql), or set ECEP_PG_BIN"
        )
        if IN_CI:
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def pg_database_url(pg_url: str) -> str:
    """A new, empty database on the session's PostgreSQL cluster, for this test only."""
    import uuid

    from tests.pg import create_database

    return create_database(pg_url, f"t_{uuid.uuid4().hex[:16]}")
