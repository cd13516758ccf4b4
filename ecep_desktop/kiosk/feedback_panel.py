"""The big, clear answer a pupil sees from a few metres: green arrival, blue departure, red
refusal with its reason, the name and the time; back to the invitation after a few seconds."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ecep_desktop.kiosk.controller import BLUE, GREEN, QUEUED, RED, Feedback

IDLE = "idle"
COLOURS = {
    GREEN: "#1e8e3e",
    BLUE: "#1a5fb4",
    RED: "#c01c28",
    QUEUED: "#5e5c64",
    IDLE: "#241f31",
}
SHOW_MS = 6000


class FeedbackPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskFeedback")
        self.display = IDLE
        self.current: Feedback | None = None
        self.headline = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.time = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.name.setWordWrap(True)
        for label, size, bold in ((self.headline, 40, True), (self.name, 34, True),
                                  (self.message, 20, False), (self.time, 28, True)):
            font = label.font()
            font.setPointSize(size)
            font.setBold(bold)
            label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.headline, self.name, self.message, self.time):
            layout.addWidget(label)
        layout.addStretch(1)
        self._idle_timer = QTimer(self, singleShot=True, interval=SHOW_MS)
        self._idle_timer.timeout.connect(self.show_idle)
        self.show_idle()

    def show_feedback(self, feedback: Feedback) -> None:
        self.current = feedback
        headlines = {
            GREEN: self.tr("Welcome!"),
            BLUE: self.tr("Goodbye!"),
            RED: self.tr("Refused"),
            QUEUED: self.tr("Saved"),
        }
        self._paint(feedback.display, headlines.get(feedback.display, ""),
                    feedback.name or "", feedback.message, feedback.time)
        self._idle_timer.start()

    def show_problem(self, text: str) -> None:
        """A lasting red message about the kiosk itself (no camera, no server)."""
        self.current = None
        self._idle_timer.stop()
        self._paint(RED, self.tr("Kiosk problem"), "", text, "")

    def show_idle(self) -> None:
        self.current = None
        self._paint(IDLE, self.tr("Show your card to the camera"), "", "", "")

    def _paint(self, display: str, headline: str, name: str, message: str, time: str) -> None:
        self.display = display
        self.headline.setText(headline)
        self.name.setText(name)
        self.name.setVisible(bool(name))
        self.message.setText(message)
        self.time.setText(time)
        self.setStyleSheet(
            f"#kioskFeedback {{ background: {COLOURS[display]}; border-radius: 12px; }}"
            " #kioskFeedback QLabel { color: white; }"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange and self.display == IDLE:
            self.show_idle()
        super().changeEvent(event)
