"""Manual entry of a server's address: which URLs to try, and trying them off the GUI thread.

"192.168.1.10" tries https://192.168.1.10:8470 then http://192.168.1.10:8470; a port or a
scheme given by the user is kept. Over HTTPS the certificate's fingerprint is read first,
then ``/api/v1/info`` is asked through a connection pinned to it (what the user is then asked
to accept is exactly the certificate that answered)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx
from PySide6.QtCore import QObject, QThreadPool, Signal

from ecep_desktop.api import API
from ecep_desktop.api.tls import PinnedContext, fetch_fingerprint
from ecep_desktop.settings import DEFAULT_PORT


def candidate_urls(text: str, default_port: int = DEFAULT_PORT) -> list[str]:
    """The URLs to try for what the user typed, in order."""
    value = text.strip().rstrip("/")
    if not value:
        return []
    schemes = ["https", "http"]
    if "://" in value:
        scheme, value = value.split("://", 1)
        schemes = [scheme.lower()]
    parts = urlsplit(f"//{value}")
    host = parts.hostname or ""
    if not host:
        return []
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port or default_port
    except ValueError:
        return []
    return [f"{scheme}://{host}:{port}" for scheme in schemes]


@dataclass
class ProbeResult:
    url: str
    info: dict[str, Any]
    fingerprint: str | None  # of the certificate that answered (HTTPS only)


class ServerProbe(QObject):
    """``found(ProbeResult)`` for the first candidate that answers like an eCEP server,
    else ``failed(list of reasons)``. One probe at a time per instance."""

    found = Signal(object)
    failed = Signal(object)
    _done = Signal(object, object)

    def __init__(self, language: str = "fr", timeout: float = 4.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.timeout = timeout
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._done.connect(self._deliver)

    def start(self, urls: list[str]) -> None:
        self._pool.start(partial(self._run, list(urls), self.language, self.timeout))

    def wait(self) -> None:
        self._pool.waitForDone(30_000)

    def _run(self, urls: list[str], language: str, timeout: float) -> None:
        reasons: list[str] = []
        for url in urls:
            try:
                result = _probe_one(url, language, timeout)
            except (OSError, httpx.HTTPError, ValueError) as exc:
                reasons.append(f"{url}: {type(exc).__name__}: {exc}")
                continue
            if result is not None:
                self._emit(result, None)
                return
            reasons.append(f"{url}: not an eCEP server")
        self._emit(None, reasons)

    def _emit(self, result: ProbeResult | None, reasons: list[str] | None) -> None:
        # RuntimeError: the dialog that owned the probe was closed meanwhile.
        with contextlib.suppress(RuntimeError):
            self._done.emit(result, reasons)

    def _deliver(self, result: ProbeResult | None, reasons: list[str] | None) -> None:
        if result is not None:
            self.found.emit(result)
        else:
            self.failed.emit(reasons or [])


def _probe_one(url: str, language: str, timeout: float) -> ProbeResult | None:
    parts = urlsplit(url)
    fingerprint = None
    verify: Any = True
    if parts.scheme == "https":
        fingerprint = fetch_fingerprint(parts.hostname or "", parts.port or 443, timeout)
        verify = PinnedContext(fingerprint)
    with httpx.Client(base_url=url, timeout=timeout, verify=verify) as client:
        response = client.get(f"{API}/info", headers={"Accept-Language": language})
    if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
        return None
    info = response.json()
    if not isinstance(info, dict) or "server_id" not in info:
        return None
    return ProbeResult(url, info, fingerprint)
