"""The application's flow: launch choice -> (embedded server) -> first-run wizard -> login ->
main window; logout goes back to login. Nothing here blocks the event loop: every step is a
dialog opened with ``open()`` or an API call, and the next step runs from its signal."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from ecep_desktop import i18n
from ecep_desktop.api import API, ApiClient, ApiError
from ecep_desktop.launch.choice import LaunchChoiceDialog, normalize_url
from ecep_desktop.launch.server_start import ServerStartDialog
from ecep_desktop.launch.wizard import SetupWizard
from ecep_desktop.login.dialog import LoginDialog
from ecep_desktop.server.supervisor import ServerSupervisor
from ecep_desktop.settings import MODE_EMBEDDED, MODE_REMOTE, DesktopSettings
from ecep_desktop.shell.main_window import MainWindow
from ecep_desktop.shell.pages import AppServices, discover_pages
from ecep_desktop.shell.settings_dialog import SettingsDialog

PASSWORD_ENV = "ECEP_DESKTOP_PASSWORD"  # noqa: S105 - the name of a variable


@dataclass
class LaunchOptions:
    server_url: str | None = None   # connect there, skip the choice
    embedded: bool = False          # be the school server, skip the choice
    port: int | None = None
    data_dir: str | None = None
    username: str | None = None     # with ECEP_DESKTOP_PASSWORD: log in without the dialog


class DesktopApp(QObject):
    """Owns the supervisor (embedded mode), the ApiClient and the main window."""

    main_window_shown = Signal(object)
    stage_changed = Signal(str)  # "choice", "server", "wizard", "login", "main"

    def __init__(self, settings: DesktopSettings, options: LaunchOptions | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.options = options or LaunchOptions()
        self.supervisor: ServerSupervisor | None = None
        self.api: ApiClient | None = None
        self.window: MainWindow | None = None
        self.server_info: dict[str, Any] = {}
        self.dialog: Any = None  # the dialog of the current step
        self.stage = ""

    # -- steps -------------------------------------------------------------------------

    def start(self) -> None:
        if self.options.server_url:
            self._connect(normalize_url(self.options.server_url))
        elif self.options.embedded or self.settings.mode == MODE_EMBEDDED:
            self._start_embedded()
        elif self.settings.mode == MODE_REMOTE and self.settings.last_server_url:
            self._connect(self.settings.last_server_url)
        else:
            self._show_choice()

    @staticmethod
    def _later(step: Callable[..., None], *args: Any) -> None:
        """The next step runs once the finishing dialog's signal has returned: a dialog is
        never replaced (and freed) from inside its own ``finished`` emission."""
        QTimer.singleShot(0, partial(step, *args))

    def _replace_dialog(self, dialog: Any) -> None:
        """The step's dialog; the previous one is deleted by Qt, on this thread. (Its
        ``finished`` handler refers to it: left to Python's cycle collector, it could be
        destroyed at any moment on any thread.)"""
        previous, self.dialog = self.dialog, dialog
        if previous is not None and previous is not dialog:
            previous.deleteLater()

    def _set_stage(self, stage: str) -> None:
        self.stage = stage
        self.stage_changed.emit(stage)

    def _show_choice(self, error: str | None = None) -> None:
        self._set_stage("choice")
        dialog = LaunchChoiceDialog(self.settings)
        if error:
            dialog._show_error(error)
        self._replace_dialog(dialog)

        def chosen(result: int) -> None:
            if result != LaunchChoiceDialog.DialogCode.Accepted:
                self._later(self.quit)
            elif dialog.mode == MODE_EMBEDDED:
                self._later(self._start_embedded)
            else:
                self._later(self._connect, dialog.server_url or "", dialog.server_info)

        dialog.finished.connect(chosen)
        dialog.open()

    def _start_embedded(self) -> None:
        self._set_stage("server")
        if self.supervisor is None:
            port = self.options.port or self.settings.embedded_port
            self.supervisor = ServerSupervisor(
                data_dir=self.options.data_dir or self.settings.embedded_data_dir, port=port,
                parent=self)
            self.supervisor.start()
        dialog = ServerStartDialog(self.supervisor, self.settings)
        self._replace_dialog(dialog)

        def started(result: int) -> None:
            if result == ServerStartDialog.DialogCode.Accepted and self.supervisor:
                self._later(self._connect, self.supervisor.local_url)
            else:
                self._later(self.quit)

        dialog.finished.connect(started)
        if self.supervisor.state.value == "running":
            started(ServerStartDialog.DialogCode.Accepted)
        else:
            dialog.open()

    def _connect(self, url: str, info: dict[str, Any] | None = None) -> None:
        if self.api is None or self.api.base_url != url:
            if self.api is not None:
                self.api.close()
            self.api = ApiClient(url, language=self.settings.language, parent=self)
        if info is not None:
            self._on_info(info)
            return
        call = self.api.get(f"{API}/info", auth=False, timeout=8.0)
        call.succeeded.connect(self._on_info)
        call.failed.connect(self._on_info_failed)

    def _on_info_failed(self, error: ApiError) -> None:
        if self.supervisor is not None:
            QMessageBox.critical(None, "eCEP", error.detail)
            self.quit()
        else:
            self._show_choice(error.detail)

    def _on_info(self, info: dict[str, Any]) -> None:
        self.server_info = info
        if info.get("initialized"):
            self._login()
        else:
            self._show_wizard()

    def _show_wizard(self) -> None:
        self._set_stage("wizard")
        assert self.api is not None
        token = self.supervisor.read_setup_token() if self.supervisor else None
        wizard = SetupWizard(self.api, setup_token=token)
        wizard.language_chosen.connect(self.set_language)
        self._replace_dialog(wizard)

        def done(result: int) -> None:
            if result == SetupWizard.DialogCode.Accepted and wizard.created:
                self.settings.last_username = wizard.admin_username
                self.server_info = {**self.server_info, "initialized": True,
                                    "school_name": wizard.created.get("name")}
                self._later(self._login)
            else:
                self._later(self.quit)

        wizard.finished.connect(done)
        wizard.open()

    def _login(self) -> None:
        self._set_stage("login")
        assert self.api is not None
        password = os.environ.get(PASSWORD_ENV)
        if self.options.username and password:
            call = self.api.login(self.options.username, password)
            call.succeeded.connect(lambda _pair: self._after_login())
            call.failed.connect(lambda error: self._login_dialog(error.detail))
            return
        self._login_dialog()

    def _login_dialog(self, error: str | None = None) -> None:
        assert self.api is not None
        self._set_stage("login")
        dialog = LoginDialog(self.api, self.settings,
                             school_name=self.server_info.get("school_name"))
        if error:
            dialog._show_error(error)
        self._replace_dialog(dialog)

        def done(result: int) -> None:
            if result == LoginDialog.DialogCode.Accepted:
                self._later(self._after_login)
            else:
                self._later(self.quit)

        dialog.finished.connect(done)
        dialog.open()

    def _after_login(self) -> None:
        assert self.api is not None
        call = self.api.get(f"{API}/auth/me/permissions")
        call.succeeded.connect(lambda body: self._show_main(frozenset(body["permissions"])))
        call.failed.connect(lambda _error: self._show_main(frozenset()))

    def _show_main(self, permissions: frozenset[str]) -> None:
        assert self.api is not None and self.api.me is not None
        self._set_stage("main")
        self._replace_dialog(None)
        services = AppServices(api=self.api, me=self.api.me, settings=self.settings,
                               permissions=permissions, server_info=self.server_info,
                               supervisor=self.supervisor)
        window = MainWindow(services, discover_pages())
        window.logout_requested.connect(self.logout)
        window.settings_requested.connect(self.open_settings)
        window.closed.connect(self.quit)
        self.window = window
        window.show()
        self.main_window_shown.emit(window)

    # -- actions -----------------------------------------------------------------------

    def logout(self) -> None:
        if self.api is not None and self.api.is_logged_in:
            self.api.logout()
        window, self.window = self.window, None
        if window is not None:
            window.hide()
            window.deleteLater()
        self._login_dialog()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, parent=self.window)
        dialog.language_changed.connect(self.set_language)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def set_language(self, language: str) -> None:
        self.settings.language = language
        i18n.install_language(language)
        if self.api is not None:
            self.api.set_language(language)

    def quit(self) -> None:
        if self.window is not None:
            # QApplication.quit() closes every window first, and a window that refuses
            # its close event cancels the quit: the question was asked already, or the
            # app quits for a reason of its own.
            self.window.confirm_close = False
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        if self.api is not None:
            self.api.close()
        if self.supervisor is not None:
            self.supervisor.stop()
