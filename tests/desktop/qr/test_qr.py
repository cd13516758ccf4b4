"""Render → decode round trips with both backends, on clean images and on 720p frames
turned, blurred and noisy like a card held up to a webcam."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from ecep_desktop.qr import (
    QUIET_ZONE,
    DecoderUnavailable,
    Detection,
    array_to_qimage,
    available_decoders,
    largest_module_size,
    make_decoder,
    qimage_to_array,
    qr_matrix,
    render_array,
    render_qimage,
)
from ecep_desktop.qr.synthetic import qr_frame

BACKENDS = ("zxing", "pyzbar")
LESSON_URL = "http://192.168.1.10:8765/a/K3J5QWER/176300112/ABCDEFGHIJKLMNOP"
CARD = (
    "ECEPCARD1.0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.1042."
    "q1Vx3lJk0d8m7Nn2Yb6Tt4Rr5Ee9Ww0Qq1Aa2Ss3Dd4Ff5Gg6Hh7Jj8Kk9Ll0Zz1Xx2Cc3Vv4Bb5Nn6Mm7Pp8Oo9Ii0Uu1w"
)


@pytest.fixture(params=BACKENDS)
def decoder(request):
    return make_decoder(request.param)


def _texts(detections: list[Detection]) -> list[str]:
    return [d.text for d in detections]


def test_default_decoder_is_zxing():
    assert make_decoder().name == "zxing"
    assert available_decoders()[0] == "zxing"
    assert set(available_decoders()) == set(BACKENDS)


def test_unknown_decoder_name_is_refused():
    with pytest.raises(ValueError, match="unknown QR decoder"):
        make_decoder("zbar-light")


def test_missing_zbar_library_is_a_clear_error(monkeypatch):
    # What pyzbar does without libzbar0: its import raises ImportError.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    with pytest.raises(DecoderUnavailable, match="libzbar0"):
        make_decoder("pyzbar")
    assert available_decoders() == ["zxing"]


def test_matrix_has_a_quiet_zone_of_four_modules():
    matrix = qr_matrix(LESSON_URL)
    assert matrix.shape[0] == matrix.shape[1]
    assert not matrix[:QUIET_ZONE].any() and not matrix[-QUIET_ZONE:].any()
    assert not matrix[:, :QUIET_ZONE].any() and not matrix[:, -QUIET_ZONE:].any()
    # The finder pattern's dark corner starts right after the quiet zone.
    assert matrix[QUIET_ZONE, QUIET_ZONE]


@pytest.mark.parametrize("module_px", [2, 4, 9])
@pytest.mark.parametrize("text", [LESSON_URL, CARD, "ECEPDAY1.tok"])
def test_round_trip_on_clean_image(decoder, text, module_px):
    image = render_array(text, module_px=module_px)
    assert image.shape[0] == qr_matrix(text).shape[0] * module_px
    assert _texts(decoder.decode(image)) == [text]


def test_polygon_outlines_the_code(decoder):
    module_px = 7
    image = render_array(CARD, module_px=module_px)
    (detection,) = decoder.decode(image)
    margin = QUIET_ZONE * module_px
    side = image.shape[0] - 2 * margin
    assert len(detection.polygon) == 4
    xs = sorted(x for x, _ in detection.polygon)
    ys = sorted(y for _, y in detection.polygon)
    for low, high in (xs[:2], xs[2:]), (ys[:2], ys[2:]):
        assert all(abs(v - margin) <= module_px for v in low)
        assert all(abs(v - (margin + side)) <= module_px for v in high)


@pytest.mark.parametrize(
    "distortion",
    [
        dict(),
        dict(angle=17),
        dict(angle=-40, blur=5),
        dict(angle=8, noise=14),
        dict(angle=30, blur=5, noise=12),
        dict(module_px=4, angle=-12, blur=3, noise=8),
        dict(centre=(300, 340), angle=90),
    ],
    ids=lambda d: ",".join(f"{k}={v}" for k, v in d.items()) or "plain",
)
def test_round_trip_on_720p_frame(decoder, distortion):
    frame = qr_frame(CARD, **{"module_px": 6, **distortion})
    assert frame.shape == (720, 1280, 3)
    detections = decoder.decode(frame)
    assert _texts(detections) == [CARD]
    # The outline is where the code was pasted.
    cx, cy = distortion.get("centre", (640, 360))
    px = [x for x, _ in detections[0].polygon]
    py = [y for _, y in detections[0].polygon]
    assert min(px) < cx < max(px) and min(py) < cy < max(py)


def test_gray_and_bgr_frames_decode_alike(decoder):
    frame = qr_frame(LESSON_URL, angle=20, noise=6)
    import cv2

    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert _texts(decoder.decode(gray)) == _texts(decoder.decode(frame)) == [LESSON_URL]


def test_frame_without_code_gives_nothing(decoder):
    from ecep_desktop.qr.synthetic import background

    assert decoder.decode(background(seed=3)) == []


def test_two_codes_in_one_frame(decoder):
    first = qr_frame(LESSON_URL, centre=(330, 360))
    both = qr_frame(CARD, centre=(930, 360), base=first)
    assert sorted(_texts(decoder.decode(both))) == sorted([LESSON_URL, CARD])


def test_qimage_fits_the_side_with_whole_modules(decoder):
    size = qr_matrix(LESSON_URL).shape[0]
    image = render_qimage(LESSON_URL, max_side=1000)
    assert image.width() == image.height() == size * largest_module_size(LESSON_URL, 1000)
    assert image.width() <= 1000 < image.width() + size
    assert _texts(decoder.decode(qimage_to_array(image))) == [LESSON_URL]


def test_qimage_array_round_trip_keeps_pixels():
    rng = np.random.default_rng(1)
    bgr = rng.integers(0, 256, size=(37, 53, 3), dtype=np.uint8)  # odd width: row padding
    assert np.array_equal(qimage_to_array(array_to_qimage(bgr)), bgr)
    gray = rng.integers(0, 256, size=(21, 31), dtype=np.uint8)
    back = qimage_to_array(array_to_qimage(gray))
    assert np.array_equal(back[:, :, 0], gray) and np.array_equal(back[:, :, 2], gray)


def test_widget_screenshot_decodes(qtbot, decoder):
    """What the projector's own test does: draw the code in a widget, grab it, decode it."""
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.add_widget(label)
    label.setPixmap(QPixmap.fromImage(render_qimage(LESSON_URL, max_side=500)))
    label.setStyleSheet("background: #1d3557")
    label.resize(700, 600)
    label.show()
    qtbot.wait_exposed(label)
    assert _texts(decoder.decode(qimage_to_array(label.grab().toImage()))) == [LESSON_URL]
