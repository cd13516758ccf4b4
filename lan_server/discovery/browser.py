"""THE discovery client: finds eCEP servers on the LAN and confirms each one over HTTP(S)
before reporting it. Pure (zeroconf + httpx): the desktop's "connect to a school server"
list, ``ecep-server discover`` and the tests all use it.

A server is reported only once ``GET /api/v1/info`` on one of its advertised addresses
answered with the advertised ``id`` (and, over HTTPS, with a certificate whose SHA-256 is
the advertised ``fp``). Callbacks run on the browser's own worker thread, one at a time:
a GUI must hand them over to its own thread (a Qt signal does)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import httpx
from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf
from zeroconf import ServiceInfo as ZeroconfServiceInfo

from lan_server.discovery.records import API_PREFIX, SERVICE_TYPE, decode_txt
from lan_server.tls import fingerprint_of_der

log = logging.getLogger(__name__)
RESOLVE_TIMEOUT_MS = 3000
# A server announced but not answering yet (or a passing network hiccup): confirmation is
# tried again after these delays before the server is left out.
RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


class DiscoveryError(Exception):
    """A server that could not be confirmed; ``str()`` says why in plain words."""


class ServerMismatch(DiscoveryError):
    pass


class FingerprintMismatch(DiscoveryError):
    def __init__(self, expected: str, presented: str | None) -> None:
        self.expected, self.presented = expected, presented
        super().__init__(
            "The server's certificate has changed: expected fingerprint "
            f"{expected}, got {presented or 'none'}. It may be another machine pretending "
            "to be the school server; connect only if the administrator replaced the "
            "certificate, and pair again."
        )


@dataclass(frozen=True)
class DiscoveredServer:
    instance: str  # zeroconf instance name ("" when confirmed without zeroconf)
    server_id: str
    school_id: str | None
    school_name: str | None  # from /info
    version: str
    role: str
    proto: str  # "http" | "https"
    fingerprint: str | None  # sha256 hex, https only
    host: str  # the address that answered /info
    port: int
    api: str

    @property
    def base_url(self) -> str:
        return f"{self.proto}://{self.host}:{self.port}"


def _peer_fingerprint(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(True)  # binary form: DER
    return fingerprint_of_der(der) if der else None


def confirm(host: str, port: int, proto: str, expected_id: str | None,
            fingerprint: str | None, timeout: float = 2.0, *,
            instance: str = "") -> DiscoveredServer:
    """``GET /api/v1/info`` at host:port; the server it describes, or DiscoveryError when
    it is not an eCEP server, not the expected one (``expected_id``) or, over HTTPS,
    presents a certificate other than ``fingerprint`` (None: trust on first use, the
    caller pins the returned ``fingerprint``)."""
    if proto not in ("http", "https"):
        raise DiscoveryError(f"unknown protocol {proto!r}")
    url = f"{proto}://{host}:{port}{API_PREFIX}/info"
    # verify=False: the certificate is self-signed; trust comes from the pinned fingerprint,
    # checked before the answer is used.
    client = httpx.Client(timeout=timeout, verify=False)  # noqa: S501 - pinned below
    try:
        with client, client.stream("GET", url, headers={"Accept": "application/json"}) as response:
            presented = _peer_fingerprint(response) if proto == "https" else None
            if proto == "https" and fingerprint and presented != fingerprint.lower():
                raise FingerprintMismatch(fingerprint.lower(), presented)
            response.read()
    except httpx.HTTPError as exc:
        raise DiscoveryError(f"no answer from {url}: {exc}") from exc
    if response.status_code != 200:
        raise DiscoveryError(f"{url} answered {response.status_code}")
    try:
        body: dict[str, Any] = response.json()
        server_id = str(body["server_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise DiscoveryError(f"{url} is not an eCEP server") from exc
    if expected_id is not None and server_id != expected_id:
        raise ServerMismatch(
            f"{url} is server {server_id}, not the advertised {expected_id}"
        )
    if proto == "https" and body.get("fingerprint") and body["fingerprint"] != presented:
        raise FingerprintMismatch(str(body["fingerprint"]), presented)
    return DiscoveredServer(
        instance=instance,
        server_id=server_id,
        school_id=str(body["school_id"]) if body.get("school_id") else None,
        school_name=body.get("school_name"),
        version=str(body.get("version", "")),
        role=str(body.get("role", "school")),
        proto=proto,
        fingerprint=presented,
        host=host,
        port=port,
        api=str(body.get("api", API_PREFIX)),
    )


def confirm_any(hosts: list[str], port: int, proto: str, expected_id: str | None,
                fingerprint: str | None, timeout: float = 2.0, *,
                instance: str = "") -> DiscoveredServer:
    """``confirm`` on every address at once; the first that confirms wins (an address that
    left the LAN would otherwise cost a whole timeout). A fingerprint mismatch wins over
    "no answer": it is the error to show."""
    if not hosts:
        raise DiscoveryError("no address advertised")
    errors: list[DiscoveryError] = []
    pool = ThreadPoolExecutor(max_workers=len(hosts), thread_name_prefix="ecep-confirm")
    try:
        pending = {pool.submit(confirm, host, port, proto, expected_id, fingerprint, timeout,
                               instance=instance) for host in hosts}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    return future.result()
                except DiscoveryError as exc:
                    errors.append(exc)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    raise next((e for e in errors if isinstance(e, FingerprintMismatch)), errors[0])


class ServerBrowser:
    """Browses ``_ecep._tcp.local.``; reports confirmed servers appearing (``on_found``),
    changing address or facts (``on_changed``) and leaving (``on_lost``, with the server
    id). ``interfaces``: IPv4 addresses to listen on (None: all of the machine's)."""

    def __init__(self, *, interfaces: list[str] | None = None,
                 on_found: Callable[[DiscoveredServer], None] | None = None,
                 on_changed: Callable[[DiscoveredServer], None] | None = None,
                 on_lost: Callable[[str], None] | None = None,
                 confirm_timeout: float = 2.0) -> None:
        self._interfaces = interfaces
        self._on_found, self._on_changed, self._on_lost = on_found, on_changed, on_lost
        self._confirm_timeout = confirm_timeout
        self._servers: dict[str, DiscoveredServer] = {}  # by instance name
        self._lock = threading.Lock()
        self._events: queue.Queue[tuple[str, str, int] | None] = queue.Queue()
        self._retries: set[threading.Timer] = set()
        self._zc: Zeroconf | None = None
        self._browser: ServiceBrowser | None = None
        self._worker: threading.Thread | None = None

    def start(self) -> None:
        """Returns at once; discovery goes on in the background until ``stop``."""
        if self._zc is not None:
            return
        self._worker = threading.Thread(target=self._work, name="ecep-browser", daemon=True)
        self._worker.start()
        interfaces: Any = self._interfaces if self._interfaces else None
        if interfaces is None:
            self._zc = Zeroconf(ip_version=IPVersion.V4Only)
        else:
            self._zc = Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
        self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, handlers=[self._on_change])

    def stop(self) -> None:
        for timer in list(self._retries):
            timer.cancel()
        if self._browser is not None:
            self._browser.cancel()
            self._browser = None
        if self._zc is not None:
            self._zc.close()
            self._zc = None
        if self._worker is not None:
            self._events.put(None)
            self._worker.join(timeout=10)
            self._worker = None

    def servers(self) -> list[DiscoveredServer]:
        with self._lock:
            return sorted(self._servers.values(), key=lambda s: (s.school_name or "", s.instance))

    def __enter__(self) -> ServerBrowser:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------------

    def _on_change(self, zeroconf: Zeroconf, service_type: str, name: str,
                   state_change: ServiceStateChange) -> None:
        # zeroconf's thread: never block it; the worker resolves and confirms.
        self._events.put((state_change.name, name, 0))

    def _work(self) -> None:
        while (event := self._events.get()) is not None:
            kind, name, attempt = event
            try:
                if kind == ServiceStateChange.Removed.name:
                    self._lost(name)
                elif not self._resolve(name) and attempt < len(RETRY_DELAYS):
                    self._retry_later(name, attempt)
            except Exception:  # one odd service must not stop the browser
                log.exception("discovery: %s failed", name)

    def _retry_later(self, name: str, attempt: int) -> None:
        def again() -> None:
            self._retries.discard(timer)
            if self._zc is not None:
                self._events.put((ServiceStateChange.Updated.name, name, attempt + 1))

        timer = threading.Timer(RETRY_DELAYS[attempt], again)
        timer.daemon = True
        self._retries.add(timer)
        timer.start()

    def _lost(self, name: str) -> None:
        with self._lock:
            gone = self._servers.pop(name, None)
        if gone is not None and self._on_lost is not None:
            self._on_lost(gone.server_id)

    def _resolve(self, name: str) -> bool:
        """Resolves and confirms ``name``; False when it should be tried again."""
        zc = self._zc
        if zc is None:
            return True
        info = ZeroconfServiceInfo(SERVICE_TYPE, name)
        if not info.request(zc, RESOLVE_TIMEOUT_MS) or info.port is None:
            return False
        txt = decode_txt(info.properties)
        proto = txt.get("proto", "http")
        known = self._servers.get(name)
        hosts = info.parsed_addresses(IPVersion.V4Only)
        if known is not None and known.host in hosts:
            hosts.remove(known.host)
            hosts.insert(0, known.host)
        try:
            server = confirm_any(hosts, info.port, proto, txt.get("id"), txt.get("fp") or None,
                                 self._confirm_timeout, instance=name)
        except FingerprintMismatch:
            log.warning("discovery: %s presents another certificate than it advertises", name)
            return True
        except DiscoveryError:
            return False
        with self._lock:
            before = self._servers.get(name)
            self._servers[name] = server
        if before is None:
            if self._on_found is not None:
                self._on_found(server)
        elif before != server and self._on_changed is not None:
            self._on_changed(server)
        return True

