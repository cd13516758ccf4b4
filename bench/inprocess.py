"""Where the login burst's and the GETs' time goes, measured in process (no HTTP, no
server): argon2 alone and from many threads, the login's database work without argon2,
each GET's code path as the working tree runs it with the SQL it sends, and the trips to
worker threads FastAPI makes. Used by bench.login_burst; figures are dicts for its JSON."""

from __future__ import annotations

import dataclasses
import inspect
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import common
from bench.common import ms, percentile


def profile(settings: Any, data_dir: Path, usernames: list[str],
            password: str) -> dict[str, dict[str, Any]]:
    return {
        "argon2": profile_argon2(settings, len(usernames)),
        "login_db": profile_login_db(data_dir, usernames),
        "get_paths": profile_get_paths(data_dir, usernames[0], password),
    }


def profile_argon2(settings: Any, pupils: int, verifies: int = 30) -> dict[str, Any]:
    """One argon2id verify with the server's parameters, alone; then ``pupils`` verifies
    from a 40-thread pool (like anyio's) through the service's ``hash_workers`` slots."""
    from lan_server.core.security import PasswordService

    service = PasswordService(
        time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism, workers=settings.hash_workers,
    )
    stored = service.hash(common.PUPIL_PASSWORD)
    service.verify(stored, common.PUPIL_PASSWORD)
    times = []
    for _ in range(verifies):
        start = time.perf_counter()
        assert service.verify(stored, common.PUPIL_PASSWORD)
        times.append(time.perf_counter() - start)
    with ThreadPoolExecutor(max_workers=40) as pool:
        start, cpu = time.perf_counter(), common.own_cpu_seconds()
        list(pool.map(lambda _: service.verify(stored, common.PUPIL_PASSWORD), range(pupils)))
        burst_wall = time.perf_counter() - start
        burst_cpu = common.own_cpu_seconds() - cpu
    return {
        "argon2_params": f"t={settings.argon2_time_cost} m={settings.argon2_memory_kib} KiB "
                         f"p={settings.argon2_parallelism}, hash_workers={settings.hash_workers}",
        "verify_p50_ms": ms(percentile(times, 50)),
        "verify_min_ms": ms(min(times)),
        "verify_p99_ms": ms(percentile(times, 99)),
        "verifies_concurrent": pupils,
        "verifies_concurrent_wall_s": round(burst_wall, 3),
        "verifies_per_s_concurrent": round(pupils / burst_wall, 1),
        "verifies_concurrent_cpu_s": round(burst_cpu, 3),
    }


class _NoHash:
    """Stands in for PasswordService so that a login costs everything except argon2."""

    def verify(self, password_hash: str | None, password: str) -> bool:
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return False

    def hash(self, password: str) -> str:
        raise AssertionError("not expected in the profile")


def profile_login_db(data_dir: Path, usernames: list[str]) -> dict[str, Any]:
    """The login service minus argon2, called like the route calls it (a read session, then
    the writer's unit of work), one at a time and then from 40 threads at once."""
    from lan_server.auth import service as auth_service
    from lan_server.auth import throttle

    ctx = common._context(data_dir)
    fast = dataclasses.replace(ctx, passwords=_NoHash())
    try:
        def one(username: str) -> tuple[float, float]:
            start = time.perf_counter()
            with ctx.db.read_session() as read:
                keys = throttle.login_keys(ctx.settings, username, "127.0.0.1")
                throttle.check(read, keys, ctx.clock.now())
                auth_service.find_user_by_identifier(read, username)
            read_part = time.perf_counter() - start
            start = time.perf_counter()
            with ctx.db.read_session() as read, ctx.db.write_session() as write:
                auth_service.login(read, write, fast, identifier=username,
                                   password="not checked", ip="127.0.0.1")
            return read_part, time.perf_counter() - start

        for username in usernames[:5]:
            one(username)
        sequential = [one(u) for u in usernames]
        reads = [r for r, _ in sequential]
        full = [f for _, f in sequential]
        with ThreadPoolExecutor(max_workers=40) as pool:
            start = time.perf_counter()
            list(pool.map(one, usernames))
            concurrent_wall = time.perf_counter() - start
    finally:
        ctx.close()
    return {
        "login_read_part_p50_ms": ms(percentile(reads, 50)),
        "login_without_argon2_p50_ms": ms(percentile(full, 50)),
        "login_without_argon2_p99_ms": ms(percentile(full, 99)),
        "login_write_part_p50_ms": ms(percentile(full, 50) - percentile(reads, 50)),
        "logins_without_argon2_40_threads": len(usernames),
        "logins_without_argon2_40_threads_wall_s": round(concurrent_wall, 3),
    }


def thread_hops(endpoint: Any, has_response_model: bool = True) -> int:
    """At most how many trips to a worker thread a request for ``endpoint`` makes: each
    sync dependency once, each sync generator dependency twice (enter, exit), an async one
    that sends work to a thread once (``get_authenticated`` on a cache miss, a session
    ended off the loop), a sync endpoint once and once more for its response model."""
    from fastapi.dependencies.utils import (
        _is_async_gen_callable,
        _is_coroutine_callable,
        _is_gen_callable,
        get_dependant,
    )

    def sends_to_thread(call: Any) -> bool:
        try:
            text = inspect.getsource(call)
        except (OSError, TypeError):
            return False
        return "to_thread" in text or "off_loop" in text

    seen: set[Any] = set()

    def walk(dependant: Any) -> int:
        hops = 0
        for sub in dependant.dependencies:
            hops += walk(sub)
            if (sub.call, sub.scope) in seen:  # cached for the rest of the request
                continue
            seen.add((sub.call, sub.scope))
            if _is_gen_callable(sub.call):
                hops += 2
            elif _is_async_gen_callable(sub.call) or _is_coroutine_callable(sub.call):
                hops += int(sends_to_thread(sub.call))
            else:
                hops += 1
        return hops

    hops = walk(get_dependant(path="/", call=endpoint))
    if not _is_coroutine_callable(endpoint):
        hops += 1 + int(has_response_model)
    return hops


async def _hop_cost(rounds: int) -> tuple[float, float]:
    """One trip to anyio's thread pool and back: alone, then from 32 tasks at once."""
    import anyio.to_thread

    def nothing() -> None:
        return None

    async def lane(n: int) -> None:
        for _ in range(n):
            await anyio.to_thread.run_sync(nothing)

    await lane(200)
    start = time.perf_counter()
    await lane(rounds)
    alone = (time.perf_counter() - start) / rounds
    start = time.perf_counter()
    async with anyio.create_task_group() as group:
        for _ in range(32):
            group.start_soon(lane, rounds // 32)
    return alone, (time.perf_counter() - start) / (32 * (rounds // 32))


def profile_get_paths(data_dir: Path, username: str, password: str,
                      rounds: int = 2000) -> dict[str, Any]:
    """Each GET's work without HTTP, as the working tree does it: /health's SELECT 1, /info,
    the JWT decode, ``authenticate`` (the database check a cache miss makes), a token cache
    hit, /me's serialization; with the SQL statements each sends and the thread trips."""
    import anyio
    from fastapi.security import HTTPAuthorizationCredentials
    from sqlalchemy import event, text

    from lan_server.auth import router as auth_router
    from lan_server.auth import service as auth_service
    from lan_server.core.deps import authenticate
    from lan_server.setup import router as setup_router
    from lan_server.setup import service as setup_service
    from lan_server.users.schemas import UserRead

    ctx = common._context(data_dir)
    engines = {ctx.db.read_engine, ctx.db.write_engine}
    statements = 0

    sent_last: tuple[str, Any] = ("", ())

    def count(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        nonlocal statements, sent_last
        statements += 1
        sent_last = (statement, parameters)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        with ctx.db.read_session() as read, ctx.db.write_session() as write:
            issued = auth_service.login(read, write, ctx, identifier=username,
                                        password=password, ip="127.0.0.1")
        token = issued.access_token
        creds = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
        user = authenticate(ctx, creds).user

        def health() -> None:
            with ctx.db.read_session() as db:
                db.execute(text("SELECT 1"))

        def info() -> None:
            with ctx.db.read_session() as db:
                setup_service.get_school(db)

        def jwt_decode() -> None:
            ctx.access_tokens.decode(token, now=ctx.clock.now())

        def db_check() -> None:
            authenticate(ctx, creds)

        def cache_hit() -> None:
            assert ctx.auth_cache.get(token) is not None

        def me_json() -> None:
            UserRead.of(user).model_dump_json()

        def timed(func: Any) -> tuple[float, int]:
            nonlocal statements
            # Fresh, so that the cache's TTL does not run out while it is timed.
            cache = ctx.auth_cache
            cache.put(token, authenticate(ctx, creds), generation=cache.generation)
            for _ in range(50):
                func()
            statements = 0
            func()
            sent = statements
            start = time.perf_counter()
            for _ in range(rounds):
                func()
            return (time.perf_counter() - start) / rounds, sent

        def cpu_per_call(func: Any, threads: int, calls: int = 1500) -> float:
            """CPU time per call with ``threads`` threads calling at once (the GIL and the
            read pool make the same work dearer as threads are added)."""
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(lambda _: func(), range(threads * 4)))
                before = common.own_cpu_seconds()
                list(pool.map(lambda _: func(), range(calls)))
                return (common.own_cpu_seconds() - before) / calls

        figures: dict[str, Any] = {}
        for name, func in (("health", health), ("info", info), ("jwt_decode", jwt_decode),
                           ("authenticate", db_check), ("cache_hit", cache_hit),
                           ("me_json", me_json)):
            seconds, sent = timed(func)
            figures[f"{name}_us"] = round(seconds * 1e6, 1)
            figures[f"{name}_sql"] = sent
        for name, func in (("health", health), ("authenticate", db_check)):
            for threads in (1, 4, 32):
                figures[f"{name}_cpu_us_{threads}_threads"] = round(
                    cpu_per_call(func, threads) * 1e6, 1)
        alone, lanes = anyio.run(_hop_cost, rounds)
        # authenticate's query alone, on the DB-API connection: what SQLite itself costs.
        db_check()
        raw = ctx.db.read_engine.raw_connection()
        try:
            def sqlite_only() -> None:
                cursor = raw.cursor()
                cursor.execute(*sent_last)
                cursor.fetchall()
                cursor.close()

            figures["authenticate_query_in_sqlite_us"] = round(timed(sqlite_only)[0] * 1e6, 1)
        finally:
            raw.close()
        figures["thread_hop_us"] = round(alone * 1e6, 1)
        figures["thread_hop_32_lanes_us"] = round(lanes * 1e6, 1)
        figures["thread_hops_at_most"] = {
            "health": thread_hops(setup_router.health),
            "info": thread_hops(setup_router.info),
            "auth/me": thread_hops(auth_router.me),
            "auth/login": thread_hops(auth_router.login),
        }
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)
        ctx.close()
    return figures
