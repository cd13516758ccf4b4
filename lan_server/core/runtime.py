"""Tuning of the server process itself (not of the app: tests embed the app in their own
process and keep their own settings)."""

from __future__ import annotations

import gc

# Allocations between two young-generation collections (CPython's default is 700): a
# request allocates hundreds of short-lived objects, so the default collects several times
# per request under load.
GC_YOUNG_THRESHOLD = 10_000


def settle_garbage_collector() -> None:
    """What exists before serving (modules, models, routes, the OpenAPI schema) lives as
    long as the process: moved out of the collector's sight, a full collection in the middle
    of a burst of scans no longer walks it (it was the p99: bench/scan_burst.py, 196 -> 99 ms
    at concurrency 64), and young objects are collected in larger, rarer rounds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
