"""``python -m bench``: every benchmark in turn, each with its own defaults;
``python -m bench NAME [ARGS...]``: one of them, with its own arguments (``--help``).

    python -m bench                          # all (what `make bench` runs)
    python -m bench scan_burst --concurrency 64
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("login_burst", "scan_burst", "kiosk_pipeline", "desktop_start", "discovery",
              "backup", "sync")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in BENCHMARKS:
        return importlib.import_module(f"bench.{argv[0]}").main(argv[1:]) or 0
    if argv:
        print(f"usage: python -m bench [{'|'.join(BENCHMARKS)} [ARGS...]]", file=sys.stderr)
        return 2
    status = 0
    for n, name in enumerate(BENCHMARKS):
        if n:
            print()
        status = importlib.import_module(f"bench.{name}").main([]) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
