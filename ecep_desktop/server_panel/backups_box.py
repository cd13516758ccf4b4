"""The server page's "Backups" box: the school server's backups (``/api/v1/ops/backups``),
"Back up now", "Export to a USB folder…" (the backup is downloaded and written into the
folder the administrator picks: the desktop is only an HTTP client, the server may be on
another PC), "Restore…" (live, on the server; the replaced database is kept there), and
"Support bundle…" (a zip of the server's logs, versions and settings without secrets)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import ErrorLabel, Prompter, error_text
from ecep_desktop.api import API, ApiClient, ApiError
from ecep_desktop.server_panel.devices import local_time

TRANSFER_TIMEOUT_S = 600.0  # a large database over a slow Wi-Fi
STALE_AFTER_S = 2 * 24 * 3600  # no backup for two days: something is wrong, say so


class BackupPrompter(Prompter):
    """The questions of the box (tests answer them at once)."""

    def existing_directory(self, parent: QWidget | None, title: str) -> str:
        return QFileDialog.getExistingDirectory(parent, title)


def write_file(path: Path, content: bytes) -> Path:
    """Writes ``content`` whole (a USB stick pulled out early leaves no half file with the
    final name) and flushes it to the device."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    return path


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


class BackupsBox(QGroupBox):
    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.prompter = BackupPrompter()
        self.setObjectName("backupsBox")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backupsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.backup_button = QPushButton()
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportBackup")
        self.export_button.clicked.connect(self.export_selected)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore_selected)
        self.bundle_button = QPushButton()
        self.bundle_button.setObjectName("supportBundle")
        self.bundle_button.clicked.connect(self.save_support_bundle)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("backupsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        self.stale_warning = QLabel()
        self.stale_warning.setObjectName("backupsStale")
        self.stale_warning.setWordWrap(True)
        self.stale_warning.setStyleSheet("color: #b00020;")
        self.stale_warning.hide()
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.export_button, self.restore_button,
                       self.bundle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.stale_warning)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.backups: list[dict[str, Any]] = []
        self.busy = False
        self._list_call = None
        self._call = None
        self.retranslate()
        self.refresh()

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Backups"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made on"), self.tr("Kind"), self.tr("Size")])
        self.backup_button.setText(self.tr("Back up now"))
        self.export_button.setText(self.tr("Export to a USB folder…"))
        self.restore_button.setText(self.tr("Restore…"))
        self.bundle_button.setText(self.tr("Support bundle…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.stale_warning.setText(self.tr(
            "No backup for more than two days: is the school server running every day? "
            "Back up now, and copy a backup onto a USB stick."))
        self._fill()

    def reason_label(self, reason: str) -> str:
        labels = {
            "daily": self.tr("daily"),
            "manual": self.tr("by hand"),
            "pre-migration": self.tr("before an update"),
            "pre-restore": self.tr("before a restore"),
        }
        return labels.get(reason, reason)

    # -- list -------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._list_call is not None and not self._list_call.done:
            return
        self._list_call = self.api.get(f"{API}/ops/backups")
        self._list_call.succeeded.connect(self._on_list)
        self._list_call.failed.connect(self._on_failed)

    def _on_list(self, backups: list[dict[str, Any]]) -> None:
        selected = self.selected_name()
        self.backups = list(backups)
        self._fill()
        for row, backup in enumerate(self.backups):
            if backup["name"] == selected:
                self.table.selectRow(row)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = (local_time(backup.get("created_at")),
                     self.reason_label(str(backup.get("reason", ""))),
                     size_text(int(backup.get("size", 0))))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(backup["name"])
                self.table.setItem(row, column, item)
        no_backup = self.tr("No backup yet.")
        if not self.backups and not self.status.text():
            self.status.setText(no_backup)
        elif self.backups and self.status.text() == no_backup:  # the daily one came since
            self.status.clear()
        self.stale_warning.setVisible(self._list_call is not None and self._list_call.done
                                      and self.is_stale())
        self._update_buttons()

    def is_stale(self) -> bool:
        """No backup at all, or the newest one older than two days."""
        newest = None
        for backup in self.backups:
            moment = QDateTime.fromString(str(backup.get("created_at") or ""),
                                          Qt.DateFormat.ISODateWithMs)
            if moment.isValid() and (newest is None or moment > newest):
                newest = moment
        return newest is None or newest.secsTo(QDateTime.currentDateTimeUtc()) > STALE_AFTER_S

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return str(self.backups[rows[0].row()]["name"])

    def select(self, name: str) -> None:
        for row, backup in enumerate(self.backups):
            if backup["name"] == name:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_name() is not None
        self.backup_button.setEnabled(not self.busy)
        self.bundle_button.setEnabled(not self.busy)
        self.export_button.setEnabled(chosen and not self.busy)
        self.restore_button.setEnabled(chosen and not self.busy)

    # -- actions ----------------------------------------------------------------------

    def _start(self, call: Any, on_ok: Any, working: str) -> None:
        self.busy = True
        self.error.clear_error()
        self.status.setText(working)
        self._update_buttons()
        self._call = call
        call.succeeded.connect(on_ok)
        call.failed.connect(self._on_failed)
        call.finished.connect(self._finished)

    def _finished(self) -> None:
        self.busy = False
        self._update_buttons()

    def _on_failed(self, error: ApiError) -> None:
        self.status.clear()
        self.error.show_error(error_text(error))

    def backup_now(self) -> None:
        self._start(self.api.post(f"{API}/ops/backups", timeout=TRANSFER_TIMEOUT_S),
                    self._on_backed_up, self.tr("Backing up…"))

    def _on_backed_up(self, backup: dict[str, Any]) -> None:
        self.status.setText(self.tr("Backup made and checked: %1").replace("%1", backup["name"]))
        self.backups = [backup, *[b for b in self.backups if b["name"] != backup["name"]]]
        self._fill()
        self.select(backup["name"])
        self.refresh()  # older ones may have been pruned

    def export_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        folder = self.prompter.existing_directory(
            self, self.tr("Choose the USB stick (or a folder on it)"))
        if not folder:
            return
        call = self.api.get_bytes(f"{API}/ops/backups/{name}/download",
                                  timeout=TRANSFER_TIMEOUT_S)
        self._start(call, lambda content: self._write(Path(folder) / name, content),
                    self.tr("Copying %1…").replace("%1", name))

    def _write(self, path: Path, content: bytes) -> None:
        try:
            write_file(path, content)
        except OSError as exc:
            self.status.clear()
            self.error.show_error(self.tr("Could not write %1: %2").replace("%1", str(path))
                                  .replace("%2", exc.strerror or str(exc)))
            return
        self.status.setText(self.tr("Copied to %1. Keep the stick away from this PC.")
                            .replace("%1", str(path)))

    def restore_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        backup = next(b for b in self.backups if b["name"] == name)
        question = self.tr(
            "Replace the whole school database by the backup of %1?\n\nThe current database "
            "is kept aside first (a \"before a restore\" backup). Logins made since then "
            "end: everyone logs in again.").replace("%1", local_time(backup.get("created_at")))
        if not self.prompter.confirm(self, self.tr("Restore a backup"), question):
            return
        self._start(self.api.post(f"{API}/ops/backups/{name}/restore",
                                  timeout=TRANSFER_TIMEOUT_S),
                    self._on_restored, self.tr("Restoring…"))

    def _on_restored(self, result: dict[str, Any]) -> None:
        kept = (result.get("kept_aside") or {}).get("name", "")
        self.status.setText(self.tr("Database restored from %1. The replaced one is kept as "
                                    "%2.").replace("%1", result["restored_from"])
                            .replace("%2", kept or "-"))
        self.refresh()

    def save_support_bundle(self) -> None:
        path = self.prompter.save_file_name(
            self, self.tr("Save the support bundle"), "ecep-support.zip",
            self.tr("Zip files (*.zip)"))
        if not path:
            return
        call = self.api.get_bytes(f"{API}/ops/support-bundle", timeout=TRANSFER_TIMEOUT_S)
        self._start(call, lambda content: self._write_bundle(Path(path), content),
                    self.tr("Preparing the support bundle…"))

    def _write_bundle(self, path: Path, content: bytes) -> None:
        try:
            write_file(path, content)
        except OSError as exc:
            self.status.clear()
            self.error.show_error(self.tr("Could not write %1: %2").replace("%1", str(path))
                                  .replace("%2", exc.strerror or str(exc)))
            return
        self.status.setText(self.tr("Support bundle saved: %1 (logs, versions, settings "
                                    "without secrets).").replace("%1", str(path)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
