"""Arrival, a too-early second read, then departure an hour later (the server's clock and
the kiosk's both moved on, on a school server of this test's own); and a revoked kiosk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ecep_desktop.kiosk.controller import BLUE, GREEN, RED, KioskConfig
from ecep_desktop.kiosk.window import KioskWindow
from tests.desktop.kiosk.support import (
    card_scene,
    day_record,
    pupil_with_card,
    register_kiosk,
    scan_events,
    write_card_video,
)
from tests.support import make_settings, running_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
WAIT_MS = 20_000


class KioskClock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def test_arrival_too_soon_then_departure_an_hour_later(qtbot, tmp_path):
    data_dir = tmp_path / "school"
    data_dir.mkdir()
    with running_server(make_settings(data_dir)) as server, server.as_admin() as admin:
        kiosk = register_kiosk(admin)
        pupil, card = pupil_with_card(admin)
        clock = KioskClock()
        # A short debounce so that the card shown again half a second later is a new read.
        config = KioskConfig(server.url, kiosk["credential"], tmp_path / "desktop",
                             language="en", debounce_seconds=0.3, clock=clock)
        window = KioskWindow(config, sound=False, autostart=False)
        qtbot.add_widget(window)
        window.show()
        feedback = []
        window.controller.feedback.connect(feedback.append)
        window.controller.start_uploader()
        twice = card_scene(card, shown=12, after=20) + [card] * 12 + [None] * 5
        window.controller.start_source(str(write_card_video(tmp_path / "a.avi", twice)))
        qtbot.waitUntil(lambda: len(feedback) >= 2, timeout=WAIT_MS)
        assert [(f.display, f.result) for f in feedback[:2]] == [
            (GREEN, "check_in"), (RED, "too_soon")]
        assert "Departure refused" in window.panel.message.text()

        server.clock.advance(minutes=70)
        clock.offset = timedelta(minutes=70)
        # Out of sight for longer than the debounce first (the first video may still play).
        once = card_scene(card, before=30, shown=12)
        window.controller.start_source(str(write_card_video(tmp_path / "b.avi", once)))
        qtbot.waitUntil(lambda: len(feedback) >= 3, timeout=WAIT_MS)
        assert (feedback[2].display, feedback[2].result) == (BLUE, "check_out")
        assert window.panel.display == BLUE
        assert window.panel.headline.text() == "Goodbye!"
        assert window.panel.name.text() == "Mireille Ewane"
        with server.as_admin() as later_admin:  # the first token is 70 min old
            record = day_record(later_admin, pupil["id"])
        assert record["check_out_at"] is not None and record["hours"] >= 1.1
        assert [e[0] for e in scan_events(server, pupil["id"])] == [
            "check_in", "too_soon", "check_out"]
        window.close()


def test_a_revoked_kiosk_is_told_so_and_keeps_its_scans(qtbot, live_server, admin, tmp_path):
    kiosk = register_kiosk(admin)
    _pupil, card = pupil_with_card(admin)
    response = admin.post(f"/api/v1/attendance/kiosks/{kiosk['id']}/revoke")
    assert response.status_code == 200, response.text
    video = write_card_video(tmp_path / "gate.avi", card_scene(card, shown=12))
    window = KioskWindow(KioskConfig(live_server.url, kiosk["credential"],
                                     tmp_path / "desktop", source=str(video),
                                     language="en"), sound=False)
    qtbot.add_widget(window)
    qtbot.waitUntil(lambda: window.server_label.text().startswith("Server refused the kiosk"),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.controller.queue) == 1, timeout=WAIT_MS)
    window.close()
