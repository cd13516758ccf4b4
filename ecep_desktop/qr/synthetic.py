"""Synthetic camera frames showing a QR code, for tests and benchmarks: the code on a
textured 720p background, optionally turned, blurred and noisy, like a card held up to a
webcam. Deterministic for a given ``seed``."""

from __future__ import annotations

import cv2
import numpy as np

from ecep_desktop.qr.rendering import render_array

FRAME_SIZE = (1280, 720)  # width, height


def background(size: tuple[int, int] = FRAME_SIZE, *, seed: int = 0) -> np.ndarray:
    """A BGR frame of soft shapes and gradients (not a flat colour: decoders must find the
    code among edges)."""
    width, height = size
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 1, width, dtype=np.float32)
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    base = 90 + 60 * x[None, :] + 40 * y
    frame = np.repeat(base[:, :, None], 3, axis=2).astype(np.uint8)
    for _ in range(12):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = tuple(int(c) for c in rng.integers(40, 220, size=3))
        cv2.circle(frame, centre, int(rng.integers(20, 140)), colour, thickness=-1)
    return frame


def qr_frame(text: str, *, size: tuple[int, int] = FRAME_SIZE, module_px: int = 6,
             centre: tuple[int, int] | None = None, angle: float = 0.0, blur: int = 0,
             noise: float = 0.0, seed: int = 0, base: np.ndarray | None = None) -> np.ndarray:
    """A BGR frame with the QR of ``text`` pasted at ``centre`` (default: the middle), turned
    by ``angle`` degrees, then a Gaussian blur of kernel ``blur`` (odd, 0 = none) and Gaussian
    noise of standard deviation ``noise`` grey levels."""
    width, height = size
    frame = background(size, seed=seed) if base is None else base.copy()
    code = render_array(text, module_px=module_px)
    side = code.shape[0]
    # Turn the code inside a larger white square so the corners are not cut off.
    diagonal = int(np.ceil(side * np.sqrt(2))) + 2
    canvas = np.full((diagonal, diagonal), 255, np.uint8)
    offset = (diagonal - side) // 2
    canvas[offset:offset + side, offset:offset + side] = code
    mask = np.zeros_like(canvas)
    mask[offset:offset + side, offset:offset + side] = 255
    if angle:
        turn = cv2.getRotationMatrix2D((diagonal / 2, diagonal / 2), angle, 1.0)
        canvas = cv2.warpAffine(canvas, turn, (diagonal, diagonal), flags=cv2.INTER_LINEAR,
                                borderValue=255)
        mask = cv2.warpAffine(mask, turn, (diagonal, diagonal), flags=cv2.INTER_NEAREST,
                              borderValue=0)
    cx, cy = centre if centre is not None else (width // 2, height // 2)
    x0, y0 = cx - diagonal // 2, cy - diagonal // 2
    if x0 < 0 or y0 < 0 or x0 + diagonal > width or y0 + diagonal > height:
        raise ValueError("the code does not fit in the frame at that place and size")
    region = frame[y0:y0 + diagonal, x0:x0 + diagonal]
    inside = mask > 0
    region[inside] = canvas[inside][:, None]
    if blur:
        frame = cv2.GaussianBlur(frame, (blur, blur), 0)
    if noise:
        rng = np.random.default_rng(seed + 1)
        noisy = frame.astype(np.int16) + rng.normal(0, noise, frame.shape).astype(np.int16)
        frame = np.clip(noisy, 0, 255).astype(np.uint8)
    return frame
