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


def test_another_process_invalidates_through_the_epoch_file(tmp_path) -> None:
    epoch = tmp_path / "auth.epoch"
    server: AuthCache[str] = AuthCache(ttl_seconds=60, epoch_file=epoch)
    cli: AuthCache[str] = AuthCache(ttl_seconds=60, epoch_file=epoch)
    server.put("token", "alice", generation=server.current_generation())
    assert server.get("token") == "alice"
    cli.invalidate_all()  # e.g. ecep-server reset-password, committed in another process
    assert server.get("token") is None
    for _ in range(3):  # several announcements within one clock tick are all seen
        server.put("token", "alice", generation=server.current_generation())
        cli.invalidate_all()
        assert server.get("token") is None
