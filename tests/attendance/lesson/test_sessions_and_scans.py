"""Lesson attendance through the real HTTP API: opening sessions, the display, every scan
refusal in its own test, idempotence, typed codes, corrections, closing."""

from __future__ import annotations

from pathlib import Path

from lan_server.attendance import codes
from lan_server.attendance.lesson.scans import NAMESPACE_MARK
from lan_server.models import AttendanceMark, ScanAttempt
from tests.attendance.lesson.conftest import (
    ClassWorld,
    build_world,
    close_world,
    current_slot,
    device,
    nonce,
    qr_url,
    settle,
    typed,
)
from tests.support import create_user, make_settings, problem, running_server

SESSIONS = "/api/v1/attendance/sessions"
SCAN = "/api/v1/attendance/scan"
PERIOD = 60  # long slots: the tests do not race the slot boundary


def _scan(world: ClassWorld, pupil: int, display: dict, slot: int | None = None, **fields):
    if slot is None:
        slot = current_slot(world.server, display["period_seconds"])
    body = {"url": qr_url(world.server, display, slot), "nonce": nonce(), "device_id": device()}
    body.update(fields)
    return world.pupil_client(pupil).post(SCAN, json=body)


def _attempts(world: ClassWorld, session_id: str) -> list[dict]:
    response = world.teacher_client.get(f"{SESSIONS}/{session_id}/attempts")
    assert response.status_code == 200, response.text
    return response.json()


# -- opening --------------------------------------------------------------------------------


def test_the_lessons_teacher_opens_a_session_with_school_defaults(world: ClassWorld) -> None:
    lesson = world.new_lesson()
    response = world.teacher_client.post(SESSIONS, json={"lesson_id": lesson["id"]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["lesson_id"] == lesson["id"]
    assert body["class_id"] == world.class_["id"]
    assert body["period_seconds"] == 10
    assert body["is_open"] is True and body["paused"] is False
    assert body["enrolled_count"] == len(world.pupils)
    assert body["marked_count"] == 0
    assert len(body["short_code"]) == 8
    assert "secret" not in body


def test_another_teacher_cannot_open_the_session(world: ClassWorld) -> None:
    lesson = world.new_lesson()
    response = world.other_teacher_client.post(SESSIONS, json={"lesson_id": lesson["id"]})
    assert response.status_code == 403, response.text


def test_a_pupil_cannot_open_a_session(world: ClassWorld) -> None:
    lesson = world.new_lesson()
    problem(
        world.pupil_client(0).post(SESSIONS, json={"lesson_id": lesson["id"]}),
        403,
        "permission_required",
    )


def test_one_open_session_per_lesson(world: ClassWorld) -> None:
    lesson = world.new_lesson()
    assert world.teacher_client.post(SESSIONS, json={"lesson_id": lesson["id"]}).status_code == 201
    problem(
        world.admin.post(SESSIONS, json={"lesson_id": lesson["id"]}),
        409,
        "attendance_session_already_open",
    )


def test_the_period_is_bounded(world: ClassWorld) -> None:
    lesson = world.new_lesson()
    for period in (4, 61):
        problem(
            world.teacher_client.post(
                SESSIONS, json={"lesson_id": lesson["id"], "period_seconds": period}
            ),
            422,
            "validation_error",
        )


def test_list_and_get_sessions(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    listed = world.teacher_client.get(SESSIONS, params={"lesson_id": opened["lesson_id"]}).json()
    assert [s["id"] for s in listed["items"]] == [opened["id"]]
    open_ids = {
        s["id"]
        for s in world.teacher_client.get(
            SESSIONS, params={"class_id": world.class_["id"], "open": True, "limit": 200}
        ).json()["items"]
    }
    assert opened["id"] in open_ids
    assert world.teacher_client.get(f"{SESSIONS}/{opened['id']}").json()["id"] == opened["id"]
    assert (
        world.other_teacher_client.get(SESSIONS, params={"lesson_id": opened["lesson_id"]}).json()[
            "items"
        ]
        == []
    )
    assert world.other_teacher_client.get(f"{SESSIONS}/{opened['id']}").status_code == 403


# -- display --------------------------------------------------------------------------------


def test_the_display_gives_what_the_projector_needs(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    secret = bytes.fromhex(display["secret"])
    assert len(secret) == 32
    assert display["period_seconds"] == PERIOD
    slot = display["slot"]
    assert slot == display["server_time_ms"] // 1000 // PERIOD
    session_id = codes.uuid.UUID(opened["id"])
    assert display["code"] == codes.slot_code(secret, session_id, slot)
    assert display["typed_code"] == codes.typed_code(secret, session_id, slot)
    assert len(display["typed_code"]) == 6 and display["typed_code"].isdigit()
    assert display["url"] == f"{world.server.url}/a/{opened['short_code']}/{slot}/{display['code']}"
    assert codes.parse_scan_url(display["url"]) is not None
    assert 0 <= display["next_rotation_ms"] <= PERIOD * 1000
    assert display["class_name"] == world.class_["name"]
    assert display["subject_name"] == "Mathématiques"
    assert display["enrolled_count"] == len(world.pupils)
    assert world.pupil_client(0).get(f"{SESSIONS}/{opened['id']}/display").status_code == 403


# -- scans ----------------------------------------------------------------------------------


def test_a_scan_marks_present_and_a_second_scan_is_idempotent(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    dev = device()
    first = _scan(world, 0, display, device_id=dev)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["result"] == "marked" and body["already_marked"] is False
    assert body["status"] == "present" and body["slot_age"] == 0
    again = _scan(world, 0, display, device_id=device())
    assert again.status_code == 200, again.text
    assert again.json()["already_marked"] is True
    assert again.json()["marked_at"] == body["marked_at"]
    with world.server.ctx.db.read_session() as session:
        marks = [
            (m.id, m.device_id, m.source)
            for m in session.query(AttendanceMark).filter_by(
                session_id=codes.uuid.UUID(opened["id"])
            )
        ]
    assert marks == [
        (codes.uuid.uuid5(NAMESPACE_MARK, f"{opened['id']}:{world.pupils[0]['id']}"), dev, "qr")
    ]
    assert [a["result"] for a in _attempts(world, opened["id"])] == ["already_marked", "marked"]
    # A pupil scanning twice is not refused: the roster counts no refused scan.
    assert world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").json()[
        "refused_count"
    ] == 0


def test_a_scan_after_the_threshold_is_late(tmp_path: Path) -> None:
    with running_server(make_settings(tmp_path)) as server:
        world = build_world(server, pupils=2)
        try:
            opened = world.open(period_seconds=PERIOD, late_after_minutes=5)
            # Log in before moving the clock: PyJWT checks "iat" against the OS clock.
            world.pupil_client(1)
            settle(server, PERIOD)
            display = world.display(opened["id"])
            assert _scan(world, 0, display).json()["status"] == "present"
            server.clock.advance(minutes=6)
            settle(server, PERIOD)
            late = _scan(world, 1, display)
            assert late.status_code == 200, late.text
            assert late.json()["status"] == "late"
        finally:
            close_world(world)


def test_the_previous_slot_is_accepted(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    slot = current_slot(world.server, PERIOD) - 1
    response = _scan(world, 1, display, slot=slot)
    assert response.status_code == 200, response.text
    assert response.json()["slot_age"] == 1


def test_two_slots_back_is_expired(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    display = world.display(opened["id"])
    problem(
        _scan(world, 1, display, slot=current_slot(world.server, PERIOD) - 2), 400, "qr_expired"
    )
    assert _attempts(world, opened["id"])[0]["result"] == "qr_expired"
    # The roster counts it, so the teacher's screen knows to read the refused scans again.
    roster = world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").json()
    assert roster["refused_count"] == 1


def test_a_slot_far_in_the_future_is_expired(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD, margin=5)
    display = world.display(opened["id"])
    problem(
        _scan(world, 1, display, slot=current_slot(world.server, PERIOD) + 1), 400, "qr_expired"
    )


def test_a_wrong_code_is_invalid(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    slot = current_slot(world.server, PERIOD)
    url = f"{world.server.url}/a/{opened['short_code']}/{slot}/{'A' * 16}"
    problem(
        world.pupil_client(1).post(
            SCAN, json={"url": url, "nonce": nonce(), "device_id": device()}
        ),
        400,
        "qr_invalid",
    )
    problem(
        world.pupil_client(1).post(
            SCAN, json={"url": "https://example.com/x", "nonce": nonce(), "device_id": device()}
        ),
        400,
        "qr_invalid",
    )
    assert _attempts(world, opened["id"])[0]["result"] == "qr_invalid"


def test_a_closed_session_refuses(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    assert world.teacher_client.post(f"{SESSIONS}/{opened['id']}/close").status_code == 200
    problem(_scan(world, 1, display), 409, "session_closed")
    assert _attempts(world, opened["id"])[0]["result"] == "session_closed"


def test_a_paused_session_refuses_until_resumed(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    paused = world.teacher_client.patch(f"{SESSIONS}/{opened['id']}", json={"paused": True})
    assert paused.status_code == 200 and paused.json()["paused"] is True
    body = problem(_scan(world, 1, display), 409, "session_closed")
    assert body["paused"] is True
    world.teacher_client.patch(
        f"{SESSIONS}/{opened['id']}", json={"paused": False}
    ).raise_for_status()
    assert _scan(world, 1, display).status_code == 200


def test_a_pupil_of_another_class_is_not_enrolled(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    with world.server.as_user(world.outsider["username"], "lesson-pass-1") as outsider:
        body = {"url": display["url"], "nonce": nonce(), "device_id": device()}
        problem(outsider.post(SCAN, json=body), 403, "not_enrolled")
    attempt = _attempts(world, opened["id"])[0]
    assert attempt["result"] == "not_enrolled" and attempt["pupil_id"] == world.outsider["id"]


def test_a_scan_from_outside_the_school_network_is_refused(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD, allowed_networks=["10.9.0.0/16"])
    assert opened["allowed_networks"] == ["10.9.0.0/16"]
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    problem(_scan(world, 1, display), 403, "outside_network")
    attempt = _attempts(world, opened["id"])[0]
    assert attempt["result"] == "outside_network" and attempt["ip"] == "127.0.0.1"


def test_one_device_cannot_mark_two_pupils(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    shared = device()
    assert _scan(world, 2, display, device_id=shared).status_code == 200
    problem(_scan(world, 3, display, device_id=shared), 409, "device_already_used")
    assert _attempts(world, opened["id"])[0]["result"] == "device_already_used"


def test_a_flood_from_one_device_is_rate_limited(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    display = world.display(opened["id"])
    flood = device()
    statuses = []
    for _ in range(21):
        response = _scan(
            world, 4, display, slot=current_slot(world.server, PERIOD) - 5, device_id=flood
        )
        statuses.append(response.status_code)
    assert statuses[:20] == [400] * 20
    body = problem(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) >= 1
    assert body["retry_after"] >= 1
    assert _attempts(world, opened["id"])[0]["result"] == "rate_limited"
    # Another device of the same pupil is not limited.
    assert _scan(world, 4, display, device_id=device()).status_code == 200


def test_the_same_nonce_twice_is_one_scan(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    body = {"url": display["url"], "nonce": nonce(), "device_id": device()}
    first = world.pupil_client(5).post(SCAN, json=body)
    second = world.pupil_client(5).post(SCAN, json=body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["already_marked"] is False
    assert len(_attempts(world, opened["id"])) == 1
    # A refusal replays as the same refusal, logged once.
    refused = {
        "url": qr_url(world.server, display, current_slot(world.server, PERIOD) - 3),
        "nonce": nonce(),
        "device_id": device(),
    }
    problem(world.pupil_client(6).post(SCAN, json=refused), 400, "qr_expired")
    problem(world.pupil_client(6).post(SCAN, json=refused), 400, "qr_expired")
    assert len(_attempts(world, opened["id"])) == 2


def test_the_typed_code_marks_like_the_qr(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    slot = current_slot(world.server, PERIOD)
    wrong = str((int(typed(display, slot)) + 1) % 10**6).zfill(6)
    wrong = wrong if wrong != typed(display, slot - 1) else str((int(wrong) + 1) % 10**6).zfill(6)
    problem(
        world.pupil_client(6).post(
            SCAN,
            json={
                "short_code": opened["short_code"].lower(),
                "typed_code": wrong,
                "nonce": nonce(),
                "device_id": device(),
            },
        ),
        400,
        "qr_invalid",
    )
    response = world.pupil_client(6).post(
        SCAN,
        json={
            "short_code": opened["short_code"],
            "typed_code": typed(display, slot - 1),
            "nonce": nonce(),
            "device_id": device(),
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["slot_age"] == 1
    by_id = world.pupil_client(7).post(
        SCAN,
        json={
            "session_id": opened["id"],
            "typed_code": typed(display, slot),
            "nonce": nonce(),
            "device_id": device(),
        },
    )
    assert by_id.status_code == 200, by_id.text
    roster = world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").json()
    sources = {p["pupil_id"]: p["mark"]["source"] for p in roster["pupils"] if p["mark"]}
    assert sources[world.pupils[6]["id"]] == sources[world.pupils[7]["id"]] == "typed"


def test_session_slot_and_code_as_fields(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    response = world.pupil_client(3).post(
        SCAN,
        json={
            "session_id": opened["id"],
            "slot": display["slot"],
            "code": display["code"].lower(),
            "nonce": nonce(),
            "device_id": device(),
        },
    )
    assert response.status_code == 200, response.text


def test_a_scan_needs_a_login(anon) -> None:
    problem(
        anon.post(SCAN, json={"url": "x", "nonce": "n", "device_id": "d"}), 401, "not_authenticated"
    )


# -- roster, corrections, closing -------------------------------------------------------------


def test_corrections_are_audited(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    assert _scan(world, 0, display).status_code == 200
    pupil = world.pupils[0]["id"]
    corrected = world.teacher_client.put(
        f"{SESSIONS}/{opened['id']}/marks/{pupil}", json={"status": "late", "note": "arrivé 8h20"}
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["status"] == "late" and corrected.json()["note"] == "arrivé 8h20"
    unmarked = world.pupils[1]["id"]
    excused = world.teacher_client.put(
        f"{SESSIONS}/{opened['id']}/marks/{unmarked}", json={"status": "excused"}
    )
    assert excused.status_code == 200 and excused.json()["source"] == "teacher"
    events = world.admin.get(
        "/api/v1/audit-events", params={"action": "attendance.mark_corrected", "limit": 200}
    ).json()["items"]
    mine = [e for e in events if e["details"].get("session_id") == opened["id"]]
    assert {(e["details"]["from"], e["details"]["to"]) for e in mine} == {
        ("present", "late"),
        (None, "excused"),
    }
    assert all(e["details"]["by"] == world.teacher["id"] for e in mine)
    problem(
        world.teacher_client.put(
            f"{SESSIONS}/{opened['id']}/marks/{world.outsider['id']}", json={"status": "present"}
        ),
        404,
        "pupil_not_in_class",
    )
    assert (
        world.other_teacher_client.put(
            f"{SESSIONS}/{opened['id']}/marks/{pupil}", json={"status": "absent"}
        ).status_code
        == 403
    )
    assert (
        world.pupil_client(0)
        .put(f"{SESSIONS}/{opened['id']}/marks/{pupil}", json={"status": "present"})
        .status_code
        == 403
    )


def test_closing_marks_the_rest_absent(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    assert _scan(world, 0, display).status_code == 200
    closed = world.teacher_client.post(f"{SESSIONS}/{opened['id']}/close")
    assert closed.status_code == 200, closed.text
    assert closed.json()["is_open"] is False and closed.json()["closed_at"]
    roster = world.teacher_client.get(f"{SESSIONS}/{opened['id']}/roster").json()
    statuses = {p["pupil_id"]: (p["mark"]["status"], p["mark"]["source"]) for p in roster["pupils"]}
    assert statuses.pop(world.pupils[0]["id"]) == ("present", "qr")
    assert set(statuses.values()) == {("absent", "closing")}
    assert len(statuses) == len(world.pupils) - 1
    # Idempotent, and the lesson may be opened again.
    assert world.teacher_client.post(f"{SESSIONS}/{opened['id']}/close").status_code == 200
    assert (
        world.teacher_client.post(SESSIONS, json={"lesson_id": opened["lesson_id"]}).status_code
        == 201
    )
    # A teacher still corrects a closed session's mark.
    fixed = world.teacher_client.put(
        f"{SESSIONS}/{opened['id']}/marks/{world.pupils[1]['id']}", json={"status": "excused"}
    )
    assert fixed.status_code == 200 and fixed.json()["status"] == "excused"


def test_refused_scans_and_marks_are_all_logged(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    _scan(world, 0, display)
    _scan(world, 1, display, slot=current_slot(world.server, PERIOD) - 4)
    with world.server.ctx.db.read_session() as session:
        rows = [
            (r.result, r.ip, r.device_id, r.nonce)
            for r in session.query(ScanAttempt).filter_by(session_id=codes.uuid.UUID(opened["id"]))
        ]
    assert sorted(r[0] for r in rows) == ["marked", "qr_expired"]
    assert all(r[1] == "127.0.0.1" and r[2] and r[3] for r in rows)
    refused = world.teacher_client.get(
        f"{SESSIONS}/{opened['id']}/attempts", params={"refused_only": True}
    ).json()
    assert [a["result"] for a in refused] == ["qr_expired"]
    assert refused[0]["pupil_name"]


def test_a_pupil_changing_device_ids_is_rate_limited_too(world: ClassWorld) -> None:
    opened = world.open(period_seconds=PERIOD)
    pupil = create_user(world.admin, password="lesson-pass-1")
    with world.server.as_user(pupil["username"], "lesson-pass-1") as guesser:
        statuses = [
            guesser.post(
                SCAN,
                json={
                    "short_code": opened["short_code"],
                    "typed_code": f"{i:06d}",
                    "nonce": nonce(),
                    "device_id": device(),
                },
            ).status_code
            for i in range(41)
        ]
    assert 429 not in statuses[:40]
    assert statuses[40] == 429
