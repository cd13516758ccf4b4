"""The connectivity monitor of a school server: probes the hub with exponential back-off
and jitter while it does not answer, and syncs by itself as soon as it does (then every
``sync_interval_seconds``). An asyncio task started by the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable

from fastapi import FastAPI

from lan_server.config import Role
from lan_server.core.context import AppContext
from lan_server.sync import school_service
from lan_server.sync.client import SyncClient, SyncError

log = logging.getLogger(__name__)


def backoff_delay(
    failures: int, *, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait after ``failures`` failed probes in a row: doubling from ``base`` up
    to ``cap``, each wait drawn in its upper half (jitter: many schools coming back after
    the same outage do not knock at the same second)."""
    ceiling = min(cap, base * (2 ** max(failures - 1, 0)))
    return ceiling * (0.5 + 0.5 * rand())


class SyncMonitor:
    def __init__(self, ctx: AppContext, client: SyncClient) -> None:
        self.ctx = ctx
        self.client = client
        self.failures = 0
        self.wake = asyncio.Event()

    def _enrolled(self) -> bool:
        with self.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            return bool(state and state.credential and self.client.hub_url(state.hub_url))

    def _round(self) -> float:
        """One probe (and sync when the hub answers); returns the seconds to wait."""
        settings = self.ctx.settings
        if not self._enrolled():
            return settings.sync_interval_seconds
        if self.client.probe():
            try:
                self.client.run()
                self.failures = 0
                return settings.sync_interval_seconds
            except SyncError as exc:
                log.info("sync did not complete: %s", exc.detail)
            except Exception:  # the monitor must outlive one bad run
                log.exception("sync run failed")
        self.failures += 1
        return backoff_delay(
            self.failures, base=settings.sync_retry_min_seconds,
            cap=settings.sync_retry_max_seconds,
        )

    async def run_forever(self) -> None:
        while True:
            try:
                delay = await asyncio.to_thread(self._round)
            except Exception:
                log.exception("sync monitor round failed")
                delay = self.ctx.settings.sync_retry_max_seconds
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=delay)


def start_sync(app: FastAPI, ctx: AppContext) -> asyncio.Task:
    """Hooked into the app's lifespan: the sync client for ``/sync/...``, and on a school
    server the monitor (idle until the server is enrolled with a hub)."""
    client = SyncClient(ctx)
    app.state.sync_client = client
    if ctx.settings.role != Role.school:
        return asyncio.create_task(asyncio.sleep(0))
    monitor = SyncMonitor(ctx, client)
    app.state.sync_monitor = monitor
    return asyncio.create_task(monitor.run_forever(), name="sync-monitor")
