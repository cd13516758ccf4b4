"""A class world for the teacher screens, built through the real API like
tests/attendance/lesson/conftest.py does: the logged-in teacher (an ApiClient), a class they
teach with enrolled pupils who can log in, a lesson happening now, and helpers to read the
projector's screen like a phone would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx

from ecep_desktop.api import ApiClient
from ecep_desktop.qr import make_decoder, qimage_to_array
from ecep_desktop.teacher.projector_window import ProjectorWindow
from tests.desktop.support import logged_in_api, wait_ok
from tests.support import LiveServer, create_user, unique

PUPIL_PASSWORD = "pupil-pass-2026"
YEAR = "2026-2027"
PUPIL_NAMES = (("Mireille", "Ewane"), ("Junior", "Abega"), ("Chantal", "Nkoulou"))
# The offscreen platform cannot pass a window's size hints on; not a fault of the window.
SIZE_HINTS_WARNING = "This plugin does not support propagateSizeHints"
# How long a test waits for the window to catch up with the server: waits end as soon as
# the condition holds, so this only bounds a failure (CI machines are slow and shared).
WAIT_MS = 15_000


@dataclass
class TeacherWorld:
    server: LiveServer
    admin: httpx.Client
    api: ApiClient
    teacher: dict[str, Any]
    class_: dict[str, Any]
    subject: dict[str, Any]
    pupils: list[dict[str, Any]]
    clients: dict[str, httpx.Client] = field(default_factory=dict)

    def server_clock(self) -> float:
        """The injectable clock: exactly the test server's clock (which tests move)."""
        return self.server.clock.now().timestamp()

    def new_lesson(self, *, minutes_ago: int = 1, hours: int = 2) -> dict[str, Any]:
        now = self.server.clock.now()
        body = {
            "class_id": self.class_["id"],
            "subject_id": self.subject["id"],
            "teacher_id": self.teacher["id"],
            "starts_at": (now - timedelta(minutes=minutes_ago)).isoformat(),
            "ends_at": (now + timedelta(hours=hours)).isoformat(),
            "room": "Salle 2",
        }
        response = self.admin.post("/api/v1/lessons", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def open_session(self, qtbot: Any, **fields: Any) -> dict[str, Any]:
        lesson = self.new_lesson()
        return wait_ok(qtbot, self.api.post("/api/v1/attendance/sessions",
                                            {"lesson_id": lesson["id"], **fields}))

    def pupil_client(self, index: int) -> httpx.Client:
        pupil = self.pupils[index]
        if pupil["id"] not in self.clients:
            self.clients[pupil["id"]] = self.server.as_user(pupil["username"], PUPIL_PASSWORD)
        return self.clients[pupil["id"]]

    def scan(self, index: int, url: str) -> httpx.Response:
        """The pupil's phone posts the URL it read from the projector."""
        return self.pupil_client(index).post("/api/v1/attendance/scan", json={
            "url": url, "nonce": uuid.uuid4().hex, "device_id": "phone-" + uuid.uuid4().hex,
        })

    def roster(self, session_id: str) -> dict[str, Any]:
        response = self.admin.get(f"/api/v1/attendance/sessions/{session_id}/roster")
        assert response.status_code == 200, response.text
        return response.json()

    def mark_of(self, session_id: str, pupil_index: int) -> dict[str, Any] | None:
        pupil_id = self.pupils[pupil_index]["id"]
        entry = next(p for p in self.roster(session_id)["pupils"] if p["pupil_id"] == pupil_id)
        return entry["mark"]


@contextmanager
def teacher_world(qtbot: Any, server: LiveServer, admin: httpx.Client,
                  pupils: int = 3) -> Iterator[TeacherWorld]:
    with logged_in_api(qtbot, server, admin, role="teacher", first_name="Paul",
                       last_name="Essomba") as (api, teacher):
        class_ = admin.post("/api/v1/classes", json={
            "name": unique("CM2 "), "level": "CM2", "school_year": YEAR,
            "main_teacher_id": teacher["id"],
        })
        assert class_.status_code == 201, class_.text
        subject = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
        people = [
            create_user(admin, password=PUPIL_PASSWORD, first_name=first, last_name=last)
            for first, last in PUPIL_NAMES[:pupils]
        ]
        admin.post(f"/api/v1/classes/{class_.json()['id']}/enrollments",
                   json={"pupil_ids": [p["id"] for p in people]}).raise_for_status()
        world = TeacherWorld(server=server, admin=admin, api=api, teacher=teacher,
                             class_=class_.json(), subject=subject, pupils=people)
        try:
            yield world
        finally:
            for client in world.clients.values():
                client.close()


def read_screen(window: ProjectorWindow) -> str:
    """What a phone reads on the projector: the window grabbed as an image, decoded with
    the project's QR decoder. Exactly one code must be visible."""
    frame = qimage_to_array(window.grab().toImage())
    found = make_decoder("zxing").decode(frame)
    assert len(found) == 1, f"expected one QR on screen, found {len(found)}"
    return found[0].text


def open_projector(qtbot: Any, world: TeacherWorld, session_id: str) -> ProjectorWindow:
    window = ProjectorWindow(world.api, session_id, clock=world.server_clock)
    qtbot.add_widget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.current is not None and window.qr.text != "",
                    timeout=WAIT_MS)
    return window
