"""A personal QR made from the users page: the QR on screen decodes (with the project's
decoder) to a token the server accepts at POST /api/v1/attendance/check-in."""

from __future__ import annotations

import pytest

from ecep_desktop.admin.users.page import UsersPage
from ecep_desktop.qr import make_decoder, qimage_to_array
from tests.desktop.admin.support import AnsweringPrompter
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import create_user

WAIT_MS = 15_000
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_personal_qr_on_screen_checks_the_person_in(qtbot, live_server, admin, tmp_path,
                                                    decoder):
    pupil = create_user(admin, first_name="Mireille", last_name="Ewane")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = UsersPage(services_for(api, make_desktop_settings(tmp_path)))
        qtbot.add_widget(page)
        page.prompter = AnsweringPrompter()
        page.show()
        page.search.setText(pupil["username"])
        page.apply_filters()
        qtbot.waitUntil(lambda: page.select_user(pupil["id"]), timeout=WAIT_MS)
        dialog = page.personal_qr()
        dialog.minutes.setValue(3)
        dialog.create()
        qtbot.waitUntil(lambda: dialog.session is not None, timeout=WAIT_MS)
        assert 170 <= dialog.remaining_seconds <= 180
        assert "Expires in 2:5" in dialog.countdown.text() or "3:00" in dialog.countdown.text()

        shown = dialog.qr.grab().toImage()
        found = make_decoder(decoder).decode(qimage_to_array(shown))
        assert [d.text for d in found] == [dialog.session["qr_data"]]
        token = found[0].text

        answer = admin.post("/api/v1/attendance/check-in", json={"token": token})
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"] == "check_in"
        assert answer.json()["user_id"] == pupil["id"]
        again = admin.post("/api/v1/attendance/check-in", json={"token": token})
        assert again.json()["code"] == "qr_session_used"
        # The dialog learns it from the server and takes the code off the screen.
        qtbot.waitUntil(lambda: dialog.used, timeout=WAIT_MS)
        assert dialog.qr.pixmap().isNull()
        assert dialog.countdown.text().startswith("Used at")
