"""The demo school: what load_demo builds, that it is the same for the same seed, that it
refuses a second load, and that its accounts work through a real server."""

from __future__ import annotations

import re
import time as clock_time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lan_server.core import migrate
from lan_server.core.clock import FrozenClock
from lan_server.core.context import AppContext
from lan_server.core.errors import AppError
from lan_server.demo.generator import DemoAlreadyLoaded, create_demo_school, load_demo
from lan_server.models import (
    AuditEvent,
    Enrollment,
    Lesson,
    ParentChild,
    PupilProfile,
    School,
    SchoolClass,
    Subject,
    User,
    UserRole,
    UserStatus,
)
from lan_server.school.service import CEP_SUBJECTS
from lan_server.setup import service as setup_service
from tests.support import initialize_school, make_settings, running_server

DOUALA = ZoneInfo("Africa/Douala")
# A Wednesday in November 2026, mid-morning in Douala (UTC+1).
WEDNESDAY = datetime(2026, 11, 18, 9, 15, tzinfo=UTC)
MONDAY = date(2026, 11, 16)
PASSWORD = "ecep-demo-2026"
AGE_ON_1_SEPTEMBER = {"CP": 6, "CE1": 7, "CE2": 8, "CM1": 9, "CM2": 10}


def _context(data_dir: Path, now: datetime = WEDNESDAY) -> AppContext:
    settings = make_settings(data_dir)
    settings.ensure_data_dir()
    migrate.upgrade(settings.resolved_database_url)
    return AppContext.build(settings, clock=FrozenClock(now))


def _load(ctx: AppContext, **kwargs) -> tuple[dict[str, int], float]:
    with ctx.db.write_session() as session:
        school = create_demo_school(session, ctx, admin_password="admin-pass-2026")
        started = clock_time.perf_counter()
        summary = load_demo(session, ctx, school=school, **kwargs)
        elapsed = clock_time.perf_counter() - started
    return summary, elapsed


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[AppContext, dict[str, int], float]]:
    ctx = _context(tmp_path_factory.mktemp("demo"))
    summary, elapsed = _load(ctx)
    yield ctx, summary, elapsed
    ctx.close()


def _fingerprint(ctx: AppContext) -> list[tuple]:
    """Everything that the seed decides, without ids or creation times."""
    with ctx.db.read_session() as session:
        pupils = session.execute(
            select(User.username, User.first_name, User.last_name, User.sex,
                   PupilProfile.matricule, PupilProfile.birth_date, SchoolClass.name)
            .join(PupilProfile, PupilProfile.user_id == User.id)
            .join(Enrollment, Enrollment.pupil_id == User.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        ).all()
        others = session.execute(
            select(User.username, User.first_name, User.last_name, User.role, User.phone)
            .where(User.role != UserRole.student)
        ).all()
        links = session.execute(
            select(User.username, ParentChild.relation, ParentChild.child_id)
            .join(ParentChild, ParentChild.parent_id == User.id)
        ).all()
        usernames = dict(session.execute(select(User.id, User.username)).all())
    return sorted(map(tuple, pupils)) + sorted(map(tuple, others)) + sorted(
        (parent, relation, usernames[child]) for parent, relation, child in links
    )


def test_counts_match_the_database_and_load_is_fast(demo) -> None:
    ctx, summary, elapsed = demo
    assert set(summary) == {"classes", "teachers", "pupils", "parents", "lessons"}
    assert 6 <= summary["classes"] <= 8
    assert 10 <= summary["teachers"] <= 14
    assert 280 <= summary["pupils"] <= 320
    assert summary["pupils"] / 3 <= summary["parents"] <= summary["pupils"]
    assert summary["lessons"] == summary["classes"] * 5 * 6
    with ctx.db.read_session() as session:
        roles = Counter(session.scalars(select(User.role)))
        assert roles == {UserRole.admin: 1, UserRole.teacher: summary["teachers"],
                         UserRole.student: summary["pupils"], UserRole.parent: summary["parents"]}
        assert session.scalar(select(func.count()).select_from(SchoolClass)) == summary["classes"]
        assert session.scalar(select(func.count()).select_from(Lesson)) == summary["lessons"]
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "demo.loaded"))
        assert event is not None and event.details["pupils"] == summary["pupils"]
    assert elapsed < 3.0, f"load_demo took {elapsed:.2f} s"


def test_classes_levels_and_teachers(demo) -> None:
    ctx, summary, _ = demo
    with ctx.db.read_session() as session:
        school = session.scalar(select(School))
        assert school.name == "École publique de Bonabéri"
        assert school.town == "Douala" and school.timezone == "Africa/Douala"
        classes = session.scalars(select(SchoolClass)).all()
        assert {c.school_year for c in classes} == {"2026-2027"}
        assert {c.level for c in classes} == {"CP", "CE1", "CE2", "CM1", "CM2"}
        for school_class in classes:
            assert re.fullmatch(rf"{school_class.level} [A-Z]", school_class.name)
        teachers = set(session.scalars(select(User.id).where(User.role == UserRole.teacher)))
        main_teachers = [c.main_teacher_id for c in classes]
        assert len(set(main_teachers)) == len(classes), "one class per main teacher"
        assert set(main_teachers) <= set(teachers)
        assert len(teachers) > len(classes), "some teachers without a class"
        codes = set(session.scalars(select(Subject.code).where(Subject.school_id == school.id)))
        assert codes >= {code for code, _ in CEP_SUBJECTS}


def test_every_pupil_in_one_class_of_their_level_with_a_parent(demo) -> None:
    ctx, summary, _ = demo
    with ctx.db.read_session() as session:
        rows = session.execute(
            select(User, PupilProfile, SchoolClass)
            .join(PupilProfile, PupilProfile.user_id == User.id)
            .join(Enrollment, Enrollment.pupil_id == User.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        ).all()
        assert len(rows) == summary["pupils"]
        assert len({user.id for user, _, _ in rows}) == summary["pupils"], "enrolled once each"
        matricules = set()
        for user, profile, school_class in rows:
            assert user.role == UserRole.student
            assert profile.level == school_class.level
            assert user.sex in ("F", "M")
            assert re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+\d*", user.username), user.username
            age = (date(2026, 9, 1) - profile.birth_date).days // 365
            expected = AGE_ON_1_SEPTEMBER[profile.level]
            assert expected - 1 <= age <= expected + 2, (profile.level, profile.birth_date)
            matricules.add(profile.matricule)
        assert None not in matricules and len(matricules) == summary["pupils"]
        sexes = Counter(user.sex for user, _, _ in rows)
        assert min(sexes.values()) > summary["pupils"] // 3

        links = session.execute(select(ParentChild.parent_id, ParentChild.child_id)).all()
        children = {child for _, child in links}
        assert children == {user.id for user, _, _ in rows}, "every pupil has a parent"
        parents = session.scalars(select(User).where(User.role == UserRole.parent)).all()
        assert {p.id for p in parents} == {parent for parent, _ in links}
        assert any(n > 1 for n in Counter(parent for parent, _ in links).values()), "siblings"
        for parent in parents:
            assert re.fullmatch(r"\+2376\d{8}", parent.phone), parent.phone
        assert len({p.phone for p in parents}) == len(parents)


def test_accounts_active_unique_and_share_one_hash(demo) -> None:
    ctx, _, _ = demo
    with ctx.db.read_session() as session:
        users = session.scalars(select(User).where(User.role != UserRole.admin)).all()
        session.expunge_all()  # read below, after the session's rollback
    assert {u.status for u in users} == {UserStatus.active}
    assert len({u.username for u in users}) == len(users)
    hashes = {u.password_hash for u in users}
    assert len(hashes) == 1, "the demo password is hashed once"
    assert ctx.passwords.verify(hashes.pop(), PASSWORD)
    names = " ".join(f"{u.first_name} {u.last_name}" for u in users)
    # A Douala school: names from several of the country's traditions.
    assert sum(name in names for name in (
        "Mbarga", "Fouda", "Tchoupo", "Kamga", "Ekwalla", "Nkongho", "Hamadou", "Aïcha",
        "Ngo ", "Blessing", "Ngono", "Abena", "Ebogo", "Brice",
    )) >= 6


def test_a_week_of_lessons_in_school_hours(demo) -> None:
    ctx, summary, _ = demo
    with ctx.db.read_session() as session:
        classes = {c.id: c for c in session.scalars(select(SchoolClass))}
        lessons = session.scalars(select(Lesson)).all()
        session.expunge_all()
    by_class: dict = {}
    for lesson in lessons:
        start, end = lesson.starts_at.astimezone(DOUALA), lesson.ends_at.astimezone(DOUALA)
        assert lesson.starts_at.tzinfo is not None
        assert start.date() == end.date()
        assert MONDAY <= start.date() <= MONDAY + timedelta(days=4), start
        in_morning = time(7, 30) <= start.time() and end.time() <= time(12, 30)
        in_afternoon = time(13, 30) <= start.time() and end.time() <= time(15, 30)
        assert in_morning or in_afternoon, (start, end)
        assert lesson.teacher_id == classes[lesson.class_id].main_teacher_id
        assert lesson.room
        by_class.setdefault(lesson.class_id, []).append(lesson)
    assert set(by_class) == set(classes)
    for class_lessons in by_class.values():
        class_lessons.sort(key=lambda x: x.starts_at)
        for before, after in zip(class_lessons, class_lessons[1:], strict=False):
            assert before.ends_at <= after.starts_at, "a class has one lesson at a time"
        assert {x.starts_at.astimezone(DOUALA).weekday() for x in class_lessons} == set(range(5))
        assert len({x.subject_id for x in class_lessons}) >= 8, "subjects rotate"
    # Not everyone has the same subject at the same time.
    first_slot = [x.subject_id for x in lessons if x.starts_at == min(y.starts_at for y in lessons)]
    assert len(set(first_slot)) > 1


def test_same_seed_same_school_other_seed_other_school(demo, tmp_path: Path) -> None:
    ctx, _, _ = demo
    again = _context(tmp_path / "same")
    other = _context(tmp_path / "other")
    try:
        _load(again)
        _load(other, seed=7)
        assert _fingerprint(again) == _fingerprint(ctx)
        assert _fingerprint(other) != _fingerprint(ctx)
    finally:
        again.close()
        other.close()


def test_second_load_refused_and_changes_nothing(demo) -> None:
    ctx, summary, _ = demo
    with pytest.raises(DemoAlreadyLoaded), ctx.db.write_session() as session:
        load_demo(session, ctx, school=session.scalar(select(School)))
    with ctx.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == (
            1 + summary["teachers"] + summary["pupils"] + summary["parents"]
        )


def test_weak_demo_password_refused(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    try:
        with pytest.raises(AppError) as caught, ctx.db.write_session() as session:
            school = create_demo_school(session, ctx, admin_password="admin-pass-2026")
            load_demo(session, ctx, school=school, password="short")
        assert caught.value.code == "weak_password"
    finally:
        ctx.close()


def test_load_into_an_existing_school_in_september(tmp_path: Path) -> None:
    """Added to a school made by ``init`` (its own admin), the year turns in September."""
    ctx = _context(tmp_path, now=datetime(2027, 9, 6, 6, 0, tzinfo=UTC))
    try:
        initialize_school(ctx, name="École bilingue de Deïdo")
        with ctx.db.write_session() as session:
            school = session.scalar(select(School))
            summary = load_demo(session, ctx, school=school, seed=1)
        with ctx.db.read_session() as session:
            assert set(session.scalars(select(SchoolClass.school_year))) == {"2027-2028"}
            first = min(session.scalars(select(Lesson.starts_at))).astimezone(DOUALA)
            assert first.date() == date(2027, 9, 6) and first.time() == time(7, 30)
            assert session.scalar(select(func.count()).select_from(User).where(
                User.role == UserRole.student)) == summary["pupils"]
    finally:
        ctx.close()


@pytest.mark.e2e
def test_demo_accounts_log_in_through_a_real_server(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path), initialize=False) as server:
        with server.ctx.db.write_session() as session:
            school = create_demo_school(session, server.ctx, admin_password="admin-pass-2026")
            load_demo(session, server.ctx, school=school)
        with server.ctx.db.read_session() as session:
            pupil = session.scalars(
                select(User).where(User.role == UserRole.student).order_by(User.username)
            ).first()
            parent_name = session.scalar(
                select(User.username).join(ParentChild, ParentChild.parent_id == User.id)
                .where(ParentChild.child_id == pupil.id)
            )
            session.expunge_all()
        tokens = server.login(pupil.username, PASSWORD)
        assert tokens["user"]["role"] == "student"
        with server.as_user(pupil.username, PASSWORD) as client:
            me = client.get("/api/v1/auth/me").json()
            assert me["username"] == pupil.username and me["pupil"]["matricule"]
            lessons = client.get("/api/v1/lessons", params={"limit": 100}).json()["items"]
            assert len(lessons) == 30, "a pupil sees their class's week"
        with server.as_user(parent_name, PASSWORD) as client:
            child = client.get(f"/api/v1/users/{tokens['user']['id']}")
            assert child.status_code == 200 and child.json()["username"] == pupil.username
        with server.client() as client:
            wrong = client.post("/api/v1/auth/login",
                                json={"username": pupil.username, "password": "not-the-password"})
            assert wrong.status_code == 401


@pytest.mark.e2e
def test_setup_api_with_demo(tmp_path: Path) -> None:
    """The desktop wizard's path: POST /setup with demo=true."""
    settings = make_settings(tmp_path)
    with running_server(settings, initialize=False) as server:
        token = setup_service.ensure_setup_token(settings).read_text().strip()
        with server.client() as client:
            response = client.post("/api/v1/setup", json={
                "setup_token": token, "demo": True,
                "school": {"name": "École publique de Bonabéri", "town": "Douala"},
                "admin": {"username": "directrice", "password": "admin-pass-2026",
                          "first_name": "Aïssatou", "last_name": "Hamadou"},
            })
            assert response.status_code == 201, response.text
        with server.as_user("directrice", "admin-pass-2026") as admin:
            classes = admin.get("/api/v1/classes", params={"limit": 100}).json()["items"]
            assert len(classes) == 7 and sum(c["pupil_count"] for c in classes) == 300
