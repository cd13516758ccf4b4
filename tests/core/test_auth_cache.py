from __future__ import annotations

import time

from lan_server.core.auth_cache import AuthCache


def test_entries_read_before_a_change_are_never_served() -> None:
    cache: AuthCache[str] = AuthCache(ttl_seconds=60)
    generation = cache.generation
    cache.invalidate_all()  # a revocation committed while the database was being read
    cache.put("token", "stale", generation=generation)
    assert cache.get("token") is None
    cache.put("token", "fresh", generation=cache.generation)
    assert cache.get("token") == "fresh"
    cache.invalidate_all()
    assert cache.get("token") is None


def test_ttl_and_size_bound() -> None:
    cache: AuthCache[int] = AuthCache(ttl_seconds=0.05, max_entries=3)
    for index in range(5):
        cache.put(f"t{index}", index, generation=cache.generation)
    assert [cache.get(f"t{i}") for i in range(5)] == [None, None, 2, 3, 4]
    time.sleep(0.06)
    assert cache.get("t4") is None
