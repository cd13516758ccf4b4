"""Every forbidden path answers 403 problem+json; scoping shows each role only its rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support import LiveServer, create_user, problem, unique

PASSWORD = "world-pass-1"
YEAR = "2026-2027"


@dataclass
class World:
    class_a: dict[str, Any]
    class_b: dict[str, Any]
    teacher_a: dict[str, Any]
    teacher_b: dict[str, Any]
    pupil_a: dict[str, Any]
    pupil_b: dict[str, Any]
    parent_a: dict[str, Any]
    lesson_a: dict[str, Any]
    lesson_b: dict[str, Any]
    clients: dict[str, httpx.Client]


@pytest.fixture(scope="module")
def world(live_server: LiveServer) -> Iterator[World]:
    with live_server.as_admin() as admin:
        teacher_a = create_user(admin, role="teacher", password=PASSWORD)
        teacher_b = create_user(admin, role="teacher", password=PASSWORD)
        pupil_a = create_user(admin, password=PASSWORD)
        pupil_b = create_user(admin, password=PASSWORD)
        parent_a = create_user(admin, role="parent", password=PASSWORD, children_ids=[pupil_a["id"]])
        class_a = admin.post("/api/v1/classes", json={"name": unique("CM2 "), "level": "CM2", "school_year": YEAR, "main_teacher_id": teacher_a["id"]}).json()
        class_b = admin.post("/api/v1/classes", json={"name": unique("CM1 "), "level": "CM1", "school_year": YEAR, "main_teacher_id": teacher_b["id"]}).json()
        admin.post(f"/api/v1/classes/{class_a['id']}/enrollments", json={"pupil_ids": [pupil_a["id"]]}).raise_for_status()
        admin.post(f"/api/v1/classes/{class_b['id']}/enrollments", json={"pupil_ids": [pupil_b["id"]]}).raise_for_status()
        maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
        lesson = {"subject_id": maths["id"], "starts_at": "2026-11-23T07:30:00+01:00", "ends_at": "2026-11-23T08:30:00+01:00"}
        lesson_a = admin.post("/api/v1/lessons", json={**lesson, "class_id": class_a["id"]}).json()
        lesson_b = admin.post("/api/v1/lessons", json={**lesson, "class_id": class_b["id"]}).json()
    clients = {
        name: live_server.as_user(user["username"], PASSWORD)
        for name, user in (("teacher_a", teacher_a), ("pupil_a", pupil_a), ("parent_a", parent_a))
    }
    yield World(class_a, class_b, teacher_a, teacher_b, pupil_a, pupil_b, parent_a, lesson_a, lesson_b, clients)
    for client in clients.values():
        client.close()


def _forbidden(response: httpx.Response) -> None:
    body = problem(response, 403, response.json().get("code", "?"))
    assert body["code"] in ("forbidden", "permission_required")


# (who, method, path template, json body) — each must be refused with 403.
FORBIDDEN = [
    ("pupil_a", "GET", "/api/v1/users", None),
    ("pupil_a", "POST", "/api/v1/users", {"username": "x1x", "first_name": "A", "last_name": "B", "role": "student"}),
    ("pupil_a", "GET", "/api/v1/users/{pupil_b}", None),
    ("pupil_a", "GET", "/api/v1/users/{teacher_a}", None),
    ("pupil_a", "PATCH", "/api/v1/users/{pupil_a}", {"first_name": "Moi"}),
    ("pupil_a", "DELETE", "/api/v1/users/{pupil_b}", None),
    ("pupil_a", "POST", "/api/v1/users/{pupil_b}/reset-code", None),
    ("pupil_a", "POST", "/api/v1/users/{pupil_a}/activate", None),
    ("pupil_a", "GET", "/api/v1/users/{pupil_a}/permissions", None),
    ("pupil_a", "POST", "/api/v1/users/{pupil_a}/permissions", {"code": "attendance.create_qr_session"}),
    ("pupil_a", "POST", "/api/v1/classes", {"name": "Z", "level": "CP", "school_year": YEAR}),
    ("pupil_a", "GET", "/api/v1/classes/{class_b}", None),
    ("pupil_a", "PATCH", "/api/v1/classes/{class_a}", {"name": "Renamed"}),
    ("pupil_a", "DELETE", "/api/v1/classes/{class_a}", None),
    ("pupil_a", "POST", "/api/v1/classes/{class_a}/enrollments", {"pupil_ids": ["{pupil_b}"]}),
    ("pupil_a", "GET", "/api/v1/classes/{class_b}/enrollments", None),
    ("pupil_a", "GET", "/api/v1/lessons/{lesson_b}", None),
    ("pupil_a", "POST", "/api/v1/lessons", {"class_id": "{class_a}", "subject_id": "{class_a}", "starts_at": "2026-11-23T07:30:00Z", "ends_at": "2026-11-23T08:30:00Z"}),
    ("pupil_a", "DELETE", "/api/v1/lessons/{lesson_a}", None),
    ("pupil_a", "POST", "/api/v1/subjects", {"code": "X", "name": "X"}),
    ("pupil_a", "PATCH", "/api/v1/school", {"name": "Autre école"}),
    ("pupil_a", "GET", "/api/v1/audit-events", None),
    ("pupil_a", "GET", "/api/v1/outbox", None),
    ("pupil_a", "GET", "/api/v1/users/{parent_a}/children", None),
    ("parent_a", "GET", "/api/v1/users", None),
    ("parent_a", "GET", "/api/v1/users/{pupil_b}", None),
    ("parent_a", "GET", "/api/v1/classes/{class_b}", None),
    ("parent_a", "GET", "/api/v1/lessons/{lesson_b}", None),
    ("parent_a", "POST", "/api/v1/users/{parent_a}/children", {"child_id": "{pupil_b}"}),
    ("teacher_a", "POST", "/api/v1/users", {"username": "x2x", "first_name": "A", "last_name": "B", "role": "student"}),
    ("teacher_a", "GET", "/api/v1/users/{pupil_b}", None),
    ("teacher_a", "GET", "/api/v1/users/{teacher_b}", None),
    ("teacher_a", "PATCH", "/api/v1/users/{pupil_a}", {"first_name": "X"}),
    ("teacher_a", "GET", "/api/v1/classes/{class_b}", None),
    ("teacher_a", "POST", "/api/v1/classes", {"name": "Z", "level": "CP", "school_year": YEAR}),
    ("teacher_a", "POST", "/api/v1/classes/{class_a}/enrollments", {"pupil_ids": ["{pupil_b}"]}),
    ("teacher_a", "GET", "/api/v1/lessons/{lesson_b}", None),
    ("teacher_a", "POST", "/api/v1/users/{teacher_a}/permissions", {"code": "users.manage"}),
    ("teacher_a", "DELETE", "/api/v1/users/{pupil_a}", None),
    ("teacher_a", "GET", "/api/v1/audit-events", None),
    ("teacher_a", "PATCH", "/api/v1/school", {"name": "Autre"}),
]


def _fill(template: Any, world: World) -> Any:
    ids = {
        "pupil_a": world.pupil_a["id"], "pupil_b": world.pupil_b["id"],
        "teacher_a": world.teacher_a["id"], "teacher_b": world.teacher_b["id"],
        "parent_a": world.parent_a["id"], "class_a": world.class_a["id"],
        "class_b": world.class_b["id"], "lesson_a": world.lesson_a["id"],
        "lesson_b": world.lesson_b["id"],
    }
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, list):
        return [_fill(item, world) for item in template]
    if isinstance(template, dict):
        return {key: _fill(value, world) for key, value in template.items()}
    return template


@pytest.mark.parametrize(("who", "method", "path", "body"), FORBIDDEN, ids=[f"{w}-{m}-{p}" for w, m, p, _ in FORBIDDEN])
def test_forbidden_paths_answer_403(world: World, who: str, method: str, path: str, body: Any) -> None:
    client = world.clients[who]
    response = client.request(method, _fill(path, world), json=_fill(body, world) if body is not None else None)
    _forbidden(response)


def test_english_refusal(world: World) -> None:
    response = world.clients["pupil_a"].get("/api/v1/users", headers={"Accept-Language": "en-GB,en;q=0.9"})
    body = problem(response, 403, "permission_required")
    assert body["detail"] == "You need the “users.read” permission."
    assert response.headers["Content-Language"] == "en"


def test_teacher_sees_their_classes_pupils_and_parents(world: World) -> None:
    teacher = world.clients["teacher_a"]
    classes = {c["id"] for c in teacher.get("/api/v1/classes", params={"limit": 200}).json()["items"]}
    assert world.class_a["id"] in classes and world.class_b["id"] not in classes
    users = {u["id"] for u in teacher.get("/api/v1/users", params={"limit": 200}).json()["items"]}
    assert {world.pupil_a["id"], world.parent_a["id"], world.teacher_a["id"]} <= users
    assert world.pupil_b["id"] not in users and world.teacher_b["id"] not in users
    assert teacher.get(f"/api/v1/users/{world.pupil_a['id']}").status_code == 200
    lessons = {x["id"] for x in teacher.get("/api/v1/lessons", params={"limit": 200}).json()["items"]}
    assert lessons == {world.lesson_a["id"]}


def test_parent_sees_own_children_only(world: World) -> None:
    parent = world.clients["parent_a"]
    children = parent.get(f"/api/v1/users/{world.parent_a['id']}/children").json()
    assert [c["id"] for c in children] == [world.pupil_a["id"]]
    assert parent.get(f"/api/v1/users/{world.pupil_a['id']}").status_code == 200
    classes = parent.get("/api/v1/classes").json()["items"]
    assert [c["id"] for c in classes] == [world.class_a["id"]]


def test_pupil_sees_self_and_own_class(world: World) -> None:
    pupil = world.clients["pupil_a"]
    assert pupil.get(f"/api/v1/users/{world.pupil_a['id']}").json()["id"] == world.pupil_a["id"]
    assert [c["id"] for c in pupil.get("/api/v1/classes").json()["items"]] == [world.class_a["id"]]
    assert [x["id"] for x in pupil.get("/api/v1/lessons").json()["items"]] == [world.lesson_a["id"]]


def test_grant_then_revoke_a_permission(live_server: LiveServer, world: World, admin: httpx.Client) -> None:
    teacher = world.clients["teacher_a"]
    path = f"/api/v1/users/{world.teacher_a['id']}/permissions"
    problem(admin.post(path, json={"code": "no.such.permission"}), 400, "unknown_permission")
    granted = admin.post(path, json={"code": "attendance.create_qr_session"})
    assert granted.status_code == 200
    assert "attendance.create_qr_session" in granted.json()["granted"]
    assert "attendance.create_qr_session" in teacher.get("/api/v1/auth/me/permissions").json()["permissions"]
    holders = admin.get(f"/api/v1/users/{world.teacher_a['id']}/permissions").json()
    assert "attendance.create_qr_session" in holders["effective"]

    admin.post(path, json={"code": "lessons.manage"}).raise_for_status()
    created = teacher.post("/api/v1/lessons", json={
        "class_id": world.class_a["id"], "subject_id": world.lesson_a["subject_id"],
        "starts_at": "2026-11-24T07:30:00Z", "ends_at": "2026-11-24T08:30:00Z",
    })
    assert created.status_code == 201, created.text
    revoked = admin.delete(f"{path}/lessons.manage")
    assert "lessons.manage" not in revoked.json()["granted"]
    _forbidden(teacher.delete(f"/api/v1/lessons/{created.json()['id']}"))
    actions = [e["action"] for e in admin.get("/api/v1/audit-events", params={"target_id": world.teacher_a["id"]}).json()["items"]]
    assert actions.count("permission.granted") == 2 and "permission.revoked" in actions
