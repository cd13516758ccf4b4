"""Create a personal QR session (``POST /api/v1/attendance/qr-sessions``) for one person
and show its QR as large as the window allows, with the time left before it expires.

The countdown runs on a monotonic timer started when the answer arrives, from the lifetime
the server gave (``expires_at - created_at``): the server's clock decides, this computer's
clock being wrong by minutes changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import ErrorLabel, full_name
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError
from ecep_desktop.qr import render_qimage

POLL_MS = 2000


class PersonalQrDialog(QDialog):
    def __init__(self, api: ApiClient, user: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.user = user
        self.call: ApiCall | None = None
        self.session: dict[str, Any] | None = None
        self.qr_image: QImage | None = None
        self._lifetime_ms = 0
        self._clock = QElapsedTimer()
        self.setObjectName("personalQrDialog")
        self.setWindowTitle(self.tr("Personal QR code"))
        self.resize(560, 680)

        self.name = QLabel(full_name(user))
        name_font = QFont(self.name.font())
        name_font.setPointSize(20)
        name_font.setWeight(QFont.Weight.Bold)
        self.name.setFont(name_font)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setValue(5)
        self.minutes.setSuffix(self.tr(" min"))
        self.create_button = QPushButton(self.tr("Create the QR code"))
        self.create_button.clicked.connect(self.create)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Valid for")))
        row.addWidget(self.minutes)
        row.addStretch(1)
        row.addWidget(self.create_button)

        self.qr = QLabel()
        self.qr.setObjectName("personalQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(240, 240)
        self.qr.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.qr.setStyleSheet("background: white;")
        self.countdown = QLabel()
        self.countdown.setObjectName("qrCountdown")
        count_font = QFont(self.countdown.font())
        count_font.setPointSize(18)
        self.countdown.setFont(count_font)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(self.tr("Show this code to the kiosk or scan it with the eCEP app. "
                                   "It works once."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = ErrorLabel()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addLayout(row)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.countdown)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._update_countdown)
        # Asks the server whether the code was used, so the screen says so at once.
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_status)
        self._status_call: ApiCall | None = None

    # -- creating -----------------------------------------------------------------------

    def create(self) -> None:
        if self.call is not None:
            return
        self.error.clear_error()
        self.create_button.setEnabled(False)
        self.call = self.api.post(f"{API}/attendance/qr-sessions",
                                  {"user_id": self.user["id"], "minutes": self.minutes.value()})
        self.call.succeeded.connect(self._created)
        self.call.failed.connect(self._failed)

    def _created(self, session: dict[str, Any]) -> None:
        self.call = None
        self.create_button.setEnabled(True)
        self.create_button.setText(self.tr("Create a new code"))
        self.session = session
        created = datetime.fromisoformat(session["created_at"])
        expires = datetime.fromisoformat(session["expires_at"])
        self._lifetime_ms = max(0, int((expires - created).total_seconds() * 1000))
        self._clock.start()
        self.qr_image = None
        self._draw_qr()
        self._update_countdown()
        self._tick.start()
        self._poll.start()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.create_button.setEnabled(True)
        self.error.show_error(error)

    # -- showing ------------------------------------------------------------------------

    @property
    def remaining_seconds(self) -> int:
        if self.session is None:
            return 0
        left = self._lifetime_ms - self._clock.elapsed()
        return max(0, -(-left // 1000))

    def _draw_qr(self) -> None:
        if self.session is None:
            return
        side = min(self.qr.width(), self.qr.height())
        self.qr_image = render_qimage(self.session["qr_data"], max_side=max(side, 120))
        self.qr.setPixmap(QPixmap.fromImage(self.qr_image))

    def _check_status(self) -> None:
        if self.session is None or self._status_call is not None:
            return
        session_id = self.session["id"]
        self._status_call = self.api.get(f"{API}/attendance/qr-sessions/{session_id}")
        self._status_call.succeeded.connect(lambda body: self._status(session_id, body))
        self._status_call.finished.connect(self._status_done)

    def _status_done(self) -> None:
        self._status_call = None

    def _status(self, session_id: str, body: dict[str, Any]) -> None:
        if self.session is None or self.session["id"] != session_id:
            return
        if body.get("status") == "used":
            self.session = {**self.session, **body}
            self._stop_timers()
            self.qr.clear()
            used = datetime.fromisoformat(body["used_at"]).astimezone()
            self.countdown.setText(self.tr("Used at %1.").replace("%1", used.strftime("%H:%M")))

    @property
    def used(self) -> bool:
        return self.session is not None and self.session.get("status") == "used"

    def _stop_timers(self) -> None:
        self._tick.stop()
        self._poll.stop()

    def _update_countdown(self) -> None:
        if self.used:
            return
        left = self.remaining_seconds
        if left <= 0:
            self._stop_timers()
            self.qr.clear()
            self.countdown.setText(self.tr("Expired: create a new code."))
            return
        self.countdown.setText(self.tr("Expires in %1").replace(
            "%1", f"{left // 60}:{left % 60:02d}"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.session is not None and self.remaining_seconds > 0 and not self.used:
            self._draw_qr()

    def done(self, result: int) -> None:
        self._stop_timers()
        for call in (self.call, self._status_call):
            if call is not None:
                call.cancel()
        super().done(result)
