"""A screenshot of the real projector window for the README: a throwaway school server, a
class of six, a lesson happening now; three pupils scan the QR read from the window itself,
and the window is grabbed once their names show. Run under Xvfb (not collected by pytest):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m tests.desktop.teacher.screenshot out.png [fr|en]
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

PASSWORD = "pupil-pass-2026"
PUPILS = (("Mireille", "Ewane"), ("Junior", "Abega"), ("Chantal", "Nkoulou"),
          ("Samuel", "Eto'o"), ("Grace", "Tchoumi"), ("Aline", "Mbarga"))


def _wait(app, condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the projector did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def main(out: str, language: str = "fr") -> None:
    from PySide6.QtWidgets import QApplication

    from ecep_desktop.api import ApiClient
    from ecep_desktop.i18n import install_language
    from ecep_desktop.qr import make_decoder, qimage_to_array
    from ecep_desktop.teacher.projector_window import ProjectorWindow
    from tests.support import create_user, make_settings, running_server

    app = QApplication.instance() or QApplication([])
    install_language(language)
    with tempfile.TemporaryDirectory() as tmp, \
            running_server(make_settings(Path(tmp))) as server, server.as_admin() as admin:
        teacher = create_user(admin, role="teacher", password=PASSWORD, first_name="Paul",
                              last_name="Essomba")
        class_ = admin.post("/api/v1/classes", json={
            "name": "CM2 A", "level": "CM2", "school_year": "2026-2027",
            "main_teacher_id": teacher["id"]}).json()
        maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
        pupils = [create_user(admin, password=PASSWORD, first_name=first, last_name=last)
                  for first, last in PUPILS]
        admin.post(f"/api/v1/classes/{class_['id']}/enrollments",
                   json={"pupil_ids": [p["id"] for p in pupils]}).raise_for_status()
        now = server.clock.now()
        lesson = admin.post("/api/v1/lessons", json={
            "class_id": class_["id"], "subject_id": maths["id"], "teacher_id": teacher["id"],
            "starts_at": (now - timedelta(minutes=2)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat()}).json()
        api = ApiClient(server.url, language=language)
        login = api.login(teacher["username"], PASSWORD)
        _wait(app, lambda: login.done)
        opened = api.post("/api/v1/attendance/sessions", {"lesson_id": lesson["id"]})
        _wait(app, lambda: opened.done)
        window = ProjectorWindow(api, opened.result["id"])
        window.resize(1440, 810)
        window.show()
        _wait(app, lambda: window.current is not None and window.qr.text != "")
        decoded = make_decoder().decode(qimage_to_array(window.grab().toImage()))
        for pupil in pupils[:3]:
            with server.as_user(pupil["username"], PASSWORD) as phone:
                phone.post("/api/v1/attendance/scan", json={
                    "url": decoded[0].text, "nonce": uuid.uuid4().hex,
                    "device_id": "phone-" + uuid.uuid4().hex}).raise_for_status()
        _wait(app, lambda: window.latest.text().count("\n") == 2)
        window.grab().save(out)
        window.close()
        api.close()
    print(f"saved {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
