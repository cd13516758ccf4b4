"""Offline check of a personal card: ``ECEPCARD1.<user_id>.<card_no>.<signature>`` where the
signature is the school's Ed25519 signature (base64url, no padding) of the UTF-8 bytes
``ECEPCARD1.<user_id>.<card_no>`` (docs/attendance.md). With the school's public key cached,
the kiosk refuses a forged card at once, server or no server. Revocation is the server's to
know: a revoked card passes here and is refused when its scan is uploaded."""

from __future__ import annotations

import base64
import binascii
import enum
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

CARD_PREFIX = "ECEPCARD1"


class CardCheck(enum.Enum):
    VALID = "valid"
    NOT_A_CARD = "not_a_card"  # some other QR: a lesson URL, a web address
    FORGED = "forged"  # looks like a card, but the school did not sign it
    UNVERIFIED = "unverified"  # well formed; no public key yet to check the signature


@dataclass(frozen=True, slots=True)
class CardVerdict:
    check: CardCheck
    user_id: uuid.UUID | None = None
    card_no: int | None = None


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CardVerifier:
    """Checks card texts against the school's public key (raw 32 bytes), when known."""

    def __init__(self, public_key: bytes | None = None) -> None:
        self._key = Ed25519PublicKey.from_public_bytes(public_key) if public_key else None
        self.public_key = public_key

    @property
    def has_key(self) -> bool:
        return self._key is not None

    def check(self, text: str) -> CardVerdict:
        parts = text.strip().split(".")
        if len(parts) != 4 or parts[0] != CARD_PREFIX:
            return CardVerdict(CardCheck.NOT_A_CARD)
        try:
            user_id = uuid.UUID(parts[1])
        except ValueError:
            return CardVerdict(CardCheck.FORGED)
        if str(user_id) != parts[1] or not parts[2].isdigit() or len(parts[2]) > 12:
            return CardVerdict(CardCheck.FORGED)
        card_no = int(parts[2])
        if self._key is None:
            return CardVerdict(CardCheck.UNVERIFIED, user_id, card_no)
        try:
            self._key.verify(_b64url_decode(parts[3]), ".".join(parts[:3]).encode("utf-8"))
        except (ValueError, binascii.Error, InvalidSignature):
            return CardVerdict(CardCheck.FORGED, user_id, card_no)
        return CardVerdict(CardCheck.VALID, user_id, card_no)


class PublicKeyCache:
    """The school's public key, kept in a small JSON file so a kiosk started while the
    server is down still checks signatures."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> bytes | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return _b64url_decode(data["public_key"])
        except (OSError, ValueError, KeyError, TypeError, binascii.Error):
            return None

    def save(self, public_key_b64url: str) -> bytes:
        raw = _b64url_decode(public_key_b64url)
        Ed25519PublicKey.from_public_bytes(raw)  # refuse garbage before caching it
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"public_key": public_key_b64url}), encoding="utf-8")
        tmp.replace(self.path)
        return raw
