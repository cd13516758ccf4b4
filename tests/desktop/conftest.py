"""Desktop tests: PySide6 under pytest-qt, offscreen, Qt warnings fail the test
(``qt_log_level_fail`` in pyproject.toml).

The platform must be chosen before Qt is first imported, hence at import time here, before
any test module under tests/desktop imports PySide6."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No desktop settings of a developer's own account leak into the tests.
os.environ.setdefault(
    "XDG_CONFIG_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "ecep-desktop-tests-config")
)
# Nor do the app's data (its desktop.log, a kiosk's queue) land in the developer's own.
os.environ.setdefault(
    "XDG_DATA_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "ecep-desktop-tests-data")
)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """The in-process test servers and the API client's workers are other threads: a cycle
    collection there could destroy a Qt object off its thread (a crash, or "Timers cannot
    be stopped from another thread"). The app does the same (ecep_desktop.shell.gui_gc)."""
    from tests.desktop.support import gc_on_gui_thread

    with gc_on_gui_thread():
        yield
