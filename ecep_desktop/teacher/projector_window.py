"""The projector window: class and subject above the QR (as large as the screen allows,
quiet zone included), a countdown ring to the next code, the 6-digit typed code, the live
count marked/enrolled and the latest names; pause/resume; close with confirmation, then the
summary. The roster panel beside it takes corrections.

Codes are computed here from the session's secret on the SERVER's clock (offset measured
when the display is fetched), so any number of windows agree; ``clock`` may be injected.
Shortcuts: F11 full screen, Esc leave full screen, Space pause/resume, Ctrl+W close the
session (asks first), Ctrl+R show/hide the roster."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import ApiClient, ApiError
from ecep_desktop.teacher.clock import Clock
from ecep_desktop.teacher.codes import SlotCodes
from ecep_desktop.teacher.drawing import CountdownRing, QrView
from ecep_desktop.teacher.labels import DEFAULT_TIMEZONE, school_zone
from ecep_desktop.teacher.roster_panel import RosterPanel, full_name
from ecep_desktop.teacher.roster_place import RosterPlace, teacher_screen
from ecep_desktop.teacher.screens import default_projector_screen, screen_label
from ecep_desktop.teacher.session import LessonSession, Summary
from ecep_desktop.teacher.summary_panel import SummaryPanel

TICK_MS = 100
LATEST_NAMES = 5
SCANNED_SOURCES = frozenset({"qr", "typed"})


# Text sizes as fractions of the window's height, so the back row reads a projected
# 1024x768 image as well as a 1920x1080 one: (divisor, smallest pixel size, bold).
TEXT_SCALE = {
    "heading": (18, 20, True),
    "typed_code": (11, 24, True),
    "count": (20, 18, True),
    "state": (24, 16, True),
    "latest": (34, 14, False),
    "typed_caption": (48, 12, False),
    "latest_caption": (48, 12, False),
}


def _sized_font(widget: QWidget, height: int, divisor: int, smallest: int, bold: bool) -> QFont:
    font = QFont(widget.font())
    font.setPixelSize(max(smallest, height // divisor))
    font.setBold(bold)
    return font


def _fit_width(font: QFont, text: str, width: int) -> QFont:
    """``font``, made smaller if ``text`` would not fit in ``width`` pixels."""
    advance = QFontMetrics(font).horizontalAdvance(text)
    if text and width > 0 and advance > width:
        fitted = QFont(font)
        fitted.setPixelSize(max(8, int(font.pixelSize() * width / advance)))
        return fitted
    return font


class ProjectorWindow(QWidget):
    def __init__(self, api: ApiClient, session_id: str, *, zone: tzinfo | None = None,
                 clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        # Closing stops the polls for good: a closed window is never shown again.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.session = LessonSession(api, session_id, clock=clock, parent=self)
        self.current: SlotCodes | None = None
        self.confirm_box: QMessageBox | None = None
        self._screens_released = False
        self._build(zone or school_zone({"timezone": DEFAULT_TIMEZONE}))
        self._connect()
        self._tick_timer = QTimer(self, interval=TICK_MS)
        self._tick_timer.timeout.connect(self.tick)
        self.retranslate()
        self.session.load()

    # -- building ----------------------------------------------------------------------

    def _build(self, zone: tzinfo) -> None:
        self.setStyleSheet("#stage { background: white; } #stage QLabel { color: #1b1b1b; }")
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.qr = QrView()
        self.summary_panel = SummaryPanel()
        self.centre = QStackedWidget()
        self.centre.addWidget(self.qr)
        self.centre.addWidget(self.summary_panel)
        self.ring = CountdownRing()
        self.typed_caption = QLabel()
        self.typed_code = QLabel("––– –––")
        self.typed_code.setObjectName("typed_code")
        self.count = QLabel()
        self.count.setObjectName("count")
        self.latest_caption = QLabel()
        self.latest = QLabel()
        self.latest.setObjectName("latest")
        self.latest.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.side_panel = side_panel = QWidget()
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.ring, 0, Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.state, self.typed_caption, self.typed_code, self.count,
                       self.latest_caption):
            side.addWidget(widget)
        side.addWidget(self.latest, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.centre, 4)
        middle.addWidget(side_panel, 1)
        stage = QWidget()
        stage.setObjectName("stage")
        stage.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        stage_layout = QVBoxLayout(stage)
        stage_layout.addWidget(self.heading)
        stage_layout.addLayout(middle, 1)

        self.screen_box = QComboBox()
        self.screen_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.full_screen_button = QPushButton()
        self.pause_button = QPushButton()
        self.close_session_button = QPushButton()
        self.roster_button = QPushButton()
        self.roster_button.setCheckable(True)
        self.roster_button.setChecked(True)
        for button in (self.full_screen_button, self.pause_button,
                       self.close_session_button, self.roster_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.screen_caption = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(self.screen_caption)
        controls.addWidget(self.screen_box)
        controls.addWidget(self.full_screen_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.close_session_button)
        controls.addWidget(self.roster_button)
        controls.addWidget(self.error, 1)

        self.roster = RosterPanel(zone)
        self.roster.setMaximumWidth(380)
        self.splitter = QSplitter()
        self.splitter.addWidget(stage)
        self.splitter.addWidget(self.roster)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.roster_place = RosterPlace(self.roster, self.splitter, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(controls)
        self._fill_screens()

    def _connect(self) -> None:
        s = self.session
        s.displayLoaded.connect(self._display_loaded)
        s.rosterChanged.connect(self._roster_changed)
        s.pausedChanged.connect(lambda _paused: self._show_state())
        s.closedChanged.connect(self._closed)
        s.summaryReady.connect(self._show_summary)
        s.failed.connect(self._show_error)
        s.reachableChanged.connect(lambda _reachable: self._show_state())
        s.refusedChanged.connect(self.roster.set_refused)
        self.roster.correctionRequested.connect(self._correct)
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.close_session_button.clicked.connect(self.ask_close_session)
        self.roster_button.toggled.connect(self.roster_place.set_visible)
        self.roster_place.hidden.connect(lambda: self.roster_button.setChecked(False))
        self.screen_box.activated.connect(self._screen_chosen)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._fill_screens)
        app.screenRemoved.connect(self._fill_screens)
        shortcuts = (
            (QKeySequence(Qt.Key.Key_F11), self.toggle_full_screen),
            (QKeySequence(Qt.Key.Key_Escape), self.leave_full_screen),
            (QKeySequence(Qt.Key.Key_Space), self.toggle_pause),
            (QKeySequence("Ctrl+W"), self.ask_close_session),
            (QKeySequence("Ctrl+R"), self.roster_button.toggle),
        )
        self.shortcuts = []
        for keys, slot in shortcuts:
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # -- screens -----------------------------------------------------------------------

    def _fill_screens(self, *_args: object) -> None:
        current = self.screen_box.currentData()
        self.screen_box.clear()
        for screen in QGuiApplication.screens():
            self.screen_box.addItem(screen_label(screen), screen.name())
        index = self.screen_box.findData(current) if current else -1
        if index < 0:
            index = self.screen_box.findData(default_projector_screen().name())
        self.screen_box.setCurrentIndex(max(0, index))

    def chosen_screen(self) -> QScreen:
        name = self.screen_box.currentData()
        for screen in QGuiApplication.screens():
            if screen.name() == name:
                return screen
        return default_projector_screen()

    def _screen_chosen(self, _index: int) -> None:
        self.move_to_screen(self.chosen_screen())

    def move_to_screen(self, screen: QScreen) -> None:
        full = self.isFullScreen()
        if full:
            self.showNormal()
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(screen)
        self.setGeometry(screen.availableGeometry())
        if full:
            self.showFullScreen()

    def present(self, *, full_screen: bool = True) -> None:
        """Shows the window on the chosen screen (the projector's by default)."""
        self.move_to_screen(self.chosen_screen())
        if full_screen:
            self.enter_full_screen()
        else:
            self.show()

    def enter_full_screen(self) -> None:
        """Full screen gives the QR the whole height. The roster (names and marks, for the
        teacher) goes to a window of its own on the teacher's screen when there is one;
        otherwise it steps aside until Ctrl+R brings it back."""
        self.showFullScreen()
        other = teacher_screen(self.screen())
        if other is not None:
            self.roster_place.on_screen(other, self.roster_title())
            self.roster_button.setChecked(True)
        else:
            self.roster_button.setChecked(False)
        self._retranslate_buttons()

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.roster_place.beside()
            self.roster_button.setChecked(True)
            self.roster_place.set_visible(True)
            self._retranslate_buttons()

    def roster_title(self) -> str:
        return f"{self.tr('Roster')} — {self.heading.text()}".rstrip(" —")

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.enter_full_screen()

    # -- session -----------------------------------------------------------------------

    def _display_loaded(self, display: dict) -> None:
        self.heading.setText(f"{display['class_name']} — {display['subject_name']}")
        self._set_count(int(display["marked_count"]), int(display["enrolled_count"]))
        self.error.clear()
        if self.session.is_open:
            self._tick_timer.start()
        self._show_state()
        self.tick()

    def tick(self) -> None:
        """Draws the code of the current slot (by the server's clock) and the ring."""
        secret = self.session.secret
        if secret is None or not self.session.is_open:
            return
        now = self.session.now()
        self.ring.set_left(secret.seconds_left(now), secret.period_seconds)
        slot = secret.slot_at(now)
        if self.current is None or self.current.slot != slot:
            self.current = secret.codes(slot)
            code = self.current.typed_code
            self.typed_code.setText(f"{code[:3]} {code[3:]}")
            self._show_state()

    def _show_state(self) -> None:
        paused = self.session.paused
        showing_code = self.session.is_open and not paused and self.current is not None
        self.qr.set_text(self.current.url if showing_code and self.current else "")
        self.typed_code.setVisible(showing_code)
        self.typed_caption.setVisible(showing_code)
        self.ring.setVisible(self.session.is_open and not paused)
        if not self.session.is_open:
            self.state.setText(self.tr("Closed"))
            self.qr.set_placeholder(self.tr("Attendance closed"))
        elif paused:
            self.state.setText(self.tr("Paused"))
            self.qr.set_placeholder(self.tr("Paused"))
        elif self.session.secret is None:
            self.state.setText("")
            self.qr.set_placeholder(self.tr("Loading…"))
        elif not self.session.reachable:
            # The codes stay valid (computed here); only the live roster waits.
            self.state.setText(self.tr("Server unreachable: retrying…"))
        else:
            self.state.setText("")
        self.pause_button.setEnabled(self.session.is_open and self.session.secret is not None)
        self.close_session_button.setEnabled(self.session.is_open
                                             and self.session.secret is not None)
        self._retranslate_buttons()

    def _set_count(self, marked: int, enrolled: int) -> None:
        text = self.tr("%1 / %2 marked").replace("%1", str(marked)).replace("%2", str(enrolled))
        if text != self.count.text():
            self.count.setText(text)
            self._scale_texts()

    def _roster_changed(self, roster: dict) -> None:
        self.roster.set_roster(roster)
        self._set_count(int(roster["marked_count"]), int(roster["enrolled_count"]))
        scanned = [p for p in roster["pupils"]
                   if p.get("mark") and p["mark"]["source"] in SCANNED_SOURCES]
        scanned.sort(key=lambda p: p["mark"]["marked_at"], reverse=True)
        self.latest.setText("\n".join(full_name(p) for p in scanned[:LATEST_NAMES]))

    def toggle_pause(self) -> None:
        if self.session.secret is not None:
            self.session.toggle_paused()

    def ask_close_session(self) -> None:
        """Asks first (window-modal, never blocking the event loop), then closes."""
        if not self.session.is_open or self.session.secret is None:
            return
        if self.confirm_box is not None and self.confirm_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close attendance"),
                          self.tr("Close attendance for this lesson? Pupils not marked yet "
                                  "will be marked absent."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Close attendance"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep open"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self._close_answered)
        self.confirm_box = box
        box.open()

    def _close_answered(self, result: int) -> None:
        box, self.confirm_box = self.confirm_box, None
        if box is not None:
            box.deleteLater()
        if result == QMessageBox.StandardButton.Yes:
            self.session.close_session()

    def _closed(self) -> None:
        self._tick_timer.stop()
        self.current = None
        self._show_state()

    def _show_summary(self, summary: Summary) -> None:
        self.summary_panel.set_summary(summary)
        self.centre.setCurrentWidget(self.summary_panel)

    def _correct(self, pupil_id: str, status: str) -> None:
        self.session.correct(pupil_id, status)

    def _show_error(self, error: ApiError) -> None:
        self.error.setText(error.detail)

    # -- texts, closing ----------------------------------------------------------------

    def _retranslate_buttons(self) -> None:
        self.full_screen_button.setText(
            self.tr("Leave full screen") if self.isFullScreen() else self.tr("Full screen"))
        self.pause_button.setText(self.tr("Resume") if self.session.paused else self.tr("Pause"))
        self.close_session_button.setText(self.tr("Close attendance…"))
        self.roster_button.setText(self.tr("Roster"))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attendance — projector"))
        self.screen_caption.setText(self.tr("Screen:"))
        self.typed_caption.setText(self.tr("No camera? Type the code:"))
        self.latest_caption.setText(self.tr("Latest:"))
        if self.session.display is None:
            self.count.setText("")
        elif self.session.roster is not None:
            self._set_count(int(self.session.roster["marked_count"]),
                            int(self.session.roster["enrolled_count"]))
        self._show_state()
        self._scale_texts()  # longer words may need smaller letters

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._scale_texts()
        super().resizeEvent(event)

    def _scale_texts(self) -> None:
        height = self.height()
        side_width = max(260, self.width() // 4)
        self.side_panel.setFixedWidth(side_width)
        for name, (divisor, smallest, bold) in TEXT_SCALE.items():
            label: QLabel = getattr(self, name)
            font = _sized_font(self, height, divisor, smallest, bold)
            if name == "typed_code":
                font = _fit_width(font, "000 000", side_width)
            elif name in ("count", "typed_caption"):
                font = _fit_width(font, label.text(), side_width)
            label.setFont(font)
        self.ring.set_side(max(72, height // 7))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing the window leaves the session open (Resume from "Today")."""
        self._tick_timer.stop()
        self.session.stop()
        self.roster_place.beside()
        if not self._screens_released:
            self._screens_released = True
            app = QGuiApplication.instance()
            app.screenAdded.disconnect(self._fill_screens)
            app.screenRemoved.disconnect(self._fill_screens)
        super().closeEvent(event)
