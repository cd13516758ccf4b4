"""Screenshots of the real core windows for the README: the app started in embedded mode on
a throwaway data folder (its own ``lan_server serve`` child), the first-run wizard filled in,
the login, and the administrator's server page. Run under Xvfb (not collected by pytest):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m tests.desktop.core.screenshot OUT_DIR [fr|en]

Writes OUT_DIR/wizard.png, OUT_DIR/login.png, OUT_DIR/users.png (the demonstration school
the wizard loads) and OUT_DIR/server.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SETTLE_S = 0.4
# The embedded server announces itself on loopback only (never on the real network).
os.environ.setdefault("ECEP_DISCOVERY_INTERFACES", "127.0.0.1")


def main(out_dir: str, language: str = "fr") -> None:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QApplication, QWizard

    from ecep_desktop import i18n
    from ecep_desktop.app import DesktopApp, LaunchOptions
    from ecep_desktop.settings import DesktopSettings
    from tests.support import free_port

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)

    def wait(condition, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not get there in time")
            app.processEvents()
            time.sleep(0.02)

    def shot(widget, name: str) -> None:
        settle = time.monotonic() + SETTLE_S
        wait(lambda: time.monotonic() > settle)
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    with tempfile.TemporaryDirectory(prefix="ecep-shots-") as tmp:
        settings = DesktopSettings(Path(tmp) / "desktop.ini")
        settings.language = language
        i18n.install_language(language)
        desktop = DesktopApp(settings, LaunchOptions(
            embedded=True, port=free_port(), data_dir=str(Path(tmp) / "data")))
        try:
            desktop.start()
            wait(lambda: desktop.stage == "wizard")
            wizard = desktop.dialog
            wizard.show()
            wizard.school_page.name.setText("École publique de Bonabéri")
            wizard.school_page.town.setText("Douala")
            wizard.next()
            admin = wizard.admin_page
            admin.first_name.setText("Aïssatou")
            admin.last_name.setText("Mbarga")
            admin.email.setText("direction@bonaberi.cm")
            admin.password.setText("directrice-2026")
            admin.confirm.setText("directrice-2026")
            shot(wizard, "wizard")
            wizard.next()
            wizard.finish_page.demo.setChecked(True)
            wizard.button(QWizard.WizardButton.FinishButton).click()
            wait(lambda: desktop.stage == "login", seconds=600)
            desktop.dialog.password.setText("directrice-2026")
            shot(desktop.dialog, "login")
            desktop.dialog.submit()
            wait(lambda: desktop.stage == "main" and desktop.window is not None)
            window = desktop.window
            window.resize(1200, 760)
            users = window.show_page("admin.users")
            model = users.findChild(QAbstractItemModel)
            wait(lambda: model is None or model.rowCount() > 10)
            shot(window, "users")
            window.show_page("server_panel.server")
            shot(window, "server")
        finally:
            if desktop.window is not None:
                desktop.window.confirm_close = False
            desktop.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:3])
