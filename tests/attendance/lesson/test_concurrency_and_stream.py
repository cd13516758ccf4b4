"""Concurrency (the unique constraints decide, never check-then-insert) and the live
roster's server-sent events."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import httpx

from lan_server.attendance import codes
from lan_server.models import AttendanceMark, ScanAttempt
from tests.attendance.lesson.conftest import (
    PASSWORD,
    ClassWorld,
    add_pupils_fast,
    build_world,
    close_world,
    current_slot,
    device,
    nonce,
    qr_url,
    settle,
)
from tests.support import make_settings, running_server

SESSIONS = "/api/v1/attendance/sessions"
SCAN = "/api/v1/attendance/scan"
PERIOD = 60
PUPILS = 100


def _count(server, model, session_id: str) -> int:
    with server.ctx.db.read_session() as session:
        return session.query(model).filter_by(session_id=codes.uuid.UUID(session_id)).count()


def test_a_hundred_pupils_scanning_at_once_make_a_hundred_marks(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        world = build_world(server, pupils=1)
        try:
            names = add_pupils_fast(server, world.class_["id"], PUPILS, "rush")
            opened = world.open(period_seconds=PERIOD)
            settle(server, PERIOD, margin=20)
            display = world.display(opened["id"])
            url = qr_url(server, display, current_slot(server, PERIOD))

            async def rush() -> list[int]:
                # uvicorn drops keep-alive connections idle for 5 s: never reuse one that old.
                limits = httpx.Limits(max_connections=PUPILS, keepalive_expiry=1.0)
                async with httpx.AsyncClient(
                    base_url=server.url, timeout=60, limits=limits
                ) as client:

                    async def login(name: str) -> str:
                        response = await client.post(
                            "/api/v1/auth/login", json={"username": name, "password": PASSWORD}
                        )
                        assert response.status_code == 200, response.text
                        return response.json()["access_token"]

                    tokens = await asyncio.gather(*(login(n) for n in names))

                    async def one(token: str) -> int:
                        response = await client.post(
                            SCAN,
                            json={"url": url, "nonce": nonce(), "device_id": device()},
                            headers={"Authorization": f"Bearer {token}"},
                        )
                        return response.status_code

                    return await asyncio.gather(*(one(t) for t in tokens))

            statuses = asyncio.run(rush())
            assert statuses == [200] * PUPILS
            assert _count(server, AttendanceMark, opened["id"]) == PUPILS
            assert _count(server, ScanAttempt, opened["id"]) == PUPILS
        finally:
            close_world(world)


def test_one_pupil_from_five_devices_at_once_makes_one_mark(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD, margin=10)
    display = world.display(opened["id"])
    token = world.pupil_client(0).headers["Authorization"]

    async def five() -> list[dict]:
        async with httpx.AsyncClient(
            base_url=world.server.url, timeout=30, headers={"Authorization": token}
        ) as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        SCAN, json={"url": display["url"], "nonce": nonce(), "device_id": device()}
                    )
                    for _ in range(5)
                )
            )
        assert [r.status_code for r in responses] == [200] * 5, [r.text for r in responses]
        return [r.json() for r in responses]

    bodies = asyncio.run(five())
    assert sorted(b["already_marked"] for b in bodies) == [False, True, True, True, True]
    assert len({b["marked_at"] for b in bodies}) == 1
    assert _count(world.server, AttendanceMark, opened["id"]) == 1


def test_the_roster_lists_the_class_with_marks(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    world.pupil_client(1).post(
        SCAN, json={"url": display["url"], "nonce": nonce(), "device_id": device()}
    ).raise_for_status()
    roster = world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster")
    assert roster.status_code == 200, roster.text
    body = roster.json()
    assert body["enrolled_count"] == len(world.pupils) and body["marked_count"] == 1
    marked = [p for p in body["pupils"] if p["mark"]]
    assert [p["pupil_id"] for p in marked] == [world.pupils[1]["id"]]
    assert marked[0]["mark"]["status"] == "present" and marked[0]["mark"]["slot_age"] == 0
    assert world.other_teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").status_code == 403


def _read_events(
    url: str,
    token: str,
    found: list[tuple[str, dict]],
    ready: threading.Event,
    stop: threading.Event,
) -> None:
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=5)) as client,
        client.stream("GET", url, headers={"Authorization": token}) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: ") and name:
                found.append((name, json.loads(line[len("data: ") :])))
                if name == "ready":
                    ready.set()
            if stop.is_set():
                return


def test_the_stream_sends_marks_and_refused_scans(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    found: list[tuple[str, dict]] = []
    ready, stop = threading.Event(), threading.Event()
    reader = threading.Thread(
        target=_read_events,
        args=(
            f"{world.server.url}{SESSIONS}/{opened['id']}/stream",
            world.teacher_client.headers["Authorization"],
            found,
            ready,
            stop,
        ),
        daemon=True,
    )
    reader.start()
    assert ready.wait(10), found
    world.pupil_client(2).post(
        SCAN, json={"url": display["url"], "nonce": nonce(), "device_id": device()}
    ).raise_for_status()
    old = qr_url(world.server, display, current_slot(world.server, PERIOD) - 3)
    assert (
        world.pupil_client(3)
        .post(SCAN, json={"url": old, "nonce": nonce(), "device_id": device()})
        .status_code
        == 400
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not ({"mark", "refused"} <= {n for n, _ in found}):
        time.sleep(0.1)
    marks = [d for n, d in found if n == "mark"]
    refused = [d for n, d in found if n == "refused"]
    assert [m["pupil_id"] for m in marks] == [world.pupils[2]["id"]]
    assert marks[0]["status"] == "present"
    assert [r["result"] for r in refused] == ["qr_expired"]
    assert refused[0]["pupil_id"] == world.pupils[3]["id"]
    # Closing ends the stream with a "closed" event.
    world.teacher_client.post(f"{SESSIONS}/{opened['id']}/close").raise_for_status()
    reader.join(10)
    stop.set()
    assert not reader.is_alive()
    assert found[-1][0] == "closed"
    assert sum(1 for n, _ in found if n == "mark") == len(world.pupils)  # the absents too


def test_the_stream_is_for_the_teacher(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    assert world.pupil_client(0).get(f"{SESSIONS}/{opened['id']}/stream").status_code == 403
    assert world.other_teacher_client.get(f"{SESSIONS}/{opened['id']}/stream").status_code == 403
    assert world.teacher_client.get(f"{SESSIONS}/{codes.uuid.uuid4()}/stream").status_code == 404
