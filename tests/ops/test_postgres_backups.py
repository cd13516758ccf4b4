"""On PostgreSQL (a hub, a large school) the built-in backups do not apply: the API says so
with its own code, no daily backup job is registered, and a migration copies nothing."""

from __future__ import annotations

import pytest

from lan_server.ops.jobs import backup_jobs
from tests.support import make_settings, problem, running_server

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def test_backups_say_they_are_for_sqlite_on_postgres(tmp_path, pg_database_url):
    settings = make_settings(tmp_path, database_url=pg_database_url)
    assert backup_jobs(settings) == ()
    with running_server(settings) as server, server.as_admin() as admin:
        body = problem(admin.get("/api/v1/ops/backups", headers={"Accept-Language": "en"}),
                       409, "backups_sqlite_only")
        assert "pg_dump" in body["detail"]
        problem(admin.post("/api/v1/ops/backups"), 409, "backups_sqlite_only")
        problem(admin.post("/api/v1/ops/backups/ecep-2026-01-01_00-00-00Z-daily.sqlite3/restore"),
                409, "backups_sqlite_only")
        bundle = admin.get("/api/v1/ops/support-bundle")
        assert bundle.status_code == 200 and bundle.content.startswith(b"PK")
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())
