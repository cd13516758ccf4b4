"""The server page's "Synchronisation with the eCEP platform" box: the school server's link
to the hub (``GET /api/v1/sync/status``: enrolled or not, hub reachable, changes waiting,
last success, last error) and "Sync now" (``POST /api/v1/sync/run``). The server syncs by
itself when the hub answers; the button is for the impatient (docs/sync.md)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import ErrorLabel, error_text
from ecep_desktop.api import API, ApiClient, ApiError
from ecep_desktop.server_panel.devices import local_time

SYNC_TIMEOUT_S = 600.0  # a school offline for days has a lot to send
REFRESH_MS = 15_000


class SyncBox(QGroupBox):
    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.setObjectName("syncState")
        self.link_label = QLabel()
        self.link_label.setObjectName("syncLink")
        self.link_label.setWordWrap(True)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("syncPending")
        self.success_label = QLabel()
        self.success_label.setObjectName("syncLastSuccess")
        self.error_label = QLabel()
        self.error_label.setObjectName("syncLastError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form_labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for label, value in zip(self._form_labels, (self.link_label, self.pending_label,
                                                    self.success_label, self.error_label),
                                strict=True):
            form.addRow(label, value)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.status = QLabel()
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.state: dict[str, Any] | None = None
        self.busy = False
        self._status_call = None
        self._run_call = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Synchronisation with the eCEP platform"))
        for label, text in zip(self._form_labels, (
            self.tr("Hub"), self.tr("Changes waiting"), self.tr("Last success"),
            self.tr("Last error"),
        ), strict=True):
            label.setText(text)
        self.sync_button.setText(self.tr("Sync now"))
        self._show()

    # -- status ------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.busy or (self._status_call is not None and not self._status_call.done):
            return
        self._status_call = self.api.get(f"{API}/sync/status")
        self._status_call.succeeded.connect(self._on_status)
        self._status_call.failed.connect(self._on_failed)

    def _on_status(self, state: dict[str, Any]) -> None:
        self.state = state
        self._show()

    def _show(self) -> None:
        state = self.state
        if state is None:
            self.link_label.setText(self.tr("Reading the state…"))
            self.sync_button.setEnabled(False)
            return
        if not state.get("enrolled"):
            self.link_label.setText(self.tr(
                "This server is not enrolled with a hub yet. Ask the platform's administrator "
                "for a code, then run: ecep-server sync-enroll --hub URL --code CODE"))
        elif state.get("hub_reachable") is False:
            self.link_label.setText(self.tr("%1 — cannot be reached right now; the server "
                                            "tries again by itself.")
                                    .replace("%1", str(state.get("hub_url") or "")))
        elif state.get("hub_reachable"):
            self.link_label.setText(self.tr("%1 — reachable").replace(
                "%1", str(state.get("hub_url") or "")))
        else:
            self.link_label.setText(str(state.get("hub_url") or ""))
        pending = int(state.get("pending") or 0)
        parked = int(state.get("parked") or 0)
        text = self.tr("Everything is sent.") if pending == 0 else self.tr(
            "%n change(s) to send", "", pending)
        if parked:
            text += " " + self.tr("(%n received row(s) waiting for their parent)", "", parked)
        self.pending_label.setText(text)
        self.success_label.setText(local_time(state.get("last_success_at"))
                                   or self.tr("never"))
        self.error_label.setText(state.get("last_error") or self.tr("none"))
        self.sync_button.setEnabled(bool(state.get("enrolled")) and not self.busy)

    # -- sync now ----------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.error.clear_error()
        self.status.setText(self.tr("Synchronising…"))
        self.sync_button.setEnabled(False)
        self._run_call = self.api.post(f"{API}/sync/run", timeout=SYNC_TIMEOUT_S)
        self._run_call.succeeded.connect(self._on_run)
        self._run_call.failed.connect(self._on_failed)
        self._run_call.finished.connect(self._finished)

    def _on_run(self, result: dict[str, Any]) -> None:
        self.state = result.get("status")
        if result.get("ok"):
            self.status.setText(self.tr("Synchronised: %1 row(s) sent, %2 received.")
                                .replace("%1", str(result.get("pushed_rows", 0)))
                                .replace("%2", str(result.get("pulled_rows", 0))))
        else:
            self.status.setText(self.tr("The synchronisation did not complete; see the last "
                                        "error. The server tries again by itself."))
        self._show()

    def _finished(self) -> None:
        self.busy = False
        self._show()

    def _on_failed(self, error: ApiError) -> None:
        self.status.clear()
        self.error.show_error(error_text(error))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
