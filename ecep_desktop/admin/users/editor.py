"""Create or edit one user. The dialog sends its own request and closes when the server
agrees; the server's refusal (a taken username, a bad email) stays on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.admin.common import LEVELS, ROLES, ErrorLabel, role_label
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError


class UserDialog(QDialog):
    """``user`` None: a new account; otherwise that account's editable fields."""

    saved = Signal(object)  # the UserRead dict the server answered

    def __init__(self, api: ApiClient, user: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.user = user
        self.call: ApiCall | None = None
        self.setObjectName("userDialog")
        self.setMinimumWidth(420)
        self.setWindowTitle(self.tr("New user") if user is None else self.tr("Edit user"))

        self.username = QLineEdit()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.sex = QComboBox()
        self.sex.addItem(self.tr("Not given"), None)
        self.sex.addItem(self.tr("Female"), "F")
        self.sex.addItem(self.tr("Male"), "M")
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Optional: or hand over a reset code"))
        self.locale = QComboBox()
        self.locale.addItem(self.tr("French"), "fr")
        self.locale.addItem(self.tr("English"), "en")

        self.matricule = QLineEdit()
        self.birth_date = QDateEdit()
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setMinimumDate(QDate(1990, 1, 1))
        self.birth_date.setSpecialValueText(self.tr("Not given"))
        self.birth_date.setDate(self.birth_date.minimumDate())
        self.level = QComboBox()
        self.level.addItem(self.tr("Not given"), None)
        for level in LEVELS:
            self.level.addItem(level, level)

        form = QFormLayout()
        if user is None:
            form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("First name"), self.first_name)
        form.addRow(self.tr("Last name"), self.last_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.tr("Phone"), self.phone)
        if user is None:
            form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Language"), self.locale)
        self.pupil_box = QGroupBox(self.tr("Pupil"))
        pupil_form = QFormLayout(self.pupil_box)
        pupil_form.addRow(self.tr("Matricule"), self.matricule)
        pupil_form.addRow(self.tr("Birth date"), self.birth_date)
        pupil_form.addRow(self.tr("Level"), self.level)

        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pupil_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.role.currentIndexChanged.connect(self._role_changed)
        if user is not None:
            self._fill(user)
        self._role_changed()

    def _fill(self, user: dict[str, Any]) -> None:
        self.first_name.setText(user.get("first_name", ""))
        self.last_name.setText(user.get("last_name", ""))
        self.role.setCurrentIndex(max(0, self.role.findData(user.get("role"))))
        self.sex.setCurrentIndex(max(0, self.sex.findData(user.get("sex"))))
        self.email.setText(user.get("email") or "")
        self.phone.setText(user.get("phone") or "")
        self.locale.setCurrentIndex(max(0, self.locale.findData(user.get("locale"))))
        pupil = user.get("pupil") or {}
        self.matricule.setText(pupil.get("matricule") or "")
        if pupil.get("birth_date"):
            self.birth_date.setDate(QDate.fromString(pupil["birth_date"], "yyyy-MM-dd"))
        self.level.setCurrentIndex(max(0, self.level.findData(pupil.get("level"))))

    def _role_changed(self) -> None:
        self.pupil_box.setVisible(self.role.currentData() == "student")

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "first_name": self.first_name.text().strip(),
            "last_name": self.last_name.text().strip(),
            "role": self.role.currentData(),
            "sex": self.sex.currentData(),
            "email": self.email.text().strip() or None,
            "phone": self.phone.text().strip() or None,
            "locale": self.locale.currentData(),
        }
        if self.user is None:
            body["username"] = self.username.text().strip()
            if self.password.text():
                body["password"] = self.password.text()
        if self.role.currentData() == "student":
            birth = self.birth_date.date()
            body["pupil"] = {
                "matricule": self.matricule.text().strip() or None,
                "birth_date": (None if birth == self.birth_date.minimumDate()
                               else birth.toString("yyyy-MM-dd")),
                "level": self.level.currentData(),
            }
        return body

    def submit(self) -> None:
        if self.call is not None:
            return
        self.error.clear_error()
        self.buttons.setEnabled(False)
        if self.user is None:
            self.call = self.api.post(f"{API}/users", self.payload())
        else:
            self.call = self.api.patch(f"{API}/users/{self.user['id']}", self.payload())
        self.call.succeeded.connect(self._saved)
        self.call.failed.connect(self._failed)

    def _saved(self, user: dict[str, Any]) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.saved.emit(user)
        self.accept()

    def _failed(self, error: ApiError) -> None:
        self.call = None
        self.buttons.setEnabled(True)
        self.error.show_error(error)
