"""PySide6 6.12.0 on CPython 3.11 drops a reference to None per void Qt call and to True
per Signal.emit; without the guard a long lesson aborts the process. Here: the loss is
still there (so the guard is still needed) and cannot reach zero any more."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from ecep_desktop.teacher.refcount_guard import make_singletons_immortal


class _Emitter(QObject):
    fired = Signal(object)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="immortal singletons since 3.12")
def test_emits_and_void_calls_cannot_exhaust_the_singletons(qtbot):
    assert make_singletons_immortal()
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(50_000):  # more than True's references in a fresh desktop process
        emitter.fired.emit(1)
        emitter.setObjectName("x")
    assert len(received) == 50_000
    assert sys.getrefcount(True) > 1 << 40
    assert sys.getrefcount(None) > 1 << 40
    # Remove this guard (and this test) when PySide6 stops losing them.
    assert sys.getrefcount(True) < true_before or sys.getrefcount(None) < none_before, \
        "PySide6 no longer loses references: remove refcount_guard.py"
