"""The "server unreachable" banner with its Retry button."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ecep_desktop.api import ApiClient


class UnreachableBanner(QFrame):
    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.setObjectName("unreachableBanner")
        self.setStyleSheet(
            "#unreachableBanner { background: #fdecea; border: 1px solid #f5c2c0; }"
            "#unreachableBanner QLabel { color: #8a1c1c; font-weight: bold; }")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.retry = QPushButton()
        self.retry.setObjectName("retryButton")
        self.retry.clicked.connect(self.check_now)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry)
        self.retranslate()
        self.setVisible(api.reachable is False)
        api.reachability_changed.connect(self._on_reachability)

    def retranslate(self) -> None:
        self.message.setText(self.tr(
            "The school server cannot be reached. Your work is kept; check the network or "
            "the server, then retry."))
        self.retry.setText(self.tr("Retry"))

    def check_now(self) -> None:
        self.retry.setEnabled(False)
        call = self.api.check_reachability()
        call.finished.connect(lambda: self.retry.setEnabled(True))

    def _on_reachability(self, reachable: bool) -> None:
        self.setVisible(not reachable)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
