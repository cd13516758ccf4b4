"""Import pupils from a CSV file (``POST /api/v1/pupils/import``): choose the file, look at
its first lines, let the server check every line (dry run, nothing written), then apply.

The server writes all the lines or none: the "Import" button is only offered once the dry
run found no error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ecep_desktop.admin.common import ErrorLabel, Prompter, fetch_all
from ecep_desktop.admin.pupils_import.missing_classes import MissingClassesDialog
from ecep_desktop.admin.pupils_import.preview import class_key, class_names, preview_csv
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError

MAX_BYTES = 5 * 1024 * 1024
UNKNOWN_CLASS = "csv.unknown_class"
# The columns as the file names them (the pupils CSV is French, whatever the UI language).
FILE_COLUMNS = {
    "last_name": "Nom", "first_name": "Prénom", "sex": "Sexe",
    "birth_date": "Date de naissance", "class_name": "Classe", "matricule": "Matricule",
    "parent_phone": "Téléphone du parent",
}


def _readonly_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportFilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("A CSV file with the columns Nom, Prénom, Sexe, Date de "
                                 "naissance, Classe, Matricule (and optionally Téléphone du "
                                 "parent), as Excel saves it. The classes must exist."))
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        self.school_year = QLineEdit()
        self.school_year.setPlaceholderText(self.tr("e.g. 2026-2027 (empty: the current year)"))
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("File")))
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("School year")))
        layout.addWidget(self.school_year)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        name = self.owner.prompter.open_file_name(
            self, self.tr("Pupils file"), self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip())
        try:
            if path.stat().st_size > MAX_BYTES:
                self.error.show_error(self.tr("The file is larger than 5 MB."))
                return False
            self.owner.content = path.read_bytes()
        except OSError as exc:
            self.error.show_error(self.tr("The file cannot be read: %1").replace(
                "%1", exc.strerror or str(exc)))
            return False
        self.owner.filename = path.name
        self.owner.school_year = self.school_year.text().strip() or None
        self.error.clear_error()
        return True


class ImportPreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first lines of the file. Next, the server checks every "
                                 "line without writing anything."))
        self.summary = QLabel()
        self.table = _readonly_table(0)
        self.table.setObjectName("importPreview")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        preview = preview_csv(self.owner.content)
        rows = preview.rows
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        self.table.clear()
        self.table.setColumnCount(max((len(r) for r in rows), default=0))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(body))
        for r, cells in enumerate(body):
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(cell))
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        pupils = max(0, preview.total_lines - 1)
        self.summary.setText(self.tr("%n pupil line(s) in the file.", "", pupils))


class ImportCheckPage(QWizardPage):
    """The dry run; its Next button (commit) applies the import."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.call: ApiCall | None = None
        self.report: dict[str, Any] | None = None
        self.setTitle(self.tr("Check"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel()
        self.errors = _readonly_table(3)
        self.errors.setObjectName("importErrors")
        self.errors.hide()
        self.missing: list[str] = []
        self.missing_dialog: QDialog | None = None
        self.create_classes = QPushButton()
        self.create_classes.setObjectName("createMissingClasses")
        self.create_classes.clicked.connect(self.open_missing_classes)
        self.create_classes.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.create_classes, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.errors, 1)

    def initializePage(self) -> None:
        self.errors.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Column"), self.tr("Problem")])
        self.report = None
        self.error.clear_error()
        self.errors.hide()
        self.errors.setRowCount(0)
        self.missing = []
        self.create_classes.hide()
        self.summary.setText(self.tr("The server is checking the file…"))
        self.call = self.owner.send(dry_run=True)
        self.call.succeeded.connect(self._checked)
        self.call.failed.connect(self._failed)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        if self.call is not None:
            self.call.cancel()
            self.call = None

    def _checked(self, report: dict[str, Any]) -> None:
        self.call = None
        self.report = report
        counts = self.tr("%n pupil line(s) for %1: ", "", report["total_rows"]).replace(
            "%1", report["school_year"])
        counts += self.tr("new: %1, updated: %2, unchanged: %3.").replace(
            "%1", str(report["created"])).replace("%2", str(report["updated"])).replace(
            "%3", str(report["unchanged"]))
        problems = report["errors"]
        if problems:
            counts += " " + self.tr("%n line error(s): correct the file, then go back and "
                                    "choose it again.", "", len(problems))
            self._show_errors(problems)
            if any(p.get("code") == UNKNOWN_CLASS for p in problems):
                self._find_missing_classes(report["school_year"])
        else:
            counts += " " + self.tr("No error: press Import to write them.")
        self.summary.setText(counts)
        self.completeChanged.emit()

    def _show_errors(self, problems: list[dict[str, Any]]) -> None:
        self.errors.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            field = problem.get("field") or ""
            values = (str(problem.get("line", "")), FILE_COLUMNS.get(field, field),
                      problem.get("message", ""))
            for column, value in enumerate(values):
                self.errors.setItem(row, column, QTableWidgetItem(value))
        self.errors.resizeColumnsToContents()
        self.errors.show()

    # -- classes named in the file that do not exist -----------------------------------

    def _find_missing_classes(self, school_year: str) -> None:
        fetch_all(self.owner.api, f"{API}/classes", {"school_year": school_year},
                  lambda classes: self._missing_found(school_year, classes),
                  self.error.show_error, self)

    def _missing_found(self, school_year: str, classes: list[dict[str, Any]]) -> None:
        if self.report is None or self.report["school_year"] != school_year:
            return  # another check started since
        existing = {class_key(c["name"]) for c in classes}
        self.missing = [name for name in class_names(self.owner.content)
                        if class_key(name) not in existing]
        if self.missing:
            self.create_classes.setText(
                self.tr("Create the %n missing class(es)…", "", len(self.missing)))
            self.create_classes.show()

    def open_missing_classes(self) -> QDialog | None:
        if not self.missing or self.report is None:
            return None
        dialog = MissingClassesDialog(self.owner.api, self.missing,
                                      self.report["school_year"], parent=self)
        dialog.created.connect(lambda _classes: self.initializePage())
        dialog.finished.connect(lambda _result: self._missing_closed(dialog))
        self.missing_dialog = dialog
        dialog.open()
        return dialog

    def _missing_closed(self, dialog: QDialog) -> None:
        if self.missing_dialog is dialog:
            self.missing_dialog = None
        dialog.deleteLater()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.summary.setText(self.tr("The file was refused."))
        self.error.show_error(error)
        if error.errors:
            self._show_errors(error.errors)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.report is not None and not self.report["errors"]


class ImportResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.call: ApiCall | None = None
        self.report: dict[str, Any] | None = None
        self.setTitle(self.tr("Import"))
        self.summary = QLabel()
        self.summary.setObjectName("importResult")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.report = None
        self.summary.setText(self.tr("Importing…"))
        self.call = self.owner.send(dry_run=False)
        self.call.succeeded.connect(self._applied)
        self.call.failed.connect(self._failed)

    def _applied(self, report: dict[str, Any]) -> None:
        self.call = None
        self.report = report
        self.summary.setText(
            self.tr("Done for %1. Pupils created: %2, updated: %3, unchanged: %4.")
            .replace("%1", report["school_year"]).replace("%2", str(report["created"]))
            .replace("%3", str(report["updated"])).replace("%4", str(report["unchanged"])))
        self.completeChanged.emit()
        self.owner.imported.emit(report)

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.summary.setText(self.tr("Nothing was written."))
        self.error.show_error(error)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.call is None


class ImportWizard(QWizard):
    imported = Signal(object)  # the ImportReport of the apply

    def __init__(self, api: ApiClient, *, prompter: Prompter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.prompter = prompter or Prompter()
        self.content = b""
        self.filename = "pupils.csv"
        self.school_year: str | None = None
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import pupils"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = ImportFilePage(self)
        self.preview_page = ImportPreviewPage(self)
        self.check_page = ImportCheckPage(self)
        self.result_page = ImportResultPage(self)
        for page in (self.file_page, self.preview_page, self.check_page, self.result_page):
            self.addPage(page)
        self.resize(760, 520)

    def send(self, *, dry_run: bool) -> ApiCall:
        params: dict[str, Any] = {"dry_run": "true" if dry_run else "false"}
        if self.school_year:
            params["school_year"] = self.school_year
        return self.api.upload(f"{API}/pupils/import", field_name="file", filename=self.filename,
                               content=self.content, content_type="text/csv", params=params,
                               timeout=120.0)
