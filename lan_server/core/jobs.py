"""Periodic jobs inside the server process.

An asyncio task started by the app's lifespan wakes every ``interval`` seconds and runs, in
a worker thread, each job that is due. A job's work and its ``job_runs.last_run_at`` are
written in ONE transaction, with the job's row locked: after a restart a job that already
ran does not run again, and one whose time passed while the server was down runs at once
(the first pass happens at start). Jobs decide when they are due from their last run and
the clock, so tests call ``run_job`` directly with a clock of their own."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.core.clock import Clock
from lan_server.core.db import Database
from lan_server.models import JobRun

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 30.0


@dataclass(frozen=True)
class Job:
    name: str
    # (session, last run or None, now) -> whether the job should run now
    is_due: Callable[[Session, datetime | None, datetime], bool]
    # (session, now) -> details recorded with the run (counts, ...)
    run: Callable[[Session, datetime], dict[str, Any]]


def _locked_run_row(session: Session, name: str) -> JobRun | None:
    return session.scalar(select(JobRun).where(JobRun.name == name).with_for_update())


def run_job(db: Database, clock: Clock, job: Job) -> dict[str, Any] | None:
    """Runs ``job`` if it is due; returns its details, or None when it was not due."""
    with db.write_session() as session:
        row = _locked_run_row(session, job.name)
        now = clock.now()
        if not job.is_due(session, row.last_run_at if row else None, now):
            return None
        details = job.run(session, now)
        if row is None:
            row = JobRun(name=job.name, last_run_at=now, details=details)
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # another process ran it at the same moment
                session.rollback()
                return None
        else:
            row.last_run_at = now
            row.details = details
        return details


def run_due_jobs(db: Database, clock: Clock, jobs: Sequence[Job]) -> None:
    for job in jobs:
        try:
            details = run_job(db, clock, job)
            if details:
                log.info("job %s ran: %s", job.name, details)
        except Exception:  # one bad run must not stop the others, nor the loop
            log.exception("job %s failed", job.name)


async def run_jobs_forever(
    db: Database,
    clock: Clock,
    jobs: Sequence[Job],
    interval: float = DEFAULT_INTERVAL_SECONDS,
) -> None:
    while True:
        await asyncio.to_thread(run_due_jobs, db, clock, jobs)
        await asyncio.sleep(interval)


def start_jobs(ctx: Any, interval: float = DEFAULT_INTERVAL_SECONDS) -> asyncio.Task[None]:
    """The server's periodic jobs as one task (the lifespan cancels it on shutdown)."""
    from lan_server.attendance.day.jobs import DAY_ATTENDANCE_JOBS
    from lan_server.attendance.lesson.jobs import LESSON_ATTENDANCE_JOBS
    from lan_server.ops.jobs import backup_jobs

    jobs = (*DAY_ATTENDANCE_JOBS, *LESSON_ATTENDANCE_JOBS, *backup_jobs(ctx.settings))
    return asyncio.create_task(
        run_jobs_forever(ctx.db, ctx.clock, jobs, interval), name="periodic-jobs"
    )
