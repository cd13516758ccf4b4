"""Desktop tests: PySide6 under pytest-qt, offscreen, Qt warnings fail the test
(``qt_log_level_fail`` in pyproject.toml).

The platform must be chosen before Qt is first imported, hence at import time here, before
any test module under tests/desktop imports PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No desktop settings of a developer's own account leak into the tests.
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "ecep-desktop-tests-config"))
