"""A new lesson (class, subject, teacher, day, start, end, room) and a new subject."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import ErrorLabel, full_name
from ecep_desktop.admin.lessons.week import aware
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError


class _SubmitDialog(QDialog):
    """The OK/Cancel box, the error label and the one call in flight, shared."""

    saved = Signal(object)

    def __init__(self, api: ApiClient, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.api = api
        self.call: ApiCall | None = None
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def request(self) -> ApiCall:
        raise NotImplementedError

    def submit(self) -> None:
        if self.call is not None:
            return
        self.error.clear_error()
        self.buttons.setEnabled(False)
        self.call = self.request()
        self.call.succeeded.connect(self._saved)
        self.call.failed.connect(self._failed)

    def _saved(self, body: dict[str, Any]) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.saved.emit(body)
        self.accept()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.error.show_error(error)


class LessonDialog(_SubmitDialog):
    def __init__(self, api: ApiClient, *, classes: list[dict[str, Any]],
                 subjects: list[dict[str, Any]], teachers: list[dict[str, Any]],
                 day: date, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(api, parent)
        self.zone = zone
        self.setObjectName("lessonDialog")
        self.setWindowTitle(self.tr("New lesson"))
        self.school_class = QComboBox()
        for c in classes:
            self.school_class.addItem(f"{c['name']} ({c['school_year']})", c["id"])
        self.subject = QComboBox()
        for s in subjects:
            self.subject.addItem(s["name"], s["id"])
        self.teacher = QComboBox()
        self.teacher.addItem(self.tr("The class's main teacher"), None)
        for t in teachers:
            self.teacher.addItem(full_name(t), t["id"])
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.starts = QTimeEdit(QTime(8, 0))
        self.ends = QTimeEdit(QTime(9, 0))
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("HH:mm")
        self.room = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Class"), self.school_class)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Teacher"), self.teacher)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Starts"), self.starts)
        form.addRow(self.tr("Ends"), self.ends)
        form.addRow(self.tr("Room"), self.room)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def payload(self) -> dict[str, Any]:
        day = self.day.date().toPython()
        start = self.starts.time().toPython()
        end = self.ends.time().toPython()
        return {
            "class_id": self.school_class.currentData(),
            "subject_id": self.subject.currentData(),
            "teacher_id": self.teacher.currentData(),
            "starts_at": aware(day, time(start.hour, start.minute), self.zone),
            "ends_at": aware(day, time(end.hour, end.minute), self.zone),
            "room": self.room.text().strip() or None,
        }

    def submit(self) -> None:
        if self.school_class.currentData() is None or self.subject.currentData() is None:
            self.error.show_error(self.tr("Choose a class and a subject (create a subject "
                                          "first if the list is empty)."))
            return
        super().submit()

    def request(self) -> ApiCall:
        return self.api.post(f"{API}/lessons", self.payload())


class SubjectDialog(_SubmitDialog):
    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(api, parent)
        self.setObjectName("subjectDialog")
        self.setWindowTitle(self.tr("New subject"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. MATH"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Mathematics"))
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def request(self) -> ApiCall:
        return self.api.post(f"{API}/subjects", {"code": self.code.text().strip(),
                                                 "name": self.name.text().strip()})
