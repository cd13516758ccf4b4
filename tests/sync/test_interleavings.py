"""Property: any interleaving of local changes, syncs, links cut mid-batch, answers lost
after the hub applied a push, old pushes replayed and school restarts ends, after one clean
sync, with the hub holding exactly the school's data, and that data equal to a reference
of the same changes applied without any fault (hypothesis, bounded examples)."""

from __future__ import annotations

import contextlib
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from lan_server.core import migrate
from lan_server.core.context import AppContext
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
from tests.support import LiveServer, initialize_school, make_settings
from tests.sync.proxy import PUSH_LINE, FaultyProxy
from tests.sync.support import hub_server, hub_state, local_state

pytestmark = pytest.mark.postgres
START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@dataclass
class Hub:
    server: LiveServer
    proxy: FaultyProxy


@pytest.fixture(scope="module")
def hub(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    from tests.pg import create_database

    url = create_database(pg_url, f"t_{uuid.uuid4().hex[:16]}")
    with hub_server(tmp_path_factory.mktemp("hub"), url) as server:
        proxy = FaultyProxy(int(server.url.rsplit(":", 1)[1]))
        try:
            yield Hub(server, proxy)
        finally:
            proxy.close()


@dataclass
class Reference:
    """What the school recorded, as plain facts (the model the data must match)."""

    pupils: dict[str, str] = field(default_factory=dict)  # username -> first name
    enrolled: set[str] = field(default_factory=set)  # usernames
    marks: set[tuple[int, str]] = field(default_factory=set)  # (lesson number, username)


class School:
    def __init__(self, root: Path, hub: Hub) -> None:
        self.root = root
        self.hub = hub
        self.settings = make_settings(root)
        migrate.upgrade(self.settings.resolved_database_url)
        self.ctx = AppContext.build(self.settings)
        initialize_school(self.ctx)
        with self.ctx.db.write_session() as session:
            admin = session.scalar(select(User).where(User.role == "admin"))
            self.school_id, self.admin_id = admin.school_id, admin.id
            klass = SchoolClass(school_id=self.school_id, name="CM2", level="CM2",
                                school_year="2026-2027")
            subject = Subject(school_id=self.school_id, code="PROP", name="Calcul")
            session.add_all([klass, subject])
            session.flush()
            self.class_id, self.subject_id = klass.id, subject.id
        with hub.server.ctx.db.write_session() as session:
            code = hub_service.create_enroll_code(session, now=START, school_name="Propriété")
        self.hub_school_id = code.hub_school_id
        SyncClient(self.ctx).enroll(hub.proxy.url, code.code)
        self.lessons = 0

    def restart(self) -> None:
        self.ctx.close()
        self.ctx = AppContext.build(self.settings)

    def client(self) -> SyncClient:
        return SyncClient(self.ctx)

    # -- changes (always succeed locally) -----------------------------------------------------

    def add_pupils(self, names: list[str], ref: Reference) -> None:
        with self.ctx.db.write_session() as session:
            for name in names:
                if name in ref.pupils:
                    continue
                pupil = User(school_id=self.school_id, username=name, first_name="Élève",
                             last_name=name, role="student")
                session.add(pupil)
                session.flush()
                session.add(Enrollment(class_id=self.class_id, pupil_id=pupil.id))
                ref.pupils[name] = "Élève"
                ref.enrolled.add(name)

    def rename(self, name: str, first: str, ref: Reference) -> None:
        if name not in ref.pupils:
            return
        with self.ctx.db.write_session() as session:
            session.scalar(select(User).where(User.username == name)).first_name = first
        ref.pupils[name] = first

    def unenroll(self, name: str, ref: Reference) -> None:
        if name not in ref.enrolled:
            return
        with self.ctx.db.write_session() as session:
            pupil_id = session.scalar(select(User.id).where(User.username == name))
            session.execute(delete(Enrollment).where(Enrollment.pupil_id == pupil_id))
        ref.enrolled.discard(name)

    def lesson_with_marks(self, ref: Reference) -> None:
        self.lessons += 1
        number = self.lessons
        with self.ctx.db.write_session() as session:
            starts = START.replace(hour=8 + number % 10, minute=number % 60)
            lesson = Lesson(class_id=self.class_id, subject_id=self.subject_id,
                            teacher_id=self.admin_id, starts_at=starts,
                            ends_at=starts.replace(year=2027), room=str(number))
            session.add(lesson)
            session.flush()
            sitting = AttendanceSession(
                school_id=self.school_id, lesson_id=lesson.id, class_id=self.class_id,
                opened_by_id=self.admin_id, short_code=uuid.uuid4().hex[:12],
                secret=b"s" * 32, opened_at=starts, late_after=starts, closes_at=starts,
                closed_at=starts,
            )
            session.add(sitting)
            session.flush()
            for name in sorted(ref.enrolled):
                pupil_id = session.scalar(select(User.id).where(User.username == name))
                session.add(AttendanceMark(
                    id=uuid.uuid5(sitting.id, str(pupil_id)), session_id=sitting.id,
                    pupil_id=pupil_id, status="present", source="qr", marked_at=starts,
                ))
                ref.marks.add((number, name))

    # -- reading ---------------------------------------------------------------------------------

    def facts(self) -> Reference:
        """The school's data as the reference's plain facts."""
        found = Reference()
        with self.ctx.db.read_session() as session:
            for user in session.scalars(select(User).where(User.role == "student")):
                found.pupils[user.username] = user.first_name
            for name in session.scalars(
                select(User.username).join(Enrollment, Enrollment.pupil_id == User.id)
            ):
                found.enrolled.add(name)
            rows = session.execute(
                select(Lesson.room, User.username)
                .join(AttendanceSession, AttendanceSession.lesson_id == Lesson.id)
                .join(AttendanceMark, AttendanceMark.session_id == AttendanceSession.id)
                .join(User, User.id == AttendanceMark.pupil_id)
            ).all()
        found.marks = {(int(r.room), r.username) for r in rows}
        return found


def _acked(hub: Hub) -> int:
    with hub.server.ctx.db.read_session() as session:
        return max(session.scalars(select(HubCredential.acked_seq)), default=0)


def _run(school: School) -> None:
    with contextlib.suppress(SyncError):  # a fault: the next run goes on
        school.client().run()


NAMES = st.sampled_from([f"p{i}" for i in range(8)])
OPS = st.one_of(
    st.tuples(st.just("add"), st.lists(NAMES, min_size=1, max_size=4)),
    st.tuples(st.just("rename"), NAMES, st.sampled_from(["Awa", "Bello", "Chantal"])),
    st.tuples(st.just("unenroll"), NAMES),
    st.tuples(st.just("lesson")),
    st.tuples(st.just("sync")),
    st.tuples(st.just("cut")),
    st.tuples(st.just("lost_answer")),
    st.tuples(st.just("replay")),
    st.tuples(st.just("restart")),
)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=2, max_size=9))
def test_random_interleavings_end_like_the_reference(hub: Hub, ops: list[tuple]) -> None:
    proxy = hub.proxy
    with tempfile.TemporaryDirectory(prefix="ecep-prop-") as tmp:
        school = School(Path(tmp), hub)
        ref = Reference()
        proxy.recorded.clear()
        try:
            for op in ops:
                kind = op[0]
                if kind == "add":
                    school.add_pupils(op[1], ref)
                elif kind == "rename":
                    school.rename(op[1], op[2], ref)
                elif kind == "unenroll":
                    school.unenroll(op[1], ref)
                elif kind == "lesson":
                    school.lesson_with_marks(ref)
                elif kind == "sync":
                    _run(school)
                elif kind == "cut":
                    proxy.cut_push_after_bytes = 300
                    _run(school)
                    proxy.cut_push_after_bytes = None
                elif kind == "lost_answer":
                    before = _acked(hub)
                    proxy.hold_push_answers = True
                    runner = threading.Thread(target=_run, args=(school,))
                    runner.start()
                    deadline = time.monotonic() + 20
                    while runner.is_alive() and _acked(hub) == before:
                        if time.monotonic() > deadline:
                            break
                        time.sleep(0.02)
                    proxy.cut_all()  # the school never hears the answer
                    runner.join(timeout=30)
                    proxy.hold_push_answers = False
                elif kind == "replay":
                    proxy.cut_all()
                    for stream in [s for s in proxy.recorded if PUSH_LINE in s][:3]:
                        proxy.replay(stream, idle=0.3)
                elif kind == "restart":
                    school.restart()
            school.client().run()  # one clean sync at the end
            assert school.facts() == ref  # nothing recorded was lost or doubled locally
            assert hub_state(hub.server, school.hub_school_id) == local_state(school.ctx)
            with school.ctx.db.read_session() as session:
                assert school_service.pending_count(session) == 0
                assert school_service.parked_count(session) == 0
        finally:
            proxy.cut_push_after_bytes = None
            proxy.hold_push_answers = False
            school.ctx.close()
