"""Helpers of the day-attendance tests."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.support import LiveServer, create_user

DOUALA = ZoneInfo("Africa/Douala")


def douala(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=DOUALA)


def wait_for_jobs(
    server: LiveServer, since: datetime | None = None, name: str = "attendance.auto_checkout"
) -> None:
    """Waits for the job runner's first pass (at start, on the real clock), so that it
    cannot interleave with a test that then moves the clock into the past."""
    from lan_server.models import JobRun

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with server.ctx.db.read_session() as session:
            run = session.get(JobRun, name)
            if run is not None and (since is None or run.last_run_at >= since):
                return
        time.sleep(0.05)
    raise AssertionError("the job runner did not run at start")


def set_time(server: LiveServer, moment: datetime) -> None:
    """Moves the server's clock so that it reads ``moment`` now."""
    server.clock.offset = moment.astimezone(UTC) - datetime.now(UTC)


def qr_token(admin: httpx.Client, user_id: str, **fields: Any) -> dict[str, Any]:
    response = admin.post("/api/v1/attendance/qr-sessions", json={"user_id": user_id, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def check_in(client: httpx.Client, token: str, lang: str = "fr", **fields: Any) -> httpx.Response:
    return client.post(
        "/api/v1/attendance/check-in",
        json={"token": token, **fields},
        headers={"Accept-Language": lang},
    )


def kiosk(admin: httpx.Client, server: LiveServer) -> httpx.Client:
    response = admin.post("/api/v1/attendance/kiosks", json={"name": "Entrée principale"})
    assert response.status_code == 201, response.text
    credential = response.json()["credential"]
    return server.client(headers={"Authorization": f"Kiosk {credential}"})


def card(admin: httpx.Client, user_id: str) -> dict[str, Any]:
    response = admin.post("/api/v1/attendance/cards", json={"user_id": user_id})
    assert response.status_code == 201, response.text
    return response.json()


def pupil_with_card(admin: httpx.Client) -> tuple[dict[str, Any], dict[str, Any]]:
    pupil = create_user(admin, role="student")
    return pupil, card(admin, pupil["id"])


def scan(qr: str, at: datetime, nonce: str | None = None) -> dict[str, str]:
    return {"qr": qr, "nonce": nonce or uuid.uuid4().hex, "scanned_at": at.isoformat()}


def upload(
    kiosk_client: httpx.Client, scans: list[dict[str, str]], lang: str = "fr"
) -> list[dict[str, Any]]:
    response = kiosk_client.post(
        "/api/v1/attendance/kiosk-scans",
        json={"scans": scans},
        headers={"Accept-Language": lang},
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]


def day_records(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/attendance/day-records", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]
