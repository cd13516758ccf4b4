"""The first question: is this PC the school server, or does it connect to one? For the
latter: the servers found on the network (live), or an address / pairing code typed in.

Trust: over HTTPS the server's certificate fingerprint is pinned per server id (api/tls.py).
It comes from discovery (TXT ``fp``, confirmed at /api/v1/info) or the pairing code without
a question; on a bare address the user is shown it and accepts it. A server id already
pinned with another certificate is refused, never silently accepted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api import ApiError
from ecep_desktop.api.pairing import parse_pairing
from ecep_desktop.api.tls import display_fingerprint
from ecep_desktop.launch.discovery import BrowserFactory, DiscoveredServerList, DiscoveryBridge
from ecep_desktop.launch.probe import ProbeResult, ServerProbe, candidate_urls
from ecep_desktop.settings import DEFAULT_PORT, MODE_EMBEDDED, MODE_REMOTE, DesktopSettings


def normalize_url(text: str) -> str:
    """"192.168.1.10:8470" -> "http://192.168.1.10:8470"; a trailing slash is dropped."""
    url = text.strip()
    if url and "://" not in url:
        url = f"http://{url}"
    return url.rstrip("/")


class LaunchChoiceDialog(QDialog):
    """Accepted with ``mode`` (and ``server_url`` and ``server_info`` for a remote server,
    confirmed at ``GET /api/v1/info``). The choice is remembered in the settings."""

    def __init__(self, settings: DesktopSettings, parent: QWidget | None = None, *,
                 browser_factory: BrowserFactory | None = None,
                 default_port: int = DEFAULT_PORT) -> None:
        super().__init__(parent)
        self.settings = settings
        self.default_port = default_port
        self.setObjectName("launchChoice")
        self.mode: str | None = None
        self.server_url: str | None = None
        self.server_info: dict | None = None
        self._selected: Any = None  # the DiscoveredServer picked in the list
        self._expect: tuple[str | None, str | None] = (None, None)  # server id, fingerprint
        self.certificate_question: QMessageBox | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.embedded = QRadioButton()
        self.embedded.setObjectName("embeddedChoice")
        self.remote = QRadioButton()
        self.remote.setObjectName("remoteChoice")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.remote)
        self.discovery_status = QLabel()
        self.discovery_status.setObjectName("discoveryStatus")
        self.discovery_status.setWordWrap(True)
        self.servers = DiscoveredServerList()
        self.servers.setMinimumHeight(110)
        self.url_label = QLabel()
        self.url_label.setWordWrap(True)
        self.url = QLineEdit(settings.last_server_url or "")
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("192.168.1.10")
        self.error = QLabel()
        self.error.setObjectName("choiceError")
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
        layout.addWidget(self.discovery_status)
        layout.addWidget(self.servers)
        layout.addWidget(self.url_label)
        layout.addWidget(self.url)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.discovery = DiscoveryBridge(settings.discovery_interfaces, browser_factory, self)
        self.discovery.found.connect(self._on_server_seen)
        self.discovery.changed.connect(self._on_server_seen)
        self.discovery.lost.connect(self._on_server_lost)
        self.servers.currentItemChanged.connect(self._on_pick)
        self.servers.itemDoubleClicked.connect(lambda _item: self.submit())
        self.url.textEdited.connect(self._on_typed)
        self.probe = ServerProbe(settings.language, parent=self)
        self.probe.found.connect(self._on_probe_found)
        self.probe.failed.connect(self._on_probe_failed)

        (self.remote if settings.mode == MODE_REMOTE else self.embedded).setChecked(True)
        self.remote.toggled.connect(self._on_remote_toggled)
        self._on_remote_toggled(self.remote.isChecked())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to eCEP"))
        self.intro.setText(self.tr("How does this computer work with the school server?"))
        self.embedded.setText(self.tr(
            "This PC is the school server (the server runs here, with the school's data)"))
        self.remote.setText(self.tr("Connect to a school server on the network"))
        self.url_label.setText(self.tr(
            "Or type its address (port %1 if none is given), or paste its pairing code:")
            .replace("%1", str(self.default_port)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue"))
        self._show_discovery_status()

    # -- discovery ---------------------------------------------------------------------

    def _on_remote_toggled(self, remote: bool) -> None:
        for widget in (self.discovery_status, self.servers, self.url_label, self.url):
            widget.setEnabled(remote)
        if remote:
            self.discovery.start()  # browsing only once the user wants a server elsewhere
        self._show_discovery_status()

    def _show_discovery_status(self) -> None:
        if not self.discovery.available:
            text = self.tr("Automatic discovery is not available here: type the address.")
        elif self.servers.count():
            text = self.tr("School servers found on the network:")
        else:
            text = self.tr("Looking for school servers on the network… If none appears "
                           "(some Wi-Fi access points block discovery), type the address "
                           "shown on the server's page.")
        self.discovery_status.setText(text)

    def _on_server_seen(self, server: Any) -> None:
        self.servers.add_or_update(server)
        if self._selected is not None and self._selected.server_id == server.server_id:
            self._selected = server
            self.url.setText(server.base_url)
        self._show_discovery_status()

    def _on_server_lost(self, server_id: str) -> None:
        self.servers.remove(server_id)
        self._show_discovery_status()

    def _on_pick(self, *_items: Any) -> None:
        server = self.servers.current_server()
        if server is not None:
            self._selected = server
            self.url.setText(server.base_url)

    def _on_typed(self, _text: str) -> None:
        self._selected = None
        self.servers.clearSelection()

    # -- submit ------------------------------------------------------------------------

    def submit(self) -> None:
        self.error.hide()
        if self.embedded.isChecked():
            self.mode = MODE_EMBEDDED
            self.settings.mode = MODE_EMBEDDED
            self.accept()
            return
        server = self._selected
        if server is not None:
            urls = [server.base_url]
            fingerprint = server.fingerprint if server.proto == "https" else None
            self._expect = (server.server_id, fingerprint)
        elif (pairing := parse_pairing(self.url.text())) is not None:
            urls = [pairing.url]
            self._expect = (pairing.server_id, pairing.fingerprint)
        else:
            urls = candidate_urls(self.url.text(), self.default_port)
            self._expect = (None, None)
        if not urls:
            self._show_error(self.tr("Enter the address of the school server."))
            return
        self.buttons.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.probe.start(urls)

    def _on_probe_failed(self, _reasons: list[str]) -> None:
        self._end_probe()
        self._show_error(ApiError.unreachable_error().detail)

    def _on_probe_found(self, result: ProbeResult) -> None:
        self._end_probe()
        expected_id, expected_fp = self._expect
        server_id = str(result.info["server_id"])
        if expected_id and expected_id != server_id:
            self._show_error(self.tr(
                "This address answers with another eCEP server than the one chosen."))
            return
        if result.fingerprint is None:
            self._connected(result)
            return
        pinned = self.settings.pinned_fingerprint(server_id)
        if (pinned and pinned != result.fingerprint) or (
                expected_fp and expected_fp != result.fingerprint):
            self._show_error(ApiError.certificate_changed_error().detail)
            return
        if pinned or expected_fp:
            self._connected(result)
        else:
            self._ask_to_trust(result)

    def _ask_to_trust(self, result: ProbeResult) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Trust this school server?"),
                          self.tr(
                              "This is the first connection to %1 over a secure link. Check "
                              "that its certificate fingerprint is the one shown on the "
                              "server's page:\n\n%2\n\nTrust this server?")
                          .replace("%1", str(result.info.get("school_name") or result.url))
                          .replace("%2", display_fingerprint(result.fingerprint or "")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("acceptCertificate")
        self.certificate_question = box

        def answered(button: int) -> None:
            self.certificate_question = None
            box.deleteLater()
            if button == QMessageBox.StandardButton.Yes:
                self._connected(result)

        box.finished.connect(answered)
        box.open()

    def _connected(self, result: ProbeResult) -> None:
        server_id = str(result.info["server_id"])
        if result.fingerprint is not None:
            self.settings.pin_fingerprint(server_id, result.fingerprint, result.url)
        self.mode, self.server_url, self.server_info = MODE_REMOTE, result.url, result.info
        self.settings.mode = MODE_REMOTE
        self.settings.last_server_url = result.url
        self.settings.last_server_id = server_id
        self.accept()

    def _end_probe(self) -> None:
        self.buttons.setEnabled(True)
        self.unsetCursor()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def done(self, result: int) -> None:
        self.discovery.stop()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
