"""The first question: is this PC the school server, or does it connect to one?"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import API, ApiClient, ApiError
from ecep_desktop.settings import MODE_EMBEDDED, MODE_REMOTE, DesktopSettings


def normalize_url(text: str) -> str:
    """"192.168.1.10:8470" -> "http://192.168.1.10:8470"; a trailing slash is dropped."""
    url = text.strip()
    if url and "://" not in url:
        url = f"http://{url}"
    return url.rstrip("/")


class LaunchChoiceDialog(QDialog):
    """Accepted with ``mode`` (and ``server_url`` for a remote server, checked by
    ``GET /api/v1/info``). The choice is remembered in the settings."""

    def __init__(self, settings: DesktopSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("launchChoice")
        self.mode: str | None = None
        self.server_url: str | None = None
        self.server_info: dict | None = None
        self._probe: ApiClient | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.embedded = QRadioButton()
        self.embedded.setObjectName("embeddedChoice")
        self.remote = QRadioButton()
        self.remote.setObjectName("remoteChoice")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.remote)
        self.url = QLineEdit(settings.last_server_url or "")
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("http://192.168.1.10:8470")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.embedded)
        layout.addWidget(self.remote)
        layout.addWidget(self.url)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.remote if settings.mode == MODE_REMOTE else self.embedded).setChecked(True)
        self.remote.toggled.connect(self.url.setEnabled)
        self.url.setEnabled(self.remote.isChecked())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to eCEP"))
        self.intro.setText(self.tr("How does this computer work with the school server?"))
        self.embedded.setText(self.tr(
            "This PC is the school server (the server runs here, with the school's data)"))
        self.remote.setText(self.tr("Connect to the school server at this address:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue"))

    def submit(self) -> None:
        self.error.hide()
        if self.embedded.isChecked():
            self.mode = MODE_EMBEDDED
            self.settings.mode = MODE_EMBEDDED
            self.accept()
            return
        url = normalize_url(self.url.text())
        if not url:
            self._show_error(self.tr("Enter the address of the school server."))
            return
        self.buttons.setEnabled(False)
        self._probe = ApiClient(url, language=self.settings.language, parent=self)
        call = self._probe.get(f"{API}/info", auth=False, timeout=6.0)
        call.succeeded.connect(lambda info: self._on_info(url, info))
        call.failed.connect(self._on_failed)
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _on_info(self, url: str, info: dict) -> None:
        self._end_probe()
        if not isinstance(info, dict) or "server_id" not in info:
            self._show_error(self.tr("This address does not answer like an eCEP server."))
            return
        self.mode, self.server_url, self.server_info = MODE_REMOTE, url, info
        self.settings.mode = MODE_REMOTE
        self.settings.last_server_url = url
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._end_probe()
        self._show_error(error.detail)

    def _end_probe(self) -> None:
        self.buttons.setEnabled(True)
        self.unsetCursor()
        if self._probe is not None:
            probe, self._probe = self._probe, None
            probe.close()
            probe.deleteLater()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
