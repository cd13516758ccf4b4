"""The "Today" page lists the teacher's lessons of the day and opens the projector."""

from __future__ import annotations

import pytest

from ecep_desktop.teacher import pages
from tests.desktop.support import make_desktop_settings, services_for
from tests.desktop.teacher.support import (
    SIZE_HINTS_WARNING,
    WAIT_MS,
    teacher_world,
)

pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS_WARNING)


def test_the_page_is_for_teachers_and_admins():
    (spec,) = pages()
    assert spec.key == "teacher.today"
    assert spec.visible_to("teacher") and spec.visible_to("admin")
    assert not spec.visible_to("student")
    assert spec.title() == "Today"


# Offscreen windows cannot be raised; "Resume" raises the window it finds.
@pytest.mark.qt_log_ignore(SIZE_HINTS_WARNING, "This plugin does not support raise")
def test_start_attendance_opens_a_session_and_the_projector_then_resume(qtbot, live_server,
                                                                         admin, tmp_path):
    from ecep_desktop.teacher.today_page import TodayPage

    with teacher_world(qtbot, live_server, admin) as world:
        lesson = world.new_lesson()
        opened = []
        services = services_for(world.api, make_desktop_settings(tmp_path),
                                server_info={"timezone": "Africa/Douala"},
                                open_window=lambda w: (opened.append(w), w.show()))
        page = TodayPage(services, full_screen=False, clock=world.server_clock)
        qtbot.add_widget(page)
        page.show()
        qtbot.waitUntil(lambda: any(x["id"] == lesson["id"] for x in page.lessons),
                        timeout=10_000)
        row = next(i for i, x in enumerate(page.lessons) if x["id"] == lesson["id"])
        assert page.table.item(row, page.CLASS).text() == world.class_["name"]
        assert page.table.item(row, page.SUBJECT).text() == world.subject["name"]
        assert page.table.item(row, page.ROOM).text() == "Salle 2"
        button = page.table.cellWidget(row, page.ACTION)
        assert button.text() == "Start attendance"

        button.click()
        qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
        window = opened[0]
        # Not given to qtbot: closed (and so deleted) below.
        sessions = admin.get("/api/v1/attendance/sessions",
                             params={"lesson_id": lesson["id"], "open": "true"}).json()["items"]
        assert [s["id"] for s in sessions] == [window.session.session_id]
        qtbot.waitUntil(lambda: window.qr.text != "", timeout=10_000)
        row = next(i for i, x in enumerate(page.lessons) if x["id"] == lesson["id"])
        assert page.table.cellWidget(row, page.ACTION).text() == "Resume"

        # "Resume" brings the same window back; no second session is opened.
        page.table.cellWidget(row, page.ACTION).click()
        assert len(opened) == 1
        window.close()

        # A new page (another day of work) finds the open session and offers to resume it.
        again = TodayPage(services, full_screen=False)
        qtbot.add_widget(again)
        qtbot.waitUntil(lambda: lesson["id"] in again.open_sessions, timeout=10_000)
        row = next(i for i, x in enumerate(again.lessons) if x["id"] == lesson["id"])
        assert again.table.cellWidget(row, again.ACTION).text() == "Resume"
        again.table.cellWidget(row, again.ACTION).click()
        qtbot.waitUntil(lambda: len(opened) == 2, timeout=10_000)
        assert opened[1].session.session_id == window.session.session_id
        qtbot.add_widget(opened[1])


def test_another_teachers_lessons_are_not_listed(qtbot, live_server, admin, tmp_path):
    from ecep_desktop.teacher.today_page import TodayPage

    with teacher_world(qtbot, live_server, admin) as mine, \
            teacher_world(qtbot, live_server, admin) as theirs:
        their_lesson = theirs.new_lesson()
        my_lesson = mine.new_lesson()
        page = TodayPage(services_for(mine.api, make_desktop_settings(tmp_path)),
                         full_screen=False)
        qtbot.add_widget(page)
        qtbot.waitUntil(lambda: any(x["id"] == my_lesson["id"] for x in page.lessons),
                        timeout=10_000)
        assert all(x["id"] != their_lesson["id"] for x in page.lessons)


def test_in_the_main_window_today_comes_first_and_opens_the_projector(qtbot, live_server,
                                                                      admin, tmp_path):
    from ecep_desktop.shell.main_window import MainWindow
    from ecep_desktop.teacher.projector_window import ProjectorWindow
    from ecep_desktop.teacher.today_page import TodayPage

    with teacher_world(qtbot, live_server, admin) as world:
        lesson = world.new_lesson()
        window = MainWindow(services_for(world.api, make_desktop_settings(tmp_path)), pages())
        qtbot.add_widget(window)
        window.show()
        assert window.current_page_key() == "teacher.today"
        page = window.stack.currentWidget()
        assert isinstance(page, TodayPage)
        qtbot.waitUntil(lambda: any(x["id"] == lesson["id"] for x in page.lessons),
                        timeout=10_000)
        page.full_screen = False
        page.start(lesson["id"])
        qtbot.waitUntil(lambda: len(page.windows) == 1, timeout=10_000)
        (projector,) = page.windows.values()
        assert isinstance(projector, ProjectorWindow)
        qtbot.waitUntil(lambda: projector.qr.text != "", timeout=10_000)
        projector.close()  # deleted on close: the page forgets it
        qtbot.waitUntil(lambda: not page.windows, timeout=WAIT_MS)
