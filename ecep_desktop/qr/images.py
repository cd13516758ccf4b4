"""numpy <-> QImage without surprises: row padding (``bytesPerLine``) handled, and the
QImage owns a copy of its pixels (no dangling numpy buffer)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def array_to_qimage(array: np.ndarray) -> QImage:
    """A gray (h, w) or BGR (h, w, 3) uint8 array as a QImage (a deep copy)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if array.ndim == 2:
        height, width = array.shape
        image = QImage(array.data, width, height, width, QImage.Format.Format_Grayscale8)
    elif array.ndim == 3 and array.shape[2] == 3:
        height, width, _ = array.shape
        image = QImage(array.data, width, height, 3 * width, QImage.Format.Format_BGR888)
    else:
        raise ValueError(f"expected a gray or BGR image, got shape {array.shape}")
    return image.copy()


def qimage_to_array(image: QImage) -> np.ndarray:
    """A QImage (any format; e.g. ``widget.grab().toImage()``) as a BGR (h, w, 3) uint8 array."""
    converted = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height, stride = converted.width(), converted.height(), converted.bytesPerLine()
    buffer = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()
