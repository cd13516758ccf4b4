"""Backups through the API of a real server (uvicorn on loopback, SQLite in a temporary data
directory): made online while others write, checked, listed, downloaded, restored live (the
replaced database kept aside), pruned, refused when damaged or foreign, admin only."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import httpx
import pytest

from lan_server.ops.backup import NAME_RE, backups_dir, list_backups
from tests.support import create_user, make_settings, problem, running_server, unique

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path):
    (tmp_path / "data").mkdir()
    settings = make_settings(tmp_path / "data", backup_keep=3)
    with running_server(settings) as live:
        yield live


def _class(admin: httpx.Client, name: str) -> dict:
    response = admin.post("/api/v1/classes", json={"name": name, "level": "CM2",
                                                   "school_year": "2026-2027"})
    assert response.status_code == 201, response.text
    return response.json()


def _class_names(admin: httpx.Client) -> set[str]:
    names, cursor = set(), None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        body = admin.get("/api/v1/classes", params=params).json()
        names |= {c["name"] for c in body["items"]}
        cursor = body.get("next_cursor")
        if not cursor:
            return names


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_backup_restore_round_trip_keeps_the_replaced_database(server):
    with server.as_admin() as admin:
        _class(admin, "CM2 avant")
        made = admin.post("/api/v1/ops/backups")
        assert made.status_code == 201, made.text
        backup = made.json()
        assert backup["reason"] == "manual" and backup["size"] > 0
        assert NAME_RE.match(backup["name"])
        path = backups_dir(server.ctx.settings.data_dir) / backup["name"]
        assert _integrity(path) == "ok"
        assert not list(path.parent.glob("*.partial"))
        # the copy is one self-contained file, not a WAL database
        assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"

        _class(admin, "CM2 après")
        assert {"CM2 avant", "CM2 après"} <= _class_names(admin)
        listed = admin.get("/api/v1/ops/backups").json()
        assert backup["name"] in [b["name"] for b in listed]

        restored = admin.post(f"/api/v1/ops/backups/{backup['name']}/restore")
        assert restored.status_code == 200, restored.text
        body = restored.json()
        assert body["restored_from"] == backup["name"]
        assert body["kept_aside"]["reason"] == "pre-restore"
        assert body["migrated_from"] is None

    # Every login ended with the restore (the restored database decides who is logged in).
    with server.as_admin() as admin:
        names = _class_names(admin)
        assert "CM2 avant" in names and "CM2 après" not in names
        # The replaced database, kept aside, still has the later class.
        aside = backups_dir(server.ctx.settings.data_dir) / body["kept_aside"]["name"]
        rows = sqlite3.connect(aside).execute("SELECT name FROM classes").fetchall()
        assert ("CM2 après",) in rows
        # The restore is in the restored database's audit log.
        events = admin.get("/api/v1/audit-events", params={"action": "ops.backup_restored"})
        assert events.status_code == 200, events.text
        assert [e["target_id"] for e in events.json()["items"]] == [backup["name"]]
        # And the server goes on writing.
        _class(admin, "CM2 ensuite")
        assert "CM2 ensuite" in _class_names(admin)
    assert _integrity(Path(server.ctx.settings.data_dir) / "ecep.sqlite3") == "ok"


def test_download_is_the_backup_file(server):
    with server.as_admin() as admin:
        name = admin.post("/api/v1/ops/backups").json()["name"]
        response = admin.get(f"/api/v1/ops/backups/{name}/download")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/vnd.sqlite3"
        assert name in response.headers["content-disposition"]
        path = backups_dir(server.ctx.settings.data_dir) / name
        assert response.content == path.read_bytes()
        assert response.content.startswith(b"SQLite format 3\x00")


def test_online_backup_while_others_write_is_consistent(server):
    stop = threading.Event()
    written: list[str] = []

    def writer() -> None:
        with server.as_admin() as admin:
            while not stop.is_set():
                name = unique("busy")
                _class(admin, name)
                written.append(name)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        with server.as_admin() as admin:
            names, acknowledged_before = [], []
            for _ in range(4):
                acknowledged_before.append(set(written))
                made = admin.post("/api/v1/ops/backups")
                assert made.status_code == 201, made.text
                names.append(made.json()["name"])
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert written
    folder = backups_dir(server.ctx.settings.data_dir)
    assert acknowledged_before[-1], "writes were going on while the backups were made"
    for name, before in zip(names[-3:], acknowledged_before[-3:], strict=True):
        assert _integrity(folder / name) == "ok"  # keep=3: the oldest one was pruned
        # a snapshot taken after every write acknowledged before it was asked for
        rows = sqlite3.connect(folder / name).execute("SELECT name FROM classes").fetchall()
        assert before <= {row[0] for row in rows}
    assert not (folder / names[0]).exists()
    manual = [b for b in list_backups(folder) if b.reason == "manual"]
    assert [b.name for b in manual] == list(reversed(names[-3:]))


def test_refusals(server, tmp_path):
    folder = backups_dir(server.ctx.settings.data_dir)
    with server.as_admin() as admin:
        problem(admin.post("/api/v1/ops/backups/nothing.sqlite3/restore"), 404,
                "backup_not_found")
        problem(admin.get("/api/v1/ops/backups/..%5C..%5Cecep.sqlite3/download"), 404,
                "backup_not_found")
        assert admin.get("/api/v1/ops/backups/..%2Fecep.sqlite3/download").status_code == 404
        # A file with a backup's name that is damaged: refused, the database untouched.
        _class(admin, "CM1 intact")
        damaged = folder / "ecep-2026-01-01_00-00-00Z-manual.sqlite3"
        good = admin.post("/api/v1/ops/backups").json()["name"]
        data = bytearray((folder / good).read_bytes())
        data[4096 * 2: 4096 * 2 + 512] = b"\xff" * 512
        damaged.write_bytes(bytes(data))
        body = problem(admin.post(f"/api/v1/ops/backups/{damaged.name}/restore",
                                  headers={"Accept-Language": "en"}), 422, "backup_corrupt")
        assert "damaged" in body["detail"]
        # A SQLite file that is not an eCEP database.
        foreign = folder / "ecep-2026-01-02_00-00-00Z-manual.sqlite3"
        connection = sqlite3.connect(foreign)
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
        connection.close()
        problem(admin.post(f"/api/v1/ops/backups/{foreign.name}/restore"), 422,
                "backup_not_ecep")
        assert "CM1 intact" in _class_names(admin)

        teacher = create_user(admin, role="teacher", password="teacher-pass-1")
    with server.as_user(teacher["username"], "teacher-pass-1") as as_teacher:
        problem(as_teacher.get("/api/v1/ops/backups"), 403, "admin_only")
        problem(as_teacher.post("/api/v1/ops/backups"), 403, "admin_only")
        problem(as_teacher.get("/api/v1/ops/support-bundle"), 403, "admin_only")
    with server.client() as anon:
        problem(anon.get("/api/v1/ops/backups"), 401, "not_authenticated")


def test_restore_while_readers_and_writers_are_busy(server):
    """Requests running during a live restore either finish before it or see the restored
    database after it; none fails, and the database is whole."""
    with server.as_admin() as admin:
        _class(admin, "Base")
        name = admin.post("/api/v1/ops/backups").json()["name"]
    stop = threading.Event()
    errors: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            with server.as_admin() as client:  # again after each restore ended the login
                while not stop.is_set():
                    response = client.get("/api/v1/classes", params={"limit": 50})
                    if response.status_code == 401:
                        break
                    if response.status_code != 200:
                        errors.append(response.text)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for index in range(3):
            with server.as_admin() as admin:
                _class(admin, f"Avant {index}")
                restored = admin.post(f"/api/v1/ops/backups/{name}/restore")
                assert restored.status_code == 200, restored.text
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    with server.as_admin() as admin:
        names = _class_names(admin)
    assert "Base" in names and not any(n.startswith("Avant") for n in names)
    assert _integrity(Path(server.ctx.settings.data_dir) / "ecep.sqlite3") == "ok"


def test_file_routes_answer_json_when_only_json_is_accepted(server):
    """As the card sheet: OpenAPI clients asking for JSON get a description, not bytes."""
    with server.as_admin() as admin:
        name = admin.post("/api/v1/ops/backups").json()["name"]
        described = admin.get(f"/api/v1/ops/backups/{name}/download",
                              headers={"Accept": "application/json"})
        assert described.status_code == 200
        assert described.json()["name"] == name and described.json()["reason"] == "manual"
        bundle = admin.get("/api/v1/ops/support-bundle", headers={"Accept": "application/json"})
        assert bundle.status_code == 200 and bundle.json()["filename"].endswith(".zip")
        import base64
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(base64.b64decode(bundle.json()["zip_base64"]))) as z:
            assert "versions.json" in z.namelist()
        raw = admin.get("/api/v1/ops/support-bundle")
        assert raw.headers["content-type"] == "application/zip"
        assert "attachment" in raw.headers["content-disposition"]
