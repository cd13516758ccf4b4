"""The administrator's Kiosk page: register this PC as a kiosk through the API, pick a video
and a decoder, open the kiosk, and a card shown to it is recorded."""

from __future__ import annotations

import pytest

from ecep_desktop.kiosk import pages
from ecep_desktop.kiosk.controller import GREEN
from ecep_desktop.kiosk.setup_page import KioskSetupPage
from tests.desktop.kiosk.support import card_scene, day_record, pupil_with_card, write_card_video
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_kiosk_page_is_for_admins_only():
    (spec,) = pages()
    assert spec.key == "kiosk.setup"
    assert spec.roles == frozenset({"admin"})
    assert spec.title()


@pytest.mark.e2e
def test_register_this_pc_then_open_the_kiosk(qtbot, live_server, admin, tmp_path):
    pupil, card = pupil_with_card(admin)
    video = write_card_video(tmp_path / "gate.avi", card_scene(card, shown=20))
    opened = []
    with logged_in_api(qtbot, live_server, admin, role="admin") as (api, _user):
        settings = make_desktop_settings(tmp_path)
        settings.set_feature_value("kiosk", "data_dir", str(tmp_path / "kiosk-data"))
        page = KioskSetupPage(services_for(api, settings, open_window=opened.append))
        qtbot.add_widget(page)
        assert not page.open_button.isEnabled()
        page.name_edit.setText("Portail nord")
        page.register_button.click()
        qtbot.waitUntil(lambda: page.open_button.isEnabled(), timeout=15_000)
        assert "Portail nord" in page.status.text()
        kiosks = admin.get("/api/v1/attendance/kiosks").json()
        assert str(settings.feature_value("kiosk", "kiosk_id")) in {k["id"] for k in kiosks}

        page.video_radio.setChecked(True)
        page.video_path.setText(str(video))
        page.decoder_box.setCurrentIndex(page.decoder_box.findData("pyzbar"))
        page.full_screen.setChecked(False)
        page.open_button.click()
        (window,) = opened
        qtbot.add_widget(window)
        assert window.controller.decoder_name == "pyzbar"
        window.show()
        qtbot.waitUntil(lambda: window.panel.display == GREEN, timeout=20_000)
        assert day_record(admin, pupil["id"]) is not None
        window.close()
        # The choices are remembered for next time.
        again = KioskSetupPage(services_for(api, settings))
        qtbot.add_widget(again)
        assert again.video_radio.isChecked() and again.video_path.text() == str(video)
        assert again.decoder_box.currentData() == "pyzbar"
