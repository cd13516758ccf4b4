"""The rotating lesson codes, computed by the projector itself (docs/attendance.md).

Slot ``s = floor(unix_seconds / period)`` on the server's clock. The code of slot ``s`` is
the first 10 bytes of HMAC-SHA256(secret, session_id.bytes || s as 8 bytes big-endian) in
base32 without padding; the typed code is the next 4 bytes as a big-endian integer mod 10**6.
The same small function as the server's ``lan_server/attendance/codes.py``, re-implemented
here because the desktop is only an HTTP client and never imports the server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import uuid
from dataclasses import dataclass

TYPED_CODE_DIGITS = 6


def slot_at(unix_seconds: float, period_seconds: int) -> int:
    return math.floor(unix_seconds / period_seconds)


def _mac(secret: bytes, session_id: uuid.UUID, slot: int) -> bytes:
    message = session_id.bytes + slot.to_bytes(8, "big", signed=False)
    return hmac.new(secret, message, hashlib.sha256).digest()


def slot_code(secret: bytes, session_id: uuid.UUID, slot: int) -> str:
    return base64.b32encode(_mac(secret, session_id, slot)[:10]).decode("ascii").rstrip("=")


def typed_code(secret: bytes, session_id: uuid.UUID, slot: int) -> str:
    number = int.from_bytes(_mac(secret, session_id, slot)[10:14], "big") % 10**TYPED_CODE_DIGITS
    return f"{number:0{TYPED_CODE_DIGITS}d}"


@dataclass(frozen=True)
class SlotCodes:
    """What the projector draws for one slot."""

    slot: int
    url: str
    typed_code: str


@dataclass(frozen=True)
class SessionSecret:
    """A session's code generator, from ``GET /sessions/{id}/display``."""

    session_id: uuid.UUID
    secret: bytes
    period_seconds: int
    url_base: str  # "<server>/a/<short_code>"

    @classmethod
    def from_display(cls, display: dict) -> SessionSecret:
        return cls(
            session_id=uuid.UUID(str(display["session_id"])),
            secret=bytes.fromhex(display["secret"]),
            period_seconds=int(display["period_seconds"]),
            url_base=str(display["url_base"]).rstrip("/"),
        )

    def slot_at(self, unix_seconds: float) -> int:
        return slot_at(unix_seconds, self.period_seconds)

    def codes(self, slot: int) -> SlotCodes:
        code = slot_code(self.secret, self.session_id, slot)
        return SlotCodes(slot=slot, url=f"{self.url_base}/{slot}/{code}",
                         typed_code=typed_code(self.secret, self.session_id, slot))

    def seconds_left(self, unix_seconds: float) -> float:
        """Seconds until the next slot begins."""
        return (self.slot_at(unix_seconds) + 1) * self.period_seconds - unix_seconds
