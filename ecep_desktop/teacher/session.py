"""One lesson attendance session as the projector sees it: the display (secret, period,
server clock), the roster polled every second, pause/resume, close, corrections and the
summary. A QObject with no widget: every HTTP call goes through the ApiClient (off the GUI
thread); results arrive as signals on the GUI thread.

The live roster is polled (``GET /sessions/{id}/roster`` every second) rather than read from
the server-sent event stream: the ApiClient then refreshes the access token invisibly and
re-sends after a re-login, the roster is always whole (no event to miss across a reconnect),
and a class of 60 pupils is a few kilobytes on the LAN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ecep_desktop.api import API, ApiCall, ApiClient, ApiError
from ecep_desktop.teacher.clock import MAX_ROUND_TRIP, Clock, ServerClock
from ecep_desktop.teacher.codes import SessionSecret

POLL_MS = 1000
LOAD_RETRY_MS = 3000
CLOCK_RESYNC_MS = 10 * 60_000
CLOCK_RETRY_MS = 2000
MAX_ATTEMPTS = 1000
STATUSES = ("present", "late", "excused", "absent")


@dataclass(frozen=True)
class Summary:
    """Counts after closing (or at any time): one per status, plus refused scans."""

    enrolled: int
    present: int
    late: int
    excused: int
    absent: int
    unmarked: int
    refused: int

    @classmethod
    def from_roster(cls, roster: dict[str, Any], refused: int) -> Summary:
        counts = dict.fromkeys(STATUSES, 0)
        unmarked = 0
        for entry in roster.get("pupils", []):
            mark = entry.get("mark")
            if mark is None:
                unmarked += 1
            else:
                counts[mark["status"]] = counts.get(mark["status"], 0) + 1
        return cls(enrolled=len(roster.get("pupils", [])), unmarked=unmarked, refused=refused,
                   **counts)


def sessions_path(session_id: str, tail: str = "") -> str:
    return f"{API}/attendance/sessions/{session_id}{tail}"


class LessonSession(QObject):
    displayLoaded = Signal(object)   # the display body (dict)
    rosterChanged = Signal(object)   # the roster body (dict)
    pausedChanged = Signal(bool)
    closedChanged = Signal()         # the session is closed (here or elsewhere)
    summaryReady = Signal(object)    # Summary
    corrected = Signal(object)       # the MarkRead body of a correction
    failed = Signal(object)          # ApiError, to show in plain words
    reachableChanged = Signal(bool)  # the polls reach the server, or no longer do
    refusedChanged = Signal(object)  # refused scans (AttemptRead dicts), newest first

    def __init__(self, api: ApiClient, session_id: str, *, clock: Clock | None = None,
                 poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.session_id = str(session_id)
        self.server_clock = ServerClock()
        self._clock = clock
        self.display: dict[str, Any] | None = None
        self.secret: SessionSecret | None = None
        self.roster: dict[str, Any] | None = None
        self.paused = False
        self.is_open = True
        self.summary: Summary | None = None
        self._calls: set[ApiCall] = set()
        self.reachable = True
        self._stopped = False
        self._roster_call: ApiCall | None = None
        self._state_call: ApiCall | None = None
        self._attempts_call: ApiCall | None = None
        self._refused_count: int | None = None  # as the last roster said
        self.refused: list[dict[str, Any]] = []
        self._poll = QTimer(self, interval=poll_ms)
        self._poll.timeout.connect(self.refresh)
        self._clock_sync = QTimer(self, interval=CLOCK_RESYNC_MS)
        self._clock_sync.timeout.connect(self.measure_clock)

    # -- time ------------------------------------------------------------------------------

    def now(self) -> float:
        """Server-corrected Unix seconds: the injected clock, else local time plus offset."""
        return self._clock() if self._clock is not None else self.server_clock()

    # -- calls -----------------------------------------------------------------------------

    def _track(self, call: ApiCall) -> ApiCall:
        self._calls.add(call)
        call.finished.connect(lambda: self._calls.discard(call))
        return call

    def load(self) -> ApiCall:
        sent_at = self.server_clock.local_now()
        call = self._track(self.api.get(sessions_path(self.session_id, "/display")))

        def loaded(body: dict[str, Any]) -> None:
            self._measured(body, sent_at)
            self.display = body
            self.secret = SessionSecret.from_display(body)
            self._set_reachable(True)
            self._set_paused(bool(body["paused"]))
            self.displayLoaded.emit(body)
            if body["is_open"]:
                self._poll.start()
                self._clock_sync.start()
                self.refresh()
            else:
                self._set_closed()

        def refused(error: ApiError) -> None:
            self.failed.emit(error)
            if error.unreachable:  # the window waits for the server, then starts
                self._set_reachable(False)
                QTimer.singleShot(LOAD_RETRY_MS, self, self._retry_load)

        call.succeeded.connect(loaded)
        call.failed.connect(refused)
        return call

    def _measured(self, display: dict[str, Any], sent_at: float) -> None:
        clock = self.server_clock
        received_at = clock.local_now()
        clock.measure(int(display["server_time_ms"]), sent_at, received_at)
        if received_at - sent_at > MAX_ROUND_TRIP:
            # A slow answer (a refresh, a busy server): measure again soon.
            QTimer.singleShot(CLOCK_RETRY_MS, self, self.measure_clock)

    def measure_clock(self) -> ApiCall | None:
        """Measures the server clock again (every few minutes, and after a slow answer)."""
        if self._stopped:
            return None
        sent_at = self.server_clock.local_now()
        call = self._track(self.api.get(sessions_path(self.session_id, "/display")))
        call.succeeded.connect(lambda body: self._measured(body, sent_at))
        return call

    def _retry_load(self) -> None:
        if self.display is None and not self._stopped:
            self.load()

    def refresh(self) -> None:
        """One poll: the roster (marks) and the session's state (paused or closed from
        another window, or closed by the server at its close time)."""
        self.refresh_roster()
        self.refresh_state()

    def refresh_refused(self) -> ApiCall | None:
        """The refused scans (attempts at cheating, old codes, pupils of another class),
        read when the roster's ``refused_count`` changes."""
        if self._attempts_call is not None:
            return None
        call = self._track(self.api.get(sessions_path(self.session_id, "/attempts"),
                                        params={"refused_only": "true", "limit": MAX_ATTEMPTS}))
        self._attempts_call = call

        def done() -> None:
            self._attempts_call = None

        def loaded(body: list[dict[str, Any]]) -> None:
            if body != self.refused:
                self.refused = body
                self.refusedChanged.emit(body)

        def not_loaded(error: ApiError) -> None:
            self._refused_count = None  # read again at the next poll
            self._poll_failed(error)

        call.succeeded.connect(loaded)
        call.failed.connect(not_loaded)
        call.finished.connect(done)
        return call

    def refresh_roster(self) -> ApiCall | None:
        if self._roster_call is not None:
            return None  # one at a time: a slow answer never piles up requests
        call = self._track(self.api.get(sessions_path(self.session_id, "/roster")))
        self._roster_call = call

        def done() -> None:
            self._roster_call = None

        def loaded(body: dict[str, Any]) -> None:
            self._set_reachable(True)
            self.roster = body
            self.rosterChanged.emit(body)
            # The roster counts refused scans: their list is read only when that changes
            # (at every poll from a server too old to count them).
            count = body.get("refused_count")
            changed = count is None or count != self._refused_count
            if changed and self.refresh_refused() is not None:
                self._refused_count = count
            if not body["is_open"] and self.is_open:
                self._set_closed()

        call.succeeded.connect(loaded)
        call.failed.connect(self._poll_failed)
        call.finished.connect(done)
        return call

    def refresh_state(self) -> ApiCall | None:
        if self._state_call is not None:
            return None
        call = self._track(self.api.get(sessions_path(self.session_id)))
        self._state_call = call

        def done() -> None:
            self._state_call = None

        def loaded(body: dict[str, Any]) -> None:
            self._set_reachable(True)
            self._set_paused(bool(body["paused"]))
            if not body["is_open"] and self.is_open:
                self._set_closed()

        call.succeeded.connect(loaded)
        call.failed.connect(self._poll_failed)
        call.finished.connect(done)
        return call

    def _poll_failed(self, error: ApiError) -> None:
        # The codes keep rotating (they are computed here); the poll tries again next time.
        if error.unreachable:
            self._set_reachable(False)
        else:
            self.failed.emit(error)

    def set_paused(self, paused: bool) -> ApiCall:
        call = self._track(self.api.patch(sessions_path(self.session_id), {"paused": paused}))
        call.succeeded.connect(lambda body: self._set_paused(bool(body["paused"])))
        call.failed.connect(self.failed)
        return call

    def toggle_paused(self) -> ApiCall | None:
        return self.set_paused(not self.paused) if self.is_open else None

    def close_session(self) -> ApiCall:
        call = self._track(self.api.post(sessions_path(self.session_id, "/close")))
        call.succeeded.connect(lambda _body: self._set_closed())
        call.failed.connect(self.failed)
        return call

    def correct(self, pupil_id: str, status: str) -> ApiCall:
        call = self._track(self.api.put(sessions_path(self.session_id, f"/marks/{pupil_id}"),
                                        {"status": status}))

        def done(body: dict[str, Any]) -> None:
            self.corrected.emit(body)
            self.refresh_roster()
            if not self.is_open:
                self.load_summary()

        call.succeeded.connect(done)
        call.failed.connect(self.failed)
        return call

    def load_summary(self) -> ApiCall:
        """The roster and the refused scans, then ``summaryReady``."""
        roster_call = self._track(self.api.get(sessions_path(self.session_id, "/roster")))

        def with_roster(roster: dict[str, Any]) -> None:
            self.roster = roster
            self.rosterChanged.emit(roster)
            attempts = self._track(self.api.get(
                sessions_path(self.session_id, "/attempts"),
                params={"refused_only": "true", "limit": MAX_ATTEMPTS}))

            def with_attempts(refused: list[dict[str, Any]]) -> None:
                if refused != self.refused:
                    self.refused = refused
                    self.refusedChanged.emit(refused)
                self._summarize(roster, len(refused))

            attempts.succeeded.connect(with_attempts)
            attempts.failed.connect(self.failed)

        roster_call.succeeded.connect(with_roster)
        roster_call.failed.connect(self.failed)
        return roster_call

    def _summarize(self, roster: dict[str, Any], refused: int) -> None:
        self.summary = Summary.from_roster(roster, refused)
        self.summaryReady.emit(self.summary)

    # -- state -----------------------------------------------------------------------------

    def _set_paused(self, paused: bool) -> None:
        if paused != self.paused:
            self.paused = paused
            self.pausedChanged.emit(paused)

    def _set_reachable(self, reachable: bool) -> None:
        if reachable != self.reachable:
            self.reachable = reachable
            self.reachableChanged.emit(reachable)

    def _set_closed(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._poll.stop()
        self._clock_sync.stop()
        self.closedChanged.emit()
        self.load_summary()

    def stop(self) -> None:
        """The window is going away: no more polling, and no late result delivered."""
        self._stopped = True
        self._poll.stop()
        self._clock_sync.stop()
        for call in list(self._calls):
            call.cancel()
        self._calls.clear()
