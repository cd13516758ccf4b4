"""The classes page against the real server: a class created through the UI, pupils
enrolled and unenrolled, and the card sheet PDF saved (and offered to open)."""

from __future__ import annotations

import pytest

from ecep_desktop.admin.classes.page import ClassesPage
from tests.desktop.admin.support import AnsweringPrompter, enroll, make_class
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import create_user, unique

WAIT_MS = 20_000
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_page(qtbot, api, tmp_path) -> ClassesPage:
    page = ClassesPage(services_for(api, make_desktop_settings(tmp_path)))
    qtbot.add_widget(page)
    page.prompter = AnsweringPrompter()
    page.resize(1000, 600)
    page.show()
    return page


def roster(admin, class_id: str) -> set[str]:
    return {e["pupil_id"] for e in admin.get(f"/api/v1/classes/{class_id}/enrollments").json()}


def test_create_a_class_then_enrol_and_unenrol_pupils(qtbot, live_server, admin, tmp_path):
    name = unique("CE1 ")
    first = create_user(admin, last_name=unique("Enrol"))
    second = create_user(admin, last_name=unique("Enrol"))
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        dialog = page.new_class()
        dialog.name.setText(name)
        dialog.level.setCurrentIndex(dialog.level.findData("CE1"))
        dialog.submit()
        qtbot.waitUntil(lambda: page.current is not None and page.current["name"] == name
                        and not page.loading_pupils, timeout=WAIT_MS)
        made = [c for c in admin.get("/api/v1/classes", params={"q": name}).json()["items"]
                if c["name"] == name]
        assert [(c["level"], c["id"]) for c in made] == [("CE1", page.current["id"])]
        class_id = made[0]["id"]

        dialog = page.enrol()
        dialog.search.setText(first["last_name"])
        dialog.run_search()
        qtbot.waitUntil(lambda: dialog.tick(first["id"]), timeout=WAIT_MS)
        dialog.submit()
        qtbot.waitUntil(lambda: [p["id"] for p in page.pupils] == [first["id"]],
                        timeout=WAIT_MS)
        assert roster(admin, class_id) == {first["id"]}
        enroll(admin, class_id, second["id"])
        page.load_pupils()
        qtbot.waitUntil(lambda: len(page.pupils) == 2, timeout=WAIT_MS)
        assert page.pupil_table.rowCount() == 2

        row = [p["id"] for p in page.pupils].index(first["id"])
        page.pupil_table.selectRow(row)
        assert page.unenrol_button.isEnabled()
        page.unenrol_button.click()
        qtbot.waitUntil(lambda: [p["id"] for p in page.pupils] == [second["id"]],
                        timeout=WAIT_MS)
        assert roster(admin, class_id) == {second["id"]}


def test_card_sheet_is_saved_as_a_pdf_and_offered_to_open(qtbot, live_server, admin,
                                                         tmp_path):
    school_class = make_class(admin, year="2026-2027")
    pupils = [create_user(admin) for _ in range(3)]
    enroll(admin, school_class["id"], *(p["id"] for p in pupils))
    target = tmp_path / "sheet"
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        page.prompter.save_name = str(target)
        qtbot.waitUntil(lambda: page.select_class(school_class["id"]), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(page.pupils) == 3 and page.cards_button.isEnabled(),
                        timeout=WAIT_MS)
        page.cards_button.click()
        qtbot.waitUntil(lambda: bool(page.prompter.opened_urls), timeout=WAIT_MS)
        saved = tmp_path / "sheet.pdf"
        assert saved.read_bytes().startswith(b"%PDF")
        assert page.prompter.opened_urls[0].toLocalFile() == str(saved)
        assert str(saved) in page.status.text()
    # Every pupil of the class now has a card.
    cards = admin.get("/api/v1/attendance/cards",
                      params={"class_id": school_class["id"]}).json()["items"]
    assert {c["user_id"] for c in cards} == {p["id"] for p in pupils}


def test_no_file_chosen_means_no_download(qtbot, live_server, admin, tmp_path):
    school_class = make_class(admin, year="2026-2027")
    pupil = create_user(admin)
    enroll(admin, school_class["id"], pupil["id"])
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        qtbot.waitUntil(lambda: page.select_class(school_class["id"]), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: page.cards_button.isEnabled(), timeout=WAIT_MS)
        page.cards_button.click()
        assert page.prompter.asked[-1][0] == "save"
        assert page.download is None and page.cards_button.isEnabled()
        qtbot.waitUntil(lambda: api.pending_count == 0, timeout=WAIT_MS)
    # The sheet was never asked for: it would have issued the pupil a card.
    cards = admin.get("/api/v1/attendance/cards", params={"user_id": pupil["id"]}).json()
    assert cards["items"] == []
