"""The projector window against the real test server: its image is grabbed and decoded
like a phone would, the decoded URL is posted as a pupil, and the window shows the mark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ecep_desktop.teacher.codes import SessionSecret
from tests.desktop.support import wait_ok
from tests.desktop.teacher.support import (
    PUPIL_PASSWORD,
    SIZE_HINTS_WARNING,
    WAIT_MS,
    open_projector,
    read_screen,
    teacher_world,
)
from tests.support import create_user

pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS_WARNING)
PERIOD = 10


def test_a_pupil_scanning_the_projected_qr_appears_within_two_seconds(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        assert window.heading.text() == f"{world.class_['name']} — {world.subject['name']}"
        assert window.count.text() == "0 / 3 marked"

        url = read_screen(window)
        assert url == window.current.url
        assert url.startswith(f"{live_server.url}/a/{session['short_code']}/")
        # The typed code shown is the one the server computes for the same slot.
        display = wait_ok(qtbot, world.api.get(
            f"/api/v1/attendance/sessions/{session['id']}/display"))
        secret = SessionSecret.from_display(display)
        assert window.typed_code.text().replace(" ", "") == \
            secret.codes(window.current.slot).typed_code

        response = world.scan(0, url)
        assert response.status_code == 200, response.text
        assert response.json()["result"] == "marked"

        qtbot.waitUntil(lambda: "Mireille Ewane" in window.latest.text(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.count.text() == "1 / 3 marked", timeout=WAIT_MS)
        row = window.roster.model.row_of(world.pupils[0]["id"])
        status = window.roster.model.index(row, 1).data()
        assert status == "Present"


def test_pause_shows_paused_and_scans_are_refused(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        url = read_screen(window)

        qtbot.keyClick(window, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: window.session.paused, timeout=WAIT_MS)
        assert window.state.text() == "Paused"
        assert window.qr.text == ""
        assert window.pause_button.text() == "Resume"
        refused = world.scan(0, url)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "session_closed"

        window.pause_button.click()
        qtbot.waitUntil(lambda: not window.session.paused, timeout=WAIT_MS)
        assert window.state.text() == ""
        accepted = world.scan(0, read_screen(window))
        assert accepted.status_code == 200, accepted.text


def test_closing_asks_first_then_shows_the_summary(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        url = read_screen(window)
        assert world.scan(0, url).status_code == 200
        outsider = create_user(admin, password=PUPIL_PASSWORD)  # not in the class
        with live_server.as_user(outsider["username"], PUPIL_PASSWORD) as phone:
            refused = phone.post("/api/v1/attendance/scan", json={
                "url": url, "nonce": "n-outsider", "device_id": "phone-outsider"})
        assert refused.json()["code"] == "not_enrolled"

        qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.confirm_box is not None
                        and window.confirm_box.isVisible(), timeout=WAIT_MS)
        window.confirm_box.button(QMessageBox.StandardButton.No).click()
        qtbot.waitUntil(lambda: window.confirm_box is None, timeout=WAIT_MS)
        assert window.session.is_open
        assert world.roster(session["id"])["is_open"]

        window.close_session_button.click()
        qtbot.waitUntil(lambda: window.confirm_box is not None, timeout=WAIT_MS)
        window.confirm_box.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: window.centre.currentWidget() is window.summary_panel,
                        timeout=WAIT_MS)
        assert not world.roster(session["id"])["is_open"]
        values = {key: label.text() for key, label in window.summary_panel.values.items()}
        assert values["present"] == "1"
        assert values["absent"] == "2"
        assert values["late"] == "0"
        assert values["excused"] == "0"
        assert values["refused"] == "1"
        assert window.state.text() == "Closed"
        assert not window.pause_button.isEnabled()

        # A correction after closing (an absent pupil had a note) updates the summary.
        assert window.roster.select_pupil(world.pupils[2]["id"])
        window.roster.buttons["excused"].click()
        qtbot.waitUntil(lambda: window.summary_panel.values["excused"].text() == "1",
                        timeout=WAIT_MS)
        assert window.summary_panel.values["absent"].text() == "1"
        assert world.mark_of(session["id"], 2)["status"] == "excused"


def test_a_correction_from_the_roster_reaches_the_server(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        pupil_id = world.pupils[1]["id"]
        qtbot.waitUntil(lambda: window.roster.model.rowCount() == 3, timeout=WAIT_MS)
        assert window.roster.select_pupil(pupil_id)
        window.roster.buttons["excused"].click()

        qtbot.waitUntil(lambda: (world.mark_of(session["id"], 1) or {}).get("status")
                        == "excused", timeout=WAIT_MS)
        mark = world.mark_of(session["id"], 1)
        assert mark["source"] == "teacher"
        assert mark["corrected_by_id"] == world.teacher["id"]
        audit = admin.get("/api/v1/audit-events",
                          params={"action": "attendance.mark_corrected", "target_id": mark["id"]})
        assert audit.status_code == 200, audit.text
        assert audit.json()["items"], "the correction is audited"
        row = window.roster.model.row_of(pupil_id)
        qtbot.waitUntil(lambda: window.roster.model.index(row, 1).data() == "Excused",
                        timeout=WAIT_MS)


def test_pause_and_close_made_elsewhere_reach_the_window(qtbot, live_server, admin):
    """Another window (or the server at the close time) changes the session: the
    projector follows within its polls."""
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        path = f"/api/v1/attendance/sessions/{session['id']}"

        assert admin.patch(path, json={"paused": True}).status_code == 200
        qtbot.waitUntil(lambda: window.state.text() == "Paused", timeout=WAIT_MS)
        assert window.qr.text == ""
        assert admin.patch(path, json={"paused": False}).status_code == 200
        qtbot.waitUntil(lambda: window.qr.text != "", timeout=WAIT_MS)

        assert admin.post(f"{path}/close").status_code == 200
        qtbot.waitUntil(lambda: window.centre.currentWidget() is window.summary_panel,
                        timeout=WAIT_MS)
        assert window.summary_panel.values["absent"].text() == "3"


def test_refused_scans_show_beside_the_roster_with_their_reason(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        url = read_screen(window)
        outsider = create_user(admin, password=PUPIL_PASSWORD, first_name="Blaise",
                               last_name="Intrus")
        with live_server.as_user(outsider["username"], PUPIL_PASSWORD) as phone:
            refused = phone.post("/api/v1/attendance/scan", json={
                "url": url, "nonce": "n-intrus", "device_id": "phone-intrus"})
        assert refused.json()["code"] == "not_enrolled"
        qtbot.waitUntil(lambda: "Refused scans: 1" in window.roster.refused.text(),
                        timeout=WAIT_MS)
        assert "Blaise Intrus: not in this class" in window.roster.refused.text()
