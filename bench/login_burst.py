"""A class logs in at once: an 80-pupil login burst against a real ``ecep-server serve``
(a subprocess on a free loopback port), then an authenticated GET against a trivial one.

Figures, for each server: the burst's total time, p50 and p99 (3 runs and their median),
latency counted from the moment all logins are released; req/s, p50 and p99 of
``GET /health`` (the baseline), ``GET /info`` and ``GET /auth/me`` with a Bearer token
(the same token throughout, the token cache's best case; then a token never seen before
for each request, so that each is checked in the database), and the ratio of each to the
baseline measured in the same run. Then an in-process profile (bench.inprocess) of where
the time goes (argon2, the login's database work, each GET's code path, thread trips).

Servers, side by side: ``ecep-server serve`` from the working tree (``serve``) and, with
``--rev REV``, the same from lan_server/ as of a git revision (``serve@commit``, on a data
directory of its own), so that before/after ratios come from the same run.

Targets on the 2-core reference machine (reported, never asserted): the burst finishes
in under 3 s; the authenticated GET keeps at least 60 % of the trivial one's throughput.

    .venv/bin/python bench/login_burst.py [--pupils 80] [--runs 3] [--rev 804c661]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from bench import common, inprocess  # noqa: E402
from bench.common import API, LoadResult, ServerProcess, median  # noqa: E402

BURST_TARGET_S = 3.0
RATIO_TARGET = 0.60
LOGIN = f"{API}/auth/login"
BASELINE = "health"
ENDPOINTS = (  # (label, path, bearer): None, "same" token (the token cache's best case) or a
    # "fresh" token minted for each request (never seen: every request a cache miss)
    (BASELINE, f"{API}/health", None),
    ("info", f"{API}/info", None),
    ("auth/me", f"{API}/auth/me", "same"),
    ("auth/me fresh", f"{API}/auth/me", "fresh"),
)
SHIPPED = "serve"


# -- over HTTP -----------------------------------------------------------------------------


async def login_burst(server: ServerProcess, usernames: list[str], password: str,
                      *, time_limit: float) -> LoadResult:
    """Every pupil on their own keep-alive httpx connection, opened beforehand; all logins
    are released at once by one Event. Latency is counted from the release."""
    clients = [common.client(server.url, timeout=time_limit) for _ in usernames]
    release = asyncio.Event()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    first_error: str | None = None
    released_at = 0.0

    async def pupil(client: httpx.AsyncClient, username: str) -> None:
        nonlocal errors, first_error
        await release.wait()
        try:
            response = await client.post(LOGIN, json={"username": username, "password": password})
        except httpx.HTTPError as exc:
            errors += 1
            first_error = first_error or f"{type(exc).__name__}: {exc}"
            return
        done = time.perf_counter()
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code == 200 and response.json().get("access_token"):
            latencies.append(done - released_at)
        else:
            errors += 1
            first_error = first_error or f"{response.status_code}: {response.text[:200]}"

    try:
        await common.open_connections(clients)
        tasks = [asyncio.create_task(pupil(c, u)) for c, u in zip(clients, usernames, strict=True)]
        await asyncio.sleep(0.05)  # every task is parked on the Event
        cpu0, own0 = server.cpu_seconds(), common.own_cpu_seconds()
        released_at = time.perf_counter()
        release.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=time_limit + 5)
        wall = time.perf_counter() - released_at
        cpu1, own1 = server.cpu_seconds(), common.own_cpu_seconds()
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return LoadResult(latencies, wall, errors, statuses, cpu1 - cpu0, own1 - own0, first_error)


async def access_token(server: ServerProcess, username: str, password: str) -> str:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        response = await client.post(LOGIN, json={"username": username, "password": password})
        response.raise_for_status()
        return response.json()["access_token"]


async def warm_up(server: ServerProcess, usernames: list[str], password: str,
                  headers: dict[str, str], args: argparse.Namespace) -> None:
    """Imports, pools, caches and threads warmed before anything is measured (at most 16
    requests at once: more would trip the stall this benchmark reports)."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        for username in usernames[:4]:
            response = await client.post(LOGIN, json={"username": username, "password": password})
            response.raise_for_status()
    for _, path, bearer in ENDPOINTS:
        await common.fixed_load(server, path, requests=300, concurrency=16,
                                headers=headers if bearer else None,
                                client_kind=args.get_client)


def mint_tokens(data_dir: Path, token: str, count: int) -> list[str]:
    """``count`` access tokens for the login behind ``token``, each with a jti of its own,
    signed with the data directory's key like the server signs them."""
    from datetime import UTC, datetime, timedelta

    from lan_server.config import Settings
    from lan_server.core.security import AccessTokens

    settings = Settings(data_dir=data_dir)
    tokens = AccessTokens(settings.secret_key, timedelta(minutes=settings.access_token_minutes))
    now = datetime.now(UTC)
    claims = tokens.decode(token, now=now)
    return [tokens.issue(user_id=claims.user_id, role=claims.role, school_id=claims.school_id,
                         session_id=claims.session_id, now=now) for _ in range(count)]


async def get_round(server: ServerProcess, headers: dict[str, str], run: int,
                    args: argparse.Namespace) -> list[dict[str, Any]]:
    # Alternate the order so that drift in the machine does not favour one endpoint.
    order = ENDPOINTS if run % 2 else tuple(reversed(ENDPOINTS))
    per_endpoint: dict[str, dict[str, Any]] = {}
    for label, path, bearer in order:
        tokens = None
        if bearer == "fresh":
            token = headers["Authorization"].removeprefix("Bearer ")
            tokens = iter(mint_tokens(server.data_dir, token, args.requests))
        result = await common.fixed_load(
            server, path, requests=args.requests, concurrency=args.concurrency,
            headers=headers if bearer == "same" else None, time_limit=args.get_time_limit,
            client_kind=args.get_client, tokens=tokens,
        )
        per_endpoint[label] = result.summary()
    base = per_endpoint[BASELINE]
    rows = []
    for label, _, _ in ENDPOINTS:
        row = {"run": run, "endpoint": label, **per_endpoint[label]}
        row["ratio"] = round(row["req_per_s"] / base["req_per_s"], 3)
        if base["server_cpu_ms_per_req"] and row["server_cpu_ms_per_req"]:
            row["cpu_ratio"] = round(
                base["server_cpu_ms_per_req"] / row["server_cpu_ms_per_req"], 3
            )
        rows.append(row)
    return rows


async def prepare_server(server: ServerProcess, usernames: list[str], password: str,
                         args: argparse.Namespace) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {await access_token(server, usernames[0], password)}"}
    await warm_up(server, usernames, password, headers, args)
    return headers


async def http_phase(servers: dict[str, ServerProcess], usernames: list[str], password: str,
                     args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """All servers run side by side (idle ones cost nothing); each run takes one burst and
    one GET round from every server, in an order that rotates, so that the machine's drift
    spreads over all of them."""
    headers = {name: await prepare_server(server, usernames, password, args)
               for name, server in servers.items()}
    out: dict[str, dict[str, Any]] = {name: {"bursts": [], "gets": []} for name in servers}
    names = list(servers)
    for run in range(1, args.runs + 1):
        shift = (run - 1) % len(names)
        order = names[shift:] + names[:shift]
        for name in order:
            burst = (await login_burst(servers[name], usernames, password,
                                       time_limit=args.burst_time_limit)).summary()
            out[name]["bursts"].append({"run": run, **burst})
            print(f"  run {run} {name}: burst {burst['wall_s']:.3f} s, p50 "
                  f"{burst['p50_ms']:.0f} ms, p99 {burst['p99_ms']:.0f} ms, statuses "
                  f"{burst['statuses']}", flush=True)
            await asyncio.sleep(0.5)
        for name in order:
            rows = await get_round(servers[name], headers[name], run, args)
            out[name]["gets"] += rows
            print(f"  run {run} {name}: " + ", ".join(
                f"{r['endpoint']} {r['req_per_s']:.0f}/s (x{r['ratio']:.2f})" for r in rows
            ), flush=True)
    return out


async def sweep(server: ServerProcess, usernames: list[str], password: str,
                sizes: list[int], time_limit: float) -> list[dict[str, Any]]:
    """One burst per size against one server: where the stall begins."""
    rows = []
    for size in sizes:
        result = (await login_burst(server, usernames[:size], password,
                                    time_limit=time_limit)).summary()
        rows.append({"pupils": size, **result})
        print(f"  sweep {size} pupils: {result['wall_s']:.3f} s, statuses {result['statuses']}",
              flush=True)
        await asyncio.sleep(0.5)
    return rows


# -- the run -------------------------------------------------------------------------------


def prepare(data_dir: Path, pupils: int, use_demo: bool) -> tuple[list[str], str, str]:
    common.init_school(data_dir)
    if use_demo:
        names = common.load_demo_pupils(data_dir, pupils)
        if names:
            return names, common.DEMO_PASSWORD, "lan_server.demo.generator"
    return common.create_pupils(data_dir, pupils), common.PUPIL_PASSWORD, "bench.common"


def _burst_median(bursts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "run": "median",
        "wall_s": median([b["wall_s"] for b in bursts]),
        "p50_ms": median([b["p50_ms"] for b in bursts]),
        "p99_ms": median([b["p99_ms"] for b in bursts]),
        "max_ms": median([b["max_ms"] for b in bursts]),
        "ok": median([b["ok"] for b in bursts]),
        "errors": median([b["errors"] for b in bursts]),
        "server_cpu_s": median([b["server_cpu_s"] for b in bursts]),
    }


def _get_medians(gets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for label, _, _ in ENDPOINTS:
        mine = [g for g in gets if g["endpoint"] == label]
        rows.append({
            "run": "median", "endpoint": label,
            "req_per_s": median([g["req_per_s"] for g in mine]),
            "p50_ms": median([g["p50_ms"] for g in mine]),
            "p99_ms": median([g["p99_ms"] for g in mine]),
            "errors": sum(g["errors"] for g in mine),
            "ratio": median([g["ratio"] for g in mine]),
            "server_cpu_ms_per_req": median([g["server_cpu_ms_per_req"] for g in mine]),
            "cpu_ratio": median([g.get("cpu_ratio", float("nan")) for g in mine]),
        })
    return rows


BURST_COLUMNS = [("server", "server"), ("run", "run"), ("wall_s", "total s"),
                 ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("max_ms", "max ms"),
                 ("ok", "ok"), ("errors", "errors"), ("server_cpu_s", "server CPU s")]
GET_COLUMNS = [("server", "server"), ("run", "run"), ("endpoint", "endpoint"),
               ("req_per_s", "req/s"), ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"),
               ("errors", "errors"), ("ratio", "ratio"),
               ("server_cpu_ms_per_req", "srv CPU ms/req"), ("cpu_ratio", "CPU ratio")]


def _summary(server: dict[str, Any]) -> dict[str, Any]:
    burst = _burst_median(server["bursts"])
    gets = _get_medians(server["gets"])
    me = next(g for g in gets if g["endpoint"] == "auth/me")
    fresh = next(g for g in gets if g["endpoint"] == "auth/me fresh")
    return {
        "description": server["description"],
        "burst_median_s": burst["wall_s"], "burst_p50_ms": burst["p50_ms"],
        "burst_p99_ms": burst["p99_ms"], "burst_errors_median": burst["errors"],
        "burst_met": burst["wall_s"] < BURST_TARGET_S and burst["errors"] == 0,
        "auth_me_ratio": me["ratio"], "auth_me_cpu_ratio": me["cpu_ratio"],
        "auth_me_met": me["ratio"] >= RATIO_TARGET,
        "auth_me_fresh_ratio": fresh["ratio"], "auth_me_fresh_cpu_ratio": fresh["cpu_ratio"],
        "auth_me_fresh_met": fresh["ratio"] >= RATIO_TARGET,
        "get_medians": gets,
    }


def before_after(summary: dict[str, Any], old: str) -> list[dict[str, Any]]:
    """The working tree against an older revision, from the medians of the same run;
    ``gain`` > 1 is better now."""
    now, then = summary[SHIPPED], summary[old]
    rows = [{"figure": f"burst {key}", "before": then[f"burst_{key}"],
             "now": now[f"burst_{key}"], "gain": then[f"burst_{key}"] / now[f"burst_{key}"]}
            for key in ("median_s", "p50_ms", "p99_ms")]
    for g_now, g_then in zip(now["get_medians"], then["get_medians"], strict=True):
        rows.append({"figure": f"{g_now['endpoint']} req/s", "before": g_then["req_per_s"],
                     "now": g_now["req_per_s"], "gain": g_now["req_per_s"] / g_then["req_per_s"]})
        rows.append({"figure": f"{g_now['endpoint']} srv CPU ms/req",
                     "before": g_then["server_cpu_ms_per_req"],
                     "now": g_now["server_cpu_ms_per_req"],
                     "gain": g_then["server_cpu_ms_per_req"] / g_now["server_cpu_ms_per_req"]})
    for key, label in (("auth_me_ratio", "auth/me"), ("auth_me_fresh_ratio", "auth/me fresh")):
        rows.append({"figure": f"{label} over health", "before": then[key], "now": now[key],
                     "gain": now[key] / then[key]})
    return [{**row, "gain": round(row["gain"], 2)} for row in rows]


def report(results: dict[str, Any]) -> dict[str, Any]:
    servers = results["servers"]
    summary = {name: _summary(server) for name, server in servers.items()}
    burst_rows, get_rows = [], []
    for name, server in servers.items():
        burst_rows += [{"server": name, **b} for b in server["bursts"]]
        burst_rows.append({"server": name, **_burst_median(server["bursts"])})
        get_rows += [{"server": name, **g} for g in server["gets"]]
        get_rows += [{"server": name, **g} for g in summary[name]["get_medians"]]
    print()
    print(f"Login burst: {results['pupils']} pupils released at once on {results['pupils']} "
          f"connections, {results['runs']} runs per server (latency from the release)")
    print(common.table(burst_rows, BURST_COLUMNS))
    print()
    print(f"GETs: {results['requests']} requests per endpoint and run at concurrency "
          f"{results['concurrency']} ({results['get_client']} client); ratio = req/s over "
          f"{BASELINE}'s in the same round; CPU ratio = {BASELINE}'s server CPU per request "
          "over the endpoint's")
    print(common.table(get_rows, GET_COLUMNS))
    if results.get("sweep"):
        print()
        print(f"Sweep: one burst of each size against {results['sweep_on']}")
        print(common.table(results["sweep"], [("pupils", "pupils")] + BURST_COLUMNS[2:]))
    comparisons = {old: before_after(summary, old) for old in summary if old != SHIPPED}
    for old, rows in comparisons.items():
        print()
        print(f"Before/after, same run: {old} (before) against {SHIPPED} (now); gain > 1 is "
              "better now")
        print(common.table(rows, [("figure", "figure"), ("before", "before"), ("now", "now"),
                                  ("gain", "gain")]))
    print()
    print("In process (same machine, no HTTP; us = microseconds per call; sql = statements "
          "sent, BEGIN included):")
    for group, figures in results["profile"].items():
        text = ", ".join(f"{k}={v}" for k, v in figures.items())
        print(textwrap.fill(f"{group}: {text}", width=100, initial_indent="  ",
                            subsequent_indent="    "))
    print()
    def verdict(met: bool) -> str:
        return "MET" if met else "NOT MET"

    for name, row in summary.items():
        print(f"TARGETS {name} ({row['description']}):")
        print(f"  {results['pupils']}-login burst under {BURST_TARGET_S:.0f} s -> "
              f"{verdict(row['burst_met'])} (median {row['burst_median_s']:.2f} s, errors "
              f"{row['burst_errors_median']})")
        for key, what in (("auth_me", "same token"), ("auth_me_fresh", "fresh tokens")):
            print(f"  auth GET ({what}) >= {RATIO_TARGET:.0%} of health's req/s -> "
                  f"{verdict(row[f'{key}_met'])} (median ratio {row[f'{key}_ratio']:.2f}, "
                  f"CPU ratio {row[f'{key}_cpu_ratio']:.2f})")
    serve = summary[SHIPPED]
    return {"servers": summary, "before_after": comparisons, "targets_met_by_serve": {
        "burst": serve["burst_met"], "auth_get_same_token": serve["auth_me_met"],
        "auth_get_fresh_tokens": serve["auth_me_fresh_met"]}}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.login_burst",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--pupils", type=int, default=80)
    parser.add_argument("--runs", type=int, default=3, help="bursts and GET rounds per server")
    parser.add_argument("--requests", type=int, default=3000, help="per GET endpoint and run")
    parser.add_argument("--concurrency", type=int, default=32, help="of the GETs")
    parser.add_argument("--get-client", choices=("raw", "httpx"), default="raw",
                        help="raw: a minimal asyncio HTTP/1.1 client (less CPU than httpx)")
    parser.add_argument("--get-time-limit", type=float, default=60.0,
                        help="seconds; a GET series stops there")
    parser.add_argument("--burst-time-limit", type=float, default=90.0,
                        help="seconds a login may take (the server's pool timeout is 60 s)")
    parser.add_argument("--server-log-level", default="info",
                        help="--log-level of the server (info, the default, logs each request)")
    parser.add_argument("--rev", action="append", default=[],
                        help="also serve lan_server/ as of this git revision (repeatable)")
    parser.add_argument("--sweep", default="",
                        help="then one burst per size, e.g. 32,40,48,56 (at most --pupils)")
    parser.add_argument("--sweep-on", default=SHIPPED,
                        help="the server swept: its name or a prefix, e.g. serve@")
    parser.add_argument("--demo", action="store_true",
                        help="use lan_server.demo.generator's pupils when it exists")
    args = parser.parse_args(argv)
    if args.demo and args.rev:
        parser.error("--demo and --rev do not mix (a revision gets the bench's own pupils)")
    return args


def start_servers(stack: contextlib.ExitStack, tmp: Path, data_dir: Path,
                  usernames: list[str], args: argparse.Namespace) -> dict[str, ServerProcess]:
    """The working tree's server on ``data_dir``; each ``--rev`` on a data directory of its
    own (its own schema, migrated by its own code) holding the same pupils."""
    plan: list[tuple[str, str, Path | None]] = [
        (SHIPPED, "ecep-server serve from the working tree", None)]
    for n, rev in enumerate(args.rev):
        source = tmp / f"src{n}"
        commit = common.export_rev(rev, source)
        plan.append((f"{SHIPPED}@{commit[:8]}",
                     f"ecep-server serve from {rev} = {commit} (git archive)", source))
    servers: dict[str, ServerProcess] = {}
    for name, description, source_dir in plan:
        own_dir = data_dir
        if source_dir is not None:
            own_dir = tmp / f"data-{source_dir.name}"
            names = common.prepare_elsewhere(own_dir, args.pupils, source_dir)
            assert names == usernames, "the same pupils everywhere"
        server = ServerProcess(own_dir, log_level=args.server_log_level, source_dir=source_dir)
        servers[name] = stack.enter_context(server)
        server.description = description
        print(f"server {name}: pid {server.pid}, {server.url}: {description}", flush=True)
    return servers


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    machine = common.machine_info()
    print(f"== login_burst: {args.pupils}-pupil login burst and authenticated GET ==")
    common.print_machine(machine)
    machine["cpu_available_at_start"] = common.effective_parallelism()
    print(f"CPU available at start: {machine['cpu_available_at_start']}", flush=True)
    results: dict[str, Any] = {
        "benchmark": "login_burst", "machine": machine, "pupils": args.pupils,
        "runs": args.runs, "requests": args.requests, "concurrency": args.concurrency,
        "get_client": args.get_client, "server_log_level": args.server_log_level,
        "servers": {},
    }
    started = time.perf_counter()
    results["code"] = code = common.code_info()
    print(f"code: HEAD {code.get('head')}, uncommitted under lan_server/: "
          f"{code.get('lan_server_uncommitted') or 'none'}")
    with tempfile.TemporaryDirectory(prefix="ecep-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        usernames, password, source_name = prepare(data_dir, args.pupils, args.demo)
        results["pupil_source"] = source_name
        print(f"data dir ready: {len(usernames)} pupils from {source_name}", flush=True)
        with contextlib.ExitStack() as stack:
            servers = start_servers(stack, Path(tmp), data_dir, usernames, args)
            phase = asyncio.run(http_phase(servers, usernames, password, args))
            if args.sweep:
                target = next(n for n in servers if n.startswith(args.sweep_on))
                results["sweep_on"] = target
                results["sweep"] = asyncio.run(sweep(
                    servers[target], usernames, password,
                    [int(n) for n in args.sweep.split(",")], args.burst_time_limit,
                ))
            for name, server in servers.items():
                results["servers"][name] = {"description": server.description, **phase[name]}
        from lan_server.config import Settings

        print("profiling in process...", flush=True)
        results["profile"] = inprocess.profile(Settings(data_dir=data_dir), data_dir,
                                               usernames, password)
    machine["cpu_available_at_end"] = common.effective_parallelism()
    machine["loadavg_at_end"] = common.loadavg()
    results["summary"] = report(results)
    print(f"CPU available: at start {machine['cpu_available_at_start']['parallelism']}, at end "
          f"{machine['cpu_available_at_end']['parallelism']} (of {machine['cpu_count']}); "
          f"load average at start {machine.get('loadavg_at_start')}, at end "
          f"{machine['loadavg_at_end']}")
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    path = common.write_results("login_burst", results)
    print(f"results: {path.relative_to(common.REPO_ROOT)} ({results['elapsed_s']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
