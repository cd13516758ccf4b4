"""A session left open past its close time is closed by the server's job, at that time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from uuid import uuid4

from lan_server.attendance.lesson.jobs import LESSON_ATTENDANCE_JOBS
from lan_server.core.jobs import run_job
from tests.attendance.lesson.conftest import PASSWORD, build_world, close_world
from tests.support import make_settings, running_server


def test_an_expired_session_is_closed_and_the_unmarked_are_absent(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        world = build_world(server, pupils=3)
        try:
            closes_at = server.clock.now() + timedelta(minutes=30)
            opened = world.open(closes_at=closes_at.isoformat())
            display = world.display(opened["id"])
            scan = world.pupil_client(0).post(
                "/api/v1/attendance/scan",
                json={"url": display["url"], "nonce": uuid4().hex, "device_id": "tablet-0"},
            )
            assert scan.status_code == 200, scan.text
            job = LESSON_ATTENDANCE_JOBS[0]
            assert run_job(server.ctx.db, server.clock, job) is None  # nothing due yet

            server.clock.advance(minutes=31)
            assert run_job(server.ctx.db, server.clock, job) == {"closed": 1}
            assert run_job(server.ctx.db, server.clock, job) is None  # and only once

            # 31 minutes later the morning's 15-minute tokens have expired: log in again.
            world.clients["teacher-again"] = teacher = server.as_user(
                world.teacher["username"], PASSWORD
            )
            world.clients["admin-again"] = admin = server.as_admin()  # closed with the world
            read = teacher.get(f"/api/v1/attendance/sessions/{opened['id']}")
            assert read.status_code == 200, read.text
            closed_at = datetime.fromisoformat(read.json()["closed_at"])
            assert abs((closed_at - closes_at).total_seconds()) < 1  # at its own close time
            roster = teacher.get(f"/api/v1/attendance/sessions/{opened['id']}/roster").json()
            statuses = sorted((row.get("mark") or {}).get("status") for row in roster["pupils"])
            assert statuses == ["absent", "absent", "present"]
            events = admin.get(
                "/api/v1/audit-events",
                params={"target_id": opened["id"], "action": "attendance.session_closed"},
            ).json()["items"]
            assert events[0]["details"] == {"marked_absent": 2, "automatic": True}
        finally:
            close_world(world)
