"""QR decoding behind one interface: ``make_decoder(name).decode(frame)``.

``zxing-cpp`` is the default: on 720p frames it was 5-15x faster than ``pyzbar`` and as
robust, and it needs no system library. ``pyzbar`` needs the system ``libzbar0``; when it is
missing, ``make_decoder("pyzbar")`` raises :class:`DecoderUnavailable` with a sentence saying
what to install. Decoders keep no state between calls, so one can serve a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PySide6.QtCore import QCoreApplication

DEFAULT_DECODER = "zxing"
DECODER_NAMES = ("zxing", "pyzbar")

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Detection:
    """One decoded QR code: its text and its outline in frame pixels (corners in order)."""

    text: str
    polygon: tuple[Point, ...]


class DecoderUnavailable(RuntimeError):
    """The chosen decoder cannot run on this machine (a library is missing)."""


class Decoder(Protocol):
    name: str

    def decode(self, frame: np.ndarray) -> list[Detection]:
        """Every QR code found in a BGR (h, w, 3) or grayscale (h, w) uint8 frame."""
        ...


def _gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return np.ascontiguousarray(frame, dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 1:
        return np.ascontiguousarray(frame[:, :, 0], dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        import cv2

        code = cv2.COLOR_BGR2GRAY if frame.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        return cv2.cvtColor(frame, code)
    raise ValueError(f"expected a gray or BGR image, got shape {frame.shape}")


class ZxingDecoder:
    name = "zxing"

    def __init__(self) -> None:
        try:
            import zxingcpp
        except ImportError as error:  # pragma: no cover - a dependency of the desktop extra
            raise DecoderUnavailable(QCoreApplication.translate(
                "QrDecoders",
                "The zxing-cpp QR decoder is not installed (pip package 'zxing-cpp')."
            )) from error
        self._zxing = zxingcpp
        self._formats = zxingcpp.BarcodeFormat.QRCode

    def decode(self, frame: np.ndarray) -> list[Detection]:
        # Gray first: zxing would convert anyway, and one conversion in OpenCV is cheaper.
        results = self._zxing.read_barcodes(_gray(frame), formats=self._formats)
        detections = []
        for result in results:
            p = result.position
            corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            detections.append(
                Detection(result.text, tuple((int(c.x), int(c.y)) for c in corners))
            )
        return detections


class PyzbarDecoder:
    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except ImportError as error:
            raise DecoderUnavailable(QCoreApplication.translate(
                "QrDecoders",
                "The pyzbar QR decoder needs the ZBar library: install the system package "
                "'libzbar0' (Debian/Ubuntu) and the pip package 'pyzbar', or use zxing-cpp."
            )) from error
        self._pyzbar = pyzbar
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def decode(self, frame: np.ndarray) -> list[Detection]:
        gray = _gray(frame)
        height, width = gray.shape
        results = self._pyzbar.decode((gray.tobytes(), width, height), symbols=self._symbols)
        return [
            Detection(
                result.data.decode("utf-8", errors="replace"),
                tuple((int(p.x), int(p.y)) for p in result.polygon),
            )
            for result in results
        ]


_BACKENDS: dict[str, type] = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder}


def make_decoder(name: str = DEFAULT_DECODER) -> Decoder:
    """A decoder by name (``"zxing"`` or ``"pyzbar"``); :class:`DecoderUnavailable` when its
    library is missing, ``ValueError`` for an unknown name."""
    try:
        backend = _BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown QR decoder {name!r}; choose one of {DECODER_NAMES}") from None
    return backend()


def available_decoders() -> list[str]:
    """Names of the decoders that can run here, default first."""
    names = []
    for name in DECODER_NAMES:
        try:
            make_decoder(name)
        except DecoderUnavailable:
            continue
        names.append(name)
    return names
