"""Enrollment and the roles: a code is used once and binds the hub school to one school;
a wrong credential is refused; hub and school endpoints exist only on their role; the CLI
(hub-enroll-code, sync-enroll, sync) does the whole loop the way an administrator runs it."""

from __future__ import annotations

import gzip
import re
import uuid
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from lan_server.cli import main
from lan_server.sync import school_service
from lan_server.sync.protocol import MAX_INFLATED_BYTES, MAX_PUSH_ROWS, gzip_json
from tests.support import problem
from tests.sync.support import (
    enroll,
    enroll_code,
    hub_server,
    hub_state,
    local_state,
    school_server,
    sync_now,
)

pytestmark = pytest.mark.postgres
HEADERS = {"X-Ecep-Sync-Protocol": "1", "X-Ecep-Sync-Schema": "1"}


def test_codes_credentials_and_roles(tmp_path: Path, pg_database_url: str) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "a") as a, school_server(tmp_path / "b") as b:
        code = enroll_code(hub, "École A")
        enroll(a, hub.url, code["code"])
        with b.as_admin() as admin:  # used once
            again = admin.post("/api/v1/sync/enroll", json={"hub_url": hub.url,
                                                             "code": code["code"]})
        problem(again, 400, "sync_code_invalid")
        other = enroll_code(hub, hub_school_id=code["hub_school_id"], school_name=None)
        with b.as_admin() as admin:  # a code of school A's hub school, from school B
            mismatch = admin.post("/api/v1/sync/enroll", json={"hub_url": hub.url,
                                                                "code": other["code"]})
        problem(mismatch, 409, "sync_school_mismatch")
        with httpx.Client(base_url=hub.url, headers=HEADERS) as client:
            refused = client.get("/api/v1/hub/pull", headers={"Authorization": "Bearer ecs1.x"})
            problem(refused, 401, "sync_credential_invalid")
            problem(client.get("/api/v1/hub/pull"), 401, "sync_credential_invalid")
        with hub.as_admin() as admin:
            problem(admin.get("/api/v1/sync/status"), 404, "sync_wrong_role")
        with a.client() as client:
            problem(client.get("/api/v1/hub/hello"), 404, "sync_wrong_role")
        with a.as_admin() as admin:  # a teacher may not: only school managers
            teacher = admin.post("/api/v1/users", json={
                "username": "prof1", "first_name": "Paul", "last_name": "Biya",
                "role": "teacher", "password": "teacher-pass-1"})
            assert teacher.status_code == 201, teacher.text
        with a.as_user("prof1", "teacher-pass-1") as client:
            problem(client.post("/api/v1/sync/run"), 403, "permission_required")
        sync_now(a)
        assert hub_state(hub, code["hub_school_id"]) == local_state(a.ctx)

        # Malformed batches from an enrolled server: refused whole, nothing applied.
        with a.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            credential, acked = state.credential, state.acked_seq
        auth = {**HEADERS, "Authorization": f"Bearer {credential}"}
        before = hub_state(hub, code["hub_school_id"])
        with httpx.Client(base_url=hub.url, headers=auth) as client:
            for batch in (
                {"after": acked, "upto": acked + 1, "rows": "nope"},
                {"after": acked, "upto": acked + 1,
                 "rows": [{"e": "refresh_tokens", "id": str(uuid.uuid4()), "hlc": 1,
                           "deleted": False, "data": {}}]},
                {"after": acked, "upto": acked + 1, "rows": [{}] * (MAX_PUSH_ROWS + 1)},
                {"after": "x", "upto": acked + 1, "rows": []},
                {"after": acked, "upto": acked + 1, "rows": [{"e": "users", "id": "1"}]},
                [1, 2],
            ):
                problem(client.post("/api/v1/hub/push", content=gzip_json(batch),
                                    headers={"Content-Encoding": "gzip"}), 400, "sync_bad_batch")
            problem(client.post("/api/v1/hub/push", content=b"\x1f\x8bnot gzip",
                                headers={"Content-Encoding": "gzip"}), 400, "sync_bad_batch")
            bomb = gzip.compress(b"[" + b" " * (MAX_INFLATED_BYTES + 10) + b"]", 9)
            problem(client.post("/api/v1/hub/push", content=bomb,
                                headers={"Content-Encoding": "gzip"}), 413, "payload_too_large")
            gap = client.post("/api/v1/hub/push", content=gzip_json(
                {"after": acked + 10, "upto": acked + 11, "rows": []}),
                headers={"Content-Encoding": "gzip"})
            assert problem(gap, 409, "sync_gap")["acked"] == acked
        assert hub_state(hub, code["hub_school_id"]) == before


def test_the_cli_enrolls_and_syncs(tmp_path: Path, pg_database_url: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    runner = CliRunner()
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school") as school:
        made = runner.invoke(main, ["hub-enroll-code", "--database", pg_database_url,
                                    "--school-name", "École CLI"])
        assert made.exit_code == 0, made.output
        code = re.search(r"([0-9A-F]{4}-){3}[0-9A-F]{4}", made.output).group(0)
        hub_school_id = re.search(r"hub school ([0-9a-f-]{36})", made.output).group(1)
        database = school.ctx.settings.resolved_database_url
        enrolled = runner.invoke(main, ["sync-enroll", "--database", database,
                                        "--hub", hub.url, "--code", code])
        assert enrolled.exit_code == 0, enrolled.output
        assert "Enrolled with hub" in enrolled.output
        synced = runner.invoke(main, ["sync", "--database", database])
        assert synced.exit_code == 0, synced.output
        assert re.search(r"Synced: [1-9]\d* rows sent", synced.output)
        assert hub_state(hub, hub_school_id) == local_state(school.ctx)
        reused = runner.invoke(main, ["sync-enroll", "--database", database,
                                      "--hub", hub.url, "--code", code])
        assert reused.exit_code == 1
        assert "unknown, expired or already used" in reused.output
