"""The administrators' users page: a table paged by the server, search, filters by role,
class and status, and the actions on the selected account."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import (
    ROLES,
    STATUSES,
    ErrorLabel,
    OneDialogAtATime,
    Prompter,
    fetch_all,
    full_name,
    role_label,
    status_label,
)
from ecep_desktop.admin.users.model import USER_ROLE, UsersModel
from ecep_desktop.api import API
from ecep_desktop.shell.pages import AppServices

SEARCH_DELAY_MS = 300
COLUMN_WIDTHS = (240, 160, 130, 130, 110)  # name, username, role, matricule, status


class UsersPage(OneDialogAtATime, QWidget):
    def __init__(self, services: AppServices, *, page_size: int = 50,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.api = services.api
        self.prompter = Prompter()
        self.dialog: QDialog | None = None   # the dialog open now (tests drive it)
        self.wizard: QDialog | None = None
        self.setObjectName("adminUsersPage")

        self.model = UsersModel(self.api, page_size=page_size, parent=self)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.role_filter = QComboBox()
        self.class_filter = QComboBox()
        self.status_filter = QComboBox()
        self.table = QTableView()
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Fixed starting widths: measuring contents would read every row of a long list.
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        self.count_label = QLabel()
        self.error = ErrorLabel()

        self.new_button = QPushButton()
        self.edit_button = QPushButton()
        self.status_button = QPushButton()
        self.reset_button = QPushButton()
        self.permissions_button = QPushButton()
        self.qr_button = QPushButton()
        self.import_button = QPushButton()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.new_button.clicked.connect(self.new_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.status_button.clicked.connect(self.toggle_status)
        self.reset_button.clicked.connect(self.reset_password)
        self.permissions_button.clicked.connect(self.edit_permissions)
        self.qr_button.clicked.connect(self.personal_qr)
        self.import_button.clicked.connect(self.import_pupils)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.role_filter)
        filters.addWidget(self.class_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.status_button,
                       self.reset_button, self.permissions_button, self.qr_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._classes: list[dict[str, Any]] = []
        self._pending_select = ""
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_user)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)
        self.retranslate()
        for combo in (self.role_filter, self.class_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.loading_changed.connect(self._update_count)
        self.model.modelReset.connect(self._update_actions)
        self.model.dataChanged.connect(self._update_actions)
        self.model.failed.connect(self.error.show_error)
        self.load_classes()
        self.apply_filters()

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search by name, username or matricule"))
        self._fill_combo(self.role_filter, self.tr("All roles"),
                         [(role_label(role), role) for role in ROLES])
        self._fill_combo(self.status_filter, self.tr("All statuses"),
                         [(status_label(status), status) for status in STATUSES])
        self._fill_classes()
        self.new_button.setText(self.tr("New user…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.reset_button.setText(self.tr("Reset password…"))
        self.permissions_button.setText(self.tr("QR permission…"))
        self.qr_button.setText(self.tr("Personal QR…"))
        self.import_button.setText(self.tr("Import pupils (CSV)…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._update_actions()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # -- loading --------------------------------------------------------------------------

    def load_classes(self) -> None:
        fetch_all(self.api, f"{API}/classes", None, self._classes_loaded,
                  self.error.show_error, self)

    def _classes_loaded(self, classes: list[dict[str, Any]]) -> None:
        self._classes = classes
        self._fill_classes()

    def _fill_classes(self) -> None:
        # The newest school year first: that is the one an administrator works on.
        classes = sorted(self._classes, key=lambda c: c["name"])
        classes.sort(key=lambda c: c["school_year"], reverse=True)
        items = [(f"{c['name']} ({c['school_year']})", c["id"]) for c in classes]
        self._fill_combo(self.class_filter, self.tr("All classes"), items)

    def refresh(self) -> None:
        """Reads the list (and the classes of the filter) again from the server."""
        self.load_classes()
        self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.error.clear_error()
        self.model.set_filters(
            q=self.search.text(),
            role=self.role_filter.currentData(),
            class_id=self.class_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    def _update_count(self, *_args: Any) -> None:
        rows = self.model.rowCount()
        if self.model.loading:
            text = self.tr("%n user(s) shown, loading…", "", rows)
        elif self.model.exhausted:
            text = self.tr("%n user(s)", "", rows)
        else:
            text = self.tr("%n user(s) shown, scroll for more", "", rows)
        self.count_label.setText(text)

    # -- selection ------------------------------------------------------------------------

    def selected_user(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(USER_ROLE)

    def select_user(self, user_id: str) -> bool:
        row = self.model.row_of(user_id)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def _update_actions(self, *_args: Any) -> None:
        user = self.selected_user()
        for button in (self.edit_button, self.status_button, self.reset_button,
                       self.permissions_button, self.qr_button):
            button.setEnabled(user is not None)
        if user is not None and user.get("status") != "active":
            self.status_button.setText(self.tr("Reactivate"))
        else:
            self.status_button.setText(self.tr("Deactivate…"))

    # -- actions --------------------------------------------------------------------------

    def new_user(self) -> QDialog:
        from ecep_desktop.admin.users.editor import UserDialog

        dialog = UserDialog(self.api, parent=self)
        dialog.saved.connect(self._created)
        return self._open(dialog)

    def _created(self, user: dict[str, Any]) -> None:
        # Rows come sorted by the server: show the new account by searching for it.
        self.search.blockSignals(True)
        self.search.setText(user["username"])
        self.search.blockSignals(False)
        self.apply_filters()
        self._pending_select = user["id"]
        self.model.page_loaded.connect(self._select_created,
                                       type=Qt.ConnectionType.SingleShotConnection)

    def _select_created(self, _count: int) -> None:
        self.select_user(self._pending_select)

    def _wizard_closed(self, wizard: QDialog) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    def edit_user(self) -> QDialog | None:
        from ecep_desktop.admin.users.editor import UserDialog

        user = self.selected_user()
        if user is None:
            return None
        dialog = UserDialog(self.api, user, parent=self)
        dialog.saved.connect(self.model.update_user)
        return self._open(dialog)

    def toggle_status(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.get("status") == "active":
            question = self.tr("Deactivate the account of %1? They will no longer be able to "
                               "log in; their data stays.").replace("%1", full_name(user))
            if not self.prompter.confirm(self, self.tr("Deactivate"), question):
                return
            call = self.api.patch(f"{API}/users/{user['id']}", {"status": "disabled"})
        elif user.get("status") == "pending":
            call = self.api.post(f"{API}/users/{user['id']}/activate")
        else:
            call = self.api.patch(f"{API}/users/{user['id']}", {"status": "active"})
        self.status_button.setEnabled(False)
        call.succeeded.connect(self.model.update_user)
        call.failed.connect(self.error.show_error)
        call.finished.connect(self._update_actions)

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.reset_button.setEnabled(False)
        call = self.api.post(f"{API}/users/{user['id']}/reset-code")
        call.succeeded.connect(lambda answer: self._show_reset_code(answer, user))
        call.failed.connect(self.error.show_error)
        call.finished.connect(self._update_actions)

    def _show_reset_code(self, answer: dict[str, Any], user: dict[str, Any]) -> None:
        from ecep_desktop.admin.users.reset_code import ResetCodeDialog

        self._open(ResetCodeDialog(answer, user, parent=self))

    def edit_permissions(self) -> QDialog | None:
        from ecep_desktop.admin.users.permissions import PermissionsDialog

        user = self.selected_user()
        if user is None:
            return None
        return self._open(PermissionsDialog(self.api, user, parent=self))

    def personal_qr(self) -> QDialog | None:
        from ecep_desktop.admin.personal_qr.dialog import PersonalQrDialog

        user = self.selected_user()
        if user is None:
            return None
        return self._open(PersonalQrDialog(self.api, user, parent=self))

    def import_pupils(self) -> QDialog:
        from ecep_desktop.admin.pupils_import.wizard import ImportWizard

        wizard = ImportWizard(self.api, prompter=self.prompter, parent=self)
        wizard.imported.connect(lambda _report: self.apply_filters())
        self.wizard = wizard
        wizard.finished.connect(lambda _result: self._wizard_closed(wizard))
        wizard.open()
        return wizard
