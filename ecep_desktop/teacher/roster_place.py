"""Where the roster panel lives: beside the QR, or, while the projector is full screen on
another screen, in a window of its own on the teacher's screen (the class sees the QR; the
teacher sees the names and corrects marks without touching the projected image)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ecep_desktop.teacher.roster_panel import RosterPanel


def teacher_screen(projector: QScreen) -> QScreen | None:
    """A screen other than the projector's (the primary one first), or None."""
    primary = QGuiApplication.primaryScreen()
    if primary is not None and primary is not projector:
        return primary
    others = [s for s in QGuiApplication.screens() if s is not projector]
    return others[0] if others else None


class RosterWindow(QWidget):
    closed = Signal()  # the teacher closed it: the projector's Roster button follows

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("rosterWindow")
        QVBoxLayout(self).setContentsMargins(4, 4, 4, 4)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()
        super().closeEvent(event)


class RosterPlace(QObject):
    hidden = Signal()  # the detached window was closed by the teacher

    def __init__(self, panel: RosterPanel, splitter: QSplitter, parent: QObject) -> None:
        super().__init__(parent)
        self.panel = panel
        self.splitter = splitter
        self.window: RosterWindow | None = None

    @property
    def detached(self) -> bool:
        return self.window is not None

    def on_screen(self, screen: QScreen, title: str) -> None:
        """The panel moves to a window of its own, shown on ``screen``."""
        if self.window is None:
            self.window = RosterWindow()
            self.window.closed.connect(self._window_closed)
            self.window.layout().addWidget(self.panel)
        self.window.setWindowTitle(title)
        self.window.setGeometry(screen.availableGeometry().adjusted(40, 40, -40, -40))
        if self.window.windowHandle() is not None:
            self.window.windowHandle().setScreen(screen)
        self.panel.show()
        self.window.show()

    def beside(self) -> None:
        """The panel goes back beside the QR; its window is closed."""
        window, self.window = self.window, None
        if window is not None:
            window.closed.disconnect(self._window_closed)
            self.splitter.addWidget(self.panel)
            window.close()
            window.deleteLater()

    def set_visible(self, visible: bool) -> None:
        if self.window is not None:
            self.window.setVisible(visible)
            self.panel.setVisible(True)
        else:
            self.panel.setVisible(visible)

    def _window_closed(self) -> None:
        self.hidden.emit()
