"""Qt bindings that leak or lose references to Python's singletons abort the desktop app
after a while (PySide6 6.12.0 on CPython 3.11 lost one reference to True per signal emit
and one to None per void call: ``Fatal Python error: bool_dealloc`` within minutes of a
projector polling). pyproject.toml excludes that release; this catches the next one."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    ticked = Signal(int)


def test_signals_and_void_calls_keep_the_singletons_references(qapp) -> None:
    emitter = _Emitter()
    timer = QTimer()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(500):
        result = emitter.ticked.emit(1)
        del result
        timer.setInterval(5)
    # A few references may come and go with the interpreter's own work; a leak or loss
    # per call shows as hundreds.
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
