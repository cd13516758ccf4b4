"""Settings: the interface language (applied at once to the shell and the dialogs; a page
that does not follow live changes at the next start, as the dialog says)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.settings import DesktopSettings


class SettingsDialog(QDialog):
    language_changed = Signal(str)

    def __init__(self, settings: DesktopSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("settingsDialog")
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.ask_launch = QCheckBox()
        self.ask_launch.setObjectName("askLaunchAgain")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._language_label = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self._language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.ask_launch)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._language_label.setText(self.tr("Language"))
        self.note.setText(self.tr(
            "The menus change at once; some screens change when eCEP is started again."))
        self.ask_launch.setText(self.tr(
            "At the next start, ask again whether this PC is the school server or connects "
            "to one"))

    def accept(self) -> None:
        if self.ask_launch.isChecked():
            self.settings.mode = None
        language = self.language.currentData()
        if language != self.settings.language:
            self.settings.language = language
            self.language_changed.emit(language)
        super().accept()
