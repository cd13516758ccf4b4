"""Races on PostgreSQL (real concurrency: the savepoints and unique constraints decide),
and behaviours that need the server's clock moved (own servers)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from lan_server.attendance.settings import AttendanceSettings, save_attendance_settings
from lan_server.models import AttendanceMark, ScanAttempt, School
from tests.attendance.lesson.conftest import (
    PASSWORD,
    add_pupils_fast,
    build_world,
    close_world,
    current_slot,
    device,
    nonce,
    qr_url,
    settle,
)
from tests.support import LiveServer, make_settings, problem, running_server

SCAN = "/api/v1/attendance/scan"
SESSIONS = "/api/v1/attendance/sessions"
PERIOD = 60


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    overrides = {}
    if request.param == "postgres":
        overrides["database_url"] = request.getfixturevalue("pg_database_url")
    with running_server(make_settings(tmp_path, **overrides)) as live:
        yield live


def _count(server: LiveServer, model, session_id: str) -> int:
    with server.ctx.db.read_session() as session:
        return session.query(model).filter_by(session_id=uuid.UUID(session_id)).count()


def test_races_resolve_on_the_constraints(server: LiveServer) -> None:
    world = build_world(server, pupils=1)
    try:
        names = add_pupils_fast(server, world.class_["id"], 30, "race")
        opened = world.open(period_seconds=PERIOD)
        settle(server, PERIOD, margin=20)
        display = world.display(opened["id"])
        url = qr_url(server, display, current_slot(server, PERIOD))
        shared_device = device()

        async def race() -> tuple[list[int], list[int], list[int]]:
            async with httpx.AsyncClient(
                base_url=server.url,
                timeout=60,
                limits=httpx.Limits(max_connections=100, keepalive_expiry=1.0),
            ) as client:

                async def token(name: str) -> str:
                    response = await client.post(
                        "/api/v1/auth/login", json={"username": name, "password": PASSWORD}
                    )
                    return "Bearer " + response.json()["access_token"]

                tokens = await asyncio.gather(*(token(n) for n in names))

                async def post(tok: str, body: dict) -> httpx.Response:
                    return await client.post(SCAN, json=body, headers={"Authorization": tok})

                # 20 pupils at once, each twice with one nonce (a retry) and once more.
                first = [
                    post(t, {"url": url, "nonce": f"n-{i}", "device_id": f"d-{i}"})
                    for i, t in enumerate(tokens[:20])
                ]
                retry = [
                    post(t, {"url": url, "nonce": f"n-{i}", "device_id": f"d-{i}"})
                    for i, t in enumerate(tokens[:20])
                ]
                other = [
                    post(t, {"url": url, "nonce": nonce(), "device_id": device()})
                    for t in tokens[:20]
                ]
                # 10 other pupils on one phone at once: exactly one is marked.
                shared = [
                    post(t, {"url": url, "nonce": nonce(), "device_id": shared_device})
                    for t in tokens[20:]
                ]
                answers = await asyncio.gather(*first, *retry, *other, *shared)
                codes_ = [r.status_code for r in answers]
                return (
                    codes_[:60],
                    codes_[60:],
                    [r.json().get("code") for r in answers[60:] if r.status_code != 200],
                )

        scans, shared, refusals = asyncio.run(race())
        assert scans == [200] * 60
        assert sorted(shared) == [200] + [409] * 9
        assert refusals == ["device_already_used"] * 9
        assert _count(server, AttendanceMark, opened["id"]) == 21
        # One attempt per nonce: the retries are the same scans.
        assert _count(server, ScanAttempt, opened["id"]) == 20 + 20 + 10
    finally:
        close_world(world)


def test_a_slow_login_on_the_page_keeps_the_code_it_read(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        world = build_world(server, pupils=1)
        try:
            world.pupil_client(0)  # logged in before the clock moves (PyJWT checks "iat")
            opened = world.open(period_seconds=10)
            display = world.display(opened["id"])
            path = httpx.URL(display["url"]).path
            with httpx.Client(base_url=server.url, timeout=30) as phone:
                page = phone.get(path)
                fields = dict(re.findall(r'name="(csrf_token|ticket)" value="([^"]*)"', page.text))
                server.clock.advance(seconds=45)  # four slots later: the code itself expired
                done = phone.post(
                    path,
                    data={**fields, "username": world.pupils[0]["username"], "password": PASSWORD},
                )
                assert done.status_code == 200, done.text
                assert "Présent à" in done.text
                # Without the page's ticket, the same old code is refused as expired.
                problem(
                    world.pupil_client(0).post(
                        SCAN, json={"url": display["url"], "nonce": nonce(), "device_id": device()}
                    ),
                    400,
                    "qr_expired",
                )
        finally:
            close_world(world)


def test_a_session_past_its_close_time_refuses_and_frees_the_lesson(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path, access_token_minutes=24 * 60)) as server:
        world = build_world(server, pupils=2)
        try:
            world.pupil_client(0)  # logged in before the clock moves (PyJWT checks "iat")
            opened = world.open(period_seconds=PERIOD)
            server.clock.advance(hours=3)  # the lesson ended two hours after it began
            settle(server, PERIOD)
            display = world.display(opened["id"])
            assert display["is_open"] is False
            problem(
                world.pupil_client(0).post(
                    SCAN, json={"url": display["url"], "nonce": nonce(), "device_id": device()}
                ),
                409,
                "session_closed",
            )
            assert world.teacher_client.get(f"{SESSIONS}/{opened['id']}").json()["is_open"] is False
            # Opening again closes the stale session for real (absent marks) first.
            again = world.teacher_client.post(SESSIONS, json={"lesson_id": opened["lesson_id"]})
            assert again.status_code == 201, again.text
            roster = world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").json()
            assert {p["mark"]["status"] for p in roster["pupils"]} == {"absent"}
        finally:
            close_world(world)


def test_session_defaults_come_from_the_school_settings(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        with server.ctx.db.write_session() as session:
            school = session.query(School).one()
            rules = AttendanceSettings(
                rotation_period_seconds=15, late_after_minutes=3, allowed_networks=["10.9.0.0/16"]
            )
            save_attendance_settings(school, rules)
        world = build_world(server, pupils=1)
        try:
            opened = world.open()
            assert opened["period_seconds"] == 15
            assert opened["allowed_networks"] == ["10.9.0.0/16"]
            gap = datetime.fromisoformat(opened["late_after"]) - datetime.fromisoformat(
                opened["opened_at"]
            )
            assert gap.total_seconds() == 180
            # Given values win over the school's.
            custom = world.open(period_seconds=5, late_after_minutes=0, allowed_networks=[])
            assert custom["period_seconds"] == 5 and custom["allowed_networks"] == []
        finally:
            close_world(world)
