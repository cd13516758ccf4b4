"""The server page's Backups box against a real server of its own (a restore must not touch
the session's shared server): back up now, export a backup to a "USB" folder (downloaded,
written whole), restore it live (the later change is gone, the replaced database kept
aside), save the support bundle."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt

from ecep_desktop.server_panel.backups_box import BackupsBox, write_file
from lan_server.ops.backup import backups_dir
from tests.desktop.support import logged_in_api
from tests.support import make_settings, running_server

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class AnsweringPrompter:
    def __init__(self, folder: Path, bundle: Path) -> None:
        self.folder, self.bundle = folder, bundle
        self.questions: list[str] = []

    def existing_directory(self, _parent, _title) -> str:
        return str(self.folder)

    def save_file_name(self, _parent, _title, _suggested, _filter) -> str:
        return str(self.bundle)

    def confirm(self, _parent, _title, text) -> bool:
        self.questions.append(text)
        return True


def _class_names(database: Path) -> set[str]:
    connection = sqlite3.connect(database)
    try:
        return {name for (name,) in connection.execute("SELECT name FROM classes")}
    finally:
        connection.close()


def test_backup_export_restore_and_support_bundle(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with running_server(make_settings(data_dir)) as server, server.as_admin() as admin, \
            logged_in_api(qtbot, server, admin, role="admin") as (api, _user):
        box = BackupsBox(api)
        qtbot.add_widget(box)
        box.prompter = AnsweringPrompter(tmp_path / "usb", tmp_path / "support.zip")
        box.show()
        qtbot.wait_until(lambda: box._list_call.done)
        assert not box.export_button.isEnabled()  # nothing chosen yet

        box.backup_button.click()
        qtbot.wait_until(lambda: "Backup made and checked" in box.status.text(), timeout=30_000)
        assert not box.stale_warning.isVisible()
        name = box.selected_name()
        assert name is not None and name.endswith("-manual.sqlite3")
        assert box.table.item(box.table.currentRow(), 1).text() == "by hand"
        assert box.export_button.isEnabled() and box.restore_button.isEnabled()

        box.export_button.click()
        qtbot.wait_until(lambda: "Copied to" in box.status.text(), timeout=30_000)
        exported = tmp_path / "usb" / name
        assert exported.read_bytes() == (backups_dir(data_dir) / name).read_bytes()
        assert not list((tmp_path / "usb").glob("*.partial"))

        created = admin.post("/api/v1/classes", json={"name": "CM2 après", "level": "CM2",
                                                      "school_year": "2026-2027"})
        assert created.status_code == 201, created.text
        database = data_dir / "ecep.sqlite3"
        assert "CM2 après" in _class_names(database)
        box.select(name)
        box.restore_button.click()
        qtbot.wait_until(lambda: "Database restored" in box.status.text(), timeout=60_000)
        assert "before a restore" in box.prompter.questions[0]
        assert "CM2 après" not in _class_names(database)
        kept = [p for p in backups_dir(data_dir).iterdir() if p.name.endswith("-pre-restore.sqlite3")]
        assert len(kept) == 1 and kept[0].name in box.status.text()
        assert "CM2 après" in _class_names(kept[0])

        box.bundle_button.click()
        qtbot.wait_until(lambda: "Support bundle saved" in box.status.text(), timeout=30_000)
        with zipfile.ZipFile(tmp_path / "support.zip") as archive:
            assert "versions.json" in archive.namelist()
        assert not box.error.isVisible()


def test_write_file_leaves_no_partial(tmp_path):
    target = write_file(tmp_path / "stick" / "a.sqlite3", b"data")
    assert target.read_bytes() == b"data"
    assert [p.name for p in target.parent.iterdir()] == ["a.sqlite3"]


def test_a_missing_or_old_backup_is_flagged(qtbot, live_server, admin):
    with logged_in_api(qtbot, live_server, admin, role="admin") as (api, _user):
        box = BackupsBox(api)
        qtbot.add_widget(box)
        box.show()
        qtbot.wait_until(lambda: box._list_call.done)
        box._on_list([{"name": "ecep-2026-01-01_02-00-00Z-daily.sqlite3", "reason": "daily",
                       "created_at": "2026-01-01T02:00:00Z", "size": 4096}])
        assert box.stale_warning.isVisible() and "two days" in box.stale_warning.text()
        box.status.clear()
        box._on_list([])
        assert box.stale_warning.isVisible()
        assert box.status.text() == box.tr("No backup yet.")
        recent = QDateTime.currentDateTimeUtc().addSecs(-3600).toString(Qt.DateFormat.ISODate)
        box._on_list([{"name": "ecep-2026-12-07_02-00-00Z-daily.sqlite3", "reason": "daily",
                       "created_at": recent, "size": 4096}])
        assert not box.stale_warning.isVisible()
        assert box.status.text() == ""  # the daily backup came since: no "no backup" left
