"""ApiClient against a real server: login, invisible refresh, re-login replay, errors,
reachability, files."""

from __future__ import annotations

import uuid

import httpx

from ecep_desktop.api import API, ApiClient
from tests.desktop.support import (
    PASSWORD,
    api_client,
    logged_in_api,
    wait_call,
    wait_error,
    wait_ok,
)
from tests.support import free_port


def test_login_sets_the_user_and_calls_carry_the_token(qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, user):
        assert api.is_logged_in
        assert api.me["username"] == user["username"]
        me = wait_ok(qtbot, api.get(f"{API}/auth/me"))
        assert me["id"] == user["id"]
        assert me["role"] == "teacher"


def test_wrong_password_is_a_problem_in_the_ui_language(qtbot, own_server, own_admin):
    with api_client(own_server.url, language="en") as api:
        english = wait_error(qtbot, api.login("admin", "not-the-password"))
        api.set_language("fr")
        french = wait_error(qtbot, api.login("admin", "not-the-password"))
    assert (english.status, english.code) == (401, "invalid_credentials")
    assert french.code == "invalid_credentials"
    assert english.detail and french.detail and english.detail != french.detail
    assert not english.unreachable


def test_problem_fields_not_found_and_validation(qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="admin") as (api, _user):
        missing = wait_error(qtbot, api.get(f"{API}/users/{uuid.uuid4()}"))
        invalid = wait_error(qtbot, api.post(f"{API}/users", {"username": ""}))
    assert (missing.status, missing.code) == (404, "user_not_found")
    assert (invalid.status, invalid.code) == (422, "validation_error")
    assert any("username" in str(e.get("field")) for e in invalid.errors), invalid.errors


def test_expired_access_token_is_refreshed_invisibly_once_for_many_calls(
        qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, user):
        first_refresh_token = api._refresh_token
        own_server.clock.advance(minutes=16)  # past the 15-minute access token
        calls = [api.get(f"{API}/auth/me") for _ in range(6)]
        results = [wait_ok(qtbot, call) for call in calls]
        assert all(result["id"] == user["id"] for result in results)
        assert api.refresh_count == 1
        assert api._refresh_token != first_refresh_token
    # The old refresh token was rotated away: presenting it again is refused as a replay.
    with httpx.Client(base_url=own_server.url) as client:
        replay = client.post(f"{API}/auth/refresh", json={"refresh_token": first_refresh_token})
    assert replay.status_code == 401
    assert replay.json()["code"] == "refresh_reused"


def test_session_expired_parks_calls_and_replays_them_after_login(qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, user):
        own_server.clock.advance(days=31)  # past the refresh token too
        with qtbot.wait_signal(api.session_expired, timeout=15_000):
            parked = api.get(f"{API}/auth/me")
        assert api.session_is_expired
        later = api.get(f"{API}/auth/me")  # made while expired: parked without a request
        qtbot.wait(200)
        assert not parked.done and not later.done
        wait_ok(qtbot, api.login(user["username"], PASSWORD))
        assert wait_ok(qtbot, parked)["id"] == user["id"]
        assert wait_ok(qtbot, later)["id"] == user["id"]


def test_another_user_logging_in_does_not_receive_parked_calls(qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, _user):
        own_server.clock.advance(days=31)
        with qtbot.wait_signal(api.session_expired, timeout=15_000):
            parked = api.get(f"{API}/auth/me")
        wait_ok(qtbot, api.login(own_server.admin_username, own_server.admin_password))
        error = wait_error(qtbot, parked)
    assert error.code == "session_expired"


def test_unreachable_server_fails_calls_and_signals(qtbot):
    with api_client(f"http://127.0.0.1:{free_port()}") as api:
        with qtbot.wait_signal(api.reachability_changed, timeout=10_000) as signal:
            call = api.get(f"{API}/info", auth=False)
        assert signal.args == [False]
        error = wait_error(qtbot, call)
    assert error.unreachable and error.status == 0 and error.code == "unreachable"
    assert error.detail


def test_reachability_check_against_a_live_server(qtbot, own_server):
    with api_client(own_server.url) as api:
        with qtbot.wait_signal(api.reachability_changed, timeout=10_000) as signal:
            wait_ok(qtbot, api.check_reachability())
        assert signal.args == [True]
        assert api.reachable is True


def test_bytes_and_multipart_upload(qtbot, own_server, own_admin):
    with logged_in_api(qtbot, own_server, own_admin, role="admin") as (api, _user):
        csv_call = api.get_bytes(f"{API}/pupils/export.csv")
        exported = wait_ok(qtbot, csv_call)
        assert isinstance(exported, bytes) and exported
        assert csv_call.headers["content-type"].startswith("text/csv")
        content = "Nom;Prénom;Sexe;Date de naissance;Classe;Matricule;Téléphone du parent\r\n"
        content += "Mbarga;Jean;M;03/04/2016;Classe fantôme;M-1;\r\n"
        report = wait_ok(qtbot, api.upload(
            f"{API}/pupils/import", field_name="file", filename="élèves.csv",
            content=content.encode(), content_type="text/csv", params={"dry_run": "true"},
        ))
    assert report["dry_run"] is True and report["total_rows"] == 1
    assert [e["code"] for e in report["errors"]] == ["csv.unknown_class"]


def test_results_arrive_on_the_gui_thread(qtbot, own_server):
    from PySide6.QtCore import QThread

    seen = []
    with api_client(own_server.url) as api:
        call = api.get(f"{API}/info", auth=False)
        call.succeeded.connect(lambda _body: seen.append(QThread.currentThread()))
        wait_call(qtbot, call)
        assert seen == [api.thread()]


def test_closed_client_is_not_used_again(qtbot, own_server):
    api = ApiClient(own_server.url)
    api.close()
    error = wait_error(qtbot, api.get(f"{API}/info", auth=False))
    assert error.unreachable
    api.deleteLater()
