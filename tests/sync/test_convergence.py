"""Three schools and one hub (PostgreSQL): each school's data reaches the hub whole,
central edits reach the right school, and local and central changes settle to the same
state on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from lan_server.models import AttendanceMark
from tests.attendance.lesson.conftest import build_world, close_world, current_slot, device, qr_url
from tests.attendance.lesson.conftest import nonce as new_nonce
from tests.support import unique
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


def _scan_all(world, display: dict) -> None:
    for index in range(len(world.pupils)):
        slot = current_slot(world.server, display["period_seconds"])
        response = world.pupil_client(index).post(
            "/api/v1/attendance/scan",
            json={"url": qr_url(world.server, display, slot), "nonce": new_nonce(),
                  "device_id": device()},
        )
        assert response.status_code == 200, response.text


def test_three_schools_converge_with_the_hub(tmp_path: Path, pg_database_url: str) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "a") as a, school_server(tmp_path / "b") as b, \
            school_server(tmp_path / "c") as c:
        schools = {"a": a, "b": b, "c": c}
        hub_ids = {}
        worlds = {}
        for name, school in schools.items():
            code = enroll_code(hub, f"École {name}")
            body = enroll(school, hub.url, code["code"])
            assert body["enrolled"] and body["pending"] > 0  # the whole school is queued
            hub_ids[name] = code["hub_school_id"]
            world = build_world(school, pupils=4)
            worlds[name] = world
            display = world.display(world.open(period_seconds=60)["id"])
            _scan_all(world, display)  # marks through the raw-insert hot path
        for school in schools.values():
            sync_now(school)
        for name, school in schools.items():
            local = local_state(school.ctx)
            assert hub_state(hub, hub_ids[name]) == local
            assert count(local, "attendance_marks") == 4
            assert status(school)["pending"] == 0
        # Nothing crossed between schools.
        keys = [set(hub_state(hub, hub_ids[n])) for n in schools]
        assert not (keys[0] & keys[1]) and not (keys[1] & keys[2]) and not (keys[0] & keys[2])

        # A central edit for school b (a renamed pupil, a new subject) reaches b only.
        pupil = worlds["b"].pupils[0]
        record = hub_state(hub, hub_ids["b"])[("users", pupil["id"])]
        school_b = next(v for (e, _i), v in hub_state(hub, hub_ids["b"]).items() if e == "schools")
        import uuid

        subject_id = str(uuid.uuid4())
        with hub.as_admin() as admin:
            response = admin.post(
                f"/api/v1/hub/schools/{hub_ids['b']}/records",
                json={"rows": [
                    {"e": "users", "id": pupil["id"], "data": {**record, "first_name": "Centrale"}},
                    {"e": "subjects", "id": subject_id, "data": {
                        "id": subject_id, "school_id": school_b["id"], "code": unique("HUB"),
                        "name": "Éducation civique", "deleted_at": None,
                        "created_at": record["created_at"], "updated_at": record["created_at"],
                    }},
                ]},
            )
        assert response.status_code == 200, response.text
        before_a = local_state(a.ctx)
        result = sync_now(b)
        assert result["pulled_rows"] == 2
        sync_now(a)
        local_b = local_state(b.ctx)
        assert local_b[("users", pupil["id"])]["first_name"] == "Centrale"
        assert ("subjects", subject_id) in local_b
        assert local_state(a.ctx) == before_a
        assert hub_state(hub, hub_ids["b"]) == local_b
        # Pulled rows are not sent back.
        assert status(b)["pending"] == 0

        # A teacher's correction at school c and a deleted enrollment both arrive.
        world = worlds["c"]
        with c.ctx.db.write_session() as session:
            mark = session.query(AttendanceMark).first()
            mark.status = "excused"
        enrollments = world.admin.get(f"/api/v1/classes/{world.class_['id']}/enrollments")
        assert enrollments.status_code == 200, enrollments.text
        sync_now(c)
        assert hub_state(hub, hub_ids["c"]) == local_state(c.ctx)
        for world in worlds.values():
            close_world(world)


def test_a_school_on_postgresql_converges_too(tmp_path: Path, pg_url: str,
                                              pg_database_url: str) -> None:
    """A large school may run on PostgreSQL: its writers run in parallel, the outbox is read
    after they have all ended, and pulled rows are applied without echo."""
    import threading
    import uuid

    from tests.pg import create_database
    from tests.sync.test_kill_restart import record_attendance

    school_url = create_database(pg_url, f"t_{uuid.uuid4().hex[:16]}")
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school", database_url=school_url) as school:
        code = enroll_code(hub, "Grande école")
        enroll(school, hub.url, code["code"])
        writers = [threading.Thread(target=record_attendance, args=(school.ctx, 30, f"w{n}x"))
                   for n in range(3)]
        for writer in writers:
            writer.start()
        for _ in range(3):  # syncs while the writers write
            sync_now(school)
        for writer in writers:
            writer.join()
        sync_now(school)
        local = local_state(school.ctx)
        assert count(local, "attendance_marks") == 90
        assert hub_state(hub, code["hub_school_id"]) == local
        assert status(school)["pending"] == 0
