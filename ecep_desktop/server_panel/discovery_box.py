"""The server page's "Network discovery" box: whether and where the server announces itself
(zeroconf ``_ecep._tcp``), how the link is secured (the certificate fingerprint a tablet or
PC pins), and a warning when Windows marks this PC's network Public."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ecep_desktop.api.tls import display_fingerprint
from ecep_desktop.server_panel.network_profile import NetworkProfileCheck

FALSE_WORDS = ("0", "false", "no", "off")


def announced_interfaces(environ: Any = os.environ) -> list[str] | None:
    """What the embedded server (started with this process's environment) announces on:
    None when announcing is off, [] for every interface, else the addresses."""
    if str(environ.get("ECEP_DISCOVERY_ENABLED", "true")).strip().lower() in FALSE_WORDS:
        return None
    text = str(environ.get("ECEP_DISCOVERY_INTERFACES", "all")).strip()
    if text.lower() in ("", "all"):
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


class DiscoveryBox(QGroupBox):
    def __init__(self, server_info: dict[str, Any], embedded: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discoveryState")
        self.server_info = server_info
        self.embedded = embedded
        self.public_network: bool | None = None
        self.state = QLabel()
        self.state.setObjectName("discoveryText")
        self.state.setWordWrap(True)
        self.security = QLabel()
        self.security.setObjectName("securityText")
        self.security.setWordWrap(True)
        self.security.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("publicNetworkWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.security)
        layout.addWidget(self.warning)
        self.profile = NetworkProfileCheck(self)
        self.profile.checked.connect(self._on_profile)
        if embedded:
            self.profile.start()  # Windows only; off the GUI thread
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Network discovery"))
        if not self.embedded:
            text = self.tr("The server computer announces the school server on the network. "
                           "If a tablet does not find it, scan the pairing code.")
        else:
            interfaces = announced_interfaces()
            if interfaces is None:
                text = self.tr("Announcing is turned off: tablets connect with the pairing "
                               "code or the address.")
            elif not interfaces:
                text = self.tr("Announced on every network of this PC: tablets and PCs on "
                               "the same network find it by themselves.")
            else:
                text = self.tr("Announced only on %1.").replace("%1", ", ".join(interfaces))
        self.state.setText(text)
        fingerprint = self.server_info.get("fingerprint")
        if self.server_info.get("proto") == "https" and fingerprint:
            self.security.setText(self.tr(
                "Secure link (HTTPS). Certificate fingerprint, to compare on a new "
                "device:\n%1").replace("%1", display_fingerprint(str(fingerprint))))
        else:
            self.security.setText(self.tr("Link not encrypted (HTTP)."))
        self.warning.setText(self.tr(
            "Windows marks this PC's network as Public: its firewall blocks tablets. Mark "
            "the school network as Private (Windows settings, Network), or run the eCEP "
            "firewall script of the installer."))

    def _on_profile(self, public: object) -> None:
        self.public_network = public if isinstance(public, bool) else None
        self.warning.setVisible(self.public_network is True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
