"""QR codes for the desktop: one small decoder interface (zxing-cpp by default, pyzbar
selectable) and rendering of a text as a QR image (QImage for windows, numpy for synthetic
videos). Nothing here touches the GUI thread's state: decoders are safe to call from a
worker thread, and rendering a QImage needs no QApplication."""

from ecep_desktop.qr.decoding import (
    DECODER_NAMES,
    DEFAULT_DECODER,
    Decoder,
    DecoderUnavailable,
    Detection,
    available_decoders,
    make_decoder,
)
from ecep_desktop.qr.images import array_to_qimage, qimage_to_array
from ecep_desktop.qr.rendering import (
    QUIET_ZONE,
    SCREEN_ERROR_LEVEL,
    largest_module_size,
    qr_matrix,
    render_array,
    render_qimage,
)

__all__ = [
    "DECODER_NAMES",
    "DEFAULT_DECODER",
    "QUIET_ZONE",
    "SCREEN_ERROR_LEVEL",
    "Decoder",
    "DecoderUnavailable",
    "Detection",
    "array_to_qimage",
    "available_decoders",
    "largest_module_size",
    "make_decoder",
    "qimage_to_array",
    "qr_matrix",
    "render_array",
    "render_qimage",
]
