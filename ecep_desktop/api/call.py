"""One API call as seen by a page: a handle whose signals fire on the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from ecep_desktop.api.errors import ApiError


@dataclass
class RequestSpec:
    """Everything needed to send (and resend) one request; read by a worker thread, never
    changed after the call is submitted (``access_token`` is set per attempt)."""

    method: str
    path: str
    params: dict[str, Any] | None = None
    json: Any = None
    data: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    expect: str = "json"  # "json" or "bytes"
    auth: bool = True
    timeout: float | None = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiCall(QObject):
    """Returned by every :class:`ApiClient` method. Connect before control returns to the
    event loop (results are always delivered later, on the GUI thread):

    - ``succeeded(object)``: the JSON body (``None`` for 204), or ``bytes`` for
      ``get_bytes``; response headers are in ``call.headers`` (e.g. Content-Disposition).
    - ``failed(object)``: an :class:`ApiError`.
    - ``finished()``: after either.

    A 401 for an expired access token never reaches ``failed``: the client refreshes and
    resends once, or parks the call until the user logs in again (``session_expired``).
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, spec: RequestSpec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.attempts = 0
        self.cancelled = False
        self.done = False
        self.result: Any = None
        self.error: ApiError | None = None
        self.headers: dict[str, str] = {}
        # Set by the client only: hooks run before the signals, and the refresh-retry flag.
        self._on_ok: Any = None
        self._on_error: Any = None
        self._refreshed = False

    def cancel(self) -> None:
        """Forget the result (e.g. the page that asked is closing): no signal will fire."""
        self.cancelled = True

    def _succeed(self, payload: Any) -> None:
        self.done = True
        self.result = payload
        if not self.cancelled:
            self.succeeded.emit(payload)
            self.finished.emit()

    def _fail(self, error: ApiError) -> None:
        self.done = True
        self.error = error
        if not self.cancelled:
            self.failed.emit(error)
            self.finished.emit()

    def __repr__(self) -> str:
        return f"<ApiCall {self.spec.method} {self.spec.path}>"
