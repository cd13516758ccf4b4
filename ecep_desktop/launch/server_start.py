"""Waiting for the embedded server: its state, its log, and what to do when the port is
taken."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.server.supervisor import ServerState, ServerSupervisor
from ecep_desktop.settings import DesktopSettings


def state_text(state: str, supervisor: ServerSupervisor) -> str:
    """The supervisor's state in the user's words."""
    translate = QCoreApplication.translate
    port = str(supervisor.port)
    texts = {
        ServerState.stopped: translate("ServerState", "Stopped"),
        ServerState.starting: translate("ServerState", "Starting…"),
        ServerState.running: translate("ServerState", "Running on port %1").replace("%1", port),
        ServerState.crashed: translate("ServerState", "Stopped unexpectedly; restarting…"),
        ServerState.port_taken: translate(
            "ServerState", "Port %1 is used by another program.").replace("%1", port),
        ServerState.failed: translate(
            "ServerState", "Could not be started: %1").replace("%1", supervisor.last_error),
    }
    return texts.get(ServerState(state), state)


class ServerStartDialog(QDialog):
    """Accepted as soon as the supervisor reports ``running``; rejected by Cancel."""

    def __init__(self, supervisor: ServerSupervisor, settings: DesktopSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supervisor = supervisor
        self.settings = settings
        self.setObjectName("serverStart")
        self.setMinimumSize(560, 360)
        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.status.setWordWrap(True)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(500)
        for line in supervisor.log:
            self.log.appendPlainText(line)
        self.other_port = QPushButton()
        self.other_port.setObjectName("useOtherPort")
        self.other_port.hide()
        self.other_port.clicked.connect(self._use_other_port)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.other_port)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.buttons)
        supervisor.state_changed.connect(self._on_state)
        supervisor.log_line.connect(self.log.appendPlainText)
        self.retranslate()
        self._on_state(supervisor.state.value)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("School server"))

    def _on_state(self, state: str) -> None:
        self.status.setText(state_text(state, self.supervisor))
        taken = state == ServerState.port_taken
        self.other_port.setVisible(taken)
        if taken:
            self.other_port.setText(self.tr("Use port %1 instead")
                                    .replace("%1", str(self.supervisor.suggested_port)))
        if state == ServerState.running:
            self.accept()

    def _use_other_port(self) -> None:
        port = self.supervisor.suggested_port
        if port:
            self.settings.embedded_port = port
            self.supervisor.use_port(port)

    def done(self, result: int) -> None:
        self.supervisor.state_changed.disconnect(self._on_state)
        self.supervisor.log_line.disconnect(self.log.appendPlainText)
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reject()
        event.accept()
