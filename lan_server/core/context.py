"""Everything one server process shares, built once by the app's lifespan (or by the CLI),
and handed to services as plain objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import anyio

from lan_server.config import Settings
from lan_server.core.auth_cache import AUTH_CHANGED, AuthCache
from lan_server.core.clock import Clock, system_clock
from lan_server.core.db import Database
from lan_server.core.security import AccessTokens, PasswordService

# Replaced whenever logins are revoked, so every process on the machine drops its cached
# authentications (core/auth_cache.py).
AUTH_EPOCH_FILE = "auth.epoch"


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Clock
    passwords: PasswordService
    access_tokens: AccessTokens
    server_id: str = field(default="")
    # Threads that end request sessions (see core/deps.py); made by the app's lifespan,
    # inside the event loop.
    session_end_limiter: anyio.CapacityLimiter | None = None
    # Threads that check bearer tokens against the database (core/deps.py).
    auth_limiter: anyio.CapacityLimiter | None = None
    auth_cache: AuthCache = field(default_factory=AuthCache)

    @classmethod
    def build(cls, settings: Settings, *, clock: Clock | None = None) -> AppContext:
        settings.ensure_data_dir()
        context = cls(
            settings=settings,
            db=Database.connect(
                settings.resolved_database_url, max_in_flight=settings.max_requests_in_flight
            ),
            clock=clock or system_clock,
            passwords=PasswordService(
                time_cost=settings.argon2_time_cost,
                memory_kib=settings.argon2_memory_kib,
                parallelism=settings.argon2_parallelism,
                workers=settings.hash_workers,
            ),
            access_tokens=AccessTokens(
                settings.secret_key, timedelta(minutes=settings.access_token_minutes)
            ),
            server_id=settings.server_id,
            auth_cache=AuthCache(epoch_file=settings.data_dir / AUTH_EPOCH_FILE),
        )
        context.db.on_commit(AUTH_CHANGED, context.auth_cache.invalidate_all)
        return context

    def close(self) -> None:
        self.db.dispose()
