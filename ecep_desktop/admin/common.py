"""Small pieces the administrator screens share: the questions that would block (files,
confirmations) behind one replaceable object, an error label, every page of a list, and the
translated names of roles, statuses and levels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QWidget

from ecep_desktop.api import API, ApiCall, ApiClient, ApiError

ROLES = ("student", "teacher", "parent", "admin")
STATUSES = ("active", "pending", "disabled")
LEVELS = ("SIL", "CP", "CE1", "CE2", "CM1", "CM2")
QR_SESSION_PERMISSION = "attendance.create_qr_session"
MAX_LIMIT = 200


def role_label(role: str) -> str:
    labels = {
        "student": QCoreApplication.translate("AdminCommon", "Pupil"),
        "teacher": QCoreApplication.translate("AdminCommon", "Teacher"),
        "parent": QCoreApplication.translate("AdminCommon", "Parent"),
        "admin": QCoreApplication.translate("AdminCommon", "Administrator"),
    }
    return labels.get(role, role)


def status_label(status: str) -> str:
    labels = {
        "active": QCoreApplication.translate("AdminCommon", "Active"),
        "pending": QCoreApplication.translate("AdminCommon", "Pending"),
        "disabled": QCoreApplication.translate("AdminCommon", "Deactivated"),
    }
    return labels.get(status, status)


def full_name(user: dict[str, Any]) -> str:
    return f"{user.get('last_name', '')} {user.get('first_name', '')}".strip()


def error_text(error: ApiError) -> str:
    """The server's sentence, then each field or line error on its own line."""
    lines = [error.detail]
    for item in error.errors:
        message = item.get("message") or ""
        where = item.get("field") or ""
        if item.get("line"):
            where = QCoreApplication.translate("AdminCommon", "line %1").replace(
                "%1", str(item["line"]))
        if message:
            lines.append(f"• {where}: {message}" if where else f"• {message}")
    return "\n".join(line for line in lines if line)


class Prompter:
    """Every question that would block the GUI thread in a modal loop. Pages hold one in
    ``self.prompter``; tests put in an object with the same methods that answers at once."""

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def open_file_name(self, parent: QWidget | None, title: str, file_filter: str) -> str:
        return QFileDialog.getOpenFileName(parent, title, "", file_filter)[0]

    def save_file_name(self, parent: QWidget | None, title: str, suggested: str,
                       file_filter: str) -> str:
        return QFileDialog.getSaveFileName(parent, title, suggested, file_filter)[0]

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)


class OneDialogAtATime:
    """For a page: at most one dialog open at a time, window-modal through ``open()`` (never
    a blocking ``exec()``), deleted once closed; ``self.dialog`` is the one open now, so tests
    can drive it."""

    dialog: QDialog | None = None

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


class ErrorLabel(QLabel):
    """A red, wrapped, selectable sentence under a form; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, error: ApiError | str) -> None:
        self.setText(error if isinstance(error, str) else error_text(error))
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


class AllPages(QObject):
    """Every item of a paged list (``items`` / ``next_cursor``), one call after the other,
    off the GUI thread. ``done(list)`` or ``failed(ApiError)`` fires once, then the object
    deletes itself (later, from the event loop)."""

    done = Signal(list)
    failed = Signal(object)

    def __init__(self, api: ApiClient, path: str, params: dict[str, Any] | None = None,
                 *, max_items: int = 5000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.path = path
        self.params = {**(params or {}), "limit": MAX_LIMIT}
        self.max_items = max_items
        self.items: list[dict[str, Any]] = []
        self.call: ApiCall | None = None
        self._next(None)

    def cancel(self) -> None:
        if self.call is not None:
            self.call.cancel()

    def _next(self, cursor: str | None) -> None:
        params = dict(self.params)
        if cursor:
            params["cursor"] = cursor
        self.call = self.api.get(self.path, params=params)
        self.call.succeeded.connect(self._page)
        self.call.failed.connect(self._failed)

    def _failed(self, error: ApiError) -> None:
        self.failed.emit(error)
        self.deleteLater()

    def _page(self, body: dict[str, Any]) -> None:
        self.items.extend(body.get("items", []))
        cursor = body.get("next_cursor")
        if cursor and len(self.items) < self.max_items:
            self._next(cursor)
        else:
            self.done.emit(self.items)
            self.deleteLater()


def fetch_all(api: ApiClient, path: str, params: dict[str, Any] | None,
              on_done: Callable[[list], None], on_failed: Callable[[ApiError], None],
              parent: QObject) -> AllPages:
    fetch = AllPages(api, path, params, parent=parent)
    fetch.done.connect(on_done)
    fetch.failed.connect(on_failed)
    return fetch


__all__ = ["API", "AllPages", "ErrorLabel", "Prompter", "error_text", "fetch_all",
           "full_name", "role_label", "status_label"]
