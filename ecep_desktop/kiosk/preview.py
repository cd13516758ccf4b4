"""The live camera picture with the outline of each code found in it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ecep_desktop.kiosk.controller import PreviewFrame

OUTLINE = QColor("#2ecc71")


class PreviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame: PreviewFrame | None = None
        self.frames_shown = 0
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def show_frame(self, frame: PreviewFrame) -> None:
        self.frame = frame
        self.frames_shown += 1
        self.update()

    def image_rect(self) -> QRectF:
        """Where the picture is drawn: as large as fits, aspect kept, centred."""
        if self.frame is None:
            return QRectF()
        image = self.frame.image
        scale = min(self.width() / image.width(), self.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self.frame is None:
            painter.setPen(Qt.GlobalColor.lightGray)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Waiting for the camera…"))
            return
        target = self.image_rect()
        painter.drawImage(target, self.frame.image)
        scale = target.width() / self.frame.image.width()
        pen = QPen(OUTLINE, max(3.0, 6.0 * scale))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for detection in self.frame.detections:
            painter.drawPolygon(QPolygonF([
                QPointF(target.x() + x * scale, target.y() + y * scale)
                for x, y in detection.polygon
            ]))
