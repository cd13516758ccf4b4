"""Devices seen recently: the school's registered kiosks and when each last sent scans
(``GET /api/v1/attendance/kiosks``). Tablets are not registered devices: not listed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import API, ApiClient, ApiError

REFRESH_MS = 30_000


def local_time(iso: str | None) -> str:
    if not iso:
        return ""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    return moment.toLocalTime().toString("yyyy-MM-dd HH:mm") if moment.isValid() else iso


class DevicesBox(QGroupBox):
    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.setObjectName("devicesSeen")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("devicesTable")
        self.table.setMaximumHeight(170)  # a school has a kiosk or two; leave room below
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.kiosks: list[dict[str, Any]] = []
        self._call = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Devices seen recently"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kiosk"), self.tr("Last seen"), self.tr("State")])
        self.refresh_button.setText(self.tr("Refresh"))
        self._fill()

    def refresh(self) -> None:
        if self._call is not None and not self._call.done:
            return
        self._call = self.api.get(f"{API}/attendance/kiosks")
        self._call.succeeded.connect(self._on_kiosks)
        self._call.failed.connect(self._on_failed)

    def _on_kiosks(self, kiosks: list[dict[str, Any]]) -> None:
        self.kiosks = sorted(kiosks, key=lambda k: k.get("last_seen_at") or "", reverse=True)
        self._fill()

    def _on_failed(self, error: ApiError) -> None:
        self.status.setText(error.detail)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.kiosks))
        for row, kiosk in enumerate(self.kiosks):
            seen = local_time(kiosk.get("last_seen_at")) or self.tr("never")
            state = self.tr("revoked") if kiosk.get("revoked_at") else self.tr("active")
            for column, text in enumerate((kiosk.get("name", ""), seen, state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.status.setText(self.tr("No kiosk registered yet.") if not self.kiosks else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
