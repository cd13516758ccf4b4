"""A school server restored from a backup, linked to a hub (lan_server/sync/restore.py):
what it pushed after the backup comes back from the hub, what it records after the
restore reaches the hub (its outbox numbers are past what the hub acknowledged), and the
two sides end equal."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.attendance.lesson.conftest import (
    PASSWORD,
    build_world,
    close_world,
    current_slot,
    device,
    qr_url,
)
from tests.attendance.lesson.conftest import nonce as new_nonce
from tests.support import LiveServer
from tests.sync.support import (
    count,
    enroll,
    enroll_code,
    hub_server,
    hub_state,
    local_state,
    school_server,
    status,
    sync_now,
)

pytestmark = pytest.mark.postgres


def _scan(server: LiveServer, pupil: httpx.Client, display: dict) -> None:
    slot = current_slot(server, display["period_seconds"])
    response = pupil.post(
        "/api/v1/attendance/scan",
        json={"url": qr_url(server, display, slot), "nonce": new_nonce(), "device_id": device()},
    )
    assert response.status_code == 200, response.text


def _marked(server: LiveServer) -> set[str]:
    return {data["pupil_id"] for (entity, _id), data in local_state(server.ctx).items()
            if entity == "attendance_marks"}


def test_a_restored_school_recovers_from_the_hub_and_loses_nothing(
    tmp_path: Path, pg_database_url: str
) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school") as school:
        code = enroll_code(hub, "École restaurée")
        enroll(school, hub.url, code["code"])
        world = build_world(school, pupils=3)
        session = world.open(period_seconds=60)
        display = world.display(session["id"])
        first, second, third = (p["id"] for p in world.pupils)

        _scan(school, world.pupil_client(0), display)
        sync_now(school)
        with school.as_admin() as admin:
            backup = admin.post("/api/v1/ops/backups")
            assert backup.status_code == 201, backup.text
            name = backup.json()["name"]

        _scan(school, world.pupil_client(1), display)  # pushed after the backup
        sync_now(school)
        assert count(hub_state(hub, code["hub_school_id"]), "attendance_marks") == 2

        with school.as_admin() as admin:
            restored = admin.post(f"/api/v1/ops/backups/{name}/restore")
            assert restored.status_code == 200, restored.text
        assert _marked(school) == {first}  # the second mark went with the restore...
        close_world(world)

        with school.as_user(world.pupils[2]["username"], PASSWORD) as pupil:
            _scan(school, pupil, display)  # ...and a mark is recorded after it
        sync_now(school)

        assert _marked(school) == {first, second, third}  # the hub gave the second back
        hub_now = hub_state(hub, code["hub_school_id"])
        assert count(hub_now, "attendance_marks") == 3  # the third was not taken for a replay
        assert hub_now == local_state(school.ctx)
        assert status(school)["pending"] == 0

        # Later changes are numbered after the hub's acknowledged sequence too.
        with school.as_admin() as admin:
            closed = admin.post(f"/api/v1/attendance/sessions/{session['id']}/close")
            assert closed.status_code == 200, closed.text
        sync_now(school)
        assert hub_state(hub, code["hub_school_id"]) == local_state(school.ctx)
        assert status(school)["pending"] == 0


def test_a_restore_of_a_school_never_linked_to_a_hub_needs_no_recovery(tmp_path: Path) -> None:
    with school_server(tmp_path / "school") as school:
        with school.as_admin() as admin:
            name = admin.post("/api/v1/ops/backups").json()["name"]
            assert admin.post(f"/api/v1/ops/backups/{name}/restore").status_code == 200
        with school.ctx.db.read_session() as session:
            from lan_server.sync.school_service import read_state

            state = read_state(session)
            assert state is None or not state.resync_required
