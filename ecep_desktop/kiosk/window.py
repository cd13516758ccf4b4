"""The kiosk window: live preview with outlines, the big answer, the latest answers, and a
status line (server, queue, decoder, frames per second). F11 toggles full screen, Esc leaves
it. Closing the window stops the camera and the uploader; queued scans stay on disk."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.kiosk.capture import describe_source
from ecep_desktop.kiosk.controller import Feedback, KioskConfig, KioskController
from ecep_desktop.kiosk.feedback_panel import COLOURS, FeedbackPanel
from ecep_desktop.kiosk.preview import PreviewView
from ecep_desktop.kiosk.sound import FeedbackSound
from ecep_desktop.kiosk.uploader import ServerState
from ecep_desktop.qr import DecoderUnavailable, available_decoders

HISTORY_SIZE = 50


class KioskWindow(QMainWindow):
    def __init__(self, config: KioskConfig, parent: QWidget | None = None, *,
                 sound: bool = True, autostart: bool = True) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.controller = KioskController(config, self)
        self.sound = FeedbackSound(self, enabled=sound)
        self.preview = PreviewView()
        self.panel = FeedbackPanel()
        self.history = QListWidget()
        self.history.setMinimumWidth(360)
        self.server_label = QLabel()
        self.queue_label = QLabel()
        self.fps_label = QLabel()
        self.decoder_box = QComboBox()
        for name in available_decoders():
            self.decoder_box.addItem(name, name)
        self.decoder_box.setCurrentIndex(max(0, self.decoder_box.findData(config.decoder)))
        self.decoder_box.currentIndexChanged.connect(self._choose_decoder)
        self._decoder_label = QLabel()
        self._queue_length = 0
        self._decoded_before = 0
        self.frames_per_second = 0.0

        right = QVBoxLayout()
        right.addWidget(self.panel, 3)
        right.addWidget(self.history, 2)
        body = QHBoxLayout()
        body.addWidget(self.preview, 3)
        body.addLayout(right, 2)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        status = self.statusBar()
        status.addWidget(self.server_label, 1)
        status.addWidget(self.queue_label)
        status.addPermanentWidget(self.fps_label)
        status.addPermanentWidget(self._decoder_label)
        status.addPermanentWidget(self.decoder_box)

        c = self.controller
        c.preview.connect(self.preview.show_frame)
        c.feedback.connect(self.show_feedback)
        c.queueChanged.connect(self._set_queue_length)
        c.serverStateChanged.connect(self._show_server_state)
        c.sourceFailed.connect(self._source_failed)
        c.sourceEnded.connect(self._source_ended)
        self._fps_timer = QTimer(self, interval=1000)
        self._fps_timer.timeout.connect(self._measure_fps)
        self._fps_timer.start()
        self._source_text = describe_source(config.source)
        self.retranslate()
        if autostart:
            self.controller.start()

    # -- answers -----------------------------------------------------------------------------

    def show_feedback(self, feedback: Feedback) -> None:
        if not feedback.late:
            self.panel.show_feedback(feedback)
            self.sound.play(feedback.display)
        who = feedback.name or ""
        text = " — ".join(part for part in (feedback.time, who, feedback.message) if part)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, feedback)
        item.setForeground(QBrush(QColor("white")))
        item.setBackground(QBrush(QColor(COLOURS.get(feedback.display, COLOURS["red"]))))
        self.history.insertItem(0, item)
        while self.history.count() > HISTORY_SIZE:
            self.history.takeItem(self.history.count() - 1)

    def _set_queue_length(self, length: int) -> None:
        self._queue_length = length
        self.queue_label.setText(
            self.tr("%n scan(s) waiting to be sent", "", length) if length else ""
        )

    def _show_server_state(self, state: ServerState) -> None:
        if state.online:
            text, colour = self.tr("Server connected"), "#1e8e3e"
        elif state.code == "unreachable":
            text = self.tr("Server unreachable: scans are kept and sent when it answers")
            colour = "#c01c28"
        else:
            text, colour = self.tr("Server refused the kiosk: %1").replace("%1", state.detail), \
                "#c01c28"
        self.server_label.setText(text)
        self.server_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _source_failed(self, source: str) -> None:
        self.panel.show_problem(
            self.tr("Cannot open %1. Check that the camera is plugged in and not used by "
                    "another program.").replace("%1", source)
        )

    def _source_ended(self) -> None:
        self.statusBar().showMessage(self.tr("The video has ended."), 10_000)

    def _choose_decoder(self) -> None:
        name = self.decoder_box.currentData()
        try:
            self.controller.set_decoder(name)
        except DecoderUnavailable as error:
            self.panel.show_problem(str(error))

    def _measure_fps(self) -> None:
        decoded = self.controller.stats()["decoded"]
        self.frames_per_second = max(0, decoded - self._decoded_before)
        self._decoded_before = decoded
        rate = f"{self.frames_per_second:.0f}"
        self.fps_label.setText(self.tr("%1 frames/s").replace("%1", rate))

    # -- window ------------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # Key presses the focused widget leaves alone reach the window, whatever has focus.
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.leave_full_screen()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("eCEP kiosk — %1").replace("%1", self._source_text))
        self._decoder_label.setText(self.tr("Decoder:"))
        self._set_queue_length(self._queue_length)
        if self.controller.server_state is not None:
            self._show_server_state(self.controller.server_state)
        else:
            self.server_label.setText(self.tr("Connecting to the server…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        self._fps_timer.stop()
        self.controller.stop()
        super().closeEvent(event)
