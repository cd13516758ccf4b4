"""Authentication through the real HTTP API: tokens, rotation, reuse, throttling,
confirmation, resets, password change."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.support import LiveServer, create_user, make_settings, problem, running_server, unique


def _login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_wrong_password_and_unknown_account_answer_the_same(anon: httpx.Client, admin: httpx.Client) -> None:
    known = create_user(admin, password="right-password-1")
    wrong = problem(_login(anon, known["username"], "wrong-password"), 401, "invalid_credentials")
    missing = problem(_login(anon, unique("nobody"), "wrong-password"), 401, "invalid_credentials")
    assert wrong["detail"] == missing["detail"] == "Identifiant ou mot de passe incorrect."


def test_login_by_email_once_confirmed(live_server: LiveServer, admin: httpx.Client, anon: httpx.Client) -> None:
    email = f"{unique('t')}@ecole.cm"
    teacher = create_user(admin, role="teacher", email=email, password="teacher-pass-1")
    assert teacher["status"] == "pending"
    problem(_login(anon, email, "teacher-pass-1"), 403, "account_pending")

    outbox = admin.get("/api/v1/outbox", params={"pending_only": True, "limit": 200}).json()["items"]
    message = next(m for m in outbox if m["to_address"] == email)
    assert "Confirmez" in message["subject"]
    token = re.search(r"\n\n(\S{20,})\n\n", message["body"]).group(1)

    confirmed = anon.post("/api/v1/auth/confirm-email", json={"token": token})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active" and confirmed.json()["email_verified"]
    assert _login(anon, email.upper(), "teacher-pass-1").status_code == 200
    problem(anon.post("/api/v1/auth/confirm-email", json={"token": token}), 400, "token_invalid_or_used")


def test_refresh_rotates_and_reuse_revokes_the_family(live_server: LiveServer, admin: httpx.Client, anon: httpx.Client) -> None:
    pupil = create_user(admin, password="pupil-pass-1")
    first = _login(anon, pupil["username"], "pupil-pass-1").json()
    second = anon.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    third = anon.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200

    # The first token comes back: somebody copied it. The whole family dies.
    problem(anon.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}), 401, "refresh_reused")
    problem(anon.post("/api/v1/auth/refresh", json={"refresh_token": third.json()["refresh_token"]}), 401, "refresh_invalid")
    headers = {"Authorization": f"Bearer {third.json()['access_token']}"}
    problem(anon.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")

    # Another login of the same pupil (another tablet) is a different family: untouched.
    other = _login(anon, pupil["username"], "pupil-pass-1").json()
    assert anon.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {other['access_token']}"}).status_code == 200


def test_access_token_expires_after_15_minutes(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        tokens = server.login(server.admin_username, server.admin_password)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        with server.client() as client:
            server.clock.advance(minutes=14, seconds=50)
            assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
            server.clock.advance(seconds=15)
            problem(client.get("/api/v1/auth/me", headers=headers), 401, "token_expired")
            # The refresh token still works and gives a fresh access token.
            fresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
            assert fresh.status_code == 200
            server.clock.advance(days=31)
            problem(client.post("/api/v1/auth/refresh", json={"refresh_token": fresh.json()["refresh_token"]}), 401, "refresh_invalid")


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer not.a.jwt", "Basic abc", "Bearer " + "a" * 500])
def test_bad_authorization_headers(anon: httpx.Client, header: str) -> None:
    response = anon.get("/api/v1/auth/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json()["code"] in ("not_authenticated", "token_invalid")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_account_throttle_progressive_then_429(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, login_free_attempts_per_account=3, login_lock_base_seconds=30)
    with running_server(settings) as server, server.client() as client:
        for _ in range(3):
            problem(_login(client, "admin", "nope"), 401, "invalid_credentials")
        # The 3rd failure locked the account name: even the right password waits.
        response = _login(client, "ADMIN", server.admin_password)  # case does not matter
        locked = problem(response, 429, "too_many_attempts")
        assert 1 <= locked["retry_after"] <= 30
        assert int(response.headers["Retry-After"]) == locked["retry_after"]
        assert "secondes" in locked["detail"]
        server.clock.advance(seconds=31)
        problem(_login(client, "admin", "nope"), 401, "invalid_credentials")
        second_lock = problem(_login(client, "admin", "nope"), 429, "too_many_attempts")
        assert second_lock["retry_after"] > 30  # the lock doubles: 60 s now
        server.clock.advance(seconds=second_lock["retry_after"] + 1)
        assert _login(client, "admin", server.admin_password).status_code == 200
        # An unknown account name is throttled exactly like a real one.
        for _ in range(3):
            problem(_login(client, "ghost", "nope"), 401, "invalid_credentials")
        problem(_login(client, "ghost", "nope"), 429, "too_many_attempts")


def test_ip_throttle(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, login_free_attempts_per_ip=4, login_lock_base_seconds=10)
    with running_server(settings) as server, server.client() as client:
        for index in range(4):
            problem(_login(client, f"someone{index}", "nope"), 401, "invalid_credentials")
        response = _login(client, "admin", server.admin_password)
        problem(response, 429, "too_many_attempts")
        assert response.headers["Retry-After"] == "10"


def test_password_reset_by_email(live_server: LiveServer, admin: httpx.Client, anon: httpx.Client) -> None:
    email = f"{unique('p')}@famille.cm"
    parent = create_user(admin, role="parent", email=email, password="old-password-1")
    admin.post(f"/api/v1/users/{parent['id']}/activate").raise_for_status()
    session = _login(anon, email, "old-password-1").json()

    accepted = anon.post("/api/v1/auth/password-reset/request", json={"username": email})
    assert accepted.status_code == 202
    unknown = anon.post("/api/v1/auth/password-reset/request", json={"username": "nobody@nowhere.cm"})
    assert unknown.status_code == 202 and unknown.json() == accepted.json()

    outbox = admin.get("/api/v1/outbox", params={"limit": 200}).json()["items"]
    message = [m for m in outbox if m["to_address"] == email and "Réinitialisation" in m["subject"]][-1]
    token = re.search(r"\n\n(\S{20,})\n\n", message["body"]).group(1)

    problem(anon.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "short"}), 422, "weak_password")
    done = anon.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "new-password-1"})
    assert done.status_code == 204, done.text
    problem(anon.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "new-password-2"}), 400, "token_invalid_or_used")
    problem(_login(anon, email, "old-password-1"), 401, "invalid_credentials")
    assert _login(anon, email, "new-password-1").status_code == 200
    # Resetting the password closed the sessions opened with the old one.
    problem(anon.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]}), 401, "refresh_invalid")


def test_admin_reset_code_activates_a_pupil_without_email(admin: httpx.Client, anon: httpx.Client) -> None:
    pupil = create_user(admin)  # imported pupils have no password yet
    assert pupil["has_password"] is False
    problem(_login(anon, pupil["username"], "anything-1"), 401, "invalid_credentials")
    issued = admin.post(f"/api/v1/users/{pupil['id']}/reset-code")
    assert issued.status_code == 201
    code = issued.json()["code"]
    assert re.fullmatch(r"\d{8}", code)

    problem(anon.post("/api/v1/auth/password-reset/confirm", json={"token": code, "new_password": "mon-mot-de-passe"}), 400, "token_invalid_or_used")
    done = anon.post("/api/v1/auth/password-reset/confirm",
                     json={"token": code, "username": pupil["username"], "new_password": "mon-mot-de-passe"})
    assert done.status_code == 204, done.text
    assert _login(anon, pupil["username"], "mon-mot-de-passe").status_code == 200


def test_change_password_keeps_this_session_and_closes_others(live_server: LiveServer, admin: httpx.Client, anon: httpx.Client) -> None:
    user = create_user(admin, role="teacher", password="first-pass-1")
    here = _login(anon, user["username"], "first-pass-1").json()
    elsewhere = _login(anon, user["username"], "first-pass-1").json()
    headers = {"Authorization": f"Bearer {here['access_token']}"}
    problem(anon.post("/api/v1/auth/me/password", headers=headers,
                      json={"current_password": "wrong", "new_password": "second-pass-2"}), 400, "wrong_password")
    changed = anon.post("/api/v1/auth/me/password", headers=headers,
                        json={"current_password": "first-pass-1", "new_password": "second-pass-2"})
    assert changed.status_code == 204
    assert anon.get("/api/v1/auth/me", headers=headers).status_code == 200
    problem(anon.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {elsewhere['access_token']}"}), 401, "token_invalid")
    assert _login(anon, user["username"], "second-pass-2").status_code == 200


def test_profile_update_and_self_delete_anonymises(live_server: LiveServer, admin: httpx.Client, anon: httpx.Client) -> None:
    user = create_user(admin, role="parent", password="parent-pass-1", phone="+237 677 00 00 00")
    tokens = _login(anon, user["username"], "parent-pass-1").json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    patched = anon.patch("/api/v1/auth/me", headers=headers, json={"locale": "en", "phone": "+237690000000"})
    assert patched.status_code == 200 and patched.json()["locale"] == "en"

    assert anon.delete("/api/v1/auth/me", headers=headers).status_code == 204
    problem(anon.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")
    kept = admin.get(f"/api/v1/users/{user['id']}").json()
    assert kept["username"].startswith("deleted-")
    assert kept["phone"] is None and kept["email"] is None and kept["first_name"] == "—"
    events = admin.get("/api/v1/audit-events", params={"target_id": user["id"], "action": "user.deleted"}).json()
    assert len(events["items"]) == 1


def test_pupil_cannot_rename_themself(live_server: LiveServer, admin: httpx.Client) -> None:
    user = create_user(admin, password="pupil-pass-1")
    with live_server.as_user(user["username"], "pupil-pass-1") as pupil:
        problem(pupil.patch("/api/v1/auth/me", json={"last_name": "Autre"}), 403, "forbidden")
        assert pupil.patch("/api/v1/auth/me", json={"locale": "en"}).status_code == 200


def test_my_permissions(live_server: LiveServer, admin: httpx.Client) -> None:
    perms = admin.get("/api/v1/auth/me/permissions").json()["permissions"]
    assert "attendance.create_qr_session" in perms and "users.manage" in perms


def test_guessing_the_current_password_is_throttled(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, login_free_attempts_per_account=3, login_lock_base_seconds=60)
    with running_server(settings) as server, server.as_admin() as admin:
        body = {"current_password": "guess", "new_password": "whatever-123"}
        for _ in range(3):
            problem(admin.post("/api/v1/auth/me/password", json=body), 400, "wrong_password")
        problem(admin.post("/api/v1/auth/me/password", json={**body, "current_password": server.admin_password}), 429, "too_many_attempts")
