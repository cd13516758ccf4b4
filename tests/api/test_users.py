"""User administration through the API: create, list with paging/filters/search, update,
deactivate, delete, parent links."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support import LiveServer, create_user, make_settings, problem, running_server, unique


def test_create_pupil_with_profile_and_conflicts(admin: httpx.Client) -> None:
    matricule = unique("MAT")
    pupil = create_user(admin, first_name="  Aïcha   Ngo ", last_name="Bassa", sex="F",
                        pupil={"matricule": matricule, "birth_date": "2015-03-14", "level": "CM2"})
    assert pupil["first_name"] == "Aïcha Ngo"
    assert pupil["pupil"] == {"matricule": matricule, "birth_date": "2015-03-14", "level": "CM2"}
    assert pupil["status"] == "active" and pupil["has_password"] is False

    again = admin.post("/api/v1/users", json={"username": pupil["username"].upper(), "first_name": "A", "last_name": "B", "role": "student"})
    assert problem(again, 409, "username_taken")["detail"].startswith("L'identifiant")
    same_matricule = admin.post("/api/v1/users", json={"username": unique("s"), "first_name": "A", "last_name": "B", "role": "student", "pupil": {"matricule": matricule}})
    problem(same_matricule, 409, "matricule_taken")
    teacher_with_pupil_fields = admin.post("/api/v1/users", json={"username": unique("t"), "first_name": "A", "last_name": "B", "role": "teacher", "pupil": {"level": "CP"}})
    problem(teacher_with_pupil_fields, 400, "not_a_pupil")
    problem(admin.post("/api/v1/users", json={"username": unique("s"), "first_name": "A", "last_name": "B", "role": "student", "password": "court"}), 422, "weak_password")


def test_list_pages_filters_and_search(admin: httpx.Client) -> None:
    tag = unique("Zq")
    made = [create_user(admin, last_name=f"{tag}{index:02d}", first_name="Brice") for index in range(7)]
    create_user(admin, role="teacher", last_name=f"{tag}99", first_name="Brice")

    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": tag.lower(), "role": "student", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = admin.get("/api/v1/users", params=params).json()
        seen += [user["id"] for user in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [user["id"] for user in made]  # sorted by name, no duplicates, no gaps
    assert len(admin.get("/api/v1/users", params={"q": f"brice {tag}"}).json()["items"]) == 8
    problem(admin.get("/api/v1/users", params={"cursor": "garbage!"}), 400, "invalid_cursor")
    problem(admin.get("/api/v1/users", params={"limit": 0}), 422, "validation_error")


def test_search_by_matricule_and_class_filter(admin: httpx.Client) -> None:
    matricule = unique("CM-")
    pupil = create_user(admin, pupil={"matricule": matricule})
    found = admin.get("/api/v1/users", params={"q": matricule.lower()}).json()["items"]
    assert [u["id"] for u in found] == [pupil["id"]]
    klass = admin.post("/api/v1/classes", json={"name": unique("CE1 "), "level": "CE1", "school_year": "2026-2027"}).json()
    admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": [pupil["id"]]}).raise_for_status()
    in_class = admin.get("/api/v1/users", params={"class_id": klass["id"]}).json()["items"]
    assert [u["id"] for u in in_class] == [pupil["id"]]


def test_deactivate_ends_access_at_once_and_reactivate(live_server: LiveServer, admin: httpx.Client) -> None:
    user = create_user(admin, role="teacher", password="teacher-pass-1")
    with live_server.as_user(user["username"], "teacher-pass-1") as teacher:
        assert teacher.get("/api/v1/auth/me").status_code == 200
        admin.patch(f"/api/v1/users/{user['id']}", json={"status": "disabled"}).raise_for_status()
        problem(teacher.get("/api/v1/auth/me"), 401, "token_invalid")
    with live_server.client() as anon:
        problem(anon.post("/api/v1/auth/login", json={"username": user["username"], "password": "teacher-pass-1"}), 403, "account_disabled")
        admin.post(f"/api/v1/users/{user['id']}/activate").raise_for_status()
        assert anon.post("/api/v1/auth/login", json={"username": user["username"], "password": "teacher-pass-1"}).status_code == 200
    audit = admin.get("/api/v1/audit-events", params={"target_id": user["id"], "action": "user.status_changed"}).json()
    assert [e["details"]["to"] for e in audit["items"]] == ["disabled", "active"]


def test_last_admin_is_protected(tmp_path: Path) -> None:
    # A school of its own: on the shared server other tests may have made more admins, and
    # then disabling this one would succeed and lock every later test out.
    with running_server(make_settings(tmp_path)) as server, server.as_admin() as admin:
        me = admin.get("/api/v1/auth/me").json()
        problem(admin.patch(f"/api/v1/users/{me['id']}", json={"status": "disabled"}), 409, "last_admin")
        problem(admin.delete(f"/api/v1/users/{me['id']}"), 409, "last_admin")
        problem(admin.patch(f"/api/v1/users/{me['id']}", json={"role": "teacher"}), 409, "last_admin")
        assert admin.get("/api/v1/auth/me").json()["status"] == "active"


def test_update_user_fields_and_role_change_is_audited(admin: httpx.Client) -> None:
    user = create_user(admin, role="teacher")
    patched = admin.patch(f"/api/v1/users/{user['id']}", json={"first_name": "Marie-Claire", "phone": "+237 699 11 22 33", "role": "admin"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["role"] == "admin" and patched.json()["first_name"] == "Marie-Claire"
    events = admin.get("/api/v1/audit-events", params={"target_id": user["id"], "action": "user.role_changed"}).json()["items"]
    assert events[0]["details"] == {"from": "teacher", "to": "admin"}
    problem(admin.patch(f"/api/v1/users/{user['id']}", json={"unknown_field": 1}), 422, "validation_error")
    problem(admin.patch("/api/v1/users/0196d8a0-0000-7000-8000-000000000000", json={"first_name": "X"}), 404, "user_not_found")


def test_parent_links(admin: httpx.Client) -> None:
    child = create_user(admin)
    other = create_user(admin)
    parent = create_user(admin, role="parent", children_ids=[child["id"]])
    linked = admin.post(f"/api/v1/users/{parent['id']}/children", json={"child_id": other["id"], "relation": "tuteur"})
    assert {c["id"] for c in linked.json()} == {child["id"], other["id"]}
    assert admin.delete(f"/api/v1/users/{parent['id']}/children/{other['id']}").status_code == 204
    assert [c["id"] for c in admin.get(f"/api/v1/users/{parent['id']}/children").json()] == [child["id"]]
    teacher = create_user(admin, role="teacher")
    problem(admin.post(f"/api/v1/users/{parent['id']}/children", json={"child_id": teacher["id"]}), 400, "not_a_pupil")
    problem(admin.post("/api/v1/users", json={"username": unique("x"), "first_name": "A", "last_name": "B", "role": "teacher", "children_ids": [child["id"]]}), 400, "not_a_parent")


def test_usernames_are_stored_lower_case(admin: httpx.Client) -> None:
    name = unique("Jean.Mbarga")
    created = create_user(admin, username=name)
    assert created["username"] == name.lower()
    problem(admin.post("/api/v1/users", json={"username": name.lower(), "first_name": "A", "last_name": "B", "role": "student"}), 409, "username_taken")


def test_pupil_role_cannot_change(admin: httpx.Client) -> None:
    pupil = create_user(admin, pupil={"matricule": unique("R")})
    teacher = create_user(admin, role="teacher")
    problem(admin.patch(f"/api/v1/users/{pupil['id']}", json={"role": "teacher"}), 400, "role_change_not_allowed")
    problem(admin.patch(f"/api/v1/users/{teacher['id']}", json={"role": "student"}), 400, "role_change_not_allowed")
    assert admin.patch(f"/api/v1/users/{teacher['id']}", json={"role": "parent"}).status_code == 200


def test_search_wildcards_are_literal(admin: httpx.Client) -> None:
    tag = unique("Wc")
    create_user(admin, last_name=f"{tag}_x")
    create_user(admin, last_name=f"{tag}ax")
    found = admin.get("/api/v1/users", params={"q": f"{tag}_x"}).json()["items"]
    assert [u["last_name"] for u in found] == [f"{tag}_x"]
    assert admin.get("/api/v1/users", params={"q": "%"}).json()["items"] == []


def test_revocations_reach_a_cached_token_at_once(live_server: LiveServer, admin: httpx.Client) -> None:
    """The token cache must never let a disabled account or a logged-out token through."""
    user = create_user(admin, role="teacher", password="teacher-pass-1")
    with live_server.as_user(user["username"], "teacher-pass-1") as teacher:
        for _ in range(3):  # warm the cache
            assert teacher.get("/api/v1/auth/me").status_code == 200
        admin.patch(f"/api/v1/users/{user['id']}", json={"role": "parent"}).raise_for_status()
        assert teacher.get("/api/v1/auth/me").json()["role"] == "parent"
        admin.patch(f"/api/v1/users/{user['id']}", json={"status": "disabled"}).raise_for_status()
        problem(teacher.get("/api/v1/auth/me"), 401, "token_invalid")
