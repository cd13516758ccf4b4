"""The daily backup, run by lan_server/core/jobs.py like any periodic job.

Due when it never ran or ran ``backup_interval_hours`` ago (a server that was off at that
time backs up at once when it starts). It runs inside the job runner's write transaction,
so the copy is taken while no request writes: a school database copies in well under a
second. A failed backup is logged by the runner and tried again at its next pass."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from lan_server.config import Settings
from lan_server.core.jobs import Job
from lan_server.ops.backup import Reason, backups_dir, create_backup, sqlite_path

DAILY_BACKUP = "ops.daily_backup"


def backup_jobs(settings: Settings) -> tuple[Job, ...]:
    database = sqlite_path(settings.resolved_database_url)
    if database is None or settings.backup_interval_hours <= 0:
        return ()
    every = timedelta(hours=settings.backup_interval_hours)
    folder = backups_dir(settings.data_dir)

    def due(_session: Session, last_run: datetime | None, now: datetime) -> bool:
        return last_run is None or now - last_run >= every

    def run(_session: Session, now: datetime) -> dict[str, Any]:
        info = create_backup(database, folder, reason=Reason.daily, now=now,
                             keep=settings.backup_keep)
        return {"backup": info.name, "size": info.size}

    return (Job(DAILY_BACKUP, due, run),)
