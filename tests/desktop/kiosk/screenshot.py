"""A screenshot of the real kiosk window for the README: a throwaway school server, a pupil's
card shown to the kiosk in a synthetic video, the window grabbed once the arrival is shown
with the code outlined in the preview. Run under Xvfb (not collected by pytest):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m tests.desktop.kiosk.screenshot out.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(out: str, language: str = "fr") -> None:
    from PySide6.QtWidgets import QApplication

    from ecep_desktop.i18n import install_language
    from ecep_desktop.kiosk.controller import KioskConfig
    from ecep_desktop.kiosk.window import KioskWindow
    from tests.desktop.kiosk.support import pupil_with_card, register_kiosk, write_card_video
    from tests.support import make_settings, running_server

    app = QApplication.instance() or QApplication([])
    install_language(language)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "school").mkdir()
        with running_server(make_settings(tmp / "school")) as server, \
                server.as_admin() as admin:
            kiosk = register_kiosk(admin)
            _pupil, card = pupil_with_card(admin)
            video = write_card_video(tmp / "gate.avi", [None] * 10 + [card] * 200)
            window = KioskWindow(KioskConfig(server.url, kiosk["credential"], tmp / "desk",
                                             source=str(video), language=language))
            window.resize(1440, 810)
            window.show()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                app.processEvents()
                frame = window.preview.frame
                if window.panel.display == "green" and frame and frame.detections:
                    break
                time.sleep(0.02)
            for _ in range(20):  # let the status line and the fps counter settle
                app.processEvents()
                time.sleep(0.05)
            window.grab().save(out)
            window.close()
    print(f"saved {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
