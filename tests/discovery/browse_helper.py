"""The discovery client as a separate process (run inside a network namespace by the tests):
prints one JSON line per event (found, changed, lost) until its stdin closes.

    python -m tests.discovery.browse_helper 10.231.7.2
"""

from __future__ import annotations

import dataclasses
import json
import sys
import threading

from lan_server.discovery.browser import DiscoveredServer, ServerBrowser

_lock = threading.Lock()


def _emit(kind: str, value: DiscoveredServer | str) -> None:
    payload = value if isinstance(value, str) else dataclasses.asdict(value)
    with _lock:
        print(json.dumps({"event": kind, "server": payload}), flush=True)


def main(argv: list[str]) -> int:
    interfaces = [a for a in argv[0].split(",") if a] if argv else None
    browser = ServerBrowser(
        interfaces=interfaces,
        on_found=lambda s: _emit("found", s),
        on_changed=lambda s: _emit("changed", s),
        on_lost=lambda server_id: _emit("lost", server_id),
    )
    browser.start()
    print(json.dumps({"event": "started"}), flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin
    finally:
        browser.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
