"""Enrol pupils in a class: search pupils on the server, tick them, enrol them at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import ErrorLabel, full_name
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError

SEARCH_LIMIT = 100


class EnrolDialog(QDialog):
    enrolled = Signal(list)  # EnrollmentRead dicts

    def __init__(self, api: ApiClient, school_class: dict[str, Any], enrolled_ids: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.school_class = school_class
        self.enrolled_ids = enrolled_ids
        self.search_call: ApiCall | None = None
        self.call: ApiCall | None = None
        self.setObjectName("enrolDialog")
        self.setWindowTitle(self.tr("Enrol pupils in %1").replace("%1", school_class["name"]))
        self.resize(440, 520)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search pupils by name or matricule"))
        self.results = QListWidget()
        self.results.setObjectName("enrolResults")
        self.hint = QLabel()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        if self.search_call is not None:
            self.search_call.cancel()
        params: dict[str, Any] = {"role": "student", "limit": SEARCH_LIMIT, "status": "active"}
        if self.search.text().strip():
            params["q"] = self.search.text().strip()
        self.search_call = self.api.get(f"{API}/users", params=params)
        self.search_call.succeeded.connect(self._show_results)
        self.search_call.failed.connect(self.error.show_error)

    def _show_results(self, body: dict[str, Any]) -> None:
        self.search_call = None
        ticked = set(self.ticked_ids())
        self.results.clear()
        for pupil in body.get("items", []):
            if pupil["id"] in self.enrolled_ids:
                continue
            matricule = (pupil.get("pupil") or {}).get("matricule")
            label = full_name(pupil) + (f"  ({matricule})" if matricule else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, pupil["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pupil["id"] in ticked
                               else Qt.CheckState.Unchecked)
            self.results.addItem(item)
        more = body.get("next_cursor") is not None
        self.hint.setText(self.tr("More pupils match: refine the search.") if more else "")
        self.results_loaded = True

    def tick(self, pupil_id: str) -> bool:
        for row in range(self.results.count()):
            item = self.results.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == pupil_id:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def ticked_ids(self) -> list[str]:
        return [self.results.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.results.count())
                if self.results.item(row).checkState() == Qt.CheckState.Checked]

    def submit(self) -> None:
        ids = self.ticked_ids()
        if not ids or self.call is not None:
            return
        self.error.clear_error()
        self.buttons.setEnabled(False)
        self.call = self.api.post(f"{API}/classes/{self.school_class['id']}/enrollments",
                                  {"pupil_ids": ids})
        self.call.succeeded.connect(self._done)
        self.call.failed.connect(self._failed)

    def _done(self, enrolments: list[dict[str, Any]]) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.enrolled.emit(enrolments)
        self.accept()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.error.show_error(error)
