"""One settings object for the whole server (environment prefix ``ECEP_``).

Nothing secret has a default: the signing key lives in the data directory, created by
``ecep-server init`` (or the first ``serve``) with owner-only permissions.
"""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = "secret.key"  # noqa: S105 - a file name
SERVER_ID_FILE = "server.id"
SETUP_TOKEN_FILE = "setup.token"  # noqa: S105 - a file name
MIN_SECRET_BYTES = 32


class Role(StrEnum):
    school = "school"
    hub = "hub"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("ecep-school-server", "eCEP"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECEP_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    role: Role = Role.school
    host: str = "0.0.0.0"  # noqa: S104 - a school server serves its LAN
    port: int = Field(default=8470, ge=1, le=65535)

    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    email_token_hours: int = Field(default=48, ge=1)
    reset_token_minutes: int = Field(default=60, ge=5)
    admin_reset_code_hours: int = Field(default=72, ge=1)

    # Brute-force protection: free attempts, then a lock that doubles with each failure.
    login_free_attempts_per_account: int = Field(default=5, ge=1)
    login_free_attempts_per_ip: int = Field(default=30, ge=1)
    login_lock_base_seconds: float = Field(default=2.0, gt=0)
    login_lock_max_seconds: float = Field(default=900.0, gt=0)
    login_failure_window_minutes: int = Field(default=30, ge=1)

    # Requests processed at once (core/admission.py); the connection pools are sized from it.
    max_requests_in_flight: int = Field(default=32, ge=1, le=36)
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    max_upload_bytes: int = Field(default=5_000_000, ge=1024)
    default_locale: str = "fr"

    # LAN discovery (docs/discovery.md). Only ``ecep-server serve`` advertises; servers
    # embedded by tests and benchmarks never do. ``discovery_interfaces``: "all", or
    # comma-separated IPv4 addresses ("127.0.0.1" = loopback only). A server listening on
    # one address (``--host 127.0.0.1``) advertises on that address only, whatever this says.
    discovery_enabled: bool = True
    discovery_interfaces: str = "all"
    # HTTPS with a self-signed certificate kept in the data directory (lan_server/tls.py).
    https: bool = False
    # With HTTPS, the attendance QR page (/a/... only) is also served over plain HTTP on
    # this port, so a phone's browser opens it without a certificate warning
    # (lan_server/qr_page/, docs/discovery.md). None: the API port + 1; 0: off.
    qr_page_port: int | None = Field(default=None, ge=0, le=65535)

    # Backups of the SQLite database (lan_server/ops/backup.py): one every
    # ``backup_interval_hours`` (0: none) into backups/, the last ``backup_keep`` of each kind.
    backup_interval_hours: float = Field(default=24.0, ge=0)
    backup_keep: int = Field(default=14, ge=1, le=1000)

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = "no-reply@ecep.local"
    smtp_starttls: bool = True
    email_outbox_interval_seconds: float = Field(default=30.0, gt=0)

    # Sync with the hub (docs/sync.md). ``hub_url`` overrides the one stored at enrollment.
    hub_url: str | None = None
    sync_interval_seconds: float = Field(default=60.0, gt=0)
    sync_retry_min_seconds: float = Field(default=2.0, gt=0)
    sync_retry_max_seconds: float = Field(default=300.0, gt=0)

    # Hashing: OWASP's argon2id floor (19 MiB, t=2, p=1) keeps a login under ~20 ms on a
    # cheap school PC so that a whole class can log in at once; at most ``hash_workers``
    # hashes run together so 80 logins cannot take 80 x 19 MiB.
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19 * 1024, ge=8 * 1024)
    argon2_parallelism: int = Field(default=1, ge=1)
    hash_workers: int = Field(default_factory=lambda: max(2, os.cpu_count() or 2), ge=1)

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("fr", "en"):
            raise ValueError("default_locale must be fr or en")
        return value

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'ecep.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("logs", "backups"):
            (self.data_dir / sub).mkdir(exist_ok=True)
        return self.data_dir

    # -- secrets kept in the data directory ------------------------------------------------

    def _read_or_create(self, name: str, make: callable) -> str:  # type: ignore[valid-type]
        path = self.ensure_data_dir() / name
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        value = make()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(value + "\n")
        return value

    @cached_property
    def secret_key(self) -> str:
        env_value = os.environ.get("ECEP_SECRET_KEY")
        value = env_value or self._read_or_create(
            SECRET_KEY_FILE, lambda: secrets.token_urlsafe(48)
        )
        if len(value) < MIN_SECRET_BYTES:
            raise ValueError("the secret key must be at least 32 characters long")
        return value

    @cached_property
    def server_id(self) -> str:
        from lan_server.core.ids import uuid7

        return self._read_or_create(SERVER_ID_FILE, lambda: str(uuid7()))

    def setup_token_path(self) -> Path:
        return self.ensure_data_dir() / SETUP_TOKEN_FILE


def get_settings() -> Settings:
    return Settings()
