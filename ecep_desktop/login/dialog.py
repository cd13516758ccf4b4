"""Login, and the re-login over the current screen when a session has ended."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import ApiClient, ApiError
from ecep_desktop.settings import DesktopSettings


class LoginDialog(QDialog):
    """Accepted once ``api`` is logged in. With ``relogin_user`` the username is fixed and
    the dialog explains that the session ended; the screen below keeps its work."""

    logged_in = Signal(object)  # the user dict

    def __init__(self, api: ApiClient, settings: DesktopSettings, *,
                 relogin_user: dict[str, Any] | None = None, school_name: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.settings = settings
        self.relogin_user = relogin_user
        self.setObjectName("loginDialog")
        self.setModal(True)
        self.setMinimumWidth(380)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self._username_label = QLabel()
        self._password_label = QLabel()
        form.addRow(self._username_label, self.username)
        form.addRow(self._password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._school_name = school_name
        if relogin_user is not None:
            self.username.setText(relogin_user.get("username", ""))
            self.username.setReadOnly(True)
            self.password.setFocus()
        else:
            self.username.setText(settings.last_username)
            (self.password if self.username.text() else self.username).setFocus()
        self._call = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log in to eCEP"))
        self._username_label.setText(self.tr("Username or email"))
        self._password_label.setText(self.tr("Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        if self.relogin_user is not None:
            self.intro.setText(self.tr(
                "Your session has ended. Enter your password to continue where you were."))
        elif self._school_name:
            self.intro.setText(self.tr("School: %1").replace("%1", self._school_name))
        else:
            self.intro.setText(self.tr("Log in with your school account."))

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self._show_error(self.tr("Enter your username and your password."))
            return
        self._set_busy(True)
        self.error.hide()
        self._call = self.api.login(username, password)
        self._call.succeeded.connect(self._on_logged_in)
        self._call.failed.connect(self._on_failed)

    def _on_logged_in(self, _pair: dict[str, Any]) -> None:
        self._set_busy(False)
        self.settings.last_username = self.username.text().strip()
        self.password.clear()
        self.logged_in.emit(self.api.me)
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._set_busy(False)
        self.password.selectAll()
        self.password.setFocus()
        self._show_error(error.detail)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def reject(self) -> None:
        if self._call is not None and not self._call.done:
            self._call.cancel()
        super().reject()
