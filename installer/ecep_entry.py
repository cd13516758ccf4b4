"""Entry point of the frozen build (PyInstaller, installer/ecep.spec): one executable, ``ecep``.

    ecep [desktop options]        the desktop app (ecep_desktop.__main__)
    ecep --headless [options]     the school server without windows (= ecep-server serve);
                                  the desktop's supervisor starts its server this way
    ecep server COMMAND ...       any ecep-server command: backup, restore, init, migrate...
    ecep-server COMMAND ...       the same, from the console executable built beside ``ecep``
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def _inherited_stream(std_handle: int):  # noqa: ANN202 - a text stream or None
    """Windows: the pipe a parent process gave as this process's stdout/stderr (the desktop's
    supervisor reads its server's output there), even when Python set the stream to None
    because the windowed executable has no console. Best effort: None when there is none."""
    if os.name != "nt":
        return None
    try:
        import ctypes
        import msvcrt

        handle = ctypes.windll.kernel32.GetStdHandle(std_handle)
        if handle in (0, -1, None):
            return None
        fd = msvcrt.open_osfhandle(handle, os.O_WRONLY)
        return open(fd, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - process-long
    except (OSError, ValueError, AttributeError):
        return None


def _ensure_std_streams() -> None:
    # A windowed Windows build has no console: Python may leave stdout/stderr None, and
    # printing would fail. Use the pipes a parent gave, else nothing (the log files in the
    # data directory keep what matters).
    for name, std_handle in (("stdout", -11), ("stderr", -12)):
        if getattr(sys, name) is None:
            stream = _inherited_stream(std_handle)
            setattr(sys, name, stream or open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _server(argv: list[str]) -> int:
    from lan_server.cli import main as server_main

    sys.argv = ["ecep-server", *argv]
    server_main()  # click exits by itself
    return 0


def run(argv: list[str], program: str = "") -> int:
    if Path(program).stem.lower() == "ecep-server":
        return _server(argv)
    if argv[:1] == ["server"]:
        return _server(argv[1:])
    from ecep_desktop.__main__ import main

    return main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _ensure_std_streams()
    sys.exit(run(sys.argv[1:], sys.executable))
