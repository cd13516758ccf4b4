"""Classes named in the pupils file that the school does not have yet: create them (each
with its level, guessed from the name and changeable) so the import can go on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import LEVELS, ErrorLabel
from ecep_desktop.admin.pupils_import.preview import guess_level
from ecep_desktop.api import API, ApiClient, ApiError


class MissingClassesDialog(QDialog):
    created = Signal(list)  # ClassRead dicts

    def __init__(self, api: ApiClient, names: list[str], school_year: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.names = list(names)
        self.school_year = school_year
        self.results: list[dict[str, Any]] = []
        self._pending = 0
        self._failed = False
        self.setObjectName("missingClassesDialog")
        self.setWindowTitle(self.tr("Create the missing classes"))
        intro = QLabel(self.tr("These classes of the file do not exist for %1. Check each "
                               "level, then create them.").replace("%1", school_year))
        intro.setWordWrap(True)
        self.form = form = QFormLayout()
        self.levels: dict[str, QComboBox] = {}
        for name in names:
            combo = QComboBox()
            combo.addItem(self.tr("Choose the level"), None)
            for level in LEVELS:
                combo.addItem(level, level)
            combo.setCurrentIndex(max(0, combo.findData(guess_level(name, LEVELS))))
            combo.currentIndexChanged.connect(self._update_button)
            self.levels[name] = combo
            form.addRow(name, combo)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update_button()

    def _update_button(self) -> None:
        ready = all(combo.currentData() for combo in self.levels.values())
        self.create_button.setEnabled(ready and self._pending == 0)

    def submit(self) -> None:
        if self._pending:
            return
        self.error.clear_error()
        self.results = []
        self._failed = False
        self._pending = len(self.names)
        self._update_button()
        for name in self.names:
            call = self.api.post(f"{API}/classes", {
                "name": name, "level": self.levels[name].currentData(),
                "school_year": self.school_year})
            call.succeeded.connect(self._one_created)
            call.failed.connect(self._one_failed)
            call.finished.connect(self._one_done)

    def _one_created(self, school_class: dict[str, Any]) -> None:
        self.results.append(school_class)
        # Created: not to be sent again if the others are retried.
        name = next((n for n in self.names if n == school_class["name"]), None)
        if name is not None:
            self.names.remove(name)
            self.form.removeRow(self.levels.pop(name))

    def _one_failed(self, error: ApiError) -> None:
        self._failed = True
        self.error.show_error(error)

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending:
            return
        self._update_button()
        if self.results:
            self.created.emit(self.results)
        if not self._failed:
            self.accept()
