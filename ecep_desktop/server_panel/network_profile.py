"""Windows marks each network Public or Private; on a Public one its firewall blocks the
school server's port and mDNS (installer/windows-firewall.ps1 opens them on Private only).
The server page warns when this PC's network is Public. Elsewhere: nothing is checked."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, Signal

COMMAND = ["powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
           "Get-NetConnectionProfile | ForEach-Object { $_.NetworkCategory }"]


def public_in(output: str) -> bool:
    """``Get-NetConnectionProfile`` categories, one per line: is any network Public?"""
    return any(line.strip().lower() == "public" for line in output.splitlines())


def network_is_public() -> bool | None:
    """True/False on Windows, None when it cannot be told (other systems, no PowerShell).
    Blocking (a PowerShell start takes about a second): call it off the GUI thread."""
    if sys.platform != "win32":
        return None
    try:
        done = subprocess.run(COMMAND, capture_output=True, text=True, timeout=15,  # noqa: S603
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, subprocess.TimeoutExpired):
        return None
    return public_in(done.stdout) if done.returncode == 0 else None


class NetworkProfileCheck(QObject):
    """``checked(object)``: True, False or None, on the GUI thread. Not started at all
    where nothing can be told."""

    checked = Signal(object)
    _result = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._result.connect(self.checked)

    def start(self) -> bool:
        if sys.platform != "win32":
            return False
        self._pool.start(partial(self._run))
        return True

    def _run(self) -> None:
        result = network_is_public()
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
            self._result.emit(result)
