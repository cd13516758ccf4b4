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


def _ensure_std_streams() -> None:
    # A windowed Windows build started without a console has no stdout/stderr: printing
    # would fail. The log files in the data directory keep what matters.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


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
