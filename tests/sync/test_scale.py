"""A hub of two uvicorn workers on one PostgreSQL (``serve --role hub --workers 2``): three
schools push and pull at the same time, each through its own connections, and all converge;
the same school's two servers syncing at once never lose or double a row."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lan_server.core import migrate
from lan_server.core.context import AppContext
from lan_server.core.db import Database
from lan_server.sync import hub_service
from lan_server.sync.client import SyncClient
from tests.support import free_port, initialize_school, make_settings
from tests.sync.support import local_state
from tests.sync.test_kill_restart import _env, record_attendance, serving

pytestmark = pytest.mark.postgres


def test_three_schools_at_once_on_two_workers(tmp_path: Path, pg_database_url: str) -> None:
    migrate.upgrade(pg_database_url)
    hub_db = Database.connect(pg_database_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    contexts: list[AppContext] = []
    try:
        with serving(["--role", "hub", "--workers", "2", "--database", pg_database_url],
                     _env(ECEP_DATA_DIR=str(tmp_path / "hub")), port, tmp_path / "hub.log",
                     "/api/v1/hub/hello"):
            schools = []
            for name in ("a", "b", "c"):
                data_dir = tmp_path / name
                data_dir.mkdir()
                ctx = AppContext.build(make_settings(data_dir))
                contexts.append(ctx)
                migrate.upgrade(ctx.settings.resolved_database_url)
                initialize_school(ctx)
                record_attendance(ctx, 400, f"{name}p")
                with hub_db.write_session() as session:
                    code = hub_service.create_enroll_code(session, now=ctx.clock.now(),
                                                          school_name=f"École {name}")
                SyncClient(ctx).enroll(url, code.code)
                schools.append((ctx, code.hub_school_id))
            errors: list[BaseException] = []

            def sync(ctx: AppContext, tag: str = "r") -> None:
                try:
                    for round_ in range(3):  # changes keep coming between the rounds
                        record_attendance(ctx, 20, f"{tag}{round_}x")
                        SyncClient(ctx).run()
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=sync, args=(ctx,)) for ctx, _id in schools]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
            assert not errors, errors
            for ctx, hub_school_id in schools:
                with hub_db.read_session() as session:
                    remote = hub_service.school_records(session, hub_school_id)
                local = local_state(ctx)
                assert remote == local
                assert sum(1 for e, _i in local if e == "attendance_marks") == 460

            # A second server of school a (restored from the hub), both recording and
            # syncing at once: they end equal to each other and to the hub.
            first, first_id = schools[0]
            data_dir = tmp_path / "a2"
            data_dir.mkdir()
            second = AppContext.build(make_settings(data_dir))
            contexts.append(second)
            migrate.upgrade(second.settings.resolved_database_url)
            with hub_db.write_session() as session:
                code = hub_service.create_enroll_code(session, now=second.clock.now(),
                                                      hub_school_id=first_id)
            SyncClient(second).enroll(url, code.code)
            SyncClient(second).run()
            assert local_state(second) == local_state(first)
            errors.clear()
            threads = [threading.Thread(target=sync, args=(ctx, tag))
                       for ctx, tag in ((first, "s"), (second, "t"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
            assert not errors, errors
            for ctx in (first, second, first):  # each pulls what the other pushed
                SyncClient(ctx).run()
            with hub_db.read_session() as session:
                remote = hub_service.school_records(session, first_id)
            assert local_state(first) == local_state(second) == remote
            assert sum(1 for e, _i in remote if e == "attendance_marks") == 460 + 2 * 60
    finally:
        for ctx in contexts:
            ctx.close()
        hub_db.dispose()
