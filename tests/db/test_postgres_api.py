"""The API's smoke path on PostgreSQL (the hub's and large schools' database): a real
uvicorn over a freshly migrated PostgreSQL database, login, refresh, a protected call,
a write and a paginated read, logout."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lan_server.models import LoginThrottle
from tests.support import LiveServer, create_user, make_settings, problem, running_server, unique

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


@pytest.fixture
def pg_server(tmp_path: Path, pg_database_url: str) -> Iterator[LiveServer]:
    with running_server(make_settings(tmp_path, database_url=pg_database_url)) as server:
        assert server.ctx.db.url.startswith("postgresql"), server.ctx.db.url
        yield server


def test_login_refresh_protected_call_logout_on_postgres(pg_server: LiveServer) -> None:
    with pg_server.client() as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"username": pg_server.admin_username, "password": pg_server.admin_password},
        )
        assert login.status_code == 200, login.text
        tokens = login.json()
        assert tokens["user"]["role"] == "admin"
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}

        me = client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200, me.text
        assert me.json()["username"] == pg_server.admin_username

        refreshed = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 200, refreshed.text
        new = refreshed.json()
        assert new["refresh_token"] != tokens["refresh_token"]
        headers = {"Authorization": f"Bearer {new['access_token']}"}
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200

        out = client.post(
            "/api/v1/auth/logout", json={"refresh_token": new["refresh_token"]}, headers=headers
        )
        assert out.status_code == 204, out.text
        problem(client.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")
        problem(
            client.post("/api/v1/auth/refresh", json={"refresh_token": new["refresh_token"]}),
            401,
            "refresh_invalid",
        )

        # Reusing a rotated refresh token is detected and revokes the whole family.
        second = pg_server.login(pg_server.admin_username, pg_server.admin_password)
        rotated = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
        )
        assert rotated.status_code == 200, rotated.text
        problem(
            client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}),
            401,
            "refresh_reused",
        )
        problem(
            client.post(
                "/api/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]}
            ),
            401,
            "refresh_invalid",
        )


def test_writes_and_paginated_reads_on_postgres(pg_server: LiveServer) -> None:
    with pg_server.as_admin() as admin:
        last_name = unique("Pg")
        made = [create_user(admin, role="student", last_name=last_name) for _ in range(5)]

        # A duplicate username is a conflict, not a 500, on PostgreSQL too.
        duplicate = admin.post(
            "/api/v1/users",
            json={
                "username": made[0]["username"],
                "first_name": "A",
                "last_name": "B",
                "role": "student",
            },
        )
        assert duplicate.status_code == 409, duplicate.text

        seen: list[str] = []
        cursor = None
        for _ in range(10):
            params = {"q": last_name.lower(), "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = admin.get("/api/v1/users", params=params)
            assert page.status_code == 200, page.text
            body = page.json()
            seen += [user["id"] for user in body["items"]]
            cursor = body.get("next_cursor")
            if not cursor:
                break
        assert sorted(seen) == sorted(user["id"] for user in made)


@pytest.mark.postgres
def test_simultaneous_first_failures_for_one_name_are_all_plain_401s(
    tmp_path: Path, pg_database_url: str
) -> None:
    """On PostgreSQL, requests really run side by side: the first failures of one name
    must not collide on the throttle row (a 409 would tell an attacker something)."""
    settings = make_settings(
        tmp_path, database_url=pg_database_url, login_free_attempts_per_account=50
    )
    with running_server(settings) as server:

        async def burst() -> list[int]:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:

                async def one() -> int:
                    response = await client.post(
                        "/api/v1/auth/login", json={"username": "nobody-here", "password": "x"}
                    )
                    return response.status_code

                return await asyncio.gather(*(one() for _ in range(60)))

        assert asyncio.run(burst()) == [401] * 60
        with server.ctx.db.read_session() as session:
            counted = session.get(LoginThrottle, "acct:nobody-here")
            assert counted is not None and counted.failures == 60  # every failure counted
