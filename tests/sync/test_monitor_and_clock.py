"""The monitor: back-off with jitter while the hub is away, a sync by itself as soon as it
answers (the hub stopped and started while the school records attendance); and the
hybrid logical clock under ±10 minutes of skew between school and hub."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from lan_server.models import User
from lan_server.sync import school_service
from lan_server.sync.monitor import backoff_delay
from tests.attendance.lesson.conftest import (
    build_world,
    close_world,
    current_slot,
    device,
    qr_url,
)
from tests.attendance.lesson.conftest import nonce as new_nonce
from tests.sync.support import (
    enroll,
    enroll_code,
    hub_server,
    hub_state,
    local_state,
    school_server,
    status,
    sync_now,
)
from tests.sync.test_kill_restart import record_attendance, wait_until


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    lows = [backoff_delay(n, base=2, cap=60, rand=lambda: 0.0) for n in range(1, 9)]
    highs = [backoff_delay(n, base=2, cap=60, rand=lambda: 1.0) for n in range(1, 9)]
    assert highs == [2, 4, 8, 16, 32, 60, 60, 60]
    assert lows == [h / 2 for h in highs]
    import random

    rng = random.Random(7)
    drawn = {backoff_delay(5, base=2, cap=60, rand=rng.random) for _ in range(50)}
    assert len(drawn) > 40 and all(16 <= d <= 32 for d in drawn)


@pytest.mark.postgres
def test_the_hub_unplugged_and_replugged_ends_with_the_schools_data(
    tmp_path: Path, pg_database_url: str
) -> None:
    """The issue's "done when": the hub stopped and started (twice) while the school records
    attendance through its API (lesson scans on the hot path); no one presses "Sync now"."""
    with hub_server(tmp_path / "hub", pg_database_url) as hub:
        hub_port = int(hub.url.rsplit(":", 1)[1])
        code = enroll_code(hub, "École débranchée")
        hub_url = hub.url

    def hub_has_everything(hub) -> bool:  # noqa: ANN001
        body = status(school)
        return (body["pending"] == 0 and body["hub_reachable"] is True
                and hub_state(hub, code["hub_school_id"]) == local_state(school.ctx))

    with school_server(tmp_path / "school", sync_interval_seconds=0.3,
                       sync_retry_min_seconds=0.1, sync_retry_max_seconds=0.8) as school:
        with hub_server(tmp_path / "hub", pg_database_url, port=hub_port) as hub:
            enroll(school, hub_url, code["code"])
            wait_until(lambda: hub_has_everything(hub), timeout=60)  # by itself
        world = build_world(school, pupils=6)
        try:
            for outage in range(2):
                # Unplugged: lessons go on, pupils scan, the monitor backs off.
                display = world.display(world.open(period_seconds=60)["id"])
                _scan_all(world, display)
                record_attendance(school.ctx, 10, f"hors{outage}x")
                wait_until(lambda: status(school)["hub_reachable"] is False, timeout=30)
                assert status(school)["pending"] > 0
                time.sleep(1.0)  # several probes, backing off
                with hub_server(tmp_path / "hub", pg_database_url, port=hub_port) as hub:
                    record_attendance(school.ctx, 5, f"retour{outage}x")  # while it syncs
                    wait_until(lambda: hub_has_everything(hub), timeout=60)  # noqa: B023
                    body = status(school)
                    assert body["last_success_at"] is not None and body["last_error"] is None
            marks = sum(1 for e, _i in local_state(school.ctx) if e == "attendance_marks")
            assert marks == 2 * (6 + 10 + 5)
        finally:
            close_world(world)


def _scan_all(world, display: dict) -> None:  # noqa: ANN001
    for index in range(len(world.pupils)):
        slot = current_slot(world.server, display["period_seconds"])
        response = world.pupil_client(index).post(
            "/api/v1/attendance/scan",
            json={"url": qr_url(world.server, display, slot), "nonce": new_nonce(),
                  "device_id": device()},
        )
        assert response.status_code == 200, response.text


@pytest.mark.postgres
@pytest.mark.parametrize("skew_minutes", [10, -10])
def test_clock_skew_of_ten_minutes(tmp_path: Path, pg_database_url: str,
                                   skew_minutes: int) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school") as school:
        school.clock.advance(minutes=skew_minutes)  # the school's clock is wrong
        code = enroll_code(hub, "École décalée")
        enroll(school, hub.url, code["code"])
        record_attendance(school.ctx, 5, "skew")
        sync_now(school)
        hub_id = code["hub_school_id"]
        assert hub_state(hub, hub_id) == local_state(school.ctx)
        # The hub renames a pupil centrally, the school pulls it, then renames it again:
        # the school's later change wins although its clock is 10 minutes behind (or the
        # hub's edit came "before" a school clock 10 minutes ahead).
        pupil_key = next(k for k, v in hub_state(hub, hub_id).items()
                         if k[0] == "users" and v["username"] == "skew0")
        record = hub_state(hub, hub_id)[pupil_key]
        with hub.as_admin() as admin:
            response = admin.post(f"/api/v1/hub/schools/{hub_id}/records", json={"rows": [
                {"e": "users", "id": pupil_key[1], "data": {**record, "first_name": "Hub"}}]})
            assert response.status_code == 200, response.text
        sync_now(school)
        with school.ctx.db.write_session() as session:
            pupil = session.get(User, uuid.UUID(pupil_key[1]))
            assert pupil.first_name == "Hub"
            pupil.first_name = "École"
        sync_now(school)
        assert hub_state(hub, hub_id)[pupil_key]["first_name"] == "École"
        assert hub_state(hub, hub_id) == local_state(school.ctx)
        with school.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            assert state.hlc > 0
