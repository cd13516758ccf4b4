"""A bounded schemathesis run over every operation of the real server's /openapi.json, as
the school's administrator: no response may be a 5xx, and responses must conform to the
schema (status code documented, content type, body and headers).

Bounded: a few examples per operation (``FUZZ_MAX_EXAMPLES``, default 12) on top of
schemathesis' coverage cases, no deadline: about 2,500 requests in ~25 s. Derandomized so
a red build can be reproduced; ``FUZZ_RANDOM=1`` explores other inputs (not under CI).

The schema is built from the app at collection time (pytest needs the operations before any
fixture runs; schemathesis' lazy ``from_fixture`` loader does not work with pytest 9.2) and
a separate test checks the running server serves exactly that document.

The run uses its own server (same set-up as ``live_server``): fuzzing writes all over the
school (its settings, the admin's profile) and must not change what other tests see.
Kept out of the run so that the admin's token and account survive: logout and deleting
one's own account. Login is fuzzed, but never with the admin's username, so the per-account
throttle cannot lock the admin out.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lan_server.app import create_app
from tests.support import LiveServer, make_settings, running_server

pytestmark = pytest.mark.e2e

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(make_settings(tmp_path_factory.mktemp("fuzz-school"))) as server:
        yield server


@pytest.fixture(scope="module")
def admin_token(fuzz_server: LiveServer) -> str:
    return fuzz_server.login(fuzz_server.admin_username, fuzz_server.admin_password)[
        "access_token"
    ]


def _served_openapi() -> dict[str, Any]:
    """The document the server serves at /openapi.json. Built from the app at collection time
    (no database is touched): pytest needs the operations before any fixture runs.
    ``test_the_server_serves_the_fuzzed_document`` checks the live server serves the same."""
    app = create_app(make_settings(Path(tempfile.gettempdir()) / "ecep-fuzz-unused"))
    return app.openapi()


OPENAPI = _served_openapi()
schema = (
    schemathesis.openapi.from_dict(OPENAPI)
    .exclude(method="POST", path="/api/v1/auth/logout")
    .exclude(method="DELETE", path="/api/v1/auth/me")
    # Enrolling connects to the hub URL given: fuzzed URLs would reach other hosts
    # (tests/sync covers it against a loopback hub).
    .exclude(method="POST", path="/api/v1/sync/enroll")
)
schema.config.generation.update(max_examples=MAX_EXAMPLES)


def _keep_admin_out_of_login(case: Any, admin_username: str) -> None:
    body = case.body
    if (
        case.path.endswith("/auth/login")
        and isinstance(body, dict)
        and str(body.get("username", "")).strip().lower() == admin_username.lower()
    ):
        body["username"] = f"not-{admin_username}"


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=IN_CI or os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
def test_api_never_fails_and_answers_as_documented(
    case: Any, fuzz_server: LiveServer, admin_token: str
) -> None:
    _keep_admin_out_of_login(case, fuzz_server.admin_username)
    case.call_and_validate(
        base_url=fuzz_server.url,
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=30,
        checks=CHECKS,
    )


def test_the_admin_survived_the_fuzzing(fuzz_server: LiveServer, admin_token: str) -> None:
    """Runs after the fuzz test (same module): the exclusions did keep the admin usable."""
    with httpx.Client(base_url=fuzz_server.url, timeout=30) as client:
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {admin_token}"})
    assert me.status_code == 200, me.text


def test_the_server_serves_the_fuzzed_document(fuzz_server: LiveServer) -> None:
    with httpx.Client(base_url=fuzz_server.url, timeout=30) as client:
        served = client.get("/openapi.json")
    assert served.status_code == 200
    assert served.json() == OPENAPI
