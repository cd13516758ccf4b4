"""A class with its teacher and pupils on a running server, and helpers to open a lesson's
attendance session and compute the codes the projector shows (codes.py, from the display's
secret and the server's clock)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from lan_server.attendance import codes
from lan_server.models import Enrollment, User, UserRole
from tests.support import LiveServer, create_user, unique

PASSWORD = "lesson-pass-1"
YEAR = "2026-2027"


@dataclass
class ClassWorld:
    server: LiveServer
    admin: httpx.Client
    teacher: dict[str, Any]
    teacher_client: httpx.Client
    other_teacher_client: httpx.Client
    class_: dict[str, Any]
    subject_id: str
    pupils: list[dict[str, Any]] = field(default_factory=list)
    outsider: dict[str, Any] | None = None
    clients: dict[str, httpx.Client] = field(default_factory=dict)

    def pupil_client(self, index: int) -> httpx.Client:
        pupil = self.pupils[index]
        if pupil["id"] not in self.clients:
            self.clients[pupil["id"]] = self.server.as_user(pupil["username"], PASSWORD)
        return self.clients[pupil["id"]]

    def new_lesson(self) -> dict[str, Any]:
        now = self.server.clock.now()
        body = {
            "class_id": self.class_["id"],
            "subject_id": self.subject_id,
            "teacher_id": self.teacher["id"],
            "starts_at": (now - timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(),
        }
        response = self.admin.post("/api/v1/lessons", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def open(self, **fields: Any) -> dict[str, Any]:
        lesson = self.new_lesson()
        response = self.teacher_client.post(
            "/api/v1/attendance/sessions", json={"lesson_id": lesson["id"], **fields}
        )
        assert response.status_code == 201, response.text
        return response.json()

    def display(self, session_id: str) -> dict[str, Any]:
        response = self.teacher_client.get(f"/api/v1/attendance/sessions/{session_id}/display")
        assert response.status_code == 200, response.text
        return response.json()


def build_world(server: LiveServer, pupils: int = 8) -> ClassWorld:
    admin = server.as_admin()
    teacher = create_user(admin, role="teacher", password=PASSWORD)
    other = create_user(admin, role="teacher", password=PASSWORD)
    class_ = admin.post(
        "/api/v1/classes",
        json={
            "name": unique("CM2 "),
            "level": "CM2",
            "school_year": YEAR,
            "main_teacher_id": teacher["id"],
        },
    ).json()
    maths = next(s for s in admin.get("/api/v1/subjects").json() if s["code"] == "MATH")
    world = ClassWorld(
        server=server,
        admin=admin,
        teacher=teacher,
        teacher_client=server.as_user(teacher["username"], PASSWORD),
        other_teacher_client=server.as_user(other["username"], PASSWORD),
        class_=class_,
        subject_id=maths["id"],
    )
    world.pupils = [create_user(admin, password=PASSWORD) for _ in range(pupils)]
    admin.post(
        f"/api/v1/classes/{class_['id']}/enrollments",
        json={"pupil_ids": [p["id"] for p in world.pupils]},
    ).raise_for_status()
    world.outsider = create_user(admin, password=PASSWORD)
    return world


def close_world(world: ClassWorld) -> None:
    for client in (
        world.admin,
        world.teacher_client,
        world.other_teacher_client,
        *world.clients.values(),
    ):
        client.close()


@pytest.fixture(scope="module")
def world(live_server: LiveServer) -> Iterator[ClassWorld]:
    built = build_world(live_server)
    yield built
    close_world(built)


def add_pupils_fast(server: LiveServer, class_id: str, count: int, prefix: str) -> list[str]:
    """Pupils inserted straight into the database, sharing one password hash."""
    password_hash = server.ctx.passwords.hash(PASSWORD)
    names = [f"{prefix}{i}" for i in range(count)]
    with server.ctx.db.write_session() as session:
        admin = session.query(User).filter_by(role=UserRole.admin).first()
        users = [
            User(
                school_id=admin.school_id,
                username=name,
                first_name="Élève",
                last_name=name,
                role=UserRole.student,
                password_hash=password_hash,
            )
            for name in names
        ]
        session.add_all(users)
        session.flush()
        session.add_all(Enrollment(class_id=uuid.UUID(class_id), pupil_id=u.id) for u in users)
    return names


def settle(server: LiveServer, period: int, margin: float = 3.0) -> None:
    """Waits, if needed, so that the next `margin` seconds stay inside one slot."""
    now = server.clock.now().timestamp()
    left = period - (now % period)
    if left < margin:
        time.sleep(left + 0.05)


def current_slot(server: LiveServer, period: int) -> int:
    return codes.slot_at(server.clock.now(), period)


def qr_url(server: LiveServer, display: dict[str, Any], slot: int) -> str:
    secret = bytes.fromhex(display["secret"])
    code = codes.slot_code(secret, uuid.UUID(display["session_id"]), slot)
    return f"{server.url}/a/{display['short_code']}/{slot}/{code}"


def typed(display: dict[str, Any], slot: int) -> str:
    return codes.typed_code(
        bytes.fromhex(display["secret"]), uuid.UUID(display["session_id"]), slot
    )


def nonce() -> str:
    return uuid.uuid4().hex


def device() -> str:
    return "dev-" + uuid.uuid4().hex
