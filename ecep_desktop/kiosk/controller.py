"""The kiosk's logic, without widgets: camera → decode (worker threads) → debounce → local
card check → persistent queue → uploader (thread) → feedback. Everything slow runs off the
GUI thread; results come back to it as Qt signals, so a window (or a benchmark) only
connects to ``feedback``, ``preview``, ``queueChanged`` and ``serverStateChanged``."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from ecep_desktop.kiosk.capture import (
    DecodeWorker,
    Frame,
    FrameSource,
    LatestFrame,
    SourceSpec,
    utc_now,
)
from ecep_desktop.kiosk.cards import CardCheck, CardVerifier, PublicKeyCache
from ecep_desktop.kiosk.debounce import DEFAULT_HOLD_SECONDS, Debouncer
from ecep_desktop.kiosk.scan_queue import QueuedScan, ScanQueue
from ecep_desktop.kiosk.uploader import ServerState, Uploader
from ecep_desktop.qr import DEFAULT_DECODER, Detection, array_to_qimage, make_decoder

# Wait this long for the server's answer before telling the pupil the scan is saved.
ANSWER_GRACE_MS = 1500
# An answer for a scan older than this (an upload after an outage) goes to the history
# only: the pupil in front of the camera now is someone else.
LATE_ANSWER_SECONDS = 10.0

GREEN, BLUE, RED, QUEUED = "green", "blue", "red", "queued"


@dataclass(frozen=True)
class KioskConfig:
    base_url: str
    credential: str
    data_dir: Path
    source: SourceSpec = 0
    decoder: str = DEFAULT_DECODER
    language: str = "fr"
    debounce_seconds: float = DEFAULT_HOLD_SECONDS
    paced: bool = True  # play a video file at its frame rate, like a camera
    loop: bool = False
    # The time stamped on each scan (UTC); injectable so tests can be "an hour later".
    clock: Callable[[], datetime] = utc_now


@dataclass(frozen=True)
class Feedback:
    display: str  # green arrival, blue departure, red refusal, queued (saved offline)
    message: str
    time: str  # HH:MM (the school's time when the server answered)
    name: str | None = None
    nonce: str | None = None
    result: str = ""  # check_in, check_out, a refusal code, or a local one
    late: bool = False  # an answer to an old queued scan: history only
    captured_at: float | None = None  # perf_counter of the frame that showed the card


@dataclass(frozen=True)
class PreviewFrame:
    image: QImage
    detections: list[Detection]
    number: int


@dataclass
class _Pending:
    captured_at: float
    wall_time: datetime
    user_id: uuid.UUID | None
    shown: bool = False
    timer: QTimer | None = field(default=None, repr=False)


class KioskController(QObject):
    feedback = Signal(object)  # Feedback
    preview = Signal(object)  # PreviewFrame, at most one waiting at a time
    queueChanged = Signal(int)
    serverStateChanged = Signal(object)  # ServerState
    sourceFailed = Signal(str)  # the camera or file that could not be opened
    sourceEnded = Signal()
    decoded = Signal(object, object)  # Frame, list[Detection]: every decoded frame (bench)

    # Internal hops from worker threads to the GUI thread (queued connections).
    _previewReady = Signal(object)
    _localVerdict = Signal(object)
    _scanQueued = Signal(str, float, object, object)
    _resultsArrived = Signal(list)
    _stateArrived = Signal(object)
    _keyArrived = Signal(bytes)

    def __init__(self, config: KioskConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        kiosk_dir = config.data_dir / "kiosk"
        self._key_cache = PublicKeyCache(kiosk_dir / "public_key.json")
        self._verifier = CardVerifier(self._key_cache.load())
        self.queue = ScanQueue(kiosk_dir / "scan_queue.sqlite3")
        self._debouncer = Debouncer(config.debounce_seconds)
        self._decoder = make_decoder(config.decoder)
        self._slot: LatestFrame | None = None
        self._source: FrameSource | None = None
        self._worker: DecodeWorker | None = None
        self._uploader: Uploader | None = None
        self._preview_waiting = threading.Event()
        self._pending: dict[str, _Pending] = {}
        self._names: dict[str, str] = {}  # user id -> name, learnt from the server's answers
        self.server_state: ServerState | None = None
        self._previewReady.connect(self._deliver_preview)
        self._localVerdict.connect(self.feedback)
        self._scanQueued.connect(self._on_scan_queued)
        self._resultsArrived.connect(self._on_results)
        self._stateArrived.connect(self._on_state)
        self._keyArrived.connect(self._on_key)

    # -- life ------------------------------------------------------------------------------

    @property
    def decoder_name(self) -> str:
        return self._decoder.name

    @property
    def has_public_key(self) -> bool:
        return self._verifier.has_key

    def start(self) -> None:
        self.start_uploader()
        self.start_source(self.config.source)

    def start_uploader(self) -> None:
        if self._uploader is not None:
            return
        self._uploader = Uploader(
            self.config.base_url, self.config.credential, self.queue, self._key_cache,
            language=self.config.language,
            on_results=self._resultsArrived.emit,
            on_state=self._stateArrived.emit,
            on_key=self._keyArrived.emit,
            on_queue=self.queueChanged.emit,
        )
        self._uploader.start()
        self.queueChanged.emit(len(self.queue))

    def start_source(self, source: SourceSpec, *, wait_for_consumer: bool = False) -> None:
        self.stop_source()
        self._slot = LatestFrame()
        self._worker = DecodeWorker(self._slot, self._decoder, self._on_decoded)
        self._source = FrameSource(
            source, self._slot, paced=self.config.paced, loop=self.config.loop,
            wait_for_consumer=wait_for_consumer, clock=self.config.clock,
            on_error=self.sourceFailed.emit, on_end=self._source_ended,
        )
        self._worker.start()
        self._source.start()

    def stop_source(self) -> None:
        source, worker, slot = self._source, self._worker, self._slot
        self._source = self._worker = self._slot = None
        if source is not None:
            source.stop()
            source.join(timeout=5)
        if slot is not None:
            slot.close()
        if worker is not None:
            worker.stop()
            worker.join(timeout=5)

    def stop(self) -> None:
        self.stop_source()
        if self._uploader is not None:
            self._uploader.stop()
            self._uploader.join(timeout=10)
            self._uploader = None
        for pending in self._pending.values():
            if pending.timer is not None:
                pending.timer.stop()
        self._pending.clear()
        self.queue.close()

    def set_decoder(self, name: str) -> None:
        """Switch decoder while running (raises DecoderUnavailable when it cannot run)."""
        self._decoder = make_decoder(name)
        if self._worker is not None:
            self._worker.decoder = self._decoder

    def stats(self) -> dict[str, Any]:
        slot, worker = self._slot, self._worker
        return {
            "produced": slot.produced if slot else 0,
            "dropped": slot.dropped if slot else 0,
            "decoded": worker.decoded if worker else 0,
        }

    def _source_ended(self) -> None:
        self.sourceEnded.emit()

    # -- the decode worker's thread ---------------------------------------------------------

    def _on_decoded(self, frame: Frame, detections: list[Detection]) -> None:
        self.decoded.emit(frame, detections)
        if not self._preview_waiting.is_set():
            self._preview_waiting.set()
            self._previewReady.emit(
                PreviewFrame(array_to_qimage(frame.image), detections, frame.number)
            )
        for detection in detections:
            if self._debouncer.accept(detection.text):
                self._on_new_code(detection.text, frame)

    def _on_new_code(self, text: str, frame: Frame) -> None:
        verdict = self._verifier.check(text)
        if verdict.check in (CardCheck.NOT_A_CARD, CardCheck.FORGED):
            if verdict.check is CardCheck.NOT_A_CARD:
                message = self.tr("This is not an eCEP card.")
            else:
                message = self.tr("This card was not issued by this school.")
            self._localVerdict.emit(Feedback(
                RED, message, _local_hhmm(frame.wall_time), result=verdict.check.value,
                captured_at=frame.captured_at,
            ))
            return
        nonce = uuid.uuid4().hex
        self.queue.add(QueuedScan(nonce, text, frame.wall_time))
        self._scanQueued.emit(nonce, frame.captured_at, frame.wall_time, verdict.user_id)
        if self._uploader is not None:
            self._uploader.wake()

    # -- the GUI thread ----------------------------------------------------------------------

    @Slot(object)
    def _deliver_preview(self, preview: PreviewFrame) -> None:
        self._preview_waiting.clear()
        self.preview.emit(preview)

    @Slot(str, float, object, object)
    def _on_scan_queued(self, nonce: str, captured_at: float, wall_time: datetime,
                        user_id: uuid.UUID | None) -> None:
        self.queueChanged.emit(len(self.queue))
        pending = _Pending(captured_at, wall_time, user_id)
        self._pending[nonce] = pending
        if self.server_state is not None and self.server_state.online:
            pending.timer = QTimer(self)
            pending.timer.setSingleShot(True)
            pending.timer.timeout.connect(lambda: self._show_queued(nonce))
            pending.timer.start(ANSWER_GRACE_MS)
        else:
            self._show_queued(nonce)

    def _show_queued(self, nonce: str) -> None:
        pending = self._pending.get(nonce)
        if pending is None or pending.shown:
            return
        pending.shown = True
        name = self._names.get(str(pending.user_id)) if pending.user_id else None
        self.feedback.emit(Feedback(
            QUEUED,
            self.tr("Card read. The server cannot be reached: the scan is saved and will be "
                    "sent as soon as it answers."),
            _local_hhmm(pending.wall_time), name=name, nonce=nonce, result="queued",
            captured_at=pending.captured_at,
        ))

    @Slot(list)
    def _on_results(self, results: list[dict[str, Any]]) -> None:
        now = time.perf_counter()
        for result in results:
            pending = self._pending.pop(result["nonce"], None)
            if pending is not None and pending.timer is not None:
                pending.timer.stop()
                pending.timer.deleteLater()
            if result.get("user_id") and result.get("name"):
                self._names[str(result["user_id"])] = result["name"]
            late = pending is None or now - pending.captured_at > LATE_ANSWER_SECONDS
            self.feedback.emit(Feedback(
                result.get("display", RED), result.get("message", ""), result.get("time", ""),
                name=result.get("name"), nonce=result["nonce"], result=result.get("result", ""),
                late=late, captured_at=pending.captured_at if pending else None,
            ))

    @Slot(object)
    def _on_state(self, state: ServerState) -> None:
        self.server_state = state
        self.serverStateChanged.emit(state)

    @Slot(bytes)
    def _on_key(self, raw: bytes) -> None:
        self._verifier = CardVerifier(raw)


def _local_hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


__all__ = ["BLUE", "GREEN", "QUEUED", "RED", "Feedback", "KioskConfig", "KioskController",
           "PreviewFrame"]
