"""Concurrent reads of one card (a webcam reading it many times a second, two kiosks) on
SQLite and on PostgreSQL, where the day record's row lock (SELECT ... FOR UPDATE) matters."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lan_server.models import DayRecord, DayScanEvent
from tests.attendance.day.helpers import kiosk, pupil_with_card, scan, wait_for_jobs
from tests.support import LiveServer, make_settings, running_server

MORNING = datetime(2026, 4, 7, 6, 15, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    overrides = {}
    if request.param == "postgres":
        overrides["database_url"] = request.getfixturevalue("pg_database_url")
    with running_server(make_settings(tmp_path, **overrides)) as live:
        wait_for_jobs(live)  # the job runner's first pass works on this database too
        yield live


def _counts(server: LiveServer, user_id: str) -> tuple[int, int]:
    with server.ctx.db.read_session() as session:
        events = session.scalar(
            select(func.count())
            .select_from(DayScanEvent)
            .where(DayScanEvent.user_id == uuid.UUID(user_id))
        )
        records = session.scalar(
            select(func.count())
            .select_from(DayRecord)
            .where(DayRecord.user_id == uuid.UUID(user_id))
        )
    return events or 0, records or 0


def test_concurrent_reads_of_one_card_make_one_arrival(server: LiveServer) -> None:
    with server.as_admin() as admin:
        pupil, made = pupil_with_card(admin)
        devices = [kiosk(admin, server) for _ in range(3)]
    reads = [scan(made["qr_text"], MORNING + timedelta(milliseconds=30 * i)) for i in range(30)]

    def send(index: int) -> dict:
        response = devices[index % 3].post(
            "/api/v1/attendance/kiosk-scans", json={"scans": [reads[index]]}
        )
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, range(30)))
    for device in devices:
        device.close()
    results = [a["result"] for a in answers]
    assert "check_out" not in results
    assert results.count("check_in") >= 1  # answers depend on arrival order; the record not
    assert _counts(server, pupil["id"]) == (30, 1)
    with server.ctx.db.read_session() as session:
        record = session.scalar(
            select(DayRecord).where(DayRecord.user_id == uuid.UUID(pupil["id"]))
        )
        assert record is not None
        assert record.check_in_at == MORNING and record.check_out_at is None


def test_the_same_nonce_sent_concurrently_is_one_event(server: LiveServer) -> None:
    with server.as_admin() as admin:
        pupil, made = pupil_with_card(admin)
        devices = [kiosk(admin, server) for _ in range(2)]
    same = scan(made["qr_text"], MORNING, nonce="retry-1")

    def send(index: int) -> dict:
        response = devices[index % 2].post("/api/v1/attendance/kiosk-scans", json={"scans": [same]})
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(12)))
    for device in devices:
        device.close()
    assert {a["result"] for a in answers} == {"check_in"}
    assert sum(1 for a in answers if not a["duplicate"]) == 1
    assert _counts(server, pupil["id"]) == (1, 1)
