"""Which screen the projector window goes to: the projector or second monitor when there
is one (any screen but the primary), else the only screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen


def default_projector_screen() -> QScreen:
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    others = [screen for screen in screens if screen is not primary]
    return others[0] if others else primary


def screen_label(screen: QScreen) -> str:
    size = screen.geometry().size()
    name = screen.name() or screen.model() or "?"
    return f"{name} ({size.width()}×{size.height()})"
