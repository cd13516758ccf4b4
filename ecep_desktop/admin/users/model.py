"""The users table's model: rows come from ``GET /api/v1/users`` a page at a time.

The API pages by keyset (``limit``, ``cursor``, ``next_cursor``), so the model keeps the
rows it has and the cursor of the next page; a view asks for more with ``canFetchMore`` /
``fetchMore`` when it scrolls near the end. Changing the search or a filter starts again
from the first page; an answer to an older query is dropped (``_generation``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ecep_desktop.admin.common import full_name, role_label, status_label
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "username", "role", "matricule", "status", "last_login")
USER_ROLE = Qt.ItemDataRole.UserRole


def local_time(value: str | None) -> str:
    """An API time (UTC, ISO 8601) as this computer's local date and time."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")


class UsersModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    failed = Signal(object)       # ApiError
    page_loaded = Signal(int)     # rows added

    def __init__(self, api: ApiClient, *, page_size: int = 50, parent=None) -> None:
        super().__init__(parent)
        self.api = api
        self.page_size = page_size
        self.filters: dict[str, Any] = {}
        self._rows: list[dict[str, Any]] = []
        self._cursor: str | None = None
        self._exhausted = True
        self._call: ApiCall | None = None
        self._generation = 0

    # -- queries ----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._call is not None

    @property
    def exhausted(self) -> bool:
        """True once the server said there is no next page for the current query."""
        return self._exhausted

    def set_filters(self, *, q: str | None = None, role: str | None = None,
                    class_id: str | None = None, status: str | None = None) -> None:
        """Starts again from the first page with these filters (None/empty: no filter)."""
        filters = {"q": (q or "").strip() or None, "role": role or None,
                   "class_id": class_id or None, "status": status or None}
        self.filters = {key: value for key, value in filters.items() if value}
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        if self._call is not None:
            self._call.cancel()
            self._call = None
        self.beginResetModel()
        self._rows = []
        self._cursor = None
        self._exhausted = False
        self.endResetModel()
        self._request_page()

    def user(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, user_id: str) -> int:
        for row, user in enumerate(self._rows):
            if user["id"] == user_id:
                return row
        return -1

    def update_user(self, user: dict[str, Any]) -> None:
        """Replaces the row of this user (after an edit) and tells the views."""
        row = self.row_of(user["id"])
        if row < 0:
            return
        self._rows[row] = user
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- paging -----------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return not self._exhausted and self._call is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request_page()

    def _request_page(self) -> None:
        params: dict[str, Any] = {**self.filters, "limit": self.page_size}
        if self._cursor:
            params["cursor"] = self._cursor
        generation = self._generation
        call = self.api.get(f"{API}/users", params=params)
        call.succeeded.connect(lambda body: self._on_page(generation, body))
        call.failed.connect(lambda error: self._on_failed(generation, error))
        self._call = call
        self.loading_changed.emit(True)

    def _on_page(self, generation: int, body: dict[str, Any]) -> None:
        if generation != self._generation:
            return
        self._call = None
        items = list(body.get("items") or [])
        self._cursor = body.get("next_cursor")
        self._exhausted = self._cursor is None
        if items:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._rows.extend(items)
            self.endInsertRows()
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(items))

    def _on_failed(self, generation: int, error: ApiError) -> None:
        if generation != self._generation:
            return
        self._call = None
        self._exhausted = True  # no endless retries from the view; reload() tries again
        self.loading_changed.emit(False)
        self.failed.emit(error)

    # -- the table --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        titles = {
            "name": self.tr("Name"),
            "username": self.tr("Username"),
            "role": self.tr("Role"),
            "matricule": self.tr("Matricule"),
            "status": self.tr("Status"),
            "last_login": self.tr("Last login"),
        }
        return titles[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        if role == USER_ROLE:
            return user
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()] == "name":
            return user.get("email") or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "name":
            return full_name(user)
        if column == "username":
            return user.get("username", "")
        if column == "role":
            return role_label(user.get("role", ""))
        if column == "matricule":
            return (user.get("pupil") or {}).get("matricule") or ""
        if column == "status":
            return status_label(user.get("status", ""))
        if column == "last_login":
            return local_time(user.get("last_login_at"))
        return None
