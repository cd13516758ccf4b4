"""A new class: name, level, school year, main teacher (optional)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import LEVELS, ErrorLabel, full_name
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError


def current_school_year(today: date | None = None) -> str:
    """September to August, as the API counts it: ``2026-2027``."""
    today = today or date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


class ClassDialog(QDialog):
    saved = Signal(object)  # ClassRead dict

    def __init__(self, api: ApiClient, teachers: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.call: ApiCall | None = None
        self.setObjectName("classDialog")
        self.setWindowTitle(self.tr("New class"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. CM2 A"))
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(level, level)
        self.level.setCurrentIndex(self.level.findData("CM2"))
        self.school_year = QLineEdit(current_school_year())
        self.teacher = QComboBox()
        self.teacher.addItem(self.tr("None"), None)
        for teacher in teachers:
            self.teacher.addItem(full_name(teacher), teacher["id"])
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("School year"), self.school_year)
        form.addRow(self.tr("Main teacher"), self.teacher)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if self.call is not None:
            return
        self.error.clear_error()
        self.buttons.setEnabled(False)
        self.call = self.api.post(f"{API}/classes", {
            "name": self.name.text().strip(),
            "level": self.level.currentData(),
            "school_year": self.school_year.text().strip(),
            "main_teacher_id": self.teacher.currentData(),
        })
        self.call.succeeded.connect(self._saved)
        self.call.failed.connect(self._failed)

    def _saved(self, school_class: dict[str, Any]) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.saved.emit(school_class)
        self.accept()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.error.show_error(error)
