"""The administrators' server page: addresses, pairing QR (URL + certificate fingerprint),
the embedded server's state and log, discovery and security, and a place for sync."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.api.pairing import pairing_text
from ecep_desktop.launch.server_start import state_text
from ecep_desktop.qr.rendering import render_qimage
from ecep_desktop.server_panel.addresses import server_urls
from ecep_desktop.server_panel.backups_box import BackupsBox
from ecep_desktop.server_panel.devices import DevicesBox
from ecep_desktop.server_panel.discovery_box import DiscoveryBox
from ecep_desktop.server_panel.sync_box import SyncBox
from ecep_desktop.shell.pages import AppServices

QR_SIDE_PX = 260


class ServerPanelPage(QWidget):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("server_panel.server")
        supervisor = services.supervisor

        self.addresses_box = QGroupBox()
        self.address_choice = QComboBox()
        self.address_choice.setObjectName("addressChoice")
        self.qr_label = QLabel()
        self.qr_label.setObjectName("pairingQr")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(QR_SIDE_PX, QR_SIDE_PX)
        self.pairing_hint = QLabel()
        self.pairing_hint.setWordWrap(True)
        self.addresses_list = QLabel()
        self.addresses_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        addresses_layout = QVBoxLayout(self.addresses_box)
        addresses_layout.addWidget(self.addresses_list)
        addresses_layout.addWidget(self.address_choice)
        addresses_layout.addWidget(self.qr_label)
        addresses_layout.addWidget(self.pairing_hint)

        self.server_box = QGroupBox()
        self.state_label = QLabel()
        self.state_label.setObjectName("serverState")
        self.server_id_label = QLabel(str(services.server_info.get("server_id", "")))
        self.version_label = QLabel(str(services.server_info.get("version", "")))
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("serverLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(2000)
        self._form_labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self._form_labels[0], self.state_label)
        form.addRow(self._form_labels[1], self.server_id_label)
        form.addRow(self._form_labels[2], self.version_label)
        server_layout = QVBoxLayout(self.server_box)
        server_layout.addLayout(form)
        server_layout.addWidget(self.log_view, 1)

        self.discovery_box = DiscoveryBox(services.server_info, embedded=supervisor is not None)
        self.devices = DevicesBox(services.api)
        self.backups = BackupsBox(services.api)  # backups, USB export, restore, support

        self.sync_box = SyncBox(services.api)  # link to the hub, "Sync now"

        # In a scroll area: the page is taller than a school PC's 1366x768 screen, and a
        # squeezed layout would draw the pairing QR under its own caption.
        content = QWidget()
        content.setObjectName("serverPanelContent")
        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        grid = QGridLayout(content)
        grid.addWidget(self.addresses_box, 0, 0, 2, 1)
        grid.addWidget(self.server_box, 0, 1)
        grid.addWidget(self.discovery_box, 1, 1)
        grid.addWidget(self.devices, 2, 0, 1, 2)
        grid.addWidget(self.sync_box, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.backups, 4, 0, 1, 2)

        self.urls = server_urls(services.base_url, supervisor.port if supervisor else None,
                                str(services.server_info.get("proto") or "http"))
        for url in self.urls:
            self.address_choice.addItem(url, url)
        self.address_choice.currentIndexChanged.connect(self._draw_qr)
        if supervisor is not None:
            for line in supervisor.log:
                self.log_view.appendPlainText(line)
            supervisor.log_line.connect(self.log_view.appendPlainText)
            supervisor.state_changed.connect(self._show_state)
        self.pairing = ""
        self._draw_qr()
        self.retranslate()

    def retranslate(self) -> None:
        supervisor = self.services.supervisor
        self.addresses_box.setTitle(self.tr("How tablets and PCs reach this server"))
        if self.urls:
            self.addresses_list.setText("\n".join(self.urls))
        else:
            self.addresses_list.setText(self.tr("This PC has no network address right now."))
        self.pairing_hint.setText(self.tr(
            "Scan this code with a tablet to connect it to the school server, or type the "
            "address above."))
        self.server_box.setTitle(self.tr("School server"))
        for label, text in zip(self._form_labels, (self.tr("State"), self.tr("Server id"),
                                                   self.tr("Version")), strict=True):
            label.setText(text)
        if supervisor is None:
            self.state_label.setText(self.tr("On another computer: %1")
                                     .replace("%1", self.services.base_url))
            self.log_view.setPlainText(self.tr(
                "The log is on the computer that runs the server."))
        else:
            self._show_state(supervisor.state.value)

    def _show_state(self, state: str) -> None:
        if self.services.supervisor is not None:
            self.state_label.setText(state_text(state, self.services.supervisor))

    def _draw_qr(self) -> None:
        url = self.address_choice.currentData()
        if not url:
            self.qr_label.clear()
            return
        info = self.services.server_info
        self.pairing = pairing_text(url, info.get("server_id"), info.get("fingerprint"))
        image = render_qimage(self.pairing, max_side=QR_SIDE_PX)
        self.qr_label.setPixmap(QPixmap.fromImage(image))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
