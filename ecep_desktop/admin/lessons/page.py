"""The lessons page: one week at a time (previous, this week, next), optionally one class,
with the class, subject, teacher and room of each lesson; new lessons and subjects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import (
    AllPages,
    ErrorLabel,
    OneDialogAtATime,
    Prompter,
    fetch_all,
    full_name,
)
from ecep_desktop.admin.lessons.week import local, monday_of, school_zone, week_bounds
from ecep_desktop.api import API, ApiError
from ecep_desktop.shell.pages import AppServices

ID_ROLE = Qt.ItemDataRole.UserRole


class LessonsPage(OneDialogAtATime, QWidget):
    def __init__(self, services: AppServices, *, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.api = services.api
        self.prompter = Prompter()
        self.dialog: QDialog | None = None
        self.zone = school_zone(services.server_info.get("timezone"))
        self.monday = monday_of(today or date.today())
        self._today = today
        self.lessons: list[dict[str, Any]] = []
        self.classes: dict[str, dict[str, Any]] = {}
        self.subjects: dict[str, dict[str, Any]] = {}
        self.teachers: dict[str, dict[str, Any]] = {}
        self._fetch: AllPages | None = None
        self.setObjectName("adminLessonsPage")

        self.previous_button = QPushButton()
        self.this_week_button = QPushButton()
        self.next_button = QPushButton()
        self.week_label = QLabel()
        self.week_label.setObjectName("weekLabel")
        self.week_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.class_filter = QComboBox()
        self.new_button = QPushButton()
        self.subject_button = QPushButton()
        self.delete_button = QPushButton()
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("lessonsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.error = ErrorLabel()

        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + timedelta(7)))
        self.this_week_button.clicked.connect(
            lambda: self.show_week(monday_of(self._today or date.today())))
        self.class_filter.currentIndexChanged.connect(lambda _i: self.load())
        self.new_button.clicked.connect(self.new_lesson)
        self.subject_button.clicked.connect(self.new_subject)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._update_actions)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.this_week_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.week_label, 1)
        navigation.addWidget(self.class_filter)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.subject_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)

        self.retranslate()
        self.load_references()
        self.load()

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.previous_button.setText(self.tr("◀ Previous week"))
        self.this_week_button.setText(self.tr("This week"))
        self.next_button.setText(self.tr("Next week ▶"))
        self.new_button.setText(self.tr("New lesson…"))
        self.subject_button.setText(self.tr("New subject…"))
        self.delete_button.setText(self.tr("Delete…"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Day"), self.tr("Time"), self.tr("Class"), self.tr("Subject"),
            self.tr("Teacher"), self.tr("Room")])
        self._fill_class_filter()
        self._show_week_label()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_week_label(self) -> None:
        sunday = self.monday + timedelta(days=6)
        self.week_label.setText(self.tr("Week of %1 to %2")
                                .replace("%1", self.monday.strftime("%d/%m/%Y"))
                                .replace("%2", sunday.strftime("%d/%m/%Y")))

    def _fill_class_filter(self) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("All classes"), None)
        for c in sorted(self.classes.values(), key=lambda c: (c["school_year"], c["name"])):
            self.class_filter.addItem(f"{c['name']} ({c['school_year']})", c["id"])
        self.class_filter.setCurrentIndex(max(0, self.class_filter.findData(current)))
        self.class_filter.blockSignals(False)

    # -- data -----------------------------------------------------------------------------

    def load_references(self) -> None:
        fetch_all(self.api, f"{API}/classes", None, self._classes_loaded,
                  self.error.show_error, self)
        fetch_all(self.api, f"{API}/users", {"role": "teacher"}, self._teachers_loaded,
                  self.error.show_error, self)
        self.load_subjects()

    def load_subjects(self) -> None:
        call = self.api.get(f"{API}/subjects")
        call.succeeded.connect(self._subjects_loaded)
        call.failed.connect(self.error.show_error)

    def _classes_loaded(self, classes: list[dict[str, Any]]) -> None:
        self.classes = {c["id"]: c for c in classes}
        self._fill_class_filter()
        self._render()

    def _teachers_loaded(self, teachers: list[dict[str, Any]]) -> None:
        self.teachers = {t["id"]: t for t in teachers}
        self._render()

    def _subjects_loaded(self, subjects: list[dict[str, Any]]) -> None:
        self.subjects = {s["id"]: s for s in subjects}
        self._render()

    @property
    def loading(self) -> bool:
        return self._fetch is not None

    def show_week(self, monday: date) -> None:
        self.monday = monday_of(monday)
        self._show_week_label()
        self.load()

    def load(self) -> None:
        if self._fetch is not None:
            self._fetch.cancel()
        self.error.clear_error()
        starts_from, starts_before = week_bounds(self.monday, self.zone)
        params: dict[str, Any] = {"starts_from": starts_from, "starts_before": starts_before}
        if self.class_filter.currentData():
            params["class_id"] = self.class_filter.currentData()
        self.status.setText(self.tr("Loading…"))
        fetch = fetch_all(self.api, f"{API}/lessons", params,
                          lambda lessons: self._loaded(fetch, lessons),
                          lambda error: self._failed(fetch, error), self)
        self._fetch = fetch

    def _loaded(self, fetch: AllPages, lessons: list[dict[str, Any]]) -> None:
        if fetch is not self._fetch:
            return
        self._fetch = None
        self.lessons = lessons
        self.status.setText(self.tr("%n lesson(s) this week", "", len(lessons)))
        self._render()

    def _failed(self, fetch: AllPages, error: ApiError) -> None:
        if fetch is not self._fetch:
            return
        self._fetch = None
        self.status.clear()
        self.error.show_error(error)

    def _render(self) -> None:
        locale = QLocale()
        self.table.setRowCount(len(self.lessons))
        for row, lesson in enumerate(self.lessons):
            starts = local(lesson["starts_at"], self.zone)
            ends = local(lesson["ends_at"], self.zone)
            day_name = locale.dayName(starts.isoweekday(), QLocale.FormatType.ShortFormat)
            school_class = self.classes.get(lesson["class_id"])
            subject = self.subjects.get(lesson["subject_id"])
            teacher = self.teachers.get(lesson.get("teacher_id") or "")
            cells = [
                f"{day_name} {starts:%d/%m}",
                f"{starts:%H:%M}–{ends:%H:%M}",
                school_class["name"] if school_class else "…",
                subject["name"] if subject else "…",
                full_name(teacher) if teacher else ("" if not lesson.get("teacher_id") else "…"),
                lesson.get("room") or "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, lesson["id"])
                self.table.setItem(row, column, item)
        self._update_actions()

    def _update_actions(self) -> None:
        self.delete_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    # -- actions --------------------------------------------------------------------------

    def new_lesson(self) -> QDialog:
        from ecep_desktop.admin.lessons.dialogs import LessonDialog

        today = self._today or date.today()
        in_week = self.monday <= today < self.monday + timedelta(days=7)
        dialog = LessonDialog(
            self.api,
            classes=sorted(self.classes.values(), key=lambda c: (c["school_year"], c["name"])),
            subjects=sorted(self.subjects.values(), key=lambda s: s["name"]),
            teachers=sorted(self.teachers.values(), key=full_name),
            day=today if in_week else self.monday, zone=self.zone, parent=self)
        dialog.saved.connect(lambda _lesson: self.load())
        return self._open(dialog)

    def new_subject(self) -> QDialog:
        from ecep_desktop.admin.lessons.dialogs import SubjectDialog

        dialog = SubjectDialog(self.api, parent=self)
        dialog.saved.connect(lambda _subject: self.load_subjects())
        return self._open(dialog)

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        lesson_id = rows[0].data(ID_ROLE)
        if not self.prompter.confirm(self, self.tr("Delete"),
                                     self.tr("Delete this lesson? A lesson with attendance "
                                             "cannot be deleted.")):
            return
        call = self.api.delete(f"{API}/lessons/{lesson_id}")
        call.succeeded.connect(lambda _body: self.load())
        call.failed.connect(self.error.show_error)
