"""Kiosk test helpers: a kiosk and a pupil's card made through the real API, and synthetic
MJPG videos (1280x720) showing a card's QR, like a pupil holding it up to a webcam."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import cv2
import httpx

from ecep_desktop.qr.synthetic import FRAME_SIZE, background, qr_frame
from tests.support import create_user, unique

FPS = 30


def register_kiosk(admin: httpx.Client) -> dict[str, Any]:
    response = admin.post("/api/v1/attendance/kiosks", json={"name": unique("Gate ")})
    assert response.status_code == 201, response.text
    return response.json()


def pupil_with_card(admin: httpx.Client, **fields: Any) -> tuple[dict[str, Any], str]:
    pupil = create_user(admin, role="student", first_name="Mireille", last_name="Ewane",
                        **fields)
    response = admin.post("/api/v1/attendance/cards", json={"user_id": pupil["id"]})
    assert response.status_code == 201, response.text
    return pupil, response.json()["qr_text"]


def forged(card: str) -> str:
    """The same card text with a signature the school never made."""
    body, signature = card.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[0] ^= 0xFF
    return f"{body}.{base64.urlsafe_b64encode(bytes(raw)).decode().rstrip('=')}"


def write_card_video(path: Path, texts: list[str | None], *, fps: int = FPS,
                     drift: int = 3) -> Path:
    """An MJPG .avi, one frame per entry: the QR of that text (moving a little from frame to
    frame, a little turned), or the bare background for None."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, FRAME_SIZE)
    assert writer.isOpened()
    empty = background()
    try:
        for n, text in enumerate(texts):
            if text is None:
                writer.write(empty)
                continue
            shift = (n % 10 - 5) * drift
            writer.write(qr_frame(text, centre=(640 + shift, 360 + shift // 2),
                                  angle=5 + (n % 7), module_px=6, base=empty))
    finally:
        writer.release()
    return path


def card_scene(card: str, *, before: int = 5, shown: int = 30, after: int = 5) -> list[str | None]:
    return [None] * before + [card] * shown + [None] * after


def scan_events(server: Any, user_id: str) -> list[tuple[str, Any]]:
    """(result, scanned_at) of every day scan event of a person, straight from the server's
    event log (the kiosk's own counters could hide a doubled upload)."""
    import uuid

    from sqlalchemy import select

    from lan_server.models.attendance import DayScanEvent

    with server.ctx.db.read_session() as session:
        rows = session.execute(
            select(DayScanEvent.result, DayScanEvent.scanned_at)
            .where(DayScanEvent.user_id == uuid.UUID(user_id))
            .order_by(DayScanEvent.scanned_at)
        ).all()
    return [(r.result, r.scanned_at) for r in rows]


def day_record(admin: httpx.Client, user_id: str) -> dict[str, Any] | None:
    response = admin.get("/api/v1/attendance/day-records", params={"user_id": user_id})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    return items[0] if items else None
