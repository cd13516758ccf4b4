"""A TCP proxy between a school server and the hub, inside the tests (loopback only): it
can refuse the link, cut it in the middle of a push batch, delay every chunk, hold the
hub's answers to pushes, and replay what went through, byte for byte."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from dataclasses import dataclass, field

PUSH_LINE = b"POST /api/v1/hub/push"
PULL_LINE = b"GET /api/v1/hub/pull"


@dataclass
class _Link:
    client: socket.socket
    upstream: socket.socket
    sent: bytearray = field(default_factory=bytearray)  # everything the school sent
    request: bytes = b""  # the current request's first line
    request_bytes: int = 0


class FaultyProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connected = True
        self.delay = 0.0
        self.cut_push_after_bytes: int | None = None
        self.hold_push_answers = False
        self.cuts = 0
        self.push_requests = 0
        self.pull_answers = 0
        self.recorded: list[bytes] = []
        self._links: list[_Link] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="proxy")
        self._thread.start()

    # -- control -------------------------------------------------------------------------------

    def cut_all(self) -> None:
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            self._close(link)

    def close(self) -> None:
        self._stop.set()
        self.cut_all()
        with contextlib.suppress(OSError):
            self.listener.close()
        self._thread.join(timeout=5)

    def replay(self, stream: bytes, idle: float = 2.0) -> bytes:
        """Sends ``stream`` (requests recorded earlier) to the hub again; returns what it
        answered until it fell silent (the connection is kept alive, as the school's was)."""
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10) as sock:
            sock.sendall(stream)
            sock.settimeout(idle)
            chunks = []
            with contextlib.suppress(OSError):
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
            return b"".join(chunks)

    # -- plumbing ------------------------------------------------------------------------------

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _addr = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            if not self.connected:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()
                continue
            link = _Link(client, upstream)
            with self._lock:
                self._links.append(link)
            threading.Thread(target=self._pump, args=(link,), daemon=True).start()

    def _close(self, link: _Link) -> None:
        for sock in (link.client, link.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        if link.sent:
            self.recorded.append(bytes(link.sent))
            link.sent = bytearray()

    def _pump(self, link: _Link) -> None:
        held = bytearray()
        try:
            while not self._stop.is_set():
                if not self.connected:
                    break
                readable, _w, _x = select.select([link.client, link.upstream], [], [], 0.1)
                for sock in readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        raise ConnectionError
                    if self.delay:
                        time.sleep(self.delay)
                    if sock is link.client:
                        if chunk.startswith((b"GET ", b"POST ", b"PUT ", b"DELETE ")):
                            link.request = chunk.split(b"\r\n", 1)[0]
                            link.request_bytes = 0
                            if link.request.startswith(PUSH_LINE):
                                self.push_requests += 1
                        link.request_bytes += len(chunk)
                        link.sent += chunk
                        limit = self.cut_push_after_bytes
                        if (
                            limit is not None and link.request.startswith(PUSH_LINE)
                            and link.request_bytes > limit
                        ):
                            keep = max(0, limit - (link.request_bytes - len(chunk)))
                            link.upstream.sendall(chunk[:keep])
                            self.cuts += 1
                            raise ConnectionError
                        link.upstream.sendall(chunk)
                    else:
                        if link.request.startswith(PUSH_LINE) and self.hold_push_answers:
                            held += chunk  # the hub has applied it; the school never hears
                            continue
                        if link.request.startswith(PULL_LINE):
                            self.pull_answers += 1
                        link.client.sendall(chunk)
        except (ConnectionError, OSError):
            pass
        finally:
            with self._lock:
                if link in self._links:
                    self._links.remove(link)
            self._close(link)
