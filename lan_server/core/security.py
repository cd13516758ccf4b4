"""Passwords (argon2id), access JWTs (HS256) and opaque tokens stored as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lan_server.core.ids import uuid7

JWT_ALGORITHM = "HS256"
MIN_PASSWORD_LENGTH = 8
# Digits only, no ambiguous letters: read aloud by an admin to a pupil, typed on a tablet.
RESET_CODE_DIGITS = 8


class PasswordService:
    """argon2id hashing with a bound on how many hashes run at once (memory-hard: 80
    simultaneous logins must not each take their own 19 MiB at the same moment)."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int, workers: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._slots = threading.BoundedSemaphore(workers)
        # Verifying against this keeps the time of a login for an unknown account equal to
        # that of a known one, so timing does not reveal which accounts exist.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._slots:
            return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        with self._slots:
            try:
                return self._hasher.verify(password_hash or self._dummy_hash, password) and bool(
                    password_hash
                )
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    role: str
    school_id: uuid.UUID
    jti: str
    session_id: uuid.UUID
    expires_at: datetime


class TokenError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class AccessTokens:
    def __init__(self, secret_key: str, lifetime: timedelta, issuer: str = "ecep") -> None:
        self._key = secret_key
        self._lifetime = lifetime
        self._issuer = issuer

    @property
    def lifetime(self) -> timedelta:
        return self._lifetime

    def issue(
        self,
        *,
        user_id: uuid.UUID,
        role: str,
        school_id: uuid.UUID,
        session_id: uuid.UUID,
        now: datetime,
    ) -> str:
        payload = {
            "sub": str(user_id),
            "sid": str(session_id),
            "role": role,
            "school": str(school_id),
            "jti": str(uuid7()),
            "iat": int(now.timestamp()),
            "exp": int((now + self._lifetime).timestamp()),
            "iss": self._issuer,
            "typ": "access",
        }
        return jwt.encode(payload, self._key, algorithm=JWT_ALGORITHM)

    def decode(self, token: str, *, now: datetime) -> AccessClaims:
        try:
            payload = jwt.decode(
                token,
                self._key,
                algorithms=[JWT_ALGORITHM],
                issuer=self._issuer,
                options={
                    "require": ["sub", "exp", "jti", "role", "school", "sid"],
                    # Times are checked below against the server's (injectable) clock.
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError as exc:
            raise TokenError("token_invalid") from exc
        # Expiry is checked against the server's (injectable) clock, not the OS clock.
        if payload.get("typ") != "access":
            raise TokenError("token_invalid")
        try:
            expires = int(payload["exp"])
            claims = AccessClaims(
                user_id=uuid.UUID(str(payload["sub"])),
                role=str(payload["role"]),
                school_id=uuid.UUID(str(payload["school"])),
                jti=str(payload["jti"]),
                session_id=uuid.UUID(str(payload["sid"])),
                expires_at=datetime.fromtimestamp(expires, tz=now.tzinfo),
            )
        except (ValueError, TypeError, OverflowError, OSError) as exc:
            raise TokenError("token_invalid") from exc
        if now.timestamp() >= expires:
            raise TokenError("token_expired")
        return claims


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def new_numeric_code(digits: int = RESET_CODE_DIGITS) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
