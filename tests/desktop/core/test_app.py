"""The whole flow through DesktopApp: embedded server process -> wizard -> login -> main
window; a remote server with automatic login; logout; language switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWizard

from ecep_desktop import i18n
from ecep_desktop.app import PASSWORD_ENV, DesktopApp, LaunchOptions
from ecep_desktop.launch.wizard import SetupWizard
from ecep_desktop.login.dialog import LoginDialog
from ecep_desktop.settings import MODE_EMBEDDED
from tests.desktop.support import PASSWORD, make_desktop_settings
from tests.support import free_port, user_with_password

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def desktop_app(qtbot, tmp_path):
    apps = []

    def make(options: LaunchOptions, settings=None) -> DesktopApp:
        app = DesktopApp(settings or make_desktop_settings(tmp_path), options)
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app.window is not None:
            app.window.confirm_close = False
            app.window.close()
            app.window.deleteLater()
        app.shutdown()
        # Deleted by Qt here, on the GUI thread: left to Python's cycle collector, the app's
        # Qt objects could be destroyed on the in-process server's thread.
        app.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    i18n.install_language("en")


def test_embedded_first_run_to_the_admin_main_window(qtbot, tmp_path, desktop_app):
    settings = make_desktop_settings(tmp_path)
    settings.mode = MODE_EMBEDDED
    app = desktop_app(LaunchOptions(port=free_port(), data_dir=str(tmp_path / "data")),
                      settings)
    app.start()
    qtbot.wait_until(lambda: app.stage == "wizard", timeout=60_000)
    wizard: SetupWizard = app.dialog
    assert not wizard.finish_page.token.isVisibleTo(wizard)  # read from the data directory
    wizard.school_page.name.setText("École publique de Bonabéri")
    wizard.next()
    admin = wizard.admin_page
    admin.first_name.setText("Aïssatou")
    admin.last_name.setText("Mbarga")
    admin.password.setText("directrice-2026")
    admin.confirm.setText("directrice-2026")
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.wait_until(lambda: app.stage == "login", timeout=30_000)
    login: LoginDialog = app.dialog
    assert login.username.text() == "admin"
    login.password.setText("directrice-2026")
    with qtbot.wait_signal(app.main_window_shown, timeout=15_000) as shown:
        login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    window = shown.args[0]
    assert window.services.role == "admin"
    assert window.services.supervisor is app.supervisor
    assert "server_panel.server" in window.page_keys()
    assert "Bonabéri" in window.windowTitle()

    # Closing the window would stop the school server: the user is asked first.
    window.close()
    box = window.findChild(QMessageBox, "confirmClose")
    assert box is not None and window.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert window.isVisible() and app.supervisor.state.value == "running"
    window.close()
    box = window.findChild(QMessageBox, "confirmClose")
    with qtbot.wait_signal(window.closed, timeout=5_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.wait_until(lambda: app.supervisor.state.value == "stopped", timeout=15_000)


def test_remote_server_with_automatic_login_then_logout(qtbot, live_server, admin, desktop_app,
                                                        monkeypatch):
    user, client = user_with_password(live_server, admin, role="teacher", password=PASSWORD)
    client.close()
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    app = desktop_app(LaunchOptions(server_url=live_server.url, username=user["username"]))
    with qtbot.wait_signal(app.main_window_shown, timeout=15_000) as shown:
        app.start()
    window = shown.args[0]
    assert window.services.me["id"] == user["id"]
    assert "server_panel.server" not in window.page_keys()  # administrators only
    app.logout()
    assert app.stage == "login" and not app.api.is_logged_in
    assert app.dialog.username.text() == ""  # automatic logins are not remembered


def test_language_switch_retranslates_the_shell_and_the_server_messages(
        qtbot, live_server, admin, desktop_app, monkeypatch, tmp_path):
    user, client = user_with_password(live_server, admin, role="admin", password=PASSWORD)
    client.close()
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    settings = make_desktop_settings(tmp_path)
    settings.language = "en"
    i18n.install_language("en")
    app = desktop_app(LaunchOptions(server_url=live_server.url, username=user["username"]),
                      settings)
    with qtbot.wait_signal(app.main_window_shown, timeout=15_000) as shown:
        app.start()
    window = shown.args[0]
    assert window.logout_action.text() == "&Log out"
    app.set_language("fr")
    assert settings.language == "fr"
    # Qt posts LanguageChange to every widget: the shell follows without a restart.
    qtbot.wait_until(lambda: window.logout_action.text() == "&Se déconnecter", timeout=5_000)
    assert window.sidebar.item(window.page_keys().index("server_panel.server")).text() \
        == "Serveur de l'école"
    assert QCoreApplication.translate("ApiError", "Your session has ended. Please log in again.") \
        .startswith("Votre session")
    error = app.api.get("/api/v1/users/not-a-uuid")
    detail_fr = wait_ok_error(qtbot, error)
    app.set_language("en")
    qtbot.wait_until(lambda: window.logout_action.text() == "&Log out", timeout=5_000)
    detail_en = wait_ok_error(qtbot, app.api.get("/api/v1/users/not-a-uuid"))
    assert detail_fr != detail_en


def wait_ok_error(qtbot, call):
    from tests.desktop.support import wait_error

    return wait_error(qtbot, call).detail


def test_the_choice_remembers_a_remote_server(qtbot, live_server, desktop_app, tmp_path):
    settings = make_desktop_settings(tmp_path)
    app = desktop_app(LaunchOptions(), settings)
    app.start()
    assert app.stage == "choice"
    choice = app.dialog
    choice.remote.setChecked(True)
    choice.url.setText(live_server.url.removeprefix("http://"))
    choice.submit()
    qtbot.wait_until(lambda: app.stage == "login", timeout=15_000)
    assert settings.mode == "remote" and settings.last_server_url == live_server.url
    assert app.server_info["initialized"] is True




def test_taken_port_offers_another_then_the_wizard_opens(qtbot, tmp_path, desktop_app):
    import socket

    port = free_port()
    settings = make_desktop_settings(tmp_path)
    app = desktop_app(LaunchOptions(embedded=True, port=port, data_dir=str(tmp_path / "data")),
                      settings)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("0.0.0.0", port))  # the embedded server listens on the LAN  # noqa: S104
        squatter.listen()
        app.start()
        assert app.stage == "server"
        dialog = app.dialog
        qtbot.wait_until(lambda: dialog.other_port.isVisibleTo(dialog), timeout=10_000)
        assert str(port) in dialog.status.text()
        suggested = app.supervisor.suggested_port
        assert str(suggested) in dialog.other_port.text()
        dialog.other_port.click()
        qtbot.wait_until(lambda: app.stage == "wizard", timeout=60_000)
    assert settings.embedded_port == suggested  # remembered for the next start
    assert app.supervisor.port == suggested
