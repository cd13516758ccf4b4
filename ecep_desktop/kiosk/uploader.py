"""Sends queued card scans to the school server, on its own thread, and keeps the school's
public key fresh. Talks to the API as a kiosk (``Authorization: Kiosk <credential>``), never
as a person. When the server does not answer, it waits (exponential back-off with jitter,
cut short by a new scan) and tries again; nothing leaves the queue before the server has
answered it, and a resent scan keeps its nonce, so a retry is never a second scan."""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ecep_desktop.kiosk.cards import PublicKeyCache
from ecep_desktop.kiosk.scan_queue import ScanQueue

API = "/api/v1/attendance"
BATCH_SIZE = 100
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 30.0
IDLE_PROBE = 15.0  # with nothing to send, check the server this often (the state shown)


@dataclass(frozen=True, slots=True)
class ServerState:
    online: bool
    detail: str = ""  # why not, in the server's words when it gave some
    code: str = ""  # the problem+json code, or "unreachable"


class Uploader(threading.Thread):
    def __init__(
        self,
        base_url: str,
        credential: str,
        queue: ScanQueue,
        key_cache: PublicKeyCache,
        *,
        language: str = "fr",
        on_results: Callable[[list[dict[str, Any]]], None],
        on_state: Callable[[ServerState], None],
        on_key: Callable[[bytes], None],
        on_queue: Callable[[int], None],
        timeout: float = 5.0,
    ) -> None:
        super().__init__(name="kiosk-upload", daemon=True)
        self.base_url = base_url.rstrip("/")
        self.queue = queue
        self.key_cache = key_cache
        self.on_results = on_results
        self.on_state = on_state
        self.on_key = on_key
        self.on_queue = on_queue
        self._headers = {"Authorization": f"Kiosk {credential}", "Accept-Language": language}
        self._timeout = timeout
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._have_key = False
        self._backoff = 0.0
        self._batch_size = BATCH_SIZE
        self.state: ServerState | None = None

    # -- called from any thread ------------------------------------------------------------

    def wake(self) -> None:
        """Try now (a new scan is queued)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    # -- the thread ------------------------------------------------------------------------

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, headers=self._headers,
                          timeout=self._timeout) as client:
            while not self._stopping.is_set():
                try:
                    worked = self._round(client)
                except httpx.TransportError:
                    self._set_state(ServerState(False, code="unreachable"))
                    worked = False
                if self._stopping.is_set():
                    break
                if worked:
                    self._backoff = 0.0
                    if len(self.queue):
                        continue
                    wait = IDLE_PROBE
                else:
                    self._backoff = min(MAX_BACKOFF, max(FIRST_BACKOFF, self._backoff * 2))
                    wait = self._backoff * random.uniform(0.8, 1.2)  # noqa: S311 - jitter only
                self._wake.wait(wait)
                self._wake.clear()

    def _round(self, client: httpx.Client) -> bool:
        """One attempt: fetch the key if missing, then send one batch. True when the server
        answered as expected."""
        if not self._have_key:
            response = client.get(f"{API}/cards/public-key")
            if not self._accepted(response):
                return False
            raw = self.key_cache.save(response.json()["public_key"])
            self._have_key = True
            self.on_key(raw)
        scans = self.queue.oldest(self._batch_size)
        if not scans:
            # Nothing to send: one light request tells whether the server is there.
            return self._accepted(client.get(f"{API}/cards/public-key"))
        body = {
            "scans": [
                {"qr": s.qr, "nonce": s.nonce, "scanned_at": s.scanned_at.isoformat()}
                for s in scans
            ]
        }
        response = client.post(f"{API}/kiosk-scans", json=body)
        if response.status_code == 422:
            # A scan the server cannot read at all (it should not happen: we made it). Send
            # them one by one to find it, then drop that one so it cannot block the rest.
            if len(scans) > 1:
                self._batch_size = 1
                return True
            self.queue.remove([scans[0].nonce])
            self.on_queue(len(self.queue))
            self.on_results([{
                "nonce": scans[0].nonce, "ok": False, "display": "red",
                "result": "validation_error", "message": _detail(response), "name": None,
                "time": "",
            }])
            return True
        if not self._accepted(response):
            return False
        self._batch_size = BATCH_SIZE
        results = response.json()["results"]
        self.queue.remove([r["nonce"] for r in results])
        self.on_queue(len(self.queue))
        self.on_results(results)
        return True

    def _accepted(self, response: httpx.Response) -> bool:
        if response.is_success:
            self._set_state(ServerState(True))
            return True
        code = ""
        with contextlib.suppress(ValueError, AttributeError):
            code = response.json().get("code", "")
        self._set_state(ServerState(False, _detail(response), code or str(response.status_code)))
        return False

    def _set_state(self, state: ServerState) -> None:
        if state != self.state:
            self.state = state
            self.on_state(state)


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body.get("detail") or body.get("title") or response.reason_phrase)
    except ValueError:
        return response.reason_phrase
