"""The roster beside the projector: every enrolled pupil with their mark, updated in place
from each poll (so a selection survives), and buttons to correct the selected pupil's mark
(present, late, excused, absent); the server audits every correction."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.teacher.labels import clock_text, refusal_label, status_label
from ecep_desktop.teacher.session import STATUSES

STATUS_COLOURS = {
    "present": QColor("#2e7d32"),
    "late": QColor("#ef6c00"),
    "excused": QColor("#1565c0"),
    "absent": QColor("#c62828"),
}
Index = QModelIndex | QPersistentModelIndex
REFUSED_SHOWN = 3


def full_name(entry: dict[str, Any]) -> str:
    return f"{entry.get('first_name', '')} {entry.get('last_name', '')}".strip()


class RosterModel(QAbstractTableModel):
    NAME, STATUS, TIME = range(3)
    PupilIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[dict[str, Any]] = []

    def set_pupils(self, pupils: list[dict[str, Any]]) -> None:
        pupils = sorted(pupils, key=lambda p: (p["last_name"].casefold(),
                                               p["first_name"].casefold(), p["pupil_id"]))
        same_people = [p["pupil_id"] for p in pupils] == [p["pupil_id"] for p in self._rows]
        if same_people:
            changed = [i for i, (old, new) in enumerate(zip(self._rows, pupils, strict=True))
                       if old != new]
            self._rows = pupils
            for row in changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.TIME))
        else:
            self.beginResetModel()
            self._rows = pupils
            self.endResetModel()

    def entry(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, pupil_id: str) -> int:
        return next((i for i, p in enumerate(self._rows) if p["pupil_id"] == pupil_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        mark = entry.get("mark")
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return full_name(entry)
            if column == self.STATUS:
                return status_label(mark["status"] if mark else None)
            if column == self.TIME:
                return clock_text(mark["marked_at"], self.zone) if mark else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and mark:
            return STATUS_COLOURS.get(mark["status"])
        if role == self.PupilIdRole:
            return entry["pupil_id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.NAME:
            return self.tr("Pupil")
        if section == self.STATUS:
            return self.tr("Status")
        if section == self.TIME:
            return self.tr("Time")
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.TIME)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.TIME))


class RosterPanel(QWidget):
    """Emits ``correctionRequested(pupil_id, status)``; the window sends it to the server."""

    correctionRequested = Signal(str, str)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RosterModel(zone, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(
            RosterModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.title = QLabel()
        self.refused = QLabel()
        self.refused.setObjectName("refused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #c62828;")
        self._refused: list[dict[str, Any]] = []
        self.zone = zone
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for status in STATUSES:
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, s=status: self._request(s))
            self.buttons[status] = button
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.refused)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.retranslate()

    def set_roster(self, roster: dict[str, Any]) -> None:
        self.model.set_pupils(list(roster.get("pupils", [])))

    def set_refused(self, attempts: list[dict[str, Any]]) -> None:
        """Refused scans, newest first: their number and the latest three with reasons."""
        self._refused = list(attempts)
        self._show_refused()

    def _show_refused(self) -> None:
        if not self._refused:
            self.refused.clear()
            return
        lines = [self.tr("Refused scans: %n", "", len(self._refused))]
        for attempt in self._refused[:REFUSED_SHOWN]:
            who = attempt.get("pupil_name") or self.tr("unknown")
            lines.append(f"{clock_text(attempt['created_at'], self.zone)}  {who}: "
                         f"{refusal_label(attempt['result'])}")
        self.refused.setText("\n".join(lines))

    def selected_pupil_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entry(rows[0].row())["pupil_id"] if rows else None

    def select_pupil(self, pupil_id: str) -> bool:
        row = self.model.row_of(pupil_id)
        if row >= 0:
            self.view.selectRow(row)
        return row >= 0

    def _selection_changed(self, *_args: object) -> None:
        enabled = self.selected_pupil_id() is not None
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _request(self, status: str) -> None:
        pupil_id = self.selected_pupil_id()
        if pupil_id is not None:
            self.correctionRequested.emit(pupil_id, status)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Roster"))
        self.hint.setText(self.tr("Select a pupil, then correct their mark:"))
        for status, button in self.buttons.items():
            button.setText(status_label(status))
        self.model.retranslate()
        self._show_refused()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
