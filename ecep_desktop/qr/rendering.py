"""A text as a QR image: the matrix from ``segno``, drawn with square modules and a quiet
zone of 4 modules (the minimum the QR standard asks for; readers fail without it).

Screens (projector, kiosk window) use error correction level M: a projected code is sharp
and high-contrast, and M keeps the version (so the modules) as large as possible for the
short attendance URL; segno raises the level for free when the same version allows it."""

from __future__ import annotations

import numpy as np
import segno

from ecep_desktop.qr.images import array_to_qimage

QUIET_ZONE = 4
SCREEN_ERROR_LEVEL = "m"


def qr_matrix(
    text: str, *, error: str = SCREEN_ERROR_LEVEL, border: int = QUIET_ZONE
) -> np.ndarray:
    """The QR of ``text`` as a boolean (n, n) array, True = dark module, quiet zone included."""
    code = segno.make(text, error=error, micro=False)
    modules = np.array([list(row) for row in code.matrix], dtype=bool)
    return np.pad(modules, border, constant_values=False)


def largest_module_size(text: str, side_px: int, *, error: str = SCREEN_ERROR_LEVEL,
                        border: int = QUIET_ZONE) -> int:
    """The largest whole number of pixels per module so the QR, quiet zone included, fits in
    a square of ``side_px`` (at least 1). Whole pixels keep every module edge sharp."""
    size = qr_matrix(text, error=error, border=border).shape[0]
    return max(1, side_px // size)


def render_array(text: str, *, module_px: int = 8, error: str = SCREEN_ERROR_LEVEL,
                 border: int = QUIET_ZONE) -> np.ndarray:
    """The QR as a grayscale uint8 image (0 dark, 255 light), ``module_px`` pixels a module."""
    if module_px < 1:
        raise ValueError("module_px must be at least 1")
    matrix = qr_matrix(text, error=error, border=border)
    image = np.where(matrix, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


def render_qimage(text: str, *, module_px: int | None = None, max_side: int | None = None,
                  error: str = SCREEN_ERROR_LEVEL, border: int = QUIET_ZONE):
    """The QR as a grayscale ``QImage``: either ``module_px`` pixels a module, or the largest
    whole module size that fits in ``max_side`` pixels. Draw it unscaled (or scaled by a whole
    factor without smoothing) so modules stay crisp."""
    if module_px is None:
        if max_side is None:
            module_px = 8
        else:
            module_px = largest_module_size(text, max_side, error=error, border=border)
    return array_to_qimage(render_array(text, module_px=module_px, error=error, border=border))
