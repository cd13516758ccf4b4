"""First run: create the school and its first administrator (``POST /api/v1/setup``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ecep_desktop.api import API, ApiClient, ApiError

SETUP_TIMEOUT_S = 600.0  # the demo school hashes hundreds of passwords


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class SchoolPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setObjectName("schoolName")
        self.town = QLineEdit()
        self.town.setObjectName("schoolTown")
        self.language = QComboBox()
        self.language.setObjectName("schoolLanguage")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self._labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout(self)
        form.addRow(self._labels[0], self.name)
        form.addRow(self._labels[1], self.town)
        form.addRow(self._labels[2], self.language)
        self.registerField("school_name*", self.name)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Your school"))
        self.setSubTitle(self.tr("This is done once. You can change it later."))
        for label, text in zip(self._labels, (self.tr("School name"), self.tr("Town"),
                                               self.tr("Language of the school")), strict=True):
            label.setText(text)
        self.name.setPlaceholderText(self.tr("e.g. École publique de Bonabéri"))


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.first_name = QLineEdit()
        self.first_name.setObjectName("adminFirstName")
        self.last_name = QLineEdit()
        self.last_name.setObjectName("adminLastName")
        self.email = QLineEdit()
        self.email.setObjectName("adminEmail")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("adminConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        self._labels = [QLabel() for _ in range(6)]
        form = QFormLayout()
        for label, field in zip(self._labels, (self.username, self.first_name, self.last_name,
                                               self.email, self.password, self.confirm),
                                strict=True):
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        # Not Qt's mandatory fields ("name*"): Qt counts one as filled only once it differs
        # from its first value, and the username starts as "admin".
        self._required = (self.username, self.first_name, self.last_name, self.password,
                          self.confirm)
        for field in self._required:
            field.textChanged.connect(self.completeChanged)
        self.retranslate()

    def isComplete(self) -> bool:
        return all(field.text().strip() for field in self._required)

    def retranslate(self) -> None:
        self.setTitle(self.tr("The administrator's account"))
        self.setSubTitle(self.tr("The person who manages the school in eCEP."))
        texts = (self.tr("Username"), self.tr("First name"), self.tr("Last name"),
                 self.tr("Email (optional)"), self.tr("Password"), self.tr("Password again"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)

    def validatePage(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.error.setText(self.tr("The two passwords are different."))
            self.error.show()
            return False
        self.error.hide()
        return True


class FinishPage(QWizardPage):
    """Sends the setup; the wizard is accepted when the server has made the school."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.demo = QCheckBox()
        self.demo.setObjectName("loadDemo")
        self.token_label = QLabel()
        self.token_label.setWordWrap(True)
        self.token = QLineEdit(wizard.setup_token or "")
        self.token.setObjectName("setupToken")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = _error_label()
        self.error.setObjectName("setupError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo)
        layout.addWidget(self.token_label)
        layout.addWidget(self.token)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        known = bool(wizard.setup_token)
        self.token_label.setVisible(not known)
        self.token.setVisible(not known)
        self._busy = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("The school is created when you press Finish."))
        self.demo.setText(self.tr(
            "Also load demonstration data (classes CP to CM2, teachers, about 300 pupils)"))
        self.token_label.setText(self.tr(
            "Setup code: the content of the file setup.token in the server's data folder."))

    def validatePage(self) -> bool:
        if self._wizard.created is not None:
            return True
        if not self._busy:
            self._busy = True
            self.error.hide()
            self.status.setText(self.tr("Creating the school…") + (
                " " + self.tr("Loading the demonstration data may take a moment.")
                if self.demo.isChecked() else ""))
            self._wizard.send_setup(self.token.text().strip(), self.demo.isChecked())
        return False

    def show_error(self, text: str) -> None:
        self._busy = False
        self.status.clear()
        self.error.setText(text)
        self.error.show()


class SetupWizard(QWizard):
    """``created`` holds the school (SchoolRead) once done; ``admin_username`` the account to
    log in with. ``language_chosen`` fires with the school's language."""

    language_chosen = Signal(str)

    def __init__(self, api: ApiClient, *, setup_token: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.setup_token = setup_token
        self.created: dict[str, Any] | None = None
        self.setObjectName("setupWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.school_page = SchoolPage()
        self.admin_page = AdminPage()
        self.finish_page = FinishPage(self)
        for page in (self.school_page, self.admin_page, self.finish_page):
            self.addPage(page)
        self.setWindowTitle(self.tr("Set up the school"))
        self.setMinimumSize(620, 440)

    @property
    def admin_username(self) -> str:
        return self.admin_page.username.text().strip().lower()

    def payload(self, token: str, demo: bool) -> dict[str, Any]:
        school = self.school_page
        admin = self.admin_page
        return {
            "setup_token": token,
            "demo": demo,
            "school": {
                "name": school.name.text().strip(),
                "town": school.town.text().strip() or None,
                "default_locale": school.language.currentData(),
            },
            "admin": {
                "username": self.admin_username,
                "first_name": admin.first_name.text().strip(),
                "last_name": admin.last_name.text().strip(),
                "email": admin.email.text().strip() or None,
                "password": admin.password.text(),
            },
        }

    def send_setup(self, token: str, demo: bool) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        call = self.api.post(f"{API}/setup", self.payload(token, demo), auth=False,
                             timeout=SETUP_TIMEOUT_S)
        call.succeeded.connect(self._on_created)
        call.failed.connect(self._on_failed)

    def _on_created(self, school: dict[str, Any]) -> None:
        self.unsetCursor()
        self.created = school
        self.language_chosen.emit(self.school_page.language.currentData())
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self.unsetCursor()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        details = [f"{e.get('field', '')}: {e.get('message', '')}" for e in error.errors]
        self.finish_page.show_error("\n".join([error.detail, *details]))
