"""Desktop cold start: from process start to a usable main window, logged in, against an
already running ``ecep-server serve`` (a subprocess on a free loopback port).

Each run starts a new Python process and stops the clock when the process prints ``ready``
(the main window is shown and its first page built; ``--exit-when-ready``), so imports,
QApplication, translations, the ``/info`` call, the login (argon2 on the server), the
permissions call and the first page are all counted. The baseline, measured in the same
run and alternated with it, is the floor of any PySide6 app on this machine: a new Python
process that imports QtWidgets, makes a QApplication and shows an empty QMainWindow.

A third row, "embedded", is the school PC's real morning: the app starts its own server
(``--embedded``, a child ``lan_server serve`` on a data directory with a school) and logs
in; the server's start is counted, and the app stops it when it quits.

Figures: median, min and max wall time of N runs of each, and the ratio of the medians.
Target on the 2-core reference machine (reported, never asserted): median under 3 s.

    .venv/bin/python bench/desktop_start.py [--runs 7] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402
from bench.common import ADMIN_PASSWORD, ADMIN_USERNAME, REPO_ROOT, ServerProcess  # noqa: E402

TARGET_MEDIAN_S = 3.0
BASELINE_CODE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.show()\n"
    "app.processEvents()\n"
    "print('ready', flush=True)\n"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=None,
                        help="QT_QPA_PLATFORM (default: offscreen without a DISPLAY)")
    parser.add_argument("--timeout", type=float, default=60.0)
    return parser.parse_args(argv)


def timed_until_ready(command: list[str], env: dict[str, str], timeout: float) -> float:
    """Seconds from starting the process to its ``ready`` line; the process is then waited
    for (it quits by itself) and killed by its own PID if it does not."""
    started = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ready"):
                elapsed = time.perf_counter() - started
                break
            if time.perf_counter() - started > timeout:
                raise RuntimeError("no ready line in time")
        else:
            stderr = proc.stderr.read() if proc.stderr else ""
            raise RuntimeError(f"exited ({proc.wait()}) without ready: {stderr[-2000:]}")
        proc.wait(timeout=timeout)
        return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    machine = common.machine_info()
    print(f"== desktop_start: cold start to a logged-in main window, {args.runs} runs ==")
    common.print_machine(machine)
    platform = args.platform or ("offscreen" if not os.environ.get("DISPLAY") else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    results: dict[str, Any] = {"benchmark": "desktop_start", "machine": machine,
                               "runs": args.runs, "platform": platform or "default",
                               "code": common.code_info()}
    with tempfile.TemporaryDirectory(prefix="ecep-bench-desktop-") as tmp:
        data_dir = Path(tmp) / "data"
        common.init_school(data_dir)
        with ServerProcess(data_dir=data_dir, log_level="warning") as server:
            desktop_env = {**env, "ECEP_DESKTOP_PASSWORD": ADMIN_PASSWORD,
                           "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
            desktop = [sys.executable, "-m", "ecep_desktop", "--server", server.url,
                       "--user", ADMIN_USERNAME, "--settings", str(Path(tmp) / "desktop.ini"),
                       "--language", "fr", "--exit-when-ready"]
            embedded_dir = Path(tmp) / "embedded"
            common.init_school(embedded_dir)
            embedded = [sys.executable, "-m", "ecep_desktop", "--embedded",
                        "--data-dir", str(embedded_dir), "--port", str(common.free_port()),
                        "--user", ADMIN_USERNAME, "--settings", str(Path(tmp) / "emb.ini"),
                        "--language", "fr", "--exit-when-ready"]
            baseline = [sys.executable, "-c", BASELINE_CODE]
            # One warm-up of each (the OS file cache), not counted.
            timed_until_ready(baseline, env, args.timeout)
            timed_until_ready(desktop, desktop_env, args.timeout)
            times: dict[str, list[float]] = {"baseline": [], "desktop": [], "embedded": []}
            for n in range(args.runs):
                times["baseline"].append(timed_until_ready(baseline, env, args.timeout))
                times["desktop"].append(timed_until_ready(desktop, desktop_env, args.timeout))
                times["embedded"].append(timed_until_ready(embedded, desktop_env, args.timeout))
                print(f"run {n + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()),
                      flush=True)
    rows = []
    for name, values in times.items():
        rows.append({"what": name, "median_s": common.median(values), "min_s": min(values),
                     "max_s": max(values)})
    ratio = rows[1]["median_s"] / rows[0]["median_s"]
    embedded_ratio = rows[2]["median_s"] / rows[0]["median_s"]
    print()
    print(common.table(rows, [("what", "start"), ("median_s", "median s"),
                              ("min_s", "min s"), ("max_s", "max s")]))
    verdict = "met" if rows[1]["median_s"] < TARGET_MEDIAN_S else "NOT met"
    print(f"\ndesktop / baseline (medians): {ratio:.2f}x; target median < "
          f"{TARGET_MEDIAN_S:g} s: {verdict}")
    print(f"embedded (own server started, then login) / baseline: {embedded_ratio:.2f}x")
    results.update({"times_s": times, "summary": rows, "ratio": ratio,
                    "embedded_ratio": embedded_ratio,
                    "target_median_s": TARGET_MEDIAN_S})
    machine["loadavg_at_end"] = common.loadavg()
    print(f"results: {common.write_results('desktop_start', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
