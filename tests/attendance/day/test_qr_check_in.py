"""Personal QR sessions and the double scan (arrival, departure), through the HTTP API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.attendance.day.helpers import check_in, douala, qr_token, set_time, wait_for_jobs
from tests.support import (
    LiveServer,
    create_user,
    make_settings,
    problem,
    running_server,
    user_with_password,
)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LiveServer]:
    with running_server(make_settings(tmp_path)) as server:
        wait_for_jobs(server)
        yield server


# -- refusals of a token -----------------------------------------------------------------------


def test_unknown_token_is_qr_session_unknown(admin: httpx.Client) -> None:
    problem(check_in(admin, "not-a-token-we-made"), 404, "qr_session_unknown")


def test_used_token_is_qr_session_used(admin: httpx.Client) -> None:
    person = create_user(admin, role="teacher")
    token = qr_token(admin, person["id"])["token"]
    assert check_in(admin, token).status_code == 200
    problem(check_in(admin, token), 409, "qr_session_used")


def test_expired_token_is_qr_session_expired(own_server: LiveServer) -> None:
    # Made ten minutes ago (the clock goes back: a login ahead of the OS clock is refused).
    own_server.clock.advance(minutes=-10)
    with own_server.as_admin() as admin:
        person = create_user(admin, role="teacher")
        session = qr_token(admin, person["id"], minutes=1)
    assert session["status"] == "pending"
    own_server.clock.advance(minutes=10)
    with own_server.as_admin() as admin:
        problem(check_in(admin, session["token"]), 410, "qr_session_expired")
        assert admin.get(f"/api/v1/attendance/qr-sessions/{session['id']}").json()["status"] == (
            "expired"
        )


def test_qr_session_minutes_are_1_to_60_default_5(admin: httpx.Client) -> None:
    person = create_user(admin, role="teacher")
    for minutes in (0, 61):
        response = admin.post(
            "/api/v1/attendance/qr-sessions", json={"user_id": person["id"], "minutes": minutes}
        )
        problem(response, 422, "validation_error")
    made = qr_token(admin, person["id"])
    from datetime import datetime

    lifetime = datetime.fromisoformat(made["expires_at"]) - datetime.fromisoformat(
        made["created_at"]
    )
    assert lifetime.total_seconds() == 300
    assert made["qr_data"].endswith(made["token"])
    read = admin.get(f"/api/v1/attendance/qr-sessions/{made['id']}").json()
    assert read["status"] == "pending" and "token" not in read
    # The token in the QR data works as well as the bare token.
    assert check_in(admin, made["qr_data"]).json()["result"] == "check_in"
    assert admin.get(f"/api/v1/attendance/qr-sessions/{made['id']}").json()["status"] == "used"


def test_creating_a_qr_session_needs_the_permission(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    person = create_user(admin, role="teacher")
    operator, client = user_with_password(live_server, admin, role="teacher")
    with client:
        response = client.post("/api/v1/attendance/qr-sessions", json={"user_id": person["id"]})
        problem(response, 403, "permission_required")
        granted = admin.post(
            f"/api/v1/users/{operator['id']}/permissions",
            json={"code": "attendance.create_qr_session"},
        )
        assert granted.status_code == 200, granted.text
        response = client.post("/api/v1/attendance/qr-sessions", json={"user_id": person["id"]})
        assert response.status_code == 201, response.text


def test_someone_elses_token_is_refused(live_server: LiveServer, admin: httpx.Client) -> None:
    person = create_user(admin, role="teacher")
    token = qr_token(admin, person["id"])["token"]
    _, other = user_with_password(live_server, admin, role="student")
    with other:
        problem(check_in(other, token), 403, "qr_session_not_yours")


def test_the_person_scans_their_own_token(live_server: LiveServer, admin: httpx.Client) -> None:
    person, client = user_with_password(live_server, admin, role="teacher")
    token = qr_token(admin, person["id"])["token"]
    with client:
        body = check_in(client, token, location="Portail", notes="à pied").json()
    assert body["result"] == "check_in" and body["user_id"] == person["id"]


# -- the double scan ---------------------------------------------------------------------------


def _scan_at(server: LiveServer, person_id: str, moment, lang: str = "fr") -> httpx.Response:  # noqa: ANN001
    set_time(server, moment)
    with server.as_admin() as admin:  # a fresh login: the access token follows the clock
        token = qr_token(admin, person_id)["token"]
        return check_in(admin, token, lang)


def test_arrival_departure_then_already_checked_out_in_french(own_server: LiveServer) -> None:
    with own_server.as_admin() as admin:
        person = create_user(admin, role="teacher")
    first = _scan_at(own_server, person["id"], douala(2025, 3, 4, 7, 42))
    assert first.status_code == 200, first.text
    assert first.json()["result"] == "check_in"
    assert first.json()["display"] == "green"
    assert first.json()["message"] == "Arrivée enregistrée à 07:42"
    second = _scan_at(own_server, person["id"], douala(2025, 3, 4, 16, 5))
    assert second.status_code == 200, second.text
    assert second.json()["result"] == "check_out"
    assert second.json()["message"] == "Sortie enregistrée à 16:05 (8,38 h)"
    assert second.json()["hours"] == 8.38
    third = _scan_at(own_server, person["id"], douala(2025, 3, 4, 16, 30))
    body = problem(third, 409, "already_checked_out")
    assert body["detail"] == ("Vous avez déjà pointé aujourd'hui (arrivée : 07:42, sortie : 16:05)")
    assert body["check_in"] == "07:42" and body["check_out"] == "16:05"
    with own_server.as_admin() as admin:
        records = admin.get(
            "/api/v1/attendance/day-records", params={"user_id": person["id"]}
        ).json()["items"]
    assert len(records) == 1
    assert records[0]["day"] == "2025-03-04" and records[0]["hours"] == 8.38
    assert records[0]["automatic_check_out"] is False


def test_messages_in_english_with_a_decimal_point(own_server: LiveServer) -> None:
    with own_server.as_admin() as admin:
        person = create_user(admin, role="teacher")
    first = _scan_at(own_server, person["id"], douala(2025, 3, 5, 7, 42), "en")
    assert first.json()["message"] == "Arrival recorded at 07:42"
    second = _scan_at(own_server, person["id"], douala(2025, 3, 5, 16, 5), "en")
    assert second.json()["message"] == "Departure recorded at 16:05 (8.38 h)"
    third = _scan_at(own_server, person["id"], douala(2025, 3, 5, 17, 0), "en")
    body = problem(third, 409, "already_checked_out")
    assert "arrival: 07:42, departure: 16:05" in body["detail"]


def test_departure_sooner_than_the_minimum_is_too_soon(own_server: LiveServer) -> None:
    with own_server.as_admin() as admin:
        person = create_user(admin, role="teacher")
    assert _scan_at(own_server, person["id"], douala(2025, 3, 6, 7, 0)).status_code == 200
    body = problem(_scan_at(own_server, person["id"], douala(2025, 3, 6, 7, 45)), 409, "too_soon")
    assert body["check_in"] == "07:00" and body["check_out"] is None
    assert "60 min" in body["detail"]
    # After the minimum, the departure is accepted (the refused scan did not count).
    later = _scan_at(own_server, person["id"], douala(2025, 3, 6, 8, 1))
    assert later.json()["result"] == "check_out"


def test_day_boundary_is_the_schools_timezone(own_server: LiveServer) -> None:
    """23:30 UTC is already 00:30 the next day in Douala (UTC+1)."""
    from datetime import UTC, datetime

    with own_server.as_admin() as admin:
        person = create_user(admin, role="teacher")
    evening = _scan_at(own_server, person["id"], datetime(2025, 3, 9, 22, 30, tzinfo=UTC))
    assert evening.json()["day"] == "2025-03-09" and evening.json()["result"] == "check_in"
    after_midnight = _scan_at(own_server, person["id"], datetime(2025, 3, 9, 23, 30, tzinfo=UTC))
    # A new day: an arrival again, not a departure an hour later.
    assert after_midnight.json()["day"] == "2025-03-10"
    assert after_midnight.json()["result"] == "check_in"
    assert after_midnight.json()["message"] == "Arrivée enregistrée à 00:30"
