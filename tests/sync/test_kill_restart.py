"""Either end killed in the middle of a sync, then started again: every row arrives exactly
once. The school is a real ``ecep-server serve`` (its monitor syncs by itself) killed with
SIGKILL while the hub has applied a push whose answer never came back; the hub is a real
``ecep-server serve --role hub --workers 2`` killed and restarted while a fresh school
pulls."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from lan_server.core import migrate
from lan_server.core.context import AppContext
from lan_server.core.db import Database
from lan_server.models import (
    AttendanceMark,
    AttendanceSession,
    Enrollment,
    HubCredential,
    Lesson,
    SchoolClass,
    Subject,
    User,
)
from lan_server.sync import hub_service, school_service
from lan_server.sync.client import SyncClient, SyncError
from tests.support import free_port, initialize_school, make_settings
from tests.sync.proxy import FaultyProxy
from tests.sync.support import hub_server, hub_state, local_state

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    env.update(ECEP_DISCOVERY_ENABLED="false", **values)
    return env


@contextmanager
def serving(args: list[str], env: dict[str, str], port: int, log: Path,
            ready_path: str) -> Iterator[Callable[[], None]]:
    """``ecep-server serve`` in its own process group; yields a SIGKILL for the group."""
    executable = Path(sys.executable).with_name("ecep-server")
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own entry point
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", *args],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the server and its workers, ours
            process.wait(timeout=20)

    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}: {log.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}{ready_path}", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not start: {log.read_text()[-3000:]}")
            time.sleep(0.05)
        yield kill
    finally:
        kill()


def wait_until(condition: Callable[[], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def record_attendance(ctx: AppContext, pupils: int, prefix: str) -> None:
    """A class, a lesson, its session and a mark per pupil, written like the server does."""
    now = ctx.clock.now()
    with ctx.db.write_session() as session:
        admin = session.scalar(select(User).where(User.role == "admin"))
        school_id = admin.school_id
        klass = SchoolClass(school_id=school_id, name=f"{prefix} CM2", level="CM2",
                            school_year="2026-2027")
        subject = session.scalar(select(Subject).where(Subject.school_id == school_id)) or Subject(
            school_id=school_id, code=prefix, name="Calcul")
        session.add_all([klass, subject])
        session.flush()
        lesson = Lesson(class_id=klass.id, subject_id=subject.id, teacher_id=admin.id,
                        starts_at=now, ends_at=now.replace(year=now.year + 1))
        session.add(lesson)
        session.flush()
        sitting = AttendanceSession(
            school_id=school_id, lesson_id=lesson.id, class_id=klass.id, opened_by_id=admin.id,
            short_code=uuid.uuid4().hex[:12], secret=os.urandom(32), opened_at=now,
            late_after=now, closes_at=now, closed_at=now,
        )
        session.add(sitting)
        session.flush()
        for index in range(pupils):
            pupil = User(school_id=school_id, username=f"{prefix}{index}", first_name="Élève",
                         last_name=f"{prefix}{index}", role="student")
            session.add(pupil)
            session.flush()
            session.add(Enrollment(class_id=klass.id, pupil_id=pupil.id))
            session.add(AttendanceMark(
                id=uuid.uuid5(sitting.id, str(pupil.id)), session_id=sitting.id,
                pupil_id=pupil.id, status="present", source="qr", marked_at=now,
            ))


def _acked(hub_db: Database) -> int:
    with hub_db.read_session() as session:
        return max(session.scalars(select(HubCredential.acked_seq)), default=0)


def test_the_school_killed_during_a_push_then_restarted(tmp_path: Path,
                                                         pg_database_url: str) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub:
        proxy = FaultyProxy(int(hub.url.rsplit(":", 1)[1]))
        data_dir = tmp_path / "school"
        data_dir.mkdir()
        settings = make_settings(data_dir)
        migrate.upgrade(settings.resolved_database_url)
        ctx = AppContext.build(settings)
        initialize_school(ctx)
        record_attendance(ctx, 1200, "avant")  # more than one batch
        with hub.ctx.db.write_session() as session:
            code = hub_service.create_enroll_code(session, now=hub.ctx.clock.now(),
                                                  school_name="École tuée")
        SyncClient(ctx).enroll(proxy.url, code.code)
        env = _env(ECEP_DATA_DIR=str(data_dir), ECEP_SYNC_INTERVAL_SECONDS="0.3",
                   ECEP_SYNC_RETRY_MIN_SECONDS="0.2", ECEP_SYNC_RETRY_MAX_SECONDS="1")
        port = free_port()
        try:
            proxy.hold_push_answers = True  # the hub applies; the school never hears back
            with serving([], env, port, tmp_path / "school.log", "/api/v1/health") as kill:
                wait_until(lambda: _acked(hub.ctx.db) > 0)
                kill()
            with ctx.db.read_session() as session:
                state = school_service.read_state(session)
                assert state.acked_seq == 0  # killed before it could learn of the push
                assert school_service.pending_count(session) > 0
            proxy.hold_push_answers = False
            proxy.cut_all()
            record_attendance(ctx, 50, "pendant")  # recorded while it was down
            with serving([], env, port, tmp_path / "school.log", "/api/v1/health"):
                def settled() -> bool:
                    with ctx.db.read_session() as session:
                        state = school_service.read_state(session)
                        return (school_service.pending_count(session) == 0
                                and state.last_success_at is not None)
                wait_until(settled)
            local = local_state(ctx)
            remote = hub_state(hub, code.hub_school_id)
            assert remote == local
            assert sum(1 for e, _i in remote if e == "attendance_marks") == 1250
            with ctx.db.read_session() as session:
                assert session.scalar(select(func.count()).select_from(AttendanceMark)) == 1250
        finally:
            proxy.close()
            ctx.close()


def test_the_hub_restarted_in_the_middle_of_a_pull(tmp_path: Path, pg_database_url: str) -> None:
    migrate.upgrade(pg_database_url)
    hub_db = Database.connect(pg_database_url)
    hub_port = free_port()
    hub_env = _env(ECEP_DATA_DIR=str(tmp_path / "hub"))
    hub_args = ["--role", "hub", "--workers", "2", "--database", pg_database_url]
    proxy = FaultyProxy(hub_port)
    contexts: list[AppContext] = []
    try:
        # School A sends its whole school to a hub of two workers.
        dir_a = tmp_path / "a"
        dir_a.mkdir()
        ctx_a = AppContext.build(make_settings(dir_a))
        contexts.append(ctx_a)
        migrate.upgrade(ctx_a.settings.resolved_database_url)
        initialize_school(ctx_a)
        record_attendance(ctx_a, 1500, "eleve")
        with hub_db.write_session() as session:
            school = hub_service.create_enroll_code(session, now=ctx_a.clock.now(),
                                                    school_name="École A")
        with serving(hub_args, hub_env, hub_port, tmp_path / "hub.log", "/api/v1/hub/hello"):
            SyncClient(ctx_a).enroll(proxy.url, school.code)
            SyncClient(ctx_a).run()
            with hub_db.write_session() as session:
                again = hub_service.create_enroll_code(session, now=ctx_a.clock.now(),
                                                       hub_school_id=school.hub_school_id)
            # School B, a fresh server of the same school (a reinstall), restores by pulling.
            dir_b = tmp_path / "b"
            dir_b.mkdir()
            ctx_b = AppContext.build(make_settings(dir_b))
            contexts.append(ctx_b)
            migrate.upgrade(ctx_b.settings.resolved_database_url)
            client_b = SyncClient(ctx_b)
            client_b.enroll(proxy.url, again.code)
        with serving(hub_args, hub_env, hub_port, tmp_path / "hub.log",
                     "/api/v1/hub/hello") as kill_hub:
            proxy.delay = 0.2  # slow pages: the hub dies between two of them
            answers = proxy.pull_answers
            import threading

            outcome: list[object] = []
            runner = threading.Thread(target=lambda: outcome.append(_try_run(client_b)))
            runner.start()
            wait_until(lambda: proxy.pull_answers > answers, timeout=60)
            time.sleep(0.3)
            kill_hub()
            proxy.cut_all()
            runner.join(timeout=60)
            assert isinstance(outcome[0], SyncError)
        with ctx_b.db.read_session() as session:
            state = school_service.read_state(session)
            part = state.pulled_total
        total = len(local_state(ctx_a))
        assert 0 < part < total  # a page was applied and its cursor kept
        proxy.delay = 0.0
        with serving(hub_args, hub_env, hub_port, tmp_path / "hub.log", "/api/v1/hub/hello"):
            client_b.run()
        local_b = local_state(ctx_b)
        assert local_b == local_state(ctx_a)
        with hub_db.read_session() as session:
            assert hub_service.school_records(session, school.hub_school_id) == local_b
        with ctx_b.db.read_session() as session:
            assert school_service.pending_count(session) == 0  # nothing echoed back
            assert school_service.parked_count(session) == 0
            assert session.scalar(select(func.count()).select_from(AttendanceMark)) == 1500
    finally:
        proxy.close()
        for ctx in contexts:
            ctx.close()
        hub_db.dispose()


def _try_run(client: SyncClient) -> object:
    try:
        return client.run()
    except SyncError as exc:
        return exc
