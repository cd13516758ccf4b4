"""Attendance reports through the real HTTP API, on rows inserted directly (the lesson and
day services are built elsewhere): exact counts and rates, school-time day boundaries,
CSV in French and English, range validation, scoping."""

from __future__ import annotations

import csv
import io
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import event, select

from lan_server.attendance.settings import attendance_settings, save_attendance_settings
from lan_server.models import AttendanceMark, AttendanceSession, DayRecord, School
from tests.support import LiveServer, create_user, problem, unique

PASSWORD = "report-pass-1"
YEAR = "2026-2027"
BASE = "/api/v1/attendance/reports"
# Four lessons of class A at 07:30 Douala (06:30 UTC), 23-26 November 2031: years ahead,
# so that no other test's day records (made "today", clock moved on) fall among them.
DAYS = [date(2031, 11, 23), date(2031, 11, 24), date(2031, 11, 25), date(2031, 11, 26)]
# Pupil -> status in each of the four sessions (None: no mark).
PLAN = {
    "p1": ["present", "present", "late", "absent"],
    "p2": ["late", "excused", "absent", "absent"],
    "p3": ["present", "present", "present", "present"],
    "p4": [None, None, None, None],
}


@dataclass
class World:
    school_id: uuid.UUID
    users: dict[str, dict[str, Any]]
    class_a: dict[str, Any]
    class_b: dict[str, Any]
    lessons: list[dict[str, Any]]
    lesson_b: dict[str, Any]
    late_lesson: dict[str, Any]
    sessions: list[uuid.UUID] = field(default_factory=list)
    clients: dict[str, httpx.Client] = field(default_factory=dict)

    def id(self, name: str) -> str:
        return self.users[name]["id"]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _insert_session(
    live_server: LiveServer,
    world_school: uuid.UUID,
    lesson: dict[str, Any],
    opened: datetime,
    marks: dict[str, tuple[str, datetime, str]],
) -> uuid.UUID:
    with live_server.ctx.db.write_session() as session:
        row = AttendanceSession(
            school_id=world_school,
            lesson_id=uuid.UUID(lesson["id"]),
            class_id=uuid.UUID(lesson["class_id"]),
            short_code=secrets.token_hex(4).upper(),
            secret=secrets.token_bytes(32),
            period_seconds=10,
            opened_at=opened,
            late_after=opened + timedelta(minutes=10),
            closes_at=opened + timedelta(hours=1),
            closed_at=opened + timedelta(hours=1),
        )
        session.add(row)
        session.flush()
        for pupil_id, (status, marked_at, source) in marks.items():
            session.add(
                AttendanceMark(
                    id=uuid.uuid4(),
                    session_id=row.id,
                    pupil_id=uuid.UUID(pupil_id),
                    status=status,
                    source=source,
                    marked_at=marked_at,
                )
            )
        return row.id


def _lesson(admin: httpx.Client, class_id: str, subject_id: str, starts: str) -> dict[str, Any]:
    begin = datetime.fromisoformat(starts)
    response = admin.post(
        "/api/v1/lessons",
        json={
            "class_id": class_id,
            "subject_id": subject_id,
            "starts_at": begin.isoformat(),
            "ends_at": (begin + timedelta(hours=1)).isoformat(),
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def world(live_server: LiveServer) -> Iterator[World]:
    with live_server.as_admin() as admin:
        users = {
            "teacher_a": create_user(admin, role="teacher", password=PASSWORD),
            "teacher_b": create_user(admin, role="teacher", password=PASSWORD),
            "p1": create_user(admin, password=PASSWORD, last_name="Abena", first_name="Paul"),
            "p2": create_user(admin, password=PASSWORD, last_name="Bella", first_name="Rose"),
            "p3": create_user(admin, password=PASSWORD, last_name="Copa", first_name="=SUM(A1)"),
            "p4": create_user(admin, password=PASSWORD, last_name="Dang", first_name="Luc"),
            "pb": create_user(admin, password=PASSWORD, last_name="Eto", first_name="Marc"),
        }
        users["parent"] = create_user(
            admin, role="parent", password=PASSWORD, children_ids=[users["p1"]["id"]]
        )
        class_a = admin.post(
            "/api/v1/classes",
            json={
                "name": unique("CM2 "),
                "level": "CM2",
                "school_year": YEAR,
                "main_teacher_id": users["teacher_a"]["id"],
            },
        ).json()
        class_b = admin.post(
            "/api/v1/classes",
            json={
                "name": unique("CM1 "),
                "level": "CM1",
                "school_year": YEAR,
                "main_teacher_id": users["teacher_b"]["id"],
            },
        ).json()
        admin.post(
            f"/api/v1/classes/{class_a['id']}/enrollments",
            json={"pupil_ids": [users[p]["id"] for p in ("p1", "p2", "p3", "p4")]},
        ).raise_for_status()
        admin.post(
            f"/api/v1/classes/{class_b['id']}/enrollments", json={"pupil_ids": [users["pb"]["id"]]}
        ).raise_for_status()
        maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
        lessons = [
            _lesson(admin, class_a["id"], maths["id"], f"{day.isoformat()}T07:30:00+01:00")
            for day in DAYS
        ]
        lesson_b = _lesson(admin, class_b["id"], maths["id"], "2031-11-23T07:30:00+01:00")
        # 00:30 on 1 December in Douala is 23:30 UTC on 30 November.
        late_lesson = _lesson(admin, class_a["id"], maths["id"], "2031-12-01T00:30:00+01:00")

    with live_server.ctx.db.read_session() as session:
        school_id = session.scalar(select(School.id))
    world = World(school_id, users, class_a, class_b, lessons, lesson_b, late_lesson)
    for index, lesson in enumerate(lessons):
        opened = utc(lesson["starts_at"])
        marks = {}
        for pupil, statuses in PLAN.items():
            status = statuses[index]
            if status is not None:
                source = "typed" if pupil == "p2" else ("closing" if status == "absent" else "qr")
                marks[users[pupil]["id"]] = (status, opened + timedelta(minutes=5), source)
        world.sessions.append(_insert_session(live_server, school_id, lesson, opened, marks))
    _insert_session(
        live_server,
        school_id,
        lesson_b,
        utc(lesson_b["starts_at"]),
        {
            users["pb"]["id"]: ("absent", utc(lesson_b["starts_at"]), "closing"),
        },
    )
    opened = utc("2031-11-30T23:30:00+00:00")
    _insert_session(
        live_server,
        school_id,
        late_lesson,
        opened,
        {
            users["p4"]["id"]: ("present", opened + timedelta(minutes=1), "qr"),
        },
    )
    with live_server.ctx.db.write_session() as session:
        for name, check_in, check_out, automatic in (
            ("p1", "2031-11-23T07:45:00+01:00", "2031-11-23T15:15:00+01:00", False),
            ("p2", "2031-11-23T08:05:00+01:00", "2031-11-23T18:00:00+01:00", True),
            ("pb", "2031-11-23T07:40:00+01:00", None, False),
            ("teacher_a", "2031-11-23T07:10:00+01:00", "2031-11-23T16:40:00+01:00", False),
            ("p1", "2031-11-24T07:50:00+01:00", None, False),
        ):
            session.add(
                DayRecord(
                    school_id=school_id,
                    user_id=uuid.UUID(users[name]["id"]),
                    day=datetime.fromisoformat(check_in).date(),
                    check_in_at=utc(check_in),
                    check_out_at=utc(check_out) if check_out else None,
                    automatic_check_out=automatic,
                )
            )
    world.clients = {
        name: live_server.as_user(users[name]["username"], PASSWORD)
        for name in ("teacher_a", "teacher_b", "parent", "p1", "pb")
    }
    yield world
    for client in world.clients.values():
        client.close()


def read_csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


RANGE = {"from": "2031-11-23", "to": "2031-11-26"}


# -- per class ------------------------------------------------------------------------------


def test_class_report_counts_and_rates(world: World, admin: httpx.Client) -> None:
    response = admin.get(f"{BASE}/classes/{world.class_a['id']}", params=RANGE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"], body["sessions"]) == ("2031-11-23", "2031-11-26", 4)
    pupils = {row["pupil_id"]: row for row in body["pupils"]}
    assert [row["last_name"] for row in body["pupils"]] == ["Abena", "Bella", "Copa", "Dang"]

    def pick(name: str) -> tuple[Any, ...]:
        row = pupils[world.id(name)]
        return row["present"], row["late"], row["excused"], row["absent"], row["marks"], row["rate"]

    assert pick("p1") == (2, 1, 0, 1, 4, 0.625)  # (2+2+1+0) / 8
    assert pick("p2") == (0, 1, 1, 2, 4, 0.25)  # (1+1) / 8
    assert pick("p3") == (4, 0, 0, 0, 4, 1.0)
    assert pick("p4") == (0, 0, 0, 0, 0, None)  # no marks: no rate
    totals = body["totals"]
    assert (totals["present"], totals["late"], totals["excused"], totals["absent"]) == (6, 2, 1, 3)
    assert totals["rate"] == 0.625  # 15 / 24
    days = {day["date"]: day for day in body["days"]}
    assert list(days) == [d.isoformat() for d in DAYS]
    assert days["2031-11-23"]["rate"] == 0.833  # present, late, present: 5 / 6
    assert days["2031-11-26"]["rate"] == 0.333  # absent, absent, present: 2 / 6
    assert days["2031-11-23"]["sessions"] == 1


def test_custom_weights_change_the_rate(
    world: World, admin: httpx.Client, live_server: LiveServer
) -> None:
    def set_weights(**weights: int) -> None:
        with live_server.ctx.db.write_session() as session:
            school = session.get(School, world.school_id)
            settings = attendance_settings(school)
            settings.weights = settings.weights.model_copy(update=weights)
            save_attendance_settings(school, settings)

    set_weights(late=2, excused=0)
    try:
        body = admin.get(f"{BASE}/classes/{world.class_a['id']}", params=RANGE).json()
        rates = {row["pupil_id"]: row["rate"] for row in body["pupils"]}
        assert rates[world.id("p1")] == 0.75  # (2+2+2+0) / 8
        assert rates[world.id("p2")] == 0.25  # (2+0) / 8
        assert body["totals"]["rate"] == 0.667  # (12+4+0) / 24
    finally:
        set_weights(late=1, excused=1)
    body = admin.get(f"{BASE}/classes/{world.class_a['id']}", params=RANGE).json()
    assert body["totals"]["rate"] == 0.625


def test_days_are_the_schools(world: World, admin: httpx.Client) -> None:
    """A session opened at 23:30 UTC on 30 November is on 1 December in Douala."""
    url = f"{BASE}/classes/{world.class_a['id']}"
    nov30 = admin.get(url, params={"from": "2031-11-30", "to": "2031-11-30"}).json()
    assert nov30["sessions"] == 0 and nov30["days"] == [] and nov30["totals"]["rate"] is None
    dec1 = admin.get(url, params={"from": "2031-12-01", "to": "2031-12-01"}).json()
    assert dec1["sessions"] == 1
    assert [day["date"] for day in dec1["days"]] == ["2031-12-01"]
    p4 = next(row for row in dec1["pupils"] if row["pupil_id"] == world.id("p4"))
    assert (p4["present"], p4["rate"]) == (1, 1.0)
    pupil = admin.get(
        f"{BASE}/pupils/{world.id('p4')}", params={"from": "2031-12-01", "to": "2031-12-01"}
    ).json()
    assert [(m["date"], m["lesson_time"], m["marked_time"]) for m in pupil["marks"]] == [
        ("2031-12-01", "00:30", "00:31")
    ]


def test_class_csv_in_french_and_english(world: World, admin: httpx.Client) -> None:
    url = f"{BASE}/classes/{world.class_a['id']}.csv"
    rows = read_csv(admin.get(url, params=RANGE))
    assert rows[0] == [
        "Classe",
        "Nom",
        "Prénom",
        "Matricule",
        "Présents",
        "Retards",
        "Excusés",
        "Absents",
        "Pointages",
        "Taux de présence",
    ]
    assert rows[1] == [
        world.class_a["name"],
        "Abena",
        "Paul",
        "",
        "2",
        "1",
        "0",
        "1",
        "4",
        "62,5 %",
    ]
    assert rows[3][2] == "'=SUM(A1)"  # not a formula in Excel
    assert rows[4][4:] == ["0", "0", "0", "0", "0", ""]
    assert rows[-1][1] == "Total" and rows[-1][4:] == ["6", "2", "1", "3", "12", "62,5 %"]
    english = read_csv(admin.get(url, params=RANGE, headers={"Accept-Language": "en"}))
    assert english[0][:5] == ["Class", "Last name", "First name", "Registration number", "Present"]
    assert english[1][-1] == "62.5 %"
    assert english[-1][1] == "Total"


# -- per lesson -----------------------------------------------------------------------------


def test_lesson_report(world: World) -> None:
    response = world.clients["teacher_a"].get(f"{BASE}/lessons/{world.lessons[0]['id']}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["date"], body["start_time"], body["subject_code"]) == (
        "2031-11-23",
        "07:30",
        "MATH",
    )
    [sess] = body["sessions"]
    assert sess["opened_time"] == "07:30"
    rows = {row["pupil_id"]: row for row in sess["pupils"]}
    assert len(rows) == 4
    assert (
        rows[world.id("p1")]["status"],
        rows[world.id("p1")]["marked_time"],
        rows[world.id("p1")]["source"],
    ) == ("present", "07:35", "qr")
    assert (rows[world.id("p2")]["status"], rows[world.id("p2")]["source"]) == ("late", "typed")
    assert rows[world.id("p4")]["status"] is None and rows[world.id("p4")]["marked_at"] is None
    assert sess["unmarked"] == 1
    totals = sess["totals"]
    assert (totals["present"], totals["late"], totals["absent"], totals["rate"]) == (2, 1, 0, 0.833)
    assert body["totals"] == totals


def test_lesson_without_session(world: World, admin: httpx.Client) -> None:
    maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
    lesson = _lesson(admin, world.class_a["id"], maths["id"], "2031-11-27T10:00:00+01:00")
    body = admin.get(f"{BASE}/lessons/{lesson['id']}").json()
    assert (
        body["sessions"] == [] and body["totals"]["marks"] == 0 and body["totals"]["rate"] is None
    )


def test_lesson_csv(world: World, admin: httpx.Client) -> None:
    url = f"{BASE}/lessons/{world.lessons[0]['id']}.csv"
    rows = read_csv(admin.get(url))
    assert rows[0] == [
        "Date",
        "Heure du cours",
        "Classe",
        "Matière",
        "Ouverture",
        "Nom",
        "Prénom",
        "Matricule",
        "Statut",
        "Heure du pointage",
        "Source",
    ]
    assert rows[1][0] == "23/11/2031" and rows[1][5:] == [
        "Abena",
        "Paul",
        "",
        "Présent",
        "07:35",
        "QR code",
    ]
    assert rows[2][8:] == ["En retard", "07:35", "Code saisi"]
    assert rows[4][8:] == ["Non pointé", "", ""]
    english = read_csv(admin.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert english[0][:2] == ["Date", "Lesson time"]
    assert english[1][0] == "2031-11-23" and english[2][8:] == ["Late", "07:35", "Typed code"]


# -- per pupil ------------------------------------------------------------------------------


def test_pupil_report(world: World) -> None:
    for who in ("p1", "parent", "teacher_a"):
        response = world.clients[who].get(f"{BASE}/pupils/{world.id('p1')}", params=RANGE)
        assert response.status_code == 200, (who, response.text)
        body = response.json()
        assert (body["lates"], body["absences"], body["excused"]) == (1, 1, 0)
        assert body["totals"]["rate"] == 0.625
        assert [(m["date"], m["subject_code"], m["status"]) for m in body["marks"]] == [
            ("2031-11-23", "MATH", "present"),
            ("2031-11-24", "MATH", "present"),
            ("2031-11-25", "MATH", "late"),
            ("2031-11-26", "MATH", "absent"),
        ]
    narrow = (
        world.clients["p1"]
        .get(f"{BASE}/pupils/{world.id('p1')}", params={"from": "2031-11-25", "to": "2031-11-25"})
        .json()
    )
    assert narrow["totals"]["marks"] == 1 and narrow["totals"]["rate"] == 0.5


def test_pupil_csv(world: World) -> None:
    url = f"{BASE}/pupils/{world.id('p2')}.csv"
    rows = read_csv(world.clients["teacher_a"].get(url, params=RANGE))
    assert rows[0][:4] == ["Nom", "Prénom", "Matricule", "Date"]
    assert [row[7] for row in rows[1:]] == ["En retard", "Excusé", "Absent", "Absent"]
    english = read_csv(
        world.clients["teacher_a"].get(url, params=RANGE, headers={"Accept-Language": "en"})
    )
    assert [row[7] for row in english[1:]] == ["Late", "Excused", "Absent", "Absent"]


# -- day attendance -------------------------------------------------------------------------


def test_day_report_for_a_class(world: World) -> None:
    response = world.clients["teacher_a"].get(
        f"{BASE}/days", params={"date": "2031-11-23", "class_id": world.class_a["id"]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    records = [
        (
            r["last_name"],
            r["check_in_time"],
            r["check_out_time"],
            r["hours"],
            r["automatic_check_out"],
        )
        for r in body["records"]
    ]
    assert records == [
        ("Abena", "07:45", "15:15", 7.5, False),
        ("Bella", "08:05", "18:00", 9.92, True),
        ("Copa", None, None, None, False),  # did not come: listed, with no times
        ("Dang", None, None, None, False),
    ]
    assert body["total_hours"] == 17.42


def test_day_report_scoping(world: World, admin: httpx.Client) -> None:
    every = admin.get(f"{BASE}/days", params={"date": "2031-11-23"}).json()
    names = {r["user_id"] for r in every["records"]}
    assert {world.id(n) for n in ("p1", "p2", "pb", "teacher_a")} <= names
    teacher = world.clients["teacher_a"].get(f"{BASE}/days", params={"date": "2031-11-23"}).json()
    assert {r["user_id"] for r in teacher["records"]} == {
        world.id(n) for n in ("p1", "p2", "teacher_a")
    }
    parent = world.clients["parent"].get(f"{BASE}/days", params=RANGE).json()
    assert [(r["user_id"], r["date"]) for r in parent["records"]] == [
        (world.id("p1"), "2031-11-23"),
        (world.id("p1"), "2031-11-24"),
    ]
    assert parent["records"][1]["hours"] is None
    mine = world.clients["pb"].get(f"{BASE}/days", params=RANGE).json()
    assert [r["user_id"] for r in mine["records"]] == [world.id("pb")]
    one = world.clients["parent"].get(f"{BASE}/days", params={**RANGE, "user_id": world.id("p1")})
    assert len(one.json()["records"]) == 2


def test_day_csv(world: World) -> None:
    params = {"date": "2031-11-23", "class_id": world.class_a["id"]}
    rows = read_csv(world.clients["teacher_a"].get(f"{BASE}/days.csv", params=params))
    assert rows[0] == [
        "Date",
        "Nom",
        "Prénom",
        "Rôle",
        "Arrivée",
        "Départ",
        "Heures",
        "Départ automatique",
    ]
    assert rows[1] == ["23/11/2031", "Abena", "Paul", "Élève", "07:45", "15:15", "7,5", "Non"]
    assert rows[2][6:] == ["9,92", "Oui"]
    assert rows[3] == ["23/11/2031", "Copa", "'=SUM(A1)", "Élève", "", "", "", "Non"]
    english = read_csv(
        world.clients["teacher_a"].get(
            f"{BASE}/days.csv", params=params, headers={"Accept-Language": "en"}
        )
    )
    assert english[0][4:] == ["Check-in", "Check-out", "Hours", "Automatic check-out"]
    assert english[1] == ["2031-11-23", "Abena", "Paul", "Pupil", "07:45", "15:15", "7.5", "No"]


# -- validation -----------------------------------------------------------------------------


def test_range_validation(world: World, admin: httpx.Client) -> None:
    url = f"{BASE}/classes/{world.class_a['id']}"
    body = problem(
        admin.get(url, params={"from": "2031-11-26", "to": "2031-11-23"}),
        422,
        "report_range_inverted",
    )
    assert "2031-11-26" in body["detail"] and "après" in body["detail"]
    english = problem(
        admin.get(
            url,
            params={"from": "2031-11-26", "to": "2031-11-23"},
            headers={"Accept-Language": "en"},
        ),
        422,
        "report_range_inverted",
    )
    assert english["detail"] == "The start date (2031-11-26) is after the end date (2031-11-23)."
    too_long = problem(
        admin.get(url, params={"from": "2025-01-01", "to": "2031-11-23"}),
        422,
        "report_range_too_long",
    )
    assert "366" in too_long["detail"]
    # 366 days is allowed (a leap year).
    assert admin.get(url, params={"from": "2027-11-23", "to": "2028-11-22"}).status_code == 200
    for path in (f"{BASE}/pupils/{world.id('p1')}.csv", f"{BASE}/days"):
        problem(
            admin.get(path, params={"from": "2031-11-26", "to": "2031-11-23"}),
            422,
            "report_range_inverted",
        )
    problem(
        admin.get(f"{BASE}/days", params={"date": "2031-11-23", "from": "2031-11-23"}),
        422,
        "report_date_and_range",
    )
    problem(admin.get(url, params={"from": "23/11/2031"}), 422, "validation_error")


# -- permissions ----------------------------------------------------------------------------


def _paths(world: World) -> dict[str, str]:
    return {
        "lesson_a": f"{BASE}/lessons/{world.lessons[0]['id']}",
        "lesson_b": f"{BASE}/lessons/{world.lesson_b['id']}",
        "class_a": f"{BASE}/classes/{world.class_a['id']}",
        "class_b": f"{BASE}/classes/{world.class_b['id']}",
        "pupil_p1": f"{BASE}/pupils/{world.id('p1')}",
        "pupil_p2": f"{BASE}/pupils/{world.id('p2')}",
        "pupil_pb": f"{BASE}/pupils/{world.id('pb')}",
        "days_class_b": f"{BASE}/days?class_id={world.class_b['id']}",
        "days_pb": f"{BASE}/days?user_id={world.id('pb')}",
    }


FORBIDDEN = [
    ("teacher_b", "lesson_a"),
    ("teacher_b", "class_a"),
    ("teacher_b", "pupil_p1"),
    ("teacher_a", "lesson_b"),
    ("teacher_a", "class_b"),
    ("teacher_a", "pupil_pb"),
    ("teacher_a", "days_class_b"),
    ("teacher_a", "days_pb"),
    ("parent", "lesson_a"),
    ("parent", "class_a"),
    ("parent", "pupil_p2"),
    ("parent", "days_pb"),
    ("parent", "days_class_b"),
    ("p1", "lesson_a"),
    ("p1", "class_a"),
    ("p1", "pupil_p2"),
    ("p1", "days_pb"),
    ("pb", "pupil_p1"),
    ("pb", "class_b"),
]


@pytest.mark.parametrize(("who", "what"), FORBIDDEN, ids=[f"{w}-{p}" for w, p in FORBIDDEN])
def test_forbidden(world: World, who: str, what: str) -> None:
    path = _paths(world)[what]
    problem(world.clients[who].get(path), 403, "forbidden")
    csv_path = path.replace("?", ".csv?") if "?" in path else path + ".csv"
    problem(world.clients[who].get(csv_path), 403, "forbidden")


def test_unknown_ids_are_404(world: World, admin: httpx.Client) -> None:
    missing = uuid.uuid4()
    problem(admin.get(f"{BASE}/lessons/{missing}"), 404, "lesson_not_found")
    problem(admin.get(f"{BASE}/lessons/{missing}.csv"), 404, "lesson_not_found")
    problem(admin.get(f"{BASE}/classes/{missing}"), 404, "class_not_found")
    problem(admin.get(f"{BASE}/pupils/{missing}"), 404, "user_not_found")
    problem(admin.get(f"{BASE}/pupils/{world.id('teacher_a')}"), 404, "user_not_found")
    problem(admin.get(f"{BASE}/days", params={"class_id": str(missing)}), 404, "class_not_found")
    problem(admin.get(f"{BASE}/days", params={"user_id": str(missing)}), 404, "user_not_found")
    problem(world.clients["p1"].get(f"{BASE}/classes/{missing}"), 404, "class_not_found")
    problem(admin.get(f"{BASE}/lessons/not-a-uuid"), 422, "validation_error")


def test_anonymous_is_401(anon: httpx.Client, world: World) -> None:
    problem(anon.get(f"{BASE}/pupils/{world.id('p1')}"), 401, "not_authenticated")
    problem(anon.get(f"{BASE}/days.csv"), 401, "not_authenticated")


def test_csv_exports_are_audited(world: World, admin: httpx.Client) -> None:
    url = f"{BASE}/pupils/{world.id('p3')}.csv"
    read_csv(world.clients["teacher_a"].get(url, params=RANGE))
    events = admin.get(
        "/api/v1/audit-events",
        params={"action": "attendance.report_exported", "target_id": world.id("p3")},
    ).json()["items"]
    assert len(events) == 1
    assert events[0]["actor_id"] == world.id("teacher_a")
    assert events[0]["details"]["report"] == "pupil"
    assert events[0]["details"]["file"].endswith(".csv")
    # A refused export leaves no trace.
    problem(world.clients["teacher_b"].get(url), 403, "forbidden")
    again = admin.get(
        "/api/v1/audit-events",
        params={"action": "attendance.report_exported", "target_id": world.id("p3")},
    ).json()["items"]
    assert len(again) == 1


def test_query_count_does_not_grow_with_pupils(
    world: World, admin: httpx.Client, live_server: LiveServer
) -> None:
    """Aggregates in SQL, names in one query: the same number of statements for a class of
    four pupils as for a class of one (no N+1)."""
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Authentication is cached per token: only the report's own queries count.
        auth = "refresh_tokens" in statement or "permission_grants" in statement
        if statement.lstrip().upper().startswith("SELECT") and not auth:
            statements.append(statement)

    engine = live_server.ctx.db.read_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        seen = []
        for class_id, lesson_id in (
            (world.class_a["id"], world.lessons[0]["id"]),
            (world.class_b["id"], world.lesson_b["id"]),
        ):
            statements.clear()
            admin.get(f"{BASE}/classes/{class_id}", params=RANGE).raise_for_status()
            admin.get(f"{BASE}/lessons/{lesson_id}").raise_for_status()
            seen.append(len(statements))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert seen[0] == seen[1], seen
    assert 5 < seen[0] <= 25, seen


def test_default_range(world: World, admin: httpx.Client, live_server: LiveServer) -> None:
    url = f"{BASE}/pupils/{world.id('p1')}"
    today = live_server.clock.now().astimezone(ZoneInfo("Africa/Douala")).date()
    body = admin.get(url).json()
    assert (body["from"], body["to"]) == (
        (today - timedelta(days=29)).isoformat(),
        today.isoformat(),
    )
    body = admin.get(url, params={"from": "2031-11-20"}).json()
    assert (body["from"], body["to"]) == ("2031-11-20", "2031-12-19")
    assert body["totals"]["marks"] == 4
    body = admin.get(url, params={"to": "2031-11-24"}).json()
    assert (body["from"], body["to"]) == ("2031-10-26", "2031-11-24")
    assert body["totals"]["marks"] == 2
    days = admin.get(f"{BASE}/days").json()
    assert days["from"] == days["to"] == today.isoformat()


def test_class_day_report_over_a_period(world: World) -> None:
    """Each pupil on each school day (a day someone checked in); a parent sees only their
    child's rows."""
    params = {**RANGE, "class_id": world.class_a["id"]}
    body = world.clients["teacher_a"].get(f"{BASE}/days", params=params).json()
    rows = [(r["date"], r["last_name"], r["check_in_time"]) for r in body["records"]]
    assert rows == [
        ("2031-11-23", "Abena", "07:45"),
        ("2031-11-23", "Bella", "08:05"),
        ("2031-11-23", "Copa", None),
        ("2031-11-23", "Dang", None),
        ("2031-11-24", "Abena", "07:50"),
        ("2031-11-24", "Bella", None),
        ("2031-11-24", "Copa", None),
        ("2031-11-24", "Dang", None),
    ]
    parent = world.clients["parent"].get(f"{BASE}/days", params=params).json()
    assert [(r["date"], r["last_name"]) for r in parent["records"]] == [
        ("2031-11-23", "Abena"),
        ("2031-11-24", "Abena"),
    ]
    one = (
        world.clients["teacher_a"]
        .get(f"{BASE}/days", params={**params, "user_id": world.id("p3")})
        .json()
    )
    assert [(r["date"], r["check_in_at"]) for r in one["records"]] == [
        ("2031-11-23", None),
        ("2031-11-24", None),
    ]
