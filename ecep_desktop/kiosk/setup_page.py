"""The administrator's "Kiosk" page: register this PC as a kiosk (the server shows the
credential once; it is kept in this PC's settings), choose the camera or a video file and
the decoder, and open the kiosk window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.kiosk.controller import KioskConfig
from ecep_desktop.kiosk.window import KioskWindow
from ecep_desktop.qr import DEFAULT_DECODER, available_decoders

FEATURE = "kiosk"


def kiosk_data_dir(settings) -> Path:  # noqa: ANN001 - DesktopSettings
    chosen = settings.feature_value(FEATURE, "data_dir")
    if chosen:
        return Path(chosen)
    location = QStandardPaths.StandardLocation.AppLocalDataLocation
    return Path(QStandardPaths.writableLocation(location))


class KioskSetupPage(QWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.services = services
        self.settings = services.settings
        self.window: KioskWindow | None = None
        self._register_call = None

        self.registration_box = QGroupBox()
        self.status = QLabel(wordWrap=True)
        self.name_edit = QLineEdit()
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self.register)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c01c28;")
        reg = QVBoxLayout(self.registration_box)
        reg.addWidget(self.status)
        row = QHBoxLayout()
        self.name_label = QLabel()
        row.addWidget(self.name_label)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.register_button)
        reg.addLayout(row)
        reg.addWidget(self.error)

        self.source_box = QGroupBox()
        self.camera_radio = QRadioButton()
        self.video_radio = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.camera_radio)
        group.addButton(self.video_radio)
        self.camera_index = QSpinBox(minimum=0, maximum=9)
        self.video_path = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        self.decoder_box = QComboBox()
        for name in available_decoders():
            self.decoder_box.addItem(name, name)
        self.full_screen = QCheckBox()
        form = QFormLayout(self.source_box)
        form.addRow(self.camera_radio, self.camera_index)
        video_row = QHBoxLayout()
        video_row.addWidget(self.video_path, 1)
        video_row.addWidget(self.browse_button)
        form.addRow(self.video_radio, video_row)
        self.decoder_label = QLabel()
        form.addRow(self.decoder_label, self.decoder_box)
        form.addRow(self.full_screen)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_kiosk)
        layout = QVBoxLayout(self)
        layout.addWidget(self.registration_box)
        layout.addWidget(self.source_box)
        layout.addWidget(self.open_button)
        layout.addStretch(1)

        self._load_choices()
        self.retranslate()

    # -- registration ------------------------------------------------------------------------

    def credential(self) -> str | None:
        """This PC's kiosk credential for the server the app is connected to."""
        if self.settings.feature_value(FEATURE, "server_url") != self.services.base_url:
            return None
        return self.settings.feature_value(FEATURE, "credential") or None

    def register(self) -> None:
        name = self.name_edit.text().strip() or self.tr("Main gate")
        self.error.clear()
        self.register_button.setEnabled(False)
        call = self.services.api.post("/api/v1/attendance/kiosks", {"name": name})
        call.succeeded.connect(self._registered)
        call.failed.connect(self._register_failed)
        self._register_call = call

    def _registered(self, body: dict) -> None:
        for key, value in (("credential", body["credential"]), ("kiosk_id", body["id"]),
                           ("name", body["name"]), ("server_url", self.services.base_url)):
            self.settings.set_feature_value(FEATURE, key, value)
        self.register_button.setEnabled(True)
        self.retranslate()

    def _register_failed(self, error) -> None:  # noqa: ANN001 - ApiError
        self.register_button.setEnabled(True)
        self.error.setText(error.detail)

    # -- source ------------------------------------------------------------------------------

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a video"), "", self.tr("Videos (*.avi *.mp4 *.mkv *.mov)")
        )
        if path:
            self.video_path.setText(path)
            self.video_radio.setChecked(True)

    def _load_choices(self) -> None:
        s = self.settings
        self.camera_index.setValue(int(s.feature_value(FEATURE, "camera", 0) or 0))
        self.video_path.setText(str(s.feature_value(FEATURE, "video", "") or ""))
        use_video = str(s.feature_value(FEATURE, "use_video", "false")).lower() == "true"
        (self.video_radio if use_video else self.camera_radio).setChecked(True)
        decoder = s.feature_value(FEATURE, "decoder", DEFAULT_DECODER)
        self.decoder_box.setCurrentIndex(max(0, self.decoder_box.findData(decoder)))
        full = str(s.feature_value(FEATURE, "full_screen", "true")).lower() == "true"
        self.full_screen.setChecked(full)
        self.name_edit.setText(str(s.feature_value(FEATURE, "name", "") or ""))

    def _save_choices(self) -> None:
        s = self.settings
        s.set_feature_value(FEATURE, "camera", self.camera_index.value())
        s.set_feature_value(FEATURE, "video", self.video_path.text())
        s.set_feature_value(FEATURE, "use_video", str(self.video_radio.isChecked()).lower())
        s.set_feature_value(FEATURE, "decoder", self.decoder_box.currentData())
        s.set_feature_value(FEATURE, "full_screen", str(self.full_screen.isChecked()).lower())

    def config(self) -> KioskConfig | None:
        credential = self.credential()
        if credential is None:
            return None
        if self.video_radio.isChecked():
            source: int | str = self.video_path.text().strip()
        else:
            source = self.camera_index.value()
        return KioskConfig(
            base_url=self.services.base_url,
            credential=credential,
            data_dir=kiosk_data_dir(self.settings),
            source=source,
            decoder=self.decoder_box.currentData() or DEFAULT_DECODER,
            language=self.settings.language,
        )

    def open_kiosk(self) -> None:
        config = self.config()
        if config is None:
            self.error.setText(self.tr("Register this PC as a kiosk first."))
            return
        if config.source == "":
            self.error.setText(self.tr("Choose a video file, or the camera."))
            return
        self._save_choices()
        self.window = KioskWindow(config)
        self.services.open_window(self.window)
        if self.full_screen.isChecked():
            self.window.showFullScreen()

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.registration_box.setTitle(self.tr("This PC as a kiosk"))
        name = self.settings.feature_value(FEATURE, "name")
        if self.credential():
            self.status.setText(
                self.tr("This PC is registered as the kiosk “%1”.").replace("%1", str(name))
            )
            self.register_button.setText(self.tr("Register again"))
        else:
            self.status.setText(self.tr(
                "This PC is not a kiosk of this school yet. Register it: the school server "
                "gives it its own key, kept on this PC."
            ))
            self.register_button.setText(self.tr("Register this PC"))
        self.name_label.setText(self.tr("Kiosk name:"))
        self.name_edit.setPlaceholderText(self.tr("Main gate"))
        self.source_box.setTitle(self.tr("Camera"))
        self.camera_radio.setText(self.tr("Camera number"))
        self.video_radio.setText(self.tr("Video file"))
        self.browse_button.setText(self.tr("Browse…"))
        self.decoder_label.setText(self.tr("QR decoder:"))
        self.full_screen.setText(self.tr("Full screen (F11 to switch, Esc to leave)"))
        self.open_button.setText(self.tr("Open the kiosk"))
        self.open_button.setEnabled(self.credential() is not None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
