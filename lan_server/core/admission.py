"""Admission control: at most ``limit`` requests are processed at once; the others wait
their turn in the event loop, where waiting costs nothing.

Why: a sync route makes several trips to the thread pool (dependencies, the route, the
response's serialisation, the session's end) while it may hold a database connection,
and the single writer is one connection. Under a burst wider than the thread pool, every
thread can end up waiting for that connection while its holder waits for a thread to
finish its request: a deadlock until the pool times out (seen at 80 logins). With fewer
requests in flight than threads, and a read pool at least as large, a request never
waits for a thread and never for a read connection, so the holder of the writer always
finishes. It also bounds memory under load (each login hashes with 19 MiB)."""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send


class AdmissionLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int, exempt_suffixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.exempt_suffixes = exempt_suffixes
        self._slots: anyio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].endswith(self.exempt_suffixes):
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # made here: a semaphore belongs to the running loop
            self._slots = anyio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
