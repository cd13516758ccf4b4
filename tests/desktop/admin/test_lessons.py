"""The lessons page against the real server: a lesson created through the UI is stored at
the school's local time, and the week navigation shows each week's lessons only."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ecep_desktop.admin.lessons.page import LessonsPage
from tests.desktop.admin.support import AnsweringPrompter, make_class
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import create_user, unique

WAIT_MS = 15_000
WEDNESDAY = date(2027, 3, 10)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_subject(admin) -> dict:
    code = unique("S").upper().replace("X", "_")
    response = admin.post("/api/v1/subjects", json={"code": code, "name": f"Sciences {code}"})
    assert response.status_code == 201, response.text
    return response.json()


def test_new_lesson_and_week_navigation(qtbot, live_server, admin, tmp_path):
    school_class = make_class(admin, year="2026-2027")
    subject = make_subject(admin)
    teacher = create_user(admin, role="teacher", last_name=unique("Prof"))
    later = admin.post("/api/v1/lessons", json={
        "class_id": school_class["id"], "subject_id": subject["id"],
        "starts_at": "2027-03-17T10:00:00+01:00", "ends_at": "2027-03-17T11:00:00+01:00"})
    assert later.status_code == 201, later.text
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = LessonsPage(services_for(api, make_desktop_settings(tmp_path),
                                        server_info={"timezone": "Africa/Douala"}),
                           today=WEDNESDAY)
        qtbot.add_widget(page)
        page.prompter = AnsweringPrompter()
        page.show()
        assert "08/03/2027" in page.week_label.text()
        qtbot.waitUntil(lambda: page.class_filter.findData(school_class["id"]) > 0
                        and subject["id"] in page.subjects and teacher["id"] in page.teachers,
                        timeout=WAIT_MS)
        page.class_filter.setCurrentIndex(page.class_filter.findData(school_class["id"]))
        qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)
        assert page.lessons == []

        dialog = page.new_lesson()
        assert dialog.day.date().toPython() == WEDNESDAY
        dialog.school_class.setCurrentIndex(dialog.school_class.findData(school_class["id"]))
        dialog.subject.setCurrentIndex(dialog.subject.findData(subject["id"]))
        dialog.teacher.setCurrentIndex(dialog.teacher.findData(teacher["id"]))
        dialog.room.setText("Salle 3")
        dialog.submit()
        qtbot.waitUntil(lambda: page.dialog is None and not page.loading and bool(page.lessons),
                        timeout=WAIT_MS)
        (lesson,) = page.lessons
        assert datetime.fromisoformat(lesson["starts_at"]) == datetime.fromisoformat(
            "2027-03-10T07:00:00+00:00")  # 08:00 in Douala
        assert lesson["teacher_id"] == teacher["id"] and lesson["room"] == "Salle 3"
        stored = admin.get(f"/api/v1/lessons/{lesson['id']}").json()
        assert stored["class_id"] == school_class["id"]
        cells = [page.table.item(0, c).text() for c in range(6)]
        assert cells[1] == "08:00–09:00"
        assert cells[2:] == [school_class["name"], subject["name"],
                             f"{teacher['last_name']} {teacher['first_name']}", "Salle 3"]

        page.next_button.click()
        assert "15/03/2027" in page.week_label.text()
        qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)
        assert [x["id"] for x in page.lessons] == [later.json()["id"]]
        page.previous_button.click()
        qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)
        assert [x["id"] for x in page.lessons] == [lesson["id"]]

        page.table.selectRow(0)
        page.delete_button.click()
        qtbot.waitUntil(lambda: not page.loading and page.lessons == [], timeout=WAIT_MS)
        assert admin.get(f"/api/v1/lessons/{lesson['id']}").status_code == 404


def test_a_lesson_ending_before_it_starts_is_refused_in_plain_words(qtbot, live_server, admin,
                                                                   tmp_path):
    school_class = make_class(admin, year="2026-2027")
    subject = make_subject(admin)
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = LessonsPage(services_for(api, make_desktop_settings(tmp_path)), today=WEDNESDAY)
        qtbot.add_widget(page)
        qtbot.waitUntil(lambda: school_class["id"] in page.classes
                        and subject["id"] in page.subjects, timeout=WAIT_MS)
        dialog = page.new_lesson()
        dialog.school_class.setCurrentIndex(dialog.school_class.findData(school_class["id"]))
        dialog.subject.setCurrentIndex(dialog.subject.findData(subject["id"]))
        dialog.ends.setTime(dialog.starts.time().addSecs(-3600))
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        assert dialog.error.text()
        assert page.dialog is dialog
