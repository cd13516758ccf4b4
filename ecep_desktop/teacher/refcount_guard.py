"""A stopgap for a PySide6 6.12.0 bug on CPython 3.11: every call of a Qt method returning
``void`` drops one reference to ``None``, and every ``Signal.emit`` drops one to ``True``.
Measured in the desktop's process: ``True`` starts with about 3,300 references and ``None``
with 18,000, so a projector (a roster poll a second, a 10 Hz countdown) aborts with
"Fatal Python error: bool_dealloc / none_dealloc" within about 20 minutes of a lesson.

CPython 3.12 made these singletons immortal, so the lost references do no harm there; on
3.11 we give them the same effect: a huge reference count that the leak can never exhaust.
Process-wide on purpose; belongs in ``ecep_desktop/__init__`` (reported to the lead), kept
here meanwhile so the projector survives a whole lesson."""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 1 << 48  # 2.8e14 lost references: 10,000 a second for 890 years


def make_singletons_immortal() -> bool:
    """Adds the ballast once; True when it was needed (CPython before 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is first
        if refcount.value < _BALLAST:
            refcount.value += _BALLAST
    return True
