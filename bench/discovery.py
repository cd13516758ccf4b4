"""LAN discovery: from the start of a browse to a confirmed server (found over mDNS, then
``GET /api/v1/info`` answered with the advertised id), with the discovery client the
desktop uses (lan_server.discovery.browser.ServerBrowser), on loopback only.

Rows:
- ``announced``: the server (an ``ecep-server serve`` subprocess) is already announced;
  each run starts a new browser (new zeroconf instance, empty cache) and stops the clock
  at its ``on_found`` callback.
- ``server after browser``: the browser starts, then the server process; the clock runs
  from the browse start (so it counts the server's own start) and, in a second column,
  from the moment the server's log says it is announced.
- baseline: a plain ``GET /api/v1/info`` on a new connection (httpx), the part of a
  confirmation that no discovery can avoid, measured in the same run.

Target (reported, never asserted): p95 of ``announced`` under 500 ms.

    .venv/bin/python bench/discovery.py [--runs 20] [--late-runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from bench import common  # noqa: E402
from bench.common import API, LOOPBACK, ServerProcess  # noqa: E402
from lan_server.discovery.browser import DiscoveredServer, ServerBrowser  # noqa: E402

TARGET_P95_MS = 500.0
# A line of the server's logs/server.log (lan_server/ops/logs.py: time, level, pid, logger).
ANNOUNCED = re.compile(
    r"^(\S+ \S+) INFO (?:\d+ )?lan_server\.discovery\.advertiser: discovery: announced",
    re.MULTILINE)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs with the server announced")
    parser.add_argument("--late-runs", type=int, default=20,
                        help="runs with the server starting after the browser")
    parser.add_argument("--timeout", type=float, default=30.0)
    return parser.parse_args(argv)


def browse_until_found(server_id: str, timeout: float,
                       before: Any = None) -> tuple[float, float, DiscoveredServer]:
    """(perf_counter at browse start, at on_found for ``server_id``, the server);
    ``before()`` runs right after the browse starts (e.g. starts the server)."""
    found: list[DiscoveredServer] = []
    done = threading.Event()

    def on_found(server: DiscoveredServer) -> None:
        if server.server_id == server_id and not done.is_set():
            found.append(server)
            done.set()

    browser = ServerBrowser(interfaces=[LOOPBACK], on_found=on_found)
    start = time.perf_counter()
    browser.start()
    try:
        if before is not None:
            before()
        if not done.wait(timeout):
            raise RuntimeError(f"server {server_id} not found in {timeout} s")
        return start, time.perf_counter(), found[0]
    finally:
        browser.stop()


def _announced_at(server: ServerProcess) -> float:
    """The wall-clock time of the server's last "announced" log line (the log file is
    shared by the runs on one data directory: the last line is this run's)."""
    from lan_server.ops.logs import SERVER_LOG

    log_file = server.data_dir / "logs" / SERVER_LOG
    text = log_file.read_text(errors="replace") if log_file.exists() else ""
    stamps = ANNOUNCED.findall(text)
    if not stamps:
        return float("nan")
    when = dt.datetime.strptime(stamps[-1], "%Y-%m-%d %H:%M:%S,%f")  # noqa: DTZ007 - local
    return when.timestamp()


def summary(label: str, seconds: list[float], extra: list[float] | None = None) -> dict[str, Any]:
    row = {
        "case": label, "runs": len(seconds),
        "median_ms": common.ms(common.median(seconds)),
        "p95_ms": common.ms(common.percentile(seconds, 95)),
        "min_ms": common.ms(min(seconds)), "max_ms": common.ms(max(seconds)),
    }
    if extra:
        row["after_announce_median_ms"] = common.ms(common.median(extra))
        row["after_announce_p95_ms"] = common.ms(common.percentile(extra, 95))
    return row


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    machine = common.machine_info()
    common.print_machine(machine)
    with tempfile.TemporaryDirectory(prefix="ecep-bench-discovery-") as tmp:
        data_dir = Path(tmp)
        common.init_school(data_dir)
        server = ServerProcess(data_dir)  # serve --host 127.0.0.1: announced on loopback only
        with server:
            server_id = httpx.get(f"{server.url}{API}/info", timeout=10).json()["server_id"]
            browse_until_found(server_id, args.timeout)  # announced, and the imports warm
            baseline, announced = [], []
            for _ in range(args.runs):  # alternated, so both see the same machine load
                start = time.perf_counter()
                with httpx.Client(timeout=10) as client:
                    assert client.get(f"{server.url}{API}/info").status_code == 200
                baseline.append(time.perf_counter() - start)
                began, ended, _found = browse_until_found(server_id, args.timeout)
                announced.append(ended - began)

        late, late_after_announce = [], []
        for _ in range(args.late_runs):
            late_server = ServerProcess(data_dir, port=server.port)
            try:
                began, ended, _found = browse_until_found(
                    server_id, args.timeout + 60, before=late_server.start)
                wall_found = time.time()
                late.append(ended - began)
                late_after_announce.append(wall_found - _announced_at(late_server))
            finally:
                late_server.stop()

    rows = [
        summary("GET /info (baseline)", baseline),
        summary("announced", announced),
        summary("server after browser", late, late_after_announce),
    ]
    columns = [("case", "case"), ("runs", "runs"), ("median_ms", "median ms"),
               ("p95_ms", "p95 ms"), ("min_ms", "min ms"), ("max_ms", "max ms"),
               ("after_announce_median_ms", "after announce median ms"),
               ("after_announce_p95_ms", "after announce p95 ms")]
    print(common.table(rows, columns))
    ratio = common.median(announced) / common.median(baseline)
    p95 = common.ms(common.percentile(announced, 95))
    print(f"announced: median {ratio:.1f}x a plain GET /info; p95 {p95} ms "
          f"(target < {TARGET_P95_MS:.0f} ms: {'met' if p95 < TARGET_P95_MS else 'NOT met'})")
    results = {"machine": machine, "code": common.code_info(), "rows": rows,
               "ratio_announced_to_get_info": round(ratio, 2), "target_p95_ms": TARGET_P95_MS}
    print(f"results: {common.write_results('discovery', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
