"""The desktop app in "connect" mode as a separate process (run inside a network namespace
by test_connect_netns.py): launch choice -> the first server listed -> connect -> automatic
login -> main window. Prints one JSON line with what happened, then exits.

    ECEP_DISCOVERY_INTERFACES=10.231.7.2 ECEP_DESKTOP_PASSWORD=... \\
        python -m tests.desktop.core.connect_helper SETTINGS.ini admin
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ecep_desktop.app import DesktopApp, LaunchOptions  # noqa: E402
from ecep_desktop.settings import DesktopSettings  # noqa: E402

TIMEOUT_MS = 60_000


def main(settings_path: str, username: str) -> int:
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)  # as ecep_desktop.__main__ does
    settings = DesktopSettings(settings_path)
    desktop = DesktopApp(settings, LaunchOptions(username=username))
    report: dict = {"stages": []}

    def finish(ok: bool, reason: str = "") -> None:
        report.update(ok=ok, reason=reason)
        QTimer.singleShot(0, app.quit)

    def on_stage(stage: str) -> None:
        report["stages"].append(stage)
        if stage == "choice":
            QTimer.singleShot(0, pick_the_first_server)  # the dialog is made after the signal

    def pick_the_first_server() -> None:
        choice = desktop.dialog

        def listed(_server: object = None) -> None:
            if choice.servers.count() and choice.servers.currentRow() < 0:
                report["listed"] = choice.servers.item(0).text()
                choice.servers.setCurrentRow(0)
                choice.submit()

        choice.discovery.found.connect(listed)
        choice.remote.setChecked(True)  # starts browsing
        listed()

    def on_main(window: object) -> None:
        api = desktop.api
        server_id = desktop.server_info.get("server_id", "")
        report.update(server_url=api.base_url, pinned=api.pinned_fingerprint,
                      remembered_pin=settings.pinned_fingerprint(server_id),
                      info_fingerprint=desktop.server_info.get("fingerprint"),
                      username=api.me["username"], school=desktop.server_info.get("school_name"))
        finish(True)

    desktop.stage_changed.connect(on_stage)
    desktop.main_window_shown.connect(on_main)
    QTimer.singleShot(TIMEOUT_MS, lambda: finish(False, "timeout"))
    desktop.start()
    app.exec()
    if desktop.window is not None:
        desktop.window.confirm_close = False
    desktop.shutdown()
    print(json.dumps(report), flush=True)
    return 0 if report.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
