"""Classes, enrollments, subjects and lessons through the API."""

from __future__ import annotations

import httpx

from tests.support import create_user, problem, unique

YEAR = "2026-2027"


def _class(admin: httpx.Client, **fields: object) -> dict:
    body = {"name": unique("CP "), "level": "CP", "school_year": YEAR, **fields}
    response = admin.post("/api/v1/classes", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_class_crud_and_name_conflicts(admin: httpx.Client) -> None:
    teacher = create_user(admin, role="teacher")
    created = _class(admin, main_teacher_id=teacher["id"])
    assert created["pupil_count"] == 0 and created["main_teacher_id"] == teacher["id"]
    problem(admin.post("/api/v1/classes", json={"name": created["name"].lower(), "level": "CP", "school_year": YEAR}), 409, "class_name_taken")
    assert admin.post("/api/v1/classes", json={"name": created["name"], "level": "CP", "school_year": "2027-2028"}).status_code == 201
    problem(admin.post("/api/v1/classes", json={"name": "X", "level": "CP", "school_year": "2026-2028"}), 422, "validation_error")
    problem(admin.post("/api/v1/classes", json={"name": "X", "level": "6e", "school_year": YEAR}), 422, "validation_error")
    pupil = create_user(admin)
    problem(admin.post("/api/v1/classes", json={"name": unique("Y"), "level": "CP", "school_year": YEAR, "main_teacher_id": pupil["id"]}), 400, "not_a_teacher")

    renamed = admin.patch(f"/api/v1/classes/{created['id']}", json={"name": "CP Bilingue"})
    assert renamed.json()["name"] == "CP Bilingue"
    assert admin.delete(f"/api/v1/classes/{created['id']}").status_code == 204
    problem(admin.get(f"/api/v1/classes/{created['id']}"), 404, "class_not_found")
    assert _class(admin, name="CP Bilingue")["name"] == "CP Bilingue"  # the name is free again


def test_enrollments_are_idempotent_and_counted(admin: httpx.Client) -> None:
    klass = _class(admin)
    pupils = [create_user(admin) for _ in range(3)]
    ids = [p["id"] for p in pupils]
    first = admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": ids})
    again = admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": ids[:1]})
    assert len(first.json()) == len(again.json()) == 3
    assert admin.get(f"/api/v1/classes/{klass['id']}").json()["pupil_count"] == 3
    assert admin.delete(f"/api/v1/classes/{klass['id']}/enrollments/{ids[0]}").status_code == 204
    problem(admin.delete(f"/api/v1/classes/{klass['id']}/enrollments/{ids[0]}"), 404, "enrollment_not_found")
    teacher = create_user(admin, role="teacher")
    problem(admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": [teacher["id"]]}), 400, "not_a_pupil")
    problem(admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": ["0196d8a0-0000-7000-8000-000000000000"]}), 404, "user_not_found")


def test_subjects(admin: httpx.Client) -> None:
    codes = {s["code"] for s in admin.get("/api/v1/subjects").json()}
    assert {"FR", "MATH", "SCI", "HG", "ANG"} <= codes  # the CEP subjects come with the school
    code = unique("dic").upper()
    created = admin.post("/api/v1/subjects", json={"code": code.lower(), "name": "Dictée"})
    assert created.status_code == 201 and created.json()["code"] == code
    problem(admin.post("/api/v1/subjects", json={"code": code, "name": "Encore"}), 409, "subject_code_taken")
    assert admin.patch(f"/api/v1/subjects/{created.json()['id']}", json={"name": "Dictée et rédaction"}).json()["name"] == "Dictée et rédaction"
    assert admin.delete(f"/api/v1/subjects/{created.json()['id']}").status_code == 204
    assert code not in {s["code"] for s in admin.get("/api/v1/subjects").json()}


def test_lessons_crud_and_filters(admin: httpx.Client) -> None:
    teacher = create_user(admin, role="teacher")
    klass = _class(admin, main_teacher_id=teacher["id"])
    subject = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "FR")
    body = {"class_id": klass["id"], "subject_id": subject["id"], "room": "Salle 3"}
    monday = admin.post("/api/v1/lessons", json={**body, "starts_at": "2026-11-23T07:30:00+01:00", "ends_at": "2026-11-23T08:30:00+01:00"})
    assert monday.status_code == 201, monday.text
    assert monday.json()["teacher_id"] == teacher["id"]  # defaults to the class's main teacher
    assert monday.json()["starts_at"].startswith("2026-11-23T06:30:00")  # stored in UTC
    tuesday = admin.post("/api/v1/lessons", json={**body, "starts_at": "2026-11-24T07:30:00Z", "ends_at": "2026-11-24T08:30:00Z"}).json()

    listed = admin.get("/api/v1/lessons", params={"class_id": klass["id"], "starts_from": "2026-11-24T00:00:00Z"}).json()["items"]
    assert [x["id"] for x in listed] == [tuesday["id"]]
    problem(admin.post("/api/v1/lessons", json={**body, "starts_at": "2026-11-23T09:00:00Z", "ends_at": "2026-11-23T08:00:00Z"}), 422, "validation_error")
    problem(admin.post("/api/v1/lessons", json={**body, "starts_at": "2026-11-23T09:00:00", "ends_at": "2026-11-23T10:00:00"}), 422, "validation_error")
    problem(admin.patch(f"/api/v1/lessons/{tuesday['id']}", json={"ends_at": "2026-11-24T07:00:00Z"}), 400, "lesson_times_invalid")
    moved = admin.patch(f"/api/v1/lessons/{tuesday['id']}", json={"room": "Salle 5"})
    assert moved.json()["room"] == "Salle 5"
    assert admin.delete(f"/api/v1/lessons/{tuesday['id']}").status_code == 204
    problem(admin.get(f"/api/v1/lessons/{tuesday['id']}"), 404, "lesson_not_found")


def test_school_settings(admin: httpx.Client) -> None:
    school = admin.get("/api/v1/school").json()
    assert school["currency"] == "XAF" and school["timezone"] == "Africa/Douala"
    problem(admin.patch("/api/v1/school", json={"timezone": "Mars/Olympus"}), 422, "validation_error")
    updated = admin.patch("/api/v1/school", json={"town": "Bonabéri"})
    assert updated.json()["town"] == "Bonabéri" and updated.json()["name"] == school["name"]


def test_a_lesson_with_attendance_cannot_be_deleted(admin: httpx.Client) -> None:
    teacher = create_user(admin, role="teacher")
    klass = _class(admin, main_teacher_id=teacher["id"])
    subject = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
    lesson = admin.post("/api/v1/lessons", json={"class_id": klass["id"], "subject_id": subject["id"],
                                                  "starts_at": "2026-11-25T07:30:00Z", "ends_at": "2026-11-25T08:30:00Z"}).json()
    opened = admin.post("/api/v1/attendance/sessions", json={"lesson_id": lesson["id"]})
    assert opened.status_code == 201, opened.text
    body = problem(admin.delete(f"/api/v1/lessons/{lesson['id']}"), 409, "in_use")
    assert "attendance" in body["detail"]
    assert admin.get(f"/api/v1/lessons/{lesson['id']}").status_code == 200
