""""Today": the lessons of the day (in the school's time zone) that the user may take
attendance for, each with "Start attendance", or "Resume" when a session is already open.
Starting opens the session on the server, then the projector window."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import API, ApiError
from ecep_desktop.shell.pages import AppServices
from ecep_desktop.teacher.clock import Clock
from ecep_desktop.teacher.labels import clock_text, school_zone
from ecep_desktop.teacher.projector_window import ProjectorWindow

MAX_LESSONS = 200
REFRESH_MS = 60_000  # sessions opened or closed elsewhere, and the next day, show by themselves


class TodayPage(QWidget):
    TIME, CLASS, SUBJECT, ROOM, ACTION = range(5)

    def __init__(self, services: AppServices, parent: QWidget | None = None, *,
                 clock: Clock | None = None, full_screen: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("teacher.today")
        self.services = services
        self.zone = school_zone(services.server_info)
        self.clock = clock  # passed on to projector windows (tests)
        self.full_screen = full_screen
        self.lessons: list[dict[str, Any]] = []
        self.open_sessions: dict[str, str] = {}  # lesson id -> open session id
        self.class_names: dict[str, str] = {}
        self.subject_names: dict[str, str] = {}
        self.windows: dict[str, ProjectorWindow] = {}  # session id -> its window
        self._pending = 0
        self._loaded: dict[str, Any] = {}

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.CLASS, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self._refresh_timer = QTimer(self, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_if_visible)
        self._refresh_timer.start()
        self.refresh()

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            if self.heading.text() != self._heading_text():
                self.retranslate()  # a new day
            self.refresh()

    # -- loading -----------------------------------------------------------------------

    def day_bounds(self) -> tuple[datetime, datetime]:
        """Today, midnight to midnight, in the school's time zone."""
        today = datetime.now(self.zone).date()
        start = datetime.combine(today, time(0, 0), tzinfo=self.zone)
        return start, start + timedelta(days=1)

    def refresh(self) -> None:
        if self._pending:
            return
        start, end = self.day_bounds()
        params: dict[str, Any] = {"starts_from": start.isoformat(),
                                  "starts_before": end.isoformat(), "limit": MAX_LESSONS}
        if self.services.role == "teacher":
            params["teacher_id"] = self.services.me["id"]
        api = self.services.api
        self._loaded = {}
        self.message.setText(self.tr("Loading today's lessons…"))
        self.refresh_button.setEnabled(False)
        calls = {
            "lessons": api.get(f"{API}/lessons", params=params),
            "sessions": api.get(f"{API}/attendance/sessions",
                                params={"open": "true", "limit": MAX_LESSONS}),
            "classes": api.get(f"{API}/classes", params={"limit": MAX_LESSONS}),
            "subjects": api.get(f"{API}/subjects"),
        }
        self._pending = len(calls)
        for key, call in calls.items():
            call.succeeded.connect(lambda body, k=key: self._part_loaded(k, body))
            call.failed.connect(self._failed)

    def _part_loaded(self, key: str, body: Any) -> None:
        self._loaded[key] = body
        self._part_done()

    def _failed(self, error: ApiError) -> None:
        self._loaded["error"] = error
        self._part_done()

    def _part_done(self) -> None:
        self._pending -= 1
        if self._pending:
            return
        self.refresh_button.setEnabled(True)
        error = self._loaded.get("error")
        if error is not None:
            self.message.setText(error.detail)
        else:
            self._show(self._loaded)

    def _show(self, loaded: dict[str, Any]) -> None:
        self.lessons = list(loaded["lessons"]["items"])
        self.open_sessions = {s["lesson_id"]: s["id"] for s in loaded["sessions"]["items"]
                              if s["is_open"]}
        self.class_names = {c["id"]: c["name"] for c in loaded["classes"]["items"]}
        self.subject_names = {s["id"]: s["name"] for s in loaded["subjects"]}
        self.message.setText("" if self.lessons else self.tr("No lessons today."))
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.lessons))
        for row, lesson in enumerate(self.lessons):
            hours = (f"{clock_text(lesson['starts_at'], self.zone)}–"
                     f"{clock_text(lesson['ends_at'], self.zone)}")
            cells = (hours, self.class_names.get(lesson["class_id"], "?"),
                     self.subject_names.get(lesson["subject_id"], "?"), lesson.get("room") or "")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            button = QPushButton(self.tr("Resume") if lesson["id"] in self.open_sessions
                                 else self.tr("Start attendance"))
            button.setObjectName(f"attendance-{lesson['id']}")
            button.clicked.connect(lambda _checked=False, lid=lesson["id"]: self.start(lid))
            self.table.setCellWidget(row, self.ACTION, button)

    # -- attendance --------------------------------------------------------------------

    def start(self, lesson_id: str) -> None:
        """Resume the lesson's open session, or open one, then show the projector."""
        session_id = self.open_sessions.get(lesson_id)
        if session_id is not None:
            self.open_projector(session_id)
            return
        call = self.services.api.post(f"{API}/attendance/sessions", {"lesson_id": lesson_id})

        def opened(body: dict[str, Any]) -> None:
            self.open_sessions[lesson_id] = body["id"]
            self._fill_table()
            self.open_projector(body["id"])

        def refused(error: ApiError) -> None:
            self.message.setText(error.detail)
            if error.code == "attendance_session_already_open":
                self.refresh()  # opened elsewhere: "Resume" will show it

        call.succeeded.connect(opened)
        call.failed.connect(refused)

    def open_projector(self, session_id: str) -> ProjectorWindow:
        window = self.windows.get(session_id)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window
        window = ProjectorWindow(self.services.api, session_id, zone=self.zone,
                                 clock=self.clock)
        self.windows[session_id] = window
        window.destroyed.connect(lambda *_: self.windows.pop(session_id, None))
        window.session.closedChanged.connect(self.refresh)
        self.services.open_window(window)
        window.present(full_screen=self.full_screen)
        return window

    # -- texts -------------------------------------------------------------------------

    def _heading_text(self) -> str:
        start, _end = self.day_bounds()
        return self.tr("Today's lessons (%1)").replace("%1", start.strftime("%d/%m/%Y"))

    def retranslate(self) -> None:
        self.heading.setText(self._heading_text())
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Class"), self.tr("Subject"), self.tr("Room"),
            self.tr("Attendance"),
        ])
        if self.lessons:
            self._fill_table()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
