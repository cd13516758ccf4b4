"""The periodic jobs: evening auto-checkout (survives a restart, runs once) and the hourly
purge of personal QR sessions expired over 24 h."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from lan_server.attendance.day.jobs import (
    AUTO_CHECKOUT,
    DAY_ATTENDANCE_JOBS,
    PURGE_QR_SESSIONS,
    auto_checkout,
)
from lan_server.core.clock import FrozenClock
from lan_server.core.jobs import Job, run_job, run_jobs_forever
from lan_server.models import DayScanEvent, JobRun
from tests.attendance.day.helpers import (
    check_in,
    day_records,
    douala,
    qr_token,
    set_time,
    wait_for_jobs,
)
from tests.support import create_user, make_settings, running_server

JOBS = {job.name: job for job in DAY_ATTENDANCE_JOBS}


def test_auto_checkout_missed_while_stopped_runs_at_restart_once(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with running_server(settings) as server:
        wait_for_jobs(server)
        set_time(server, douala(2025, 5, 12, 7, 30))
        with server.as_admin() as admin:
            person = create_user(admin, role="teacher")
            early = create_user(admin, role="teacher")
            assert check_in(admin, qr_token(admin, person["id"])["token"]).status_code == 200
            assert check_in(admin, qr_token(admin, early["id"])["token"]).status_code == 200
        set_time(server, douala(2025, 5, 12, 15, 0))
        with server.as_admin() as admin:  # one of them leaves before the evening
            assert check_in(admin, qr_token(admin, early["id"])["token"]).status_code == 200
        # As if the server had run its jobs that afternoon, on that day (its first pass
        # ran on the real clock, before the test moved it back).
        with server.ctx.db.write_session() as session:
            run = session.get(JobRun, AUTO_CHECKOUT)
            assert run is not None
            run.last_run_at = douala(2025, 5, 12, 15, 0)
    # The server was stopped before 18:00 that day; it starts again later: the missed
    # evening run happens at start.
    restart = datetime.now(UTC)
    with running_server(settings, initialize=False) as server:
        wait_for_jobs(server, since=restart)
        with server.as_admin() as admin:
            [record] = day_records(admin, user_id=person["id"])
            [left] = day_records(admin, user_id=early["id"])
        assert record["automatic_check_out"] is True
        assert datetime.fromisoformat(record["check_out_at"]) == douala(2025, 5, 12, 18, 0)
        assert record["hours"] == 10.5
        assert left["automatic_check_out"] is False
        # A second run is not due, and would find nobody to check out anyway.
        assert run_job(server.ctx.db, server.clock, JOBS[AUTO_CHECKOUT]) is None
        with server.ctx.db.write_session() as session:
            assert auto_checkout(session, server.clock.now()) == {"checked_out": 0}
        with server.ctx.db.read_session() as session:
            events = session.scalars(
                select(DayScanEvent.result).where(DayScanEvent.source == "automatic")
            ).all()
            assert events == ["auto_check_out"]
            run = session.get(JobRun, AUTO_CHECKOUT)
            assert run is not None and run.details == {"checked_out": 1}

        # The job function run directly with a clock past 18:00, then a second time.
        set_time(server, douala(2025, 5, 13, 7, 45))
        with server.as_admin() as admin:
            assert check_in(admin, qr_token(admin, person["id"])["token"]).status_code == 200
        evening = douala(2025, 5, 13, 18, 5).astimezone(UTC)
        before = douala(2025, 5, 13, 17, 55).astimezone(UTC)
        with server.ctx.db.write_session() as session:
            assert auto_checkout(session, before) == {"checked_out": 0}  # not yet
            assert auto_checkout(session, evening) == {"checked_out": 1}
        with server.ctx.db.write_session() as session:
            assert auto_checkout(session, evening) == {"checked_out": 0}
        set_time(server, datetime.now(UTC))
        with server.as_admin() as admin:
            [day] = day_records(admin, user_id=person["id"], day="2025-05-13")
        assert day["automatic_check_out"] is True and day["hours"] == 10.25


def test_auto_checkout_is_not_due_before_the_evening(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        wait_for_jobs(server)
        afternoon = FrozenClock(datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1))
        with server.ctx.db.read_session() as session:
            last = session.get(JobRun, AUTO_CHECKOUT)
            assert last is not None
        # Just after the start-up run: nothing is due until the next evening time.
        assert run_job(server.ctx.db, afternoon, JOBS[AUTO_CHECKOUT]) is None


def test_purge_removes_sessions_expired_over_24_hours(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        wait_for_jobs(server)
        set_time(server, datetime.now(UTC) - timedelta(hours=30))
        with server.as_admin() as admin:
            person = create_user(admin, role="teacher")
            old = qr_token(admin, person["id"])  # expired 30 h ago, minus 5 min
        set_time(server, datetime.now(UTC) - timedelta(hours=20))
        with server.as_admin() as admin:
            recent = qr_token(admin, person["id"])  # expired 20 h ago
        set_time(server, datetime.now(UTC))
        now = FrozenClock(datetime.now(UTC) + timedelta(hours=2))  # the next hourly run
        assert run_job(server.ctx.db, now, JOBS[PURGE_QR_SESSIONS]) == {"purged": 1}
        assert run_job(server.ctx.db, now, JOBS[PURGE_QR_SESSIONS]) is None  # hourly
        with server.as_admin() as admin:
            gone = admin.get(f"/api/v1/attendance/qr-sessions/{old['id']}")
            assert gone.status_code == 404
            kept = admin.get(f"/api/v1/attendance/qr-sessions/{recent['id']}")
            assert kept.status_code == 200 and kept.json()["status"] == "expired"


def test_the_runner_survives_a_failing_job_and_runs_due_jobs(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        wait_for_jobs(server)
        calls: list[str] = []

        def broken(session, now):  # noqa: ANN001, ANN202
            raise RuntimeError("boom")

        def counted(session, now):  # noqa: ANN001, ANN202
            calls.append("ran")
            return {"ok": True}

        jobs = [
            Job("test.broken", lambda s, last, now: True, broken),
            Job("test.counted", lambda s, last, now: last is None, counted),
        ]

        async def a_few_passes() -> None:
            task = asyncio.create_task(
                run_jobs_forever(server.ctx.db, server.ctx.clock, jobs, interval=0.01)
            )
            await asyncio.sleep(0.3)
            task.cancel()

        asyncio.run(a_few_passes())
        assert calls == ["ran"]  # due once, then recorded in job_runs
        with server.ctx.db.read_session() as session:
            assert session.get(JobRun, "test.broken") is None  # its failed run left nothing
            assert session.get(JobRun, "test.counted") is not None
