"""The "server unreachable" banner with its Retry button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ecep_desktop.api import ApiClient

AUTO_RETRY_MS = 10_000


class UnreachableBanner(QFrame):
    """Shown while the server does not answer; Retry checks at once, and a check also runs
    every ``auto_retry_ms`` by itself so the banner goes away when the server is back."""

    def __init__(self, api: ApiClient, parent: QWidget | None = None,
                 auto_retry_ms: int = AUTO_RETRY_MS) -> None:
        super().__init__(parent)
        self.api = api
        self._auto_retry = QTimer(self)
        self._auto_retry.setInterval(auto_retry_ms)
        self._auto_retry.timeout.connect(self.check_now)
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
        if not self.retry.isEnabled():
            return  # a check is already on its way
        self.retry.setEnabled(False)
        call = self.api.check_reachability()
        call.finished.connect(lambda: self.retry.setEnabled(True))

    def _on_reachability(self, reachable: bool) -> None:
        self.setVisible(not reachable)
        if reachable:
            self._auto_retry.stop()
        else:
            self._auto_retry.start()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
