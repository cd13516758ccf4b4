"""A short sound with each answer. QtMultimedia's QSoundEffect plays the kiosk's own sounds
(resources/sounds) when PySide6 has it (the full ``pyside6`` wheel); PySide6-Essentials has
no QtMultimedia, and then the system beep stands in. Never fails: a PC without an audio
device simply stays silent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

SOUNDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "sounds"
FILES = {"green": "arrival.wav", "blue": "departure.wav", "red": "refusal.wav",
         "queued": "arrival.wav"}


class FeedbackSound(QObject):
    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.played: list[str] = []
        self._effects: dict[str, QObject] = {}
        if not enabled:
            return
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return
        for display, name in FILES.items():
            path = SOUNDS_DIR / name
            if path.exists():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                self._effects[display] = effect

    @property
    def backend(self) -> str:
        return "qsoundeffect" if self._effects else "beep"

    def play(self, display: str) -> None:
        if not self.enabled:
            return
        self.played.append(display)
        effect = self._effects.get(display)
        try:
            if effect is not None:
                effect.play()
            else:
                QApplication.beep()
        except RuntimeError:  # no audio device: stay silent, the colours say it all
            pass
