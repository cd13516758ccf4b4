"""The main window: pages by role, built once and lazily, and a session that ends is
picked up again over the current screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from ecep_desktop.api import API
from ecep_desktop.login.dialog import LoginDialog
from ecep_desktop.shell.main_window import MainWindow
from ecep_desktop.shell.pages import PageSpec
from tests.desktop.support import (
    PASSWORD,
    logged_in_api,
    make_desktop_settings,
    services_for,
    wait_ok,
)

# The offscreen platform warns when a main window is shown; it says nothing about the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

built: list[str] = []


def _spec(key: str, roles: set[str], order: int) -> PageSpec:
    def factory(services):
        built.append(key)
        return QLabel(f"{key} for {services.me['username']}")

    return PageSpec(key=key, title=lambda: key.upper(), roles=frozenset(roles),
                    factory=factory, order=order)


SPECS = [
    _spec("admin.users", {"admin"}, 10),
    _spec("teacher.today", {"teacher"}, 20),
    _spec("kiosk.gate", {"admin", "teacher"}, 30),
]


def test_pages_follow_the_role_and_are_built_on_first_display(qtbot, own_server, own_admin,
                                                                tmp_path):
    built.clear()
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, _user):
        window = MainWindow(services_for(api, make_desktop_settings(tmp_path)), SPECS)
        qtbot.add_widget(window)
        assert window.page_keys() == ["teacher.today", "kiosk.gate"]
        assert [window.sidebar.item(i).text() for i in range(2)] == ["TEACHER.TODAY", "KIOSK.GATE"]
        assert built == ["teacher.today"]  # the first page only
        window.show_page("kiosk.gate")
        window.show_page("teacher.today")
        assert built == ["teacher.today", "kiosk.gate"]
    with logged_in_api(qtbot, own_server, own_admin, role="admin") as (api, _user):
        window = MainWindow(services_for(api, make_desktop_settings(tmp_path)), SPECS)
        qtbot.add_widget(window)
        assert window.page_keys() == ["admin.users", "kiosk.gate"]


def test_a_role_without_pages_sees_a_plain_message(qtbot, own_server, own_admin, tmp_path):
    with logged_in_api(qtbot, own_server, own_admin, role="parent") as (api, _user):
        window = MainWindow(services_for(api, make_desktop_settings(tmp_path)), SPECS)
        qtbot.add_widget(window)
        assert window.page_keys() == []
        assert window.stack.currentWidget() is window.empty
        assert window.empty.text()


def test_unreachable_banner_shows_and_retry_hides_it(qtbot, own_server, own_admin, tmp_path):
    with logged_in_api(qtbot, own_server, own_admin, role="admin") as (api, _user):
        window = MainWindow(services_for(api, make_desktop_settings(tmp_path)), SPECS)
        qtbot.add_widget(window)
        window.show()
        assert not window.banner.isVisible()
        api._set_reachable(False)  # as after a failed call; the real failure is in test_api
        assert window.banner.isVisible()
        qtbot.mouseClick(window.banner.retry, Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: not window.banner.isVisible(), timeout=10_000)


def test_session_end_asks_for_the_password_over_the_current_page(qtbot, own_server, own_admin,
                                                                 tmp_path):
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, user):
        window = MainWindow(services_for(api, make_desktop_settings(tmp_path)), SPECS)
        qtbot.add_widget(window)
        window.show()
        window.show_page("kiosk.gate")
        own_server.clock.advance(days=31)
        pending = api.get(f"{API}/auth/me")  # what the page was doing when the session ended
        qtbot.wait_until(lambda: window.findChild(LoginDialog, "reloginDialog") is not None,
                         timeout=15_000)
        dialog = window.findChild(LoginDialog, "reloginDialog")
        assert dialog.username.text() == user["username"] and dialog.username.isReadOnly()
        dialog.password.setText(PASSWORD)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        assert wait_ok(qtbot, pending)["id"] == user["id"]
        assert window.current_page_key() == "kiosk.gate"
        qtbot.wait_until(lambda: window.findChild(LoginDialog, "reloginDialog") is None)


def test_wrong_password_is_shown_in_plain_words(qtbot, own_server, own_admin, tmp_path):
    from tests.desktop.support import api_client

    with api_client(own_server.url, language="en") as api:
        dialog = LoginDialog(api, make_desktop_settings(tmp_path))
        qtbot.add_widget(dialog)
        dialog.username.setText("admin")
        dialog.password.setText("wrong-password")
        dialog.submit()
        qtbot.wait_until(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
        assert "password" in dialog.error.text().lower()
        assert dialog.result() != LoginDialog.DialogCode.Accepted


def test_banner_checks_again_by_itself(qtbot, own_server):
    from ecep_desktop.shell.banner import UnreachableBanner
    from tests.desktop.support import api_client

    with api_client(own_server.url) as api:
        banner = UnreachableBanner(api, auto_retry_ms=50)
        qtbot.add_widget(banner)
        api._set_reachable(False)
        assert not banner.isHidden()
        qtbot.wait_until(lambda: api.reachable is True, timeout=10_000)
        assert banner.isHidden()


def test_open_window_keeps_a_top_level_window_until_it_is_closed(qtbot, own_server, own_admin,
                                                                  tmp_path):
    from PySide6.QtWidgets import QWidget

    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, _user):
        services = services_for(api, make_desktop_settings(tmp_path))
        window = MainWindow(services, SPECS)
        qtbot.add_widget(window)
        projector = QWidget()
        services.open_window(projector)  # the page's services now open windows of the shell
        assert projector.isVisible() and projector in window._windows
        projector.close()  # WA_DeleteOnClose: deleted, then forgotten by the shell
        qtbot.wait_until(lambda: not window._windows, timeout=5_000)


def test_last_page_is_shown_again_and_ctrl_numbers_switch_pages(qtbot, own_server, own_admin,
                                                                tmp_path):
    settings = make_desktop_settings(tmp_path)
    with logged_in_api(qtbot, own_server, own_admin, role="admin") as (api, _user):
        window = MainWindow(services_for(api, settings), SPECS)
        qtbot.add_widget(window)
        window.show()
        shortcuts = {s.key().toString(): s for s in window._page_shortcuts}
        assert sorted(shortcuts) == ["Ctrl+1", "Ctrl+2"]
        # The key press itself is Qt's business (and needs an active window, which the
        # offscreen platform does not always give): what the shortcut does is ours.
        shortcuts["Ctrl+2"].activated.emit()
        assert window.current_page_key() == "kiosk.gate"
        window.close()
        again = MainWindow(services_for(api, settings), SPECS)
        qtbot.add_widget(again)
        assert again.current_page_key() == "kiosk.gate"  # where the user left off
    with logged_in_api(qtbot, own_server, own_admin, role="teacher") as (api, _user):
        settings.set_value("shell/last_page", "admin.users")  # not a teacher's page
        teacher = MainWindow(services_for(api, settings), SPECS)
        qtbot.add_widget(teacher)
        assert teacher.current_page_key() == "teacher.today"
