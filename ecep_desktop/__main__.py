"""``ecep`` / ``python -m ecep_desktop``: the desktop app.

    ecep                          the launch choice (remembered), or the last choice
    ecep --embedded --port 9000   this PC is the school server, on port 9000
    ecep --server http://192.168.1.10:8470
    ecep --headless [serve options]   the school server without windows (ecep-server serve)
"""

from __future__ import annotations

import argparse
import sys
import time

_STARTED = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ecep", description="eCEP desktop app")
    parser.add_argument("--server", metavar="URL", help="connect to this school server")
    parser.add_argument("--embedded", action="store_true",
                        help="this PC is the school server (starts it)")
    parser.add_argument("--port", type=int, help="port of the embedded server")
    parser.add_argument("--data-dir", help="data folder of the embedded server")
    parser.add_argument("--language", choices=("fr", "en"), help="interface language")
    parser.add_argument("--settings", metavar="FILE",
                        help="keep the desktop settings in this INI file")
    parser.add_argument("--user", help="log in as this user; the password comes from "
                                       "ECEP_DESKTOP_PASSWORD (kiosks, benchmarks)")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="print the time to a usable main window and quit (benchmark)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--headless"]:
        from lan_server.cli import main as server_main

        sys.argv = [sys.argv[0], "serve", *argv[1:]]
        server_main()
        return 0
    args = parse_args(argv)
    from lan_server.ops.logs import setup_desktop_logging

    setup_desktop_logging(args.data_dir)  # logs/desktop.log in the data directory
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ecep_desktop import i18n
    from ecep_desktop.app import DesktopApp, LaunchOptions
    from ecep_desktop.settings import DesktopSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("eCEP")
    app.setOrganizationName("eCEP")
    # Between two steps (a dialog closed, an answer awaited) no window is visible: the app
    # quits when the main window is closed or a step is cancelled, never by itself.
    app.setQuitOnLastWindowClosed(False)
    from ecep_desktop.shell.gui_gc import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector(app)
    settings = DesktopSettings(args.settings) if args.settings else DesktopSettings()
    if args.language:
        settings.language = args.language
    i18n.install_language(settings.language)
    options = LaunchOptions(server_url=args.server, embedded=args.embedded, port=args.port,
                            data_dir=args.data_dir, username=args.user)
    desktop = DesktopApp(settings, options)
    if args.exit_when_ready:
        def ready(_window: object) -> None:
            print(f"ready {time.perf_counter() - _STARTED:.3f}", flush=True)
            QTimer.singleShot(0, desktop.quit)

        desktop.main_window_shown.connect(ready)
    app.aboutToQuit.connect(desktop.shutdown)
    desktop.start()
    status = app.exec()
    collector.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
