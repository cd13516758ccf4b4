"""The kiosk without its server: cards are still checked (a forged one refused at once with
the cached public key), good scans wait in the kiosk's queue with their original time, and
go up when the server answers again."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest

from ecep_desktop.kiosk.controller import QUEUED, RED, KioskConfig
from ecep_desktop.kiosk.window import KioskWindow
from tests.desktop.kiosk.support import (
    card_scene,
    day_record,
    forged,
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


def test_scans_queue_while_the_server_is_down_and_upload_when_it_is_back(qtbot, tmp_path):
    data_dir = tmp_path / "school"
    data_dir.mkdir()
    settings = make_settings(data_dir)
    with running_server(settings) as server, server.as_admin() as admin:
        kiosk = register_kiosk(admin)
        pupil, card = pupil_with_card(admin)
        port = urlparse(server.url).port
        config = KioskConfig(server.url, kiosk["credential"], tmp_path / "desktop",
                             language="en")
        window = KioskWindow(config, sound=False, autostart=False)
        qtbot.add_widget(window)
        window.show()
        window.controller.start_uploader()
        qtbot.waitUntil(lambda: window.controller.has_public_key, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.server_label.text() == "Server connected",
                        timeout=WAIT_MS)
    # The server is stopped. A forged card, then the pupil's real card.
    video = write_card_video(
        tmp_path / "gate.avi", card_scene(forged(card), shown=15) + card_scene(card, shown=15)
    )
    feedback = []
    window.controller.feedback.connect(feedback.append)
    window.controller.start_source(str(video))

    qtbot.waitUntil(lambda: len(feedback) >= 2, timeout=WAIT_MS)
    forged_answer, queued_answer = feedback[:2]
    assert (forged_answer.display, forged_answer.result) == (RED, "forged")
    assert queued_answer.display == QUEUED
    assert window.panel.display == QUEUED
    assert len(window.controller.queue) == 1
    assert window.queue_label.text() == "1 scan(s) waiting to be sent"
    qtbot.waitUntil(lambda: "unreachable" in window.server_label.text(), timeout=WAIT_MS)
    scanned_before = datetime.now(UTC)

    # The school PC comes back, same address: the queue goes up by itself.
    with running_server(settings, initialize=False, port=port) as again, again.as_admin() as admin:
        qtbot.waitUntil(lambda: len(window.controller.queue) == 0, timeout=60_000)
        qtbot.waitUntil(lambda: len(feedback) >= 3, timeout=WAIT_MS)
        answer = feedback[2]
        assert answer.result == "check_in" and answer.name == "Mireille Ewane"
        assert window.queue_label.text() == ""
        assert window.server_label.text() == "Server connected"
        record = day_record(admin, pupil["id"])
        # Recorded at the time the card was shown, not the time of the upload.
        check_in = datetime.fromisoformat(record["check_in_at"].replace("Z", "+00:00"))
        assert check_in < scanned_before
        assert [e[0] for e in scan_events(again, pupil["id"])] == ["check_in"]
        window.close()


def test_the_queue_survives_a_restart_of_the_kiosk(qtbot, tmp_path):
    """Scans queued by a kiosk that is then closed are sent by the next kiosk started on
    the same data directory."""
    data_dir = tmp_path / "school"
    data_dir.mkdir()
    settings = make_settings(data_dir)
    with running_server(settings) as server, server.as_admin() as admin:
        kiosk = register_kiosk(admin)
        pupil, card = pupil_with_card(admin)
        port = urlparse(server.url).port
        credential = kiosk["credential"]
    video = write_card_video(tmp_path / "gate.avi", card_scene(card, shown=15))
    config = KioskConfig(f"http://127.0.0.1:{port}", credential, tmp_path / "desktop",
                         source=str(video), language="en")
    first = KioskWindow(config, sound=False)
    qtbot.add_widget(first)
    qtbot.waitUntil(lambda: first.panel.display == QUEUED, timeout=WAIT_MS)
    first.close()

    with running_server(settings, initialize=False, port=port) as again, again.as_admin() as admin:
        second = KioskWindow(KioskConfig(again.url, credential, tmp_path / "desktop",
                                         source=str(tmp_path / "no-camera.avi")),
                             sound=False)
        qtbot.add_widget(second)
        qtbot.waitUntil(lambda: day_record(admin, pupil["id"]) is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(second.controller.queue) == 0, timeout=WAIT_MS)
        assert [e[0] for e in scan_events(again, pupil["id"])] == ["check_in"]
        second.close()
