"""Bursts wider than the server's thread pool (40) and its connection pools must all be
served: a session's commit or close must never wait for a thread that the requests
queued behind that same session are holding."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from lan_server.models import User, UserRole
from tests.support import make_settings, running_server

PUPILS = 120


def test_a_burst_wider_than_the_thread_pool_is_served(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        with server.ctx.db.write_session() as session:
            admin = session.query(User).filter_by(role=UserRole.admin).one()
            password_hash = server.ctx.passwords.hash("pupil-pass-1")
            session.add_all(
                User(school_id=admin.school_id, username=f"burst{i}", first_name="Élève",
                     last_name=str(i), role=UserRole.student, password_hash=password_hash)
                for i in range(PUPILS)
            )

        async def burst() -> list[int]:
            # Short keep-alive: uvicorn closes idle connections after 5 s, and reusing one
            # it just closed fails with ReadError on a busy machine.
            limits = httpx.Limits(max_connections=PUPILS, keepalive_expiry=1.0)
            async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
                async def one(i: int) -> int:
                    login = await client.post("/api/v1/auth/login", json={"username": f"burst{i}", "password": "pupil-pass-1"})
                    if login.status_code != 200:
                        return login.status_code
                    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
                    me = await client.get("/api/v1/auth/me", headers=headers)
                    return me.status_code

                return await asyncio.gather(*(one(i) for i in range(PUPILS)))

        statuses = asyncio.run(burst())
        assert statuses == [200] * PUPILS
