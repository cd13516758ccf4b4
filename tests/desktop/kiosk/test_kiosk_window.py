"""The kiosk end to end against the real test server: an admin registers a kiosk and issues
a pupil's card through the API; the kiosk is fed an MJPG video of that card at 1280x720."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecep_desktop.kiosk.controller import GREEN, RED, KioskConfig
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

WAIT_MS = 20_000
# The offscreen platform cannot pass a window's size hints on; not a fault of the kiosk.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_kiosk(qtbot, server_url: str, credential: str, tmp_path: Path, video: Path, *,
               decoder: str = "zxing", language: str = "en") -> KioskWindow:
    config = KioskConfig(server_url, credential, tmp_path / "desktop", source=str(video),
                         decoder=decoder, language=language)
    window = KioskWindow(config, sound=False)
    qtbot.add_widget(window)
    window.resize(1280, 720)
    window.show()
    return window


def history(window: KioskWindow) -> list:
    from PySide6.QtCore import Qt

    return [window.history.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(window.history.count())]


@pytest.mark.e2e
@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_video_of_a_card_records_an_arrival_and_shows_it(qtbot, live_server, admin, tmp_path,
                                                         decoder):
    kiosk = register_kiosk(admin)
    pupil, card = pupil_with_card(admin)
    video = write_card_video(tmp_path / "card.avi", card_scene(card, shown=20))
    window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path, video,
                        decoder=decoder)
    outlined = []
    window.controller.preview.connect(lambda p: outlined.append(len(p.detections)))
    assert window.controller.decoder_name == decoder

    qtbot.waitUntil(lambda: window.panel.display == GREEN, timeout=WAIT_MS)
    assert window.panel.name.text() == "Mireille Ewane"
    assert window.panel.current.result == "check_in"
    assert window.panel.current.time  # the school's HH:MM
    record = day_record(admin, pupil["id"])
    assert record is not None and record["check_in_at"] and record["check_out_at"] is None
    assert window.server_label.text() == "Server connected"
    # The preview drew the frames, with the code's outline on some of them.
    qtbot.waitUntil(lambda: any(outlined), timeout=WAIT_MS)
    assert window.preview.frames_shown > 0
    window.close()


@pytest.mark.e2e
def test_a_card_read_for_many_frames_makes_one_arrival(qtbot, live_server, admin, tmp_path):
    kiosk = register_kiosk(admin)
    pupil, card = pupil_with_card(admin)
    # 2 s in view, 10 frames away (a hand passing), 1 s in view again: one pupil, one scan.
    scene = card_scene(card, shown=60, after=10) + [card] * 30 + [None] * 5
    video = write_card_video(tmp_path / "held.avi", scene)
    window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path, video)
    with qtbot.wait_signal(window.controller.sourceEnded, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: window.panel.display == GREEN, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.controller.queue) == 0, timeout=WAIT_MS)
    assert [e[0] for e in scan_events(live_server, pupil["id"])] == ["check_in"]
    assert [f.result for f in history(window)] == ["check_in"]
    window.close()


@pytest.mark.e2e
def test_a_forged_card_is_refused_on_the_kiosk(qtbot, live_server, admin, tmp_path):
    kiosk = register_kiosk(admin)
    pupil, card = pupil_with_card(admin)
    video = write_card_video(tmp_path / "forged.avi", card_scene(forged(card), shown=20))
    window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path, video)
    qtbot.waitUntil(lambda: window.panel.display == RED, timeout=WAIT_MS)
    assert window.panel.current.result == "forged"
    assert "not issued by this school" in window.panel.message.text()
    assert len(window.controller.queue) == 0
    assert scan_events(live_server, pupil["id"]) == []
    assert day_record(admin, pupil["id"]) is None
    window.close()


def test_a_camera_that_cannot_be_opened_is_said_plainly(qtbot, live_server, admin, tmp_path):
    kiosk = register_kiosk(admin)
    window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path,
                        tmp_path / "no-such-video.avi")
    qtbot.waitUntil(lambda: window.panel.display == RED, timeout=WAIT_MS)
    assert "no-such-video.avi" in window.panel.message.text()
    window.close()


def test_full_screen_with_f11_and_back_with_escape(qtbot, live_server, admin, tmp_path):
    from PySide6.QtCore import Qt

    kiosk = register_kiosk(admin)
    window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path,
                        tmp_path / "none.avi")
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    window.close()


@pytest.mark.e2e
def test_in_french_the_kiosk_and_the_server_speak_french(qtbot, live_server, admin, tmp_path):
    from ecep_desktop.i18n import install_language

    kiosk = register_kiosk(admin)
    _pupil, card = pupil_with_card(admin)
    video = write_card_video(tmp_path / "carte.avi", card_scene(card, shown=15))
    install_language("fr")
    try:
        window = open_kiosk(qtbot, live_server.url, kiosk["credential"], tmp_path, video,
                            language="fr")
        assert window.panel.headline.text() == "Présentez votre carte à la caméra"
        qtbot.waitUntil(lambda: window.panel.display == GREEN, timeout=WAIT_MS)
        assert window.panel.headline.text() == "Bienvenue !"
        assert window.panel.message.text().startswith("Arrivée enregistrée")
        assert window.server_label.text() == "Serveur connecté"
        window.close()
    finally:
        install_language("en")
