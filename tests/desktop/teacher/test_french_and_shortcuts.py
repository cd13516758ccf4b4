"""The projector in French (the default language), its keyboard shortcuts, and the choice
of screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication

from ecep_desktop.i18n import install_language
from ecep_desktop.teacher.screens import default_projector_screen
from tests.desktop.teacher.support import (
    SIZE_HINTS_WARNING,
    WAIT_MS,
    open_projector,
    teacher_world,
)

pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS_WARNING)


def test_the_projector_speaks_french(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=10)
        install_language("fr")
        try:
            window = open_projector(qtbot, world, session["id"])
            assert window.windowTitle() == "Appel — projecteur"
            assert window.count.text() == "0 / 3 présents"
            assert window.pause_button.text() == "Pause"
            qtbot.waitUntil(lambda: window.roster.model.rowCount() == 3, timeout=WAIT_MS)
            assert window.roster.model.index(0, 1).data() == "Non pointé"
            window.pause_button.click()
            qtbot.waitUntil(lambda: window.state.text() == "En pause", timeout=WAIT_MS)
            assert window.pause_button.text() == "Reprendre"
            # A live switch back to English retranslates the open window.
            install_language("en")
            qtbot.waitUntil(lambda: window.state.text() == "Paused", timeout=WAIT_MS)
            assert window.count.text() == "0 / 3 marked"
        finally:
            install_language("en")


def test_keyboard_shortcuts_and_the_screen_choice(qtbot, live_server, admin):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=10)
        window = open_projector(qtbot, world, session["id"])
        screens = QGuiApplication.screens()
        assert window.screen_box.count() == len(screens)
        assert window.chosen_screen() is default_projector_screen()

        qtbot.keyClick(window, Qt.Key.Key_F11)
        qtbot.waitUntil(window.isFullScreen, timeout=WAIT_MS)
        assert window.full_screen_button.text() == "Leave full screen"
        assert not window.roster.isVisible()  # the class sees the QR, not the marks
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=WAIT_MS)
        assert window.roster.isVisible()

        # Space pauses even when the roster table has the focus.
        window.roster.view.setFocus()
        qtbot.keyClick(window.roster.view, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: window.session.paused, timeout=WAIT_MS)
        qtbot.keyClick(window, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not window.session.paused, timeout=WAIT_MS)

        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert not window.roster.isVisible()
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert window.roster.isVisible()

        window.present(full_screen=True)
        qtbot.waitUntil(window.isFullScreen, timeout=WAIT_MS)
        assert not window.roster.isVisible()
        assert window.screen() is window.chosen_screen()
        # The QR uses the space it is given: at least 60% of the window's height.
        qtbot.waitUntil(lambda: window.qr.image() is not None
                        and window.qr.image().height() >= 0.6 * window.height(), timeout=WAIT_MS)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_on_a_projector_the_texts_fit_and_the_qr_takes_the_height(qtbot, live_server, admin,
                                                                   size):
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=10)
        install_language("fr")  # the longer words
        try:
            window = open_projector(qtbot, world, session["id"])
            window.roster_button.setChecked(False)  # as in full screen
            window.resize(*size)
            qtbot.waitUntil(lambda: window.qr.image() is not None
                            and window.qr.image().height() >= 0.8 * size[1], timeout=WAIT_MS)
            for label in (window.typed_code, window.count, window.typed_caption):
                used = QFontMetrics(label.font()).horizontalAdvance(label.text())
                assert used <= window.side_panel.width(), label.objectName()
            assert window.typed_code.font().pixelSize() >= size[1] // 16
        finally:
            install_language("en")


def test_with_a_second_screen_the_roster_gets_a_window_of_its_own(qtbot, live_server, admin):
    """Full screen on the projector, the roster on the teacher's screen (placed directly:
    the offscreen platform has one screen), where corrections still work."""
    with teacher_world(qtbot, live_server, admin) as world:
        session = world.open_session(qtbot, period_seconds=10)
        window = open_projector(qtbot, world, session["id"])
        qtbot.waitUntil(lambda: window.roster.model.rowCount() == 3, timeout=WAIT_MS)
        place = window.roster_place
        place.on_screen(QGuiApplication.primaryScreen(), window.roster_title())
        assert place.detached
        roster_window = place.window
        assert window.roster.window() is roster_window
        assert roster_window.isVisible()
        assert roster_window.windowTitle() == \
            f"Roster — {world.class_['name']} — {world.subject['name']}"

        window.roster.select_pupil(world.pupils[0]["id"])
        window.roster.buttons["late"].click()
        qtbot.waitUntil(lambda: (world.mark_of(session["id"], 0) or {}).get("status") == "late",
                        timeout=WAIT_MS)

        window.roster_button.setChecked(False)  # Ctrl+R hides the roster's own window
        assert not roster_window.isVisible()
        window.roster_button.setChecked(True)
        assert roster_window.isVisible()
        roster_window.close()  # the teacher closes it: the button follows
        assert not window.roster_button.isChecked()

        place.beside()
        window.roster_button.setChecked(True)
        assert not place.detached
        assert window.roster.window() is window
        assert window.roster.isVisible()
