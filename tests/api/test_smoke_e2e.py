"""The foundation's end-to-end path through a real uvicorn: login, refresh, a protected
call, logout."""

from __future__ import annotations

from tests.support import LiveServer, problem


def test_login_refresh_protected_call_logout(live_server: LiveServer) -> None:
    with live_server.client() as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"username": live_server.admin_username, "password": live_server.admin_password},
        )
        assert login.status_code == 200, login.text
        tokens = login.json()
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 15 * 60
        assert tokens["user"]["role"] == "admin"

        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert me.status_code == 200
        assert me.json()["username"] == live_server.admin_username

        refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert refreshed.status_code == 200, refreshed.text
        new = refreshed.json()
        assert new["refresh_token"] != tokens["refresh_token"]
        headers = {"Authorization": f"Bearer {new['access_token']}"}
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200

        out = client.post("/api/v1/auth/logout", json={"refresh_token": new["refresh_token"]}, headers=headers)
        assert out.status_code == 204
        problem(client.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")
        problem(client.post("/api/v1/auth/refresh", json={"refresh_token": new["refresh_token"]}), 401, "refresh_invalid")
