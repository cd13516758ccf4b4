"""Frames from a webcam (by index) or a video file, on a worker thread, into a one-frame
slot: the decoder always takes the newest frame, and frames it had no time for are dropped
(counted) instead of piling up, so the kiosk never lags behind the camera."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


@dataclass(slots=True)
class Frame:
    image: np.ndarray  # BGR
    number: int  # 0-based, in capture order
    captured_at: float  # time.perf_counter() when read
    wall_time: datetime = field(default_factory=lambda: utc_now())


def utc_now() -> datetime:
    return datetime.now(UTC)


class LatestFrame:
    """A slot holding the newest frame; ``put`` replaces an untaken one (a drop)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0
        self.produced = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self.produced += 1
            self._cond.notify_all()

    def take(self, timeout: float | None = None) -> Frame | None:
        """The newest untaken frame, waiting up to ``timeout``; None on timeout or when
        the slot is closed and empty."""
        with self._cond:
            if self._frame is None and not self._closed:
                self._cond.wait(timeout)
            frame, self._frame = self._frame, None
            self._cond.notify_all()  # a producer in wait_taken may go on
            return frame

    def wait_taken(self, timeout: float | None = None) -> bool:
        """Blocks a producer until its last frame was taken (used by benchmarks that
        measure throughput without drops)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._frame is None or self._closed, timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed


SourceSpec = int | str | Path


def describe_source(source: SourceSpec) -> str:
    return f"camera {source}" if isinstance(source, int) else str(source)


class FrameSource(threading.Thread):
    """Reads ``source`` (a camera index or a video file path) into ``slot`` until stopped or
    the file ends. A file is played at its own frame rate (``paced``) like a camera, or as fast
    as the consumer takes frames (``paced=False``, for benchmarks); ``loop`` replays it."""

    def __init__(
        self,
        source: SourceSpec,
        slot: LatestFrame,
        *,
        paced: bool = True,
        loop: bool = False,
        wait_for_consumer: bool = False,
        on_error: Callable[[str], None] | None = None,
        on_end: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(name=f"kiosk-capture-{describe_source(source)}", daemon=True)
        self.clock = clock
        self.source = source
        self.slot = slot
        self.paced = paced
        self.loop = loop
        self.wait_for_consumer = wait_for_consumer
        self.on_error = on_error
        self.on_end = on_end
        self.fps = 0.0
        self._stopping = threading.Event()

    @property
    def is_file(self) -> bool:
        return not isinstance(self.source, int)

    def stop(self) -> None:
        self._stopping.set()

    def run(self) -> None:
        import cv2

        target = self.source if isinstance(self.source, int) else str(self.source)
        capture = cv2.VideoCapture(target)
        try:
            if not capture.isOpened():
                if self.on_error:
                    self.on_error(describe_source(self.source))
                return
            if not self.is_file:  # webcams often start at 640x480: ask for 720p
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, 1280)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, 720)
            self.fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
            period = 1.0 / self.fps if self.fps > 0 else 1 / 30
            started = time.perf_counter()
            number = 0
            while not self._stopping.is_set():
                if self.is_file and self.paced:
                    delay = started + number * period - time.perf_counter()
                    if delay > 0 and self._stopping.wait(delay):
                        break
                ok, image = capture.read()
                if not ok:
                    if self.is_file and self.loop and number:
                        capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                        continue
                    break
                self.slot.put(Frame(image, number, time.perf_counter(), self.clock()))
                number += 1
                if self.wait_for_consumer:
                    while not self.slot.wait_taken(0.1):
                        if self._stopping.is_set():
                            break
        finally:
            capture.release()
            if self.on_end and not self._stopping.is_set():
                self.on_end()


class DecodeWorker(threading.Thread):
    """Takes the newest frame, decodes it, and hands (frame, detections) to ``on_result``
    (called on this worker thread). The decoder can be swapped while running."""

    def __init__(self, slot: LatestFrame, decoder, on_result) -> None:  # noqa: ANN001
        super().__init__(name="kiosk-decode", daemon=True)
        self.slot = slot
        self.decoder = decoder
        self.on_result = on_result
        self.decoded = 0
        self._stopping = threading.Event()

    def stop(self) -> None:
        self._stopping.set()

    def run(self) -> None:
        while not self._stopping.is_set():
            frame = self.slot.take(timeout=0.1)
            if frame is None:
                if self.slot.closed:
                    break
                continue
            detections = self.decoder.decode(frame.image)
            self.decoded += 1
            self.on_result(frame, detections)
