"""Python's cycle collector runs on whichever thread happens to allocate past a threshold:
an HTTP worker, a decoding thread. A Qt object caught in a reference cycle (a dialog whose
``finished`` handler refers to it, a window with a timer) would then be destroyed on that
thread, which Qt forbids ("Timers cannot be stopped from another thread", or a crash).
So the app turns automatic collection off and collects on the GUI thread from a timer
(calibre does the same, gui2/__init__.py ``GarbageCollector``)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        """Collects the generations past their thresholds, as the interpreter would."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for level in range(3):
            if counts[level] > thresholds[level]:
                generation = level
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
