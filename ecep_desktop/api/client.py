"""``ApiClient``: the desktop's only way to talk to a school server.

HTTP runs on a small thread pool (httpx, one shared connection pool); results come back to
the GUI thread through a queued signal and are handed to the :class:`ApiCall` of each
request. Token handling lives here and nowhere else:

- the access token is sent with every call made with ``auth=True`` (the default);
- a 401 that a new access token may cure pauses the call, one refresh runs (concurrent
  401s wait for the same refresh: a refresh token is single-use and a replay revokes the
  whole login), then the call is sent once more;
- when no refresh can help (refresh refused, or a refresh whose fate is unknown after a
  network failure), ``session_expired`` is emitted and the calls are parked; the next
  successful ``login`` of the same user sends them again, so a page never loses its work.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from ecep_desktop.api.call import ApiCall, RequestSpec
from ecep_desktop.api.errors import REFRESHABLE_CODES, SESSION_OVER_CODES, ApiError
from ecep_desktop.api.tls import PinnedContext, certificate_changed_in, pin_for

API = "/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=4.0)


@dataclass
class _Outcome:
    """What a worker thread hands back: an HTTP answer, or a transport failure."""

    status: int = 0
    content_type: str = ""
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    transport_error: str | None = None
    maybe_sent: bool = False  # the request may have reached the server before failing
    certificate_changed: bool = False  # refused during the TLS handshake (pinning)
    token_used: str | None = None


class ApiClient(QObject):
    """One school server, one logged-in user at most. Create and use on the GUI thread."""

    reachability_changed = Signal(bool)
    session_expired = Signal()
    logged_in = Signal(object)  # the user (UserRead as a dict)
    logged_out = Signal()
    # (attempt id, _Outcome) from worker threads. Workers never hold a QObject: an ApiCall
    # whose last reference died on a worker thread would be destroyed there.
    _response_ready = Signal(int, object)

    def __init__(self, base_url: str, *, language: str = "fr", max_threads: int = 4,
                 pinned_fingerprint: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url.rstrip("/")
        # HTTPS to a school server: only the pinned certificate is accepted (api/tls.py);
        # without a pin, the system's usual certificate checks apply.
        self.pinned_fingerprint = None
        verify: Any = True
        if self.base_url.startswith("https://"):
            self.pinned_fingerprint = pinned_fingerprint or pin_for(self.base_url)
            if self.pinned_fingerprint:
                verify = PinnedContext(self.pinned_fingerprint)
        self.language = language
        self.me: dict[str, Any] | None = None
        self._access_token: str | None = None
        self._refresh_token: str | None = None
        self._reachable: bool | None = None
        self._expired = False
        self._refresh_call: ApiCall | None = None
        self._waiting: list[ApiCall] = []  # auth calls held for a refresh or a new login
        self._inflight: set[ApiCall] = set()
        self._attempts: dict[int, ApiCall] = {}  # attempt id -> call, while on the wire
        self._next_attempt = itertools.count(1)
        self._closed = False
        self.refresh_count = 0  # refreshes sent (diagnostics and tests)
        self._http = httpx.Client(base_url=self.base_url, timeout=DEFAULT_TIMEOUT,
                                  verify=verify)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._response_ready.connect(self._on_response)

    # -- state -------------------------------------------------------------------------

    @property
    def is_logged_in(self) -> bool:
        return self._refresh_token is not None and not self._expired

    @property
    def session_is_expired(self) -> bool:
        return self._expired

    @property
    def reachable(self) -> bool | None:
        """None until the first answer or failure."""
        return self._reachable

    @property
    def pending_count(self) -> int:
        return len(self._inflight)

    def set_language(self, language: str) -> None:
        """``fr`` or ``en``: the language of the server's ``detail`` messages."""
        self.language = language

    # -- calls -------------------------------------------------------------------------

    def get(self, path: str, *, params: dict[str, Any] | None = None, auth: bool = True,
            timeout: float | None = None) -> ApiCall:
        return self.request("GET", path, params=params, auth=auth, timeout=timeout)

    def post(self, path: str, json: Any = None, *, params: dict[str, Any] | None = None,
             auth: bool = True, timeout: float | None = None) -> ApiCall:
        return self.request("POST", path, params=params, json=json, auth=auth, timeout=timeout)

    def patch(self, path: str, json: Any = None, *, auth: bool = True) -> ApiCall:
        return self.request("PATCH", path, json=json, auth=auth)

    def put(self, path: str, json: Any = None, *, auth: bool = True) -> ApiCall:
        return self.request("PUT", path, json=json, auth=auth)

    def delete(self, path: str, *, params: dict[str, Any] | None = None,
               auth: bool = True) -> ApiCall:
        return self.request("DELETE", path, params=params, auth=auth)

    def get_bytes(self, path: str, *, params: dict[str, Any] | None = None,
                  timeout: float | None = None) -> ApiCall:
        """A file (PDF, CSV): ``succeeded`` receives ``bytes``; headers in ``call.headers``."""
        return self.request("GET", path, params=params, expect="bytes", timeout=timeout)

    def upload(self, path: str, *, field_name: str, filename: str, content: bytes,
               content_type: str = "application/octet-stream",
               data: dict[str, Any] | None = None, params: dict[str, Any] | None = None,
               expect: str = "json", timeout: float | None = None) -> ApiCall:
        """A multipart/form-data POST of one file (plus optional form fields)."""
        return self.request(
            "POST", path, params=params, data=data,
            files={field_name: (filename, content, content_type)}, expect=expect,
            timeout=timeout,
        )

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                json: Any = None, data: dict[str, Any] | None = None,
                files: dict[str, tuple[str, bytes, str]] | None = None, expect: str = "json",
                auth: bool = True, timeout: float | None = None,
                headers: dict[str, str] | None = None) -> ApiCall:
        spec = RequestSpec(
            method=method.upper(), path=path, params=params, json=json, data=data, files=files,
            expect=expect, auth=auth, timeout=timeout, headers=dict(headers or {}),
        )
        call = ApiCall(spec)
        self._inflight.add(call)
        self._submit(call)
        return call

    # -- session -----------------------------------------------------------------------

    def login(self, username: str, password: str) -> ApiCall:
        """``succeeded`` receives the token pair body (its ``user`` is now ``self.me``)."""
        call = self.post(f"{API}/auth/login", {"username": username, "password": password},
                         auth=False)
        call._on_ok = self._on_logged_in
        return call

    def logout(self) -> ApiCall:
        """Ends the session on the server too; local tokens are forgotten at once."""
        call = self.post(f"{API}/auth/logout", {"refresh_token": self._refresh_token})
        self._access_token = self._refresh_token = None
        self.me = None
        self._expired = False
        self._fail_waiting(ApiError.session_expired_error())
        self.logged_out.emit()
        return call

    def check_reachability(self) -> ApiCall:
        """GET /api/v1/health; ``reachability_changed`` fires if the answer changes it."""
        return self.get(f"{API}/health", auth=False, timeout=5.0)

    def close(self) -> None:
        """Wait for running requests (bounded by their timeouts), then free the pool."""
        if self._closed:
            return
        self._closed = True
        self._pool.waitForDone(20_000)
        self._http.close()

    # -- internals: sending ------------------------------------------------------------

    def _submit(self, call: ApiCall) -> None:
        if call.spec.auth and (self._expired or self._refresh_call is not None):
            self._waiting.append(call)
            return
        if self._closed:
            # Later, like every result: the caller connects after the call is made.
            error = ApiError.unreachable_error("client closed")
            QTimer.singleShot(0, partial(self._finish, call, error=error))
            return
        call.attempts += 1
        token = self._access_token if call.spec.auth else None
        attempt = next(self._next_attempt)
        self._attempts[attempt] = call
        self._pool.start(partial(self._perform, attempt, call.spec, token, self.language))

    def _perform(self, attempt: int, spec: RequestSpec, token: str | None,
                 language: str) -> None:
        """Runs on a pool thread: touches no widget and no client state but ``_http``."""
        headers = {"Accept-Language": language, **spec.headers}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        outcome = _Outcome(token_used=token)
        try:
            response = self._http.request(
                spec.method, spec.path, params=spec.params, json=spec.json, data=spec.data,
                files=spec.files, headers=headers,
                timeout=spec.timeout if spec.timeout is not None else DEFAULT_TIMEOUT,
            )
            outcome.status = response.status_code
            outcome.content_type = response.headers.get("content-type", "")
            outcome.headers = dict(response.headers)
            if "json" in outcome.content_type:
                outcome.payload = response.json() if response.content else None
            elif spec.expect == "bytes" or response.content:
                outcome.payload = response.content
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            outcome.transport_error = f"{type(exc).__name__}: {exc}"
            outcome.certificate_changed = certificate_changed_in(exc) is not None
        except (httpx.HTTPError, ValueError) as exc:
            outcome.transport_error = f"{type(exc).__name__}: {exc}"
            outcome.maybe_sent = True
        # RuntimeError: the client was destroyed while the request ran.
        with contextlib.suppress(RuntimeError):
            self._response_ready.emit(attempt, outcome)

    # -- internals: answers (GUI thread) -----------------------------------------------

    def _on_response(self, attempt: int, outcome: _Outcome) -> None:
        call = self._attempts.pop(attempt, None)
        if call is None:
            return
        if outcome.transport_error is not None:
            on_error: Callable[[ApiError, _Outcome], None] | None = call._on_error
            if outcome.certificate_changed:
                # Reachable, but not the server this PC trusts: never "retry later".
                error = ApiError.certificate_changed_error(outcome.transport_error)
            else:
                self._set_reachable(False)
                error = ApiError.unreachable_error(outcome.transport_error)
            if on_error is not None:
                on_error(error, outcome)
            self._finish(call, error=error)
            return
        self._set_reachable(True)
        if 200 <= outcome.status < 300:
            on_ok: Callable[[Any], None] | None = call._on_ok
            if on_ok is not None:
                on_ok(outcome.payload)
            call.headers = outcome.headers
            self._finish(call, payload=outcome.payload)
            return
        error = ApiError.from_response(outcome.status, outcome.content_type, outcome.payload)
        if (call.spec.auth and outcome.status == 401 and error.code in REFRESHABLE_CODES
                and not call._refreshed
                and (self._refresh_token is not None or self._expired)):
            call._refreshed = True
            if outcome.token_used != self._access_token and self._access_token is not None:
                self._submit(call)  # a refresh already happened since this call was sent
            else:
                self._waiting.append(call)
                self._start_refresh()
            return
        on_error = call._on_error
        if on_error is not None:
            on_error(error, outcome)
        self._finish(call, error=error)

    def _finish(self, call: ApiCall, *, payload: Any = None, error: ApiError | None = None) -> None:
        self._inflight.discard(call)
        if error is not None:
            call._fail(error)
        else:
            call._succeed(payload)

    def _set_reachable(self, reachable: bool) -> None:
        if reachable != self._reachable:
            self._reachable = reachable
            self.reachability_changed.emit(reachable)

    # -- internals: refresh and re-login -----------------------------------------------

    def _start_refresh(self) -> None:
        if self._refresh_call is not None or self._expired:
            return
        if self._refresh_token is None:
            self._expire()
            return
        spec = RequestSpec("POST", f"{API}/auth/refresh",
                           json={"refresh_token": self._refresh_token}, auth=False)
        call = ApiCall(spec)
        call._on_ok = self._on_refreshed
        call._on_error = self._on_refresh_failed
        self._refresh_call = call
        self.refresh_count += 1
        self._inflight.add(call)
        self._submit(call)

    def _store_tokens(self, pair: dict[str, Any]) -> None:
        # The newest refresh token is stored before the new access token is ever used.
        self._refresh_token = pair["refresh_token"]
        self._access_token = pair["access_token"]
        self.me = pair.get("user", self.me)

    def _on_refreshed(self, pair: dict[str, Any]) -> None:
        self._store_tokens(pair)
        self._refresh_call = None
        self._resend_waiting()

    def _on_refresh_failed(self, error: ApiError, outcome: _Outcome) -> None:
        self._refresh_call = None
        if error.unreachable and not outcome.maybe_sent:
            # Never reached the server: the refresh token is still good; the calls fail
            # as unreachable and the next call will try again.
            self._fail_waiting(error)
        elif error.unreachable or error.code in SESSION_OVER_CODES or error.status == 401:
            # Refused, or its fate unknown (retrying a refresh that the server may have
            # used would revoke the whole login): only a new login helps.
            self._expire()
        else:
            self._fail_waiting(error)

    def _expire(self) -> None:
        if self._expired:
            return
        self._expired = True
        self._access_token = self._refresh_token = None
        self.session_expired.emit()

    def _on_logged_in(self, pair: dict[str, Any]) -> None:
        previous = self.me
        self._store_tokens(pair)
        was_expired = self._expired
        self._expired = False
        same_user = previous is not None and previous.get("id") == pair["user"].get("id")
        if was_expired and not same_user:
            self._fail_waiting(ApiError.session_expired_error())
        self.logged_in.emit(self.me)
        self._resend_waiting()

    def _resend_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for call in waiting:
            call._refreshed = False
            self._submit(call)

    def _fail_waiting(self, error: ApiError) -> None:
        waiting, self._waiting = self._waiting, []
        for call in waiting:
            self._finish(call, error=error)
