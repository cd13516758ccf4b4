"""The rotating lesson QR, as fixed in docs/attendance.md.

Slot ``s = floor(unix_time / period)``. The code of slot ``s`` is the first 10 bytes of
HMAC-SHA256(secret, session_id.bytes || s as 8 bytes big-endian), in base32 without
padding (16 characters); the typed code is 6 digits from the next 4 bytes of the same
HMAC. The QR encodes ``<base>/a/<short_code>/<s>/<code>``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

SECRET_BYTES = 32
SHORT_CODE_CHARS = 8
CODE_CHARS = 16
TYPED_CODE_DIGITS = 6
_URL_PATH = re.compile(
    rf"^/a/([A-Z2-7]{{{SHORT_CODE_CHARS}}})/(\d{{1,12}})/([A-Z2-7]{{{CODE_CHARS}}})/?$"
)


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def new_short_code() -> str:
    """8 base32 characters (40 random bits): short enough for a QR that a cheap camera
    reads across a classroom, and unguessable within a lesson."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii")


def slot_at(moment: datetime, period_seconds: int) -> int:
    return int(moment.timestamp() // period_seconds)


def _mac(secret: bytes, session_id: uuid.UUID, slot: int) -> bytes:
    message = session_id.bytes + slot.to_bytes(8, "big", signed=False)
    return hmac.digest(secret, message, hashlib.sha256)  # one-shot: C all the way


def slot_code(secret: bytes, session_id: uuid.UUID, slot: int) -> str:
    return base64.b32encode(_mac(secret, session_id, slot)[:10]).decode("ascii").rstrip("=")


def typed_code(secret: bytes, session_id: uuid.UUID, slot: int) -> str:
    number = int.from_bytes(_mac(secret, session_id, slot)[10:14], "big") % 10**TYPED_CODE_DIGITS
    return f"{number:0{TYPED_CODE_DIGITS}d}"


def codes_equal(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), given.encode("ascii", "replace"))


def scan_path(short_code: str, slot: int, code: str) -> str:
    return f"/a/{short_code}/{slot}/{code}"


@dataclass(frozen=True)
class ScannedUrl:
    short_code: str
    slot: int
    code: str


def parse_scan_url(url: str) -> ScannedUrl | None:
    """The parts of a scanned QR URL (any host: the server may have several addresses),
    or None when it is not one of ours. Lower-case is accepted (some readers fold case)."""
    try:
        path = urlsplit(url.strip()).path if "://" in url else url.strip()
    except ValueError:
        return None
    parts = path.split("/")
    if len(parts) >= 5:
        parts = [*parts[:2], parts[2].upper(), parts[3], parts[4].upper(), *parts[5:]]
    match = _URL_PATH.match("/".join(parts))
    if match is None:
        return None
    return ScannedUrl(match.group(1), int(match.group(2)), match.group(3))
