"""PySide6 6.12.0's emit() takes a reference away from True on every call; the kiosk emits
through ecep_desktop.kiosk.qt_compat.emit, which gives it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ecep_desktop.kiosk.qt_compat import emit


class Emitter(QObject):
    ping = Signal(object)


def test_emit_keeps_the_reference_count_of_true(qtbot):
    emitter = Emitter()
    received = []
    emitter.ping.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(500):
        emit(emitter.ping, n)
    assert len(received) == 500
    assert sys.getrefcount(True) >= before
