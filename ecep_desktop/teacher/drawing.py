"""The projector's two drawn widgets: the QR as large as its space allows (whole pixels a
module, quiet zone included) and the countdown ring to the next code."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ecep_desktop.qr import render_qimage

LIGHT = QColor("white")
INK = QColor("#1b1b1b")
RING = QColor("#1565c0")
RING_TRACK = QColor("#d6dde6")


class QrView(QWidget):
    """Draws ``text`` as a QR filling the largest square that fits; the image is rendered
    once per (text, side) and drawn unscaled, so every module edge is sharp."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.placeholder = ""
        self._image: QImage | None = None
        self._image_key: tuple[str, int] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)

    def sizeHint(self) -> QSize:
        return QSize(720, 720)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.update()

    def set_placeholder(self, text: str) -> None:
        """Shown instead of the QR while ``text`` is empty (loading, paused, closed)."""
        self.placeholder = text
        self.update()

    def image(self) -> QImage | None:
        side = min(self.width(), self.height())
        if not self.text or side < 1:
            return None
        key = (self.text, side)
        if key != self._image_key:
            self._image = render_qimage(self.text, max_side=side)
            self._image_key = key
        return self._image

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), LIGHT)
        image = self.image()
        if image is not None:
            x = (self.width() - image.width()) // 2
            y = (self.height() - image.height()) // 2
            painter.drawImage(x, y, image)
        elif self.placeholder:
            font = QFont(self.font())
            font.setPixelSize(max(18, min(self.width(), self.height()) // 8))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(INK)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
        painter.end()


class CountdownRing(QWidget):
    """A ring that empties as the current code ages, with the seconds left in its middle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction_left = 1.0
        self.seconds_left = 0
        self._side = 0
        self.set_side(110)

    def sizeHint(self) -> QSize:
        return QSize(self._side, self._side)

    def set_side(self, side: int) -> None:
        if side != self._side:
            self._side = side
            self.setFixedSize(side, side)

    def set_left(self, seconds: float, period: float) -> None:
        fraction = max(0.0, min(1.0, seconds / period)) if period > 0 else 0.0
        whole = max(0, int(seconds + 0.999))
        if abs(fraction - self.fraction_left) > 0.004 or whole != self.seconds_left:
            self.fraction_left = fraction
            self.seconds_left = whole
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_width = max(4.0, side / 10)
        box = QRectF((self.width() - side) / 2 + pen_width / 2,
                     (self.height() - side) / 2 + pen_width / 2,
                     side - pen_width, side - pen_width)
        painter.setPen(QPen(RING_TRACK, pen_width))
        painter.drawEllipse(box)
        pen = QPen(RING, pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(box, 90 * 16, int(-360 * 16 * self.fraction_left))
        font = QFont(self.font())
        font.setPixelSize(max(12, int(side * 0.38)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(INK)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self.seconds_left))
        painter.end()
