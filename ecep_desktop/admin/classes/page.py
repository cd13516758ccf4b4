"""The classes page: classes of the school on the left; on the right the selected class's
pupils, enrol and unenrol, and its card sheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
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
from ecep_desktop.api import API, ApiError
from ecep_desktop.shell.pages import AppServices

ID_ROLE = Qt.ItemDataRole.UserRole


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, row_id)
            table.setItem(r, c, item)


class ClassesPage(OneDialogAtATime, QWidget):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.api = services.api
        self.prompter = Prompter()
        self.dialog: QDialog | None = None
        self.classes: list[dict[str, Any]] = []
        self.teachers: list[dict[str, Any]] = []
        self.pupils: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self._pupils_fetch: AllPages | None = None
        self.download = None
        self._pending = 0
        self.setObjectName("adminClassesPage")

        self.class_table = _table(4)
        self.class_table.setObjectName("classesTable")
        self.class_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.new_button = QPushButton()
        self.refresh_button = QPushButton()
        self.new_button.clicked.connect(self.new_class)
        self.refresh_button.clicked.connect(self.load)

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 4)
        font.setWeight(QFont.Weight.Bold)
        self.title.setFont(font)
        self.pupil_table = _table(3)
        self.pupil_table.setObjectName("classPupils")
        self.pupil_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.pupil_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.class_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.enrol_button = QPushButton()
        self.unenrol_button = QPushButton()
        self.cards_button = QPushButton()
        self.enrol_button.clicked.connect(self.enrol)
        self.unenrol_button.clicked.connect(self.unenrol_selected)
        self.cards_button.clicked.connect(self.print_cards)
        self.status = QLabel()
        self.status.setObjectName("classesStatus")
        self.status.setWordWrap(True)
        self.error = ErrorLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.refresh_button)
        left_buttons.addStretch(1)
        left_layout.addLayout(left_buttons)
        left_layout.addWidget(self.class_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_buttons = QHBoxLayout()
        for button in (self.enrol_button, self.unenrol_button):
            right_buttons.addWidget(button)
        right_buttons.addStretch(1)
        right_buttons.addWidget(self.cards_button)
        right_layout.addLayout(right_buttons)
        right_layout.addWidget(self.pupil_table, 1)
        right_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)

        self.class_table.itemSelectionChanged.connect(self._class_selected)
        self.pupil_table.itemSelectionChanged.connect(self._update_actions)
        self.retranslate()
        self.load()
        fetch_all(self.api, f"{API}/users", {"role": "teacher", "status": "active"},
                  self._teachers_loaded, self.error.show_error, self)

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.class_table.setHorizontalHeaderLabels(
            [self.tr("Class"), self.tr("Level"), self.tr("School year"), self.tr("Pupils")])
        self.pupil_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Username"), self.tr("Matricule")])
        self.new_button.setText(self.tr("New class…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.enrol_button.setText(self.tr("Enrol pupils…"))
        self.unenrol_button.setText(self.tr("Unenrol"))
        self.cards_button.setText(self.tr("Print the card sheet…"))
        self._show_title()
        self._update_actions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_title(self) -> None:
        if self.current is None:
            self.title.setText(self.tr("Choose a class"))
        else:
            self.title.setText(self.tr("%1 (%2), %n pupil(s)", "", len(self.pupils))
                               .replace("%1", self.current["name"])
                               .replace("%2", self.current["school_year"]))

    def _update_actions(self) -> None:
        has_class = self.current is not None
        self.enrol_button.setEnabled(has_class)
        self.cards_button.setEnabled(has_class and bool(self.pupils))
        self.unenrol_button.setEnabled(has_class and bool(self.selected_pupil_ids()))

    # -- classes --------------------------------------------------------------------------

    def load(self) -> None:
        self.error.clear_error()
        fetch_all(self.api, f"{API}/classes", None, self._classes_loaded,
                  self.error.show_error, self)

    def _classes_loaded(self, classes: list[dict[str, Any]]) -> None:
        keep = self.current["id"] if self.current else None
        self.classes = sorted(classes, key=lambda c: (c["school_year"], c["name"]), reverse=False)
        self.class_table.blockSignals(True)
        _fill(self.class_table, [
            (c["id"], [c["name"], c["level"], c["school_year"], str(c.get("pupil_count", 0))])
            for c in self.classes])
        self.class_table.blockSignals(False)
        if keep:
            self.select_class(keep)

    def _teachers_loaded(self, teachers: list[dict[str, Any]]) -> None:
        self.teachers = teachers

    def select_class(self, class_id: str) -> bool:
        for row in range(self.class_table.rowCount()):
            if self.class_table.item(row, 0).data(ID_ROLE) == class_id:
                self.class_table.selectRow(row)
                self._class_selected()
                return True
        return False

    def _class_selected(self) -> None:
        rows = self.class_table.selectionModel().selectedRows()
        if not rows:
            return
        class_id = rows[0].data(ID_ROLE)
        self.current = next((c for c in self.classes if c["id"] == class_id), None)
        self.load_pupils()

    def new_class(self) -> QDialog:
        from ecep_desktop.admin.classes.class_dialog import ClassDialog

        dialog = ClassDialog(self.api, self.teachers, parent=self)
        dialog.saved.connect(self._class_created)
        return self._open(dialog)

    def _class_created(self, school_class: dict[str, Any]) -> None:
        self.current = school_class
        self.load()

    # -- pupils of the class -----------------------------------------------------------------

    @property
    def loading_pupils(self) -> bool:
        return self._pupils_fetch is not None

    def load_pupils(self) -> None:
        if self.current is None:
            return
        if self._pupils_fetch is not None:
            self._pupils_fetch.cancel()
        self.pupils = []
        self.pupil_table.setRowCount(0)
        self._show_title()
        self.status.setText(self.tr("Loading…"))
        fetch = fetch_all(self.api, f"{API}/users",
                          {"class_id": self.current["id"], "role": "student"},
                          lambda pupils: self._pupils_loaded(fetch, pupils),
                          lambda error: self._pupils_failed(fetch, error), self)
        self._pupils_fetch = fetch

    def _pupils_loaded(self, fetch: AllPages, pupils: list[dict[str, Any]]) -> None:
        if fetch is not self._pupils_fetch:
            return
        self._pupils_fetch = None
        self.pupils = pupils
        _fill(self.pupil_table, [
            (p["id"], [full_name(p), p["username"],
                       (p.get("pupil") or {}).get("matricule") or ""])
            for p in pupils])
        self.status.clear()
        self._show_title()
        self._update_actions()

    def _pupils_failed(self, fetch: AllPages, error: ApiError) -> None:
        if fetch is self._pupils_fetch:
            self._pupils_fetch = None
            self.status.clear()
            self.error.show_error(error)

    def selected_pupil_ids(self) -> list[str]:
        return [index.data(ID_ROLE) for index in self.pupil_table.selectionModel().selectedRows()]

    def enrol(self) -> QDialog | None:
        from ecep_desktop.admin.classes.enrol_dialog import EnrolDialog

        if self.current is None:
            return None
        dialog = EnrolDialog(self.api, self.current, {p["id"] for p in self.pupils},
                             parent=self)
        dialog.enrolled.connect(lambda _rows: self._changed())
        return self._open(dialog)

    def unenrol_selected(self) -> None:
        ids = self.selected_pupil_ids()
        if self.current is None or not ids:
            return
        question = self.tr("Remove %n pupil(s) from %1? Their accounts stay.", "", len(ids)) \
            .replace("%1", self.current["name"])
        if not self.prompter.confirm(self, self.tr("Unenrol"), question):
            return
        self._pending = len(ids)
        for pupil_id in ids:
            call = self.api.delete(f"{API}/classes/{self.current['id']}/enrollments/{pupil_id}")
            call.failed.connect(self.error.show_error)
            call.finished.connect(self._one_unenrolled)

    def _one_unenrolled(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self._changed()

    def _changed(self) -> None:
        self.load_pupils()
        self.load()  # the pupil counts

    # -- card sheet -----------------------------------------------------------------------

    def print_cards(self) -> None:
        from ecep_desktop.admin.classes.card_sheet import CardSheetDownload

        if self.current is None:
            return
        self.error.clear_error()
        download = CardSheetDownload(self.api, self.prompter, self, self.current)
        download.saved.connect(lambda path: self.status.setText(
            self.tr("Card sheet saved: %1").replace("%1", path)))
        download.failed.connect(self.error.show_error)
        if download.start():
            self.download = download
            self.cards_button.setEnabled(False)
            self.status.setText(self.tr("Preparing the card sheet…"))
            download.call.finished.connect(self._update_actions)

    # -- dialogs --------------------------------------------------------------------------
