"""Who may create personal QR sessions: grant or revoke ``attendance.create_qr_session``
to one user (``/api/v1/users/{id}/permissions``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import QR_SESSION_PERMISSION, ErrorLabel, full_name
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError


class PermissionsDialog(QDialog):
    def __init__(self, api: ApiClient, user: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.user = user
        self.call: ApiCall | None = None
        self.permissions: dict[str, Any] | None = None
        self.setObjectName("permissionsDialog")
        self.setWindowTitle(self.tr("Permissions of %1").replace("%1", full_name(user)))
        self.qr_sessions = QCheckBox(self.tr("May create personal QR sessions (day attendance)"))
        self.qr_sessions.setEnabled(False)
        self.note = QLabel(self.tr("Loading…"))
        self.note.setWordWrap(True)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.qr_sessions)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.qr_sessions.clicked.connect(self._toggled)
        self._send(self.api.get(f"{API}/users/{user['id']}/permissions"))

    @property
    def granted(self) -> bool:
        return bool(self.permissions) and QR_SESSION_PERMISSION in self.permissions["effective"]

    def _send(self, call: ApiCall) -> None:
        self.call = call
        self.qr_sessions.setEnabled(False)
        call.succeeded.connect(self._show)
        call.failed.connect(self._failed)

    def _toggled(self, checked: bool) -> None:
        path = f"{API}/users/{self.user['id']}/permissions"
        self.error.clear_error()
        if checked:
            self._send(self.api.post(path, {"code": QR_SESSION_PERMISSION}))
        else:
            self._send(self.api.delete(f"{path}/{QR_SESSION_PERMISSION}"))

    def _show(self, permissions: dict[str, Any]) -> None:
        self.call = None
        self.permissions = permissions
        by_role = QR_SESSION_PERMISSION in permissions["role_defaults"]
        self.qr_sessions.setChecked(self.granted)
        self.qr_sessions.setEnabled(not by_role)
        if by_role:
            self.note.setText(self.tr("Every account of this role has this permission."))
        elif self.granted:
            self.note.setText(self.tr("Granted to this person. Untick to take it back."))
        else:
            self.note.setText(self.tr("Tick to let this person make personal QR codes for "
                                      "arrivals and departures."))

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.error.show_error(error)
        if self.permissions is not None:
            self._show(self.permissions)  # back to what the server has
        else:
            self.note.clear()
