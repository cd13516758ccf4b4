"""A workaround for a PySide6 6.12.0 bug: ``SignalInstance.emit()`` returns ``True``
without taking a reference to it, so every emit made from Python takes one reference away
from ``True``. After a few thousand emits CPython aborts ("Fatal Python error: bool_dealloc:
deallocating True or False"). The kiosk emits several signals per camera frame: unpatched,
it would die within minutes.

:func:`emit` emits, then gives the reference back when (and only when) the running PySide6
has the bug, as measured by a probe at import. An extra reference on ``True`` is harmless,
so a wrong guess could never crash. Remove this module once PySide6 is pinned to a fixed
version."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 16


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference_to_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost >= _PROBES:  # give the probe's own losses back
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= _PROBES


EMIT_LOSES_TRUE = _emit_drops_a_reference_to_true()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, safe on PySide6 6.12.0."""
    result = signal.emit(*args)
    if EMIT_LOSES_TRUE and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
