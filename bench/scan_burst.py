"""A class scans at once: pupils already logged in scan rotating lesson-attendance QR codes
against a real ``ecep-server serve`` (a subprocess on a free loopback port) on the demo
school, at concurrency 64 and 256, with the trivial ``GET /health/live`` (async, no database)
measured in the same run as the baseline.

Each enrolled pupil scans each open session of their class once, with a device id of their
own (the scan rate limits are 20/min per device+IP and 40/min per pupil), so that every
scan is a real mark, recorded on the single SQLite writer (batched with the scans that
arrive at the same moment: lan_server/attendance/lesson/scans.py). Sessions are opened
by the admin over HTTP, one per lesson; the scanned URL is the display's ``url_base`` with
the slot and code of the moment (lan_server.attendance.codes, the display's secret).

Figures: scans/s, p50, p99, errors (any non-2xx, rate_limited included), client and server
CPU; health req/s at the same concurrency; the ratio; marks counted in the database
afterwards against accepted scans. Then, in process on the same data directory (server
stopped), how long one scan holds the single writer (BEGIN IMMEDIATE .. COMMIT, statements
counted) and the same scans batched K to a transaction: what batching would gain.

Targets on the 2-core reference machine (reported, never asserted): scans/s at least 50 %
of health's; p99 under 100 ms at concurrency 64; no errors at 256.

    .venv/bin/python bench/scan_burst.py [--sessions-per-phase 8] [--py-spy PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from bench import common  # noqa: E402
from bench.common import API, LOOPBACK, LoadResult, RawClient, ServerProcess  # noqa: E402

RATIO_TARGET = 0.50
P99_TARGET_MS = 100.0
SCAN = f"{API}/attendance/scan"
# The trivial GET of the baseline: async, no database, no thread.
HEALTH = f"{API}/health/live"


# -- the school ----------------------------------------------------------------------------


@dataclass
class Klass:
    id: uuid.UUID
    name: str
    pupils: list[tuple[uuid.UUID, str]]  # (user id, username)
    lessons: list[uuid.UUID]


def school_layout(data_dir: Path) -> list[Klass]:
    """Every class with its active enrolled pupils and its lessons, read in process."""
    from sqlalchemy import select

    from lan_server.models import Enrollment, Lesson, User, UserRole, UserStatus
    from lan_server.models.classes import SchoolClass as Class

    ctx = common._context(data_dir)  # noqa: SLF001 - the bench's own helper
    try:
        with ctx.db.read_session() as s:
            out = []
            for klass in s.scalars(select(Class).order_by(Class.name)).all():
                pupils = s.execute(
                    select(User.id, User.username).join(Enrollment, Enrollment.pupil_id == User.id)
                    .where(Enrollment.class_id == klass.id, User.role == UserRole.student,
                           User.status == UserStatus.active, User.deleted_at.is_(None),
                           User.password_hash.is_not(None))
                    .order_by(User.username)
                ).all()
                lessons = s.scalars(select(Lesson.id).where(Lesson.class_id == klass.id)
                                    .order_by(Lesson.starts_at)).all()
                if pupils and lessons:
                    out.append(Klass(klass.id, klass.name, [tuple(p) for p in pupils],
                                     list(lessons)))
            return out
    finally:
        ctx.close()


# -- over HTTP -----------------------------------------------------------------------------


class PostClient(RawClient):
    """RawClient plus a JSON POST (same keep-alive connection, same small responses)."""

    async def post_json(self, path: str, body: bytes, token: str) -> tuple[int, bytes]:
        if self._writer is None:
            await self.connect()
        assert self._reader is not None and self._writer is not None
        self._writer.write(
            f"POST {path} HTTP/1.1\r\n{self._head}Authorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            .encode("latin-1") + body
        )
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at < 0:
            raise RuntimeError(f"no Content-Length in {head[:200]!r}")
        length = int(lower[at + 17:lower.index(b"\r\n", at + 2)])
        data = await self._reader.readexactly(length)
        if b"\r\nconnection: close" in lower:
            await self.aclose()
        return status, data


@dataclass
class OpenSession:
    id: uuid.UUID
    secret: bytes
    period: int
    url_base: str

    def url(self) -> str:
        from lan_server.attendance import codes

        slot = codes.slot_at(datetime.now(UTC), self.period)
        return f"{self.url_base}/{slot}/{codes.slot_code(self.secret, self.id, slot)}"


async def login_all(server: ServerProcess, usernames: list[str], password: str,
                    concurrency: int = 8) -> dict[str, str]:
    """Access tokens of every pupil (not timed; argon2 each)."""
    tokens: dict[str, str] = {}
    queue = deque(usernames)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        async def worker() -> None:
            while queue:
                name = queue.popleft()
                r = await client.post(f"{API}/auth/login",
                                      json={"username": name, "password": password})
                r.raise_for_status()
                tokens[name] = r.json()["access_token"]

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return tokens


async def open_sessions(server: ServerProcess, admin: str, lessons: list[uuid.UUID],
                        period: int) -> list[OpenSession]:
    out = []
    headers = {"Authorization": f"Bearer {admin}"}
    async with httpx.AsyncClient(base_url=server.url, timeout=60, headers=headers) as client:
        for lesson in lessons:
            r = await client.post(f"{API}/attendance/sessions",
                                  json={"lesson_id": str(lesson), "period_seconds": period})
            if r.status_code != 201:
                raise RuntimeError(f"open session: {r.status_code} {r.text[:300]}")
            sid = r.json()["id"]
            d = (await client.get(f"{API}/attendance/sessions/{sid}/display")).json()
            out.append(OpenSession(uuid.UUID(sid), bytes.fromhex(d["secret"]),
                                   d["period_seconds"], d["url_base"]))
    return out


async def scan_load(server: ServerProcess, jobs: list[tuple[str, OpenSession, str]], *,
                    concurrency: int, time_limit: float) -> tuple[LoadResult, dict[str, int]]:
    """Each job (token, session, device id) one POST /attendance/scan over ``concurrency``
    pre-opened keep-alive connections; the URL is computed at send time (current slot)."""
    clients = [PostClient(LOOPBACK, server.port) for _ in range(concurrency)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    results: dict[str, int] = {}
    errors = 0
    first_error: str | None = None
    queue = deque(jobs)
    try:
        for start in range(0, len(clients), 8):
            for raw in clients[start:start + 8]:
                await raw.connect()
            await asyncio.gather(*(raw.get(common.CONNECT_PATH)
                                   for raw in clients[start:start + 8]))
        perf = time.perf_counter
        deadline = perf() + time_limit

        async def worker(raw: PostClient) -> None:
            nonlocal errors, first_error
            while queue and perf() < deadline:
                token, att, device = queue.popleft()
                body = json.dumps({"url": att.url(), "nonce": uuid.uuid4().hex,
                                   "device_id": device}).encode()
                start = perf()
                try:
                    status, data = await raw.post_json(SCAN, body, token)
                except (OSError, asyncio.IncompleteReadError, RuntimeError, ValueError) as exc:
                    errors += 1
                    first_error = first_error or f"{type(exc).__name__}: {exc}"
                    await raw.aclose()
                    continue
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    latencies.append(perf() - start)
                    key = json.loads(data).get("result", "?")
                else:
                    errors += 1
                    first_error = first_error or f"{status}: {data[:200]!r}"
                    with contextlib.suppress(ValueError):
                        key = json.loads(data).get("code", str(status))
                results[key] = results.get(key, 0) + 1

        cpu0, own0 = server.cpu_seconds(), common.own_cpu_seconds()
        start = perf()
        await asyncio.wait_for(asyncio.gather(*(worker(raw) for raw in clients)),
                               timeout=time_limit + 30)
        wall = perf() - start
        cpu1, own1 = server.cpu_seconds(), common.own_cpu_seconds()
    finally:
        await asyncio.gather(*(raw.aclose() for raw in clients))
    errors += len(queue)  # not sent before the time limit
    if queue:
        results["not_sent"] = len(queue)
    return (LoadResult(latencies, wall, errors, statuses, cpu1 - cpu0, own1 - own0,
                       first_error), results)


def phase_jobs(classes: list[Klass], sessions: dict[uuid.UUID, list[OpenSession]],
               tokens: dict[str, str], tag: str) -> list[tuple[str, OpenSession, str]]:
    """Round by round (session k of every class), pupils interleaved across classes."""
    jobs = []
    rounds = min(len(v) for v in sessions.values())
    longest = max(len(k.pupils) for k in classes)
    for k in range(rounds):
        for i in range(longest):
            for klass in classes:
                if i < len(klass.pupils):
                    pid, name = klass.pupils[i]
                    device = f"{tag}-{k}-{pid.hex[:24]}"
                    jobs.append((tokens[name], sessions[klass.id][k], device))
    return jobs


def py_spy(binary: str, pid: int, seconds: int, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - a path the user gave
        [binary, "record", "-d", str(seconds), "-p", str(pid), "-f", "raw", "-o", str(out),
         "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def summarize_py_spy(path: Path, top: int = 12) -> dict[str, list[tuple[str, float]]]:
    """From a py-spy raw file: the share of samples per leaf function (self), and the
    inclusive share of each lan_server/ function and of the writer's connection checkout."""
    total = 0
    leaf: dict[str, int] = {}
    inclusive: dict[str, int] = {}

    def name(frame: str) -> str:
        func, _, where = frame.partition(" (")
        return f"{func} {where.split(':')[0].rsplit('/', 1)[-1]}" if where else func

    for line in path.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit() or not stack:
            continue
        count = int(n)
        total += count
        frames = stack.split(";")
        leaf[name(frames[-1])] = leaf.get(name(frames[-1]), 0) + count
        seen = set()
        for frame in frames:
            if "lan_server/" in frame or "_connection_for_bind" in frame or "do_commit" in frame:
                key = name(frame)
                if key not in seen:
                    seen.add(key)
                    inclusive[key] = inclusive.get(key, 0) + count

    def ranked(counts: dict[str, int]) -> list[tuple[str, float]]:
        best = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
        return [(k, round(100 * c / total, 1)) for k, c in best]

    return {"samples": [("all", total)], "self": ranked(leaf),
            "inclusive_lan_server": ranked(inclusive)} if total else {}


async def http_phase(server: ServerProcess, classes: list[Klass], args: argparse.Namespace,
                     tmp: Path) -> dict[str, Any]:
    all_names = [name for k in classes for _, name in k.pupils]
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        r = await client.post(f"{API}/auth/login", json={"username": common.ADMIN_USERNAME,
                                                          "password": common.ADMIN_PASSWORD})
        r.raise_for_status()
        admin = r.json()["access_token"]
    tokens = await login_all(server, all_names, common.DEMO_PASSWORD)
    print(f"{len(tokens)} pupils logged in ({time.perf_counter() - t0:.1f} s, not timed)",
          flush=True)
    per_phase = args.sessions_per_phase
    phases = [("warm-up", 16, 1)] + [(f"c{c}", c, per_phase) for c in args.concurrency]
    need = sum(n for _, _, n in phases)
    usable = min(len(k.lessons) for k in classes)
    if usable < need:
        raise RuntimeError(f"{need} lessons per class needed, {usable} available")
    t0 = time.perf_counter()
    opened: dict[uuid.UUID, list[OpenSession]] = {}
    for klass in classes:
        opened[klass.id] = await open_sessions(server, admin, klass.lessons[:need], args.period)
    print(f"{need * len(classes)} sessions opened ({time.perf_counter() - t0:.1f} s)", flush=True)
    out: dict[str, Any] = {"rows": [], "results": {}}
    used = 0
    for label, conc, n in phases:
        sessions = {kid: v[used:used + n] for kid, v in opened.items()}
        used += n
        jobs = phase_jobs(classes, sessions, tokens, label)
        health = await common.fixed_load(server, HEALTH, requests=args.health_requests,
                                         concurrency=conc, time_limit=args.time_limit)
        spy = None
        if label != "warm-up" and args.py_spy and conc == max(args.concurrency):
            spy_out = tmp / f"py-spy-{label}.txt"
            spy = py_spy(args.py_spy, server.pid, args.py_spy_seconds, spy_out)
            await asyncio.sleep(1.0)  # py-spy attaches
        scans, outcomes = await scan_load(server, jobs, concurrency=conc,
                                          time_limit=args.time_limit)
        if spy is not None:
            try:
                spy.wait(timeout=args.py_spy_seconds + 30)
            except subprocess.TimeoutExpired:
                spy.kill()
            if spy_out.exists():
                out["py_spy"] = {"concurrency": conc, "file": str(spy_out),
                                 **summarize_py_spy(spy_out)}
            else:
                out["py_spy"] = {"error": (spy.stderr.read() if spy.stderr else b"")[-500:]
                                 .decode(errors="replace")}
        if label == "warm-up":
            continue
        h, s = health.summary(), scans.summary()
        out["results"][label] = outcomes
        ratio = s["req_per_s"] / h["req_per_s"] if h["req_per_s"] else float("nan")
        out["rows"].append({"concurrency": conc, "what": "health", **h})
        out["rows"].append({"concurrency": conc, "what": "scan", **s, "ratio": round(ratio, 3),
                            "outcomes": outcomes,
                            "sessions": [str(a.id) for v in sessions.values() for a in v]})
        print(f"  c={conc}: scans {s['req_per_s']:.0f}/s p50 {s['p50_ms']:.1f} ms p99 "
              f"{s['p99_ms']:.1f} ms errors {s['errors']} {outcomes}; health "
              f"{h['req_per_s']:.0f}/s; ratio {ratio:.2f}", flush=True)
    return out


# -- in process: the single writer ---------------------------------------------------------


def writer_hold(data_dir: Path, classes: list[Klass], scans: int, batch: int) -> dict[str, Any]:
    """With the server stopped: ``scans`` scans recorded one write transaction each
    (BEGIN IMMEDIATE, ``scans.record`` of one, COMMIT), then as many ``batch`` to a
    transaction (what the server's write batcher does under a burst); the transaction's wall
    time is the time the single writer is held. The checks before it (``scans.prepare``,
    in the event loop in the server) are outside the timing."""
    from sqlalchemy import event, select

    from lan_server.attendance import codes
    from lan_server.attendance.lesson import scans as scan_path
    from lan_server.attendance.lesson import service
    from lan_server.attendance.lesson.schemas import ScanRequest, SessionOpen
    from lan_server.models import User, UserRole

    ctx = common._context(data_dir)  # noqa: SLF001
    statements = 0
    first_scan: list[str] = []  # the statements of the first single scan, abridged
    recording = [False]

    def count(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        nonlocal statements
        statements += 1
        if recording[0]:
            first_scan.append(" ".join(sql.split()[:4])[:60])

    event.listen(ctx.db.write_engine, "before_cursor_execute", count)
    directory = scan_path.SessionDirectory(ttl=3600)
    try:
        with ctx.db.write_session() as s:
            admin = s.scalar(select(User).where(User.role == UserRole.admin).limit(1))
            atts = []
            for klass in classes:  # two unused lessons per class: one per mode
                for lesson in klass.lessons[-2:]:
                    att = service.open_session(s, actor=admin, data=SessionOpen(lesson_id=lesson),
                                               now=ctx.clock.now())
                    atts.append((klass, att.id, att.secret, att.period_seconds, att.short_code))

        with ctx.db.read_session() as s:
            pupils = {u.id: u for u in s.scalars(select(User).where(User.role == UserRole.student))}
            s.expunge_all()

        def prepared(pid: uuid.UUID, att: tuple[Any, ...], name: str) -> Any:
            _, sid, secret, period, short = att
            slot = codes.slot_at(datetime.now(UTC), period)
            url = codes.scan_path(short, slot, codes.slot_code(secret, sid, slot))
            data = ScanRequest(url=url, nonce=uuid.uuid4().hex,
                               device_id=f"inproc-{sid.hex[:8]}-{name[:40]}")
            target = scan_path.target_of(data)
            view = directory.get(ctx.db, target.key)
            return scan_path.prepare(view, target, pupil=pupils[pid], data=data,
                                     ip="127.0.0.1", now=ctx.clock.now(), retry_after=None)

        def plan(which: int) -> list[tuple[uuid.UUID, tuple[Any, ...], str]]:
            todo = []
            mine = [a for n, a in enumerate(atts) if n % 2 == which]
            for i in range(max(len(k.pupils) for k in classes)):
                for att in mine:
                    if i < len(att[0].pupils):
                        pid, name = att[0].pupils[i]
                        todo.append((pid, att, name))
            return todo[:scans]

        single: list[float] = []
        statements = 0
        recording[0] = True
        for pid, att, name in plan(0):
            scan = prepared(pid, att, name)
            t0 = time.perf_counter()
            with ctx.db.write_session() as s:
                outcome = scan_path.record(s, [scan])[0]
            assert outcome.refusal is None, outcome
            single.append(time.perf_counter() - t0)
            recording[0] = False
        single_statements = statements / max(len(single), 1)
        todo = plan(1)
        batched: list[float] = []
        statements = 0
        for start in range(0, len(todo), batch):
            chunk = [prepared(*job) for job in todo[start:start + batch]]
            t0 = time.perf_counter()
            with ctx.db.write_session() as s:
                outcomes = scan_path.record(s, chunk)
            assert all(o.refusal is None for o in outcomes), outcomes
            batched.append((time.perf_counter() - t0) / len(chunk))
        batched_statements = statements / max(len(todo), 1)
    finally:
        ctx.close()
    one = common.median(single)
    per = common.median(batched)
    return {
        "scans_each": len(single), "single_median_ms": common.ms(one),
        "single_p99_ms": common.ms(common.percentile(single, 99)),
        "single_statements_per_scan": round(single_statements, 1),
        "one_scan_statements": list(first_scan),
        "single_ceiling_scans_per_s": round(1 / one, 1),
        "batch": batch, "batched_median_ms_per_scan": common.ms(per),
        "batched_statements_per_scan": round(batched_statements, 1),
        "batched_ceiling_scans_per_s": round(1 / per, 1),
        "batching_gain": round(one / per, 2),
    }


def db_counts(data_dir: Path, session_ids: list[str]) -> dict[str, int]:
    db = data_dir / "ecep.sqlite3"  # Settings.resolved_database_url's default
    with contextlib.closing(sqlite3.connect(db)) as conn:
        ids = [uuid.UUID(s) for s in session_ids]
        # UUIDs are stored as 32-hex strings or blobs depending on the dialect: try both.
        marks = 0
        for form in ((i.hex for i in ids), (str(i) for i in ids), (i.bytes for i in ids)):
            vals = list(form)
            q = ",".join("?" * len(vals))
            marks = conn.execute(
                f"SELECT count(*) FROM attendance_marks WHERE session_id IN ({q})",  # noqa: S608
                vals).fetchone()[0]
            if marks:
                break
        total = conn.execute("SELECT count(*) FROM attendance_marks").fetchone()[0]
    return {"marks_in_measured_sessions": marks, "marks_total": total, "db": db.name}


# -- the run -------------------------------------------------------------------------------


COLUMNS = [("concurrency", "conc"), ("what", "what"), ("requests", "requests"), ("ok", "ok"),
           ("errors", "errors"), ("req_per_s", "req/s"), ("p50_ms", "p50 ms"),
           ("p99_ms", "p99 ms"), ("max_ms", "max ms"), ("ratio", "ratio"),
           ("server_cpu_ms_per_req", "srv CPU ms/req"), ("client_cpu_s", "client CPU s"),
           ("wall_s", "wall s")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.scan_burst",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--concurrency", type=lambda v: [int(x) for x in v.split(",")],
                        default=[64, 256], help="comma-separated, e.g. 64,256")
    parser.add_argument("--sessions-per-phase", type=int, default=8,
                        help="sessions per class scanned by every pupil in each phase "
                             "(phases + warm-up must stay under 40 scans per pupil a minute)")
    parser.add_argument("--period", type=int, default=60, help="rotation period, seconds")
    parser.add_argument("--health-requests", type=int, default=3000)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per series")
    parser.add_argument("--server-log-level", default="info")
    parser.add_argument("--py-spy", default="", help="path of py-spy: profile the server "
                                                     "during the highest-concurrency scans")
    parser.add_argument("--py-spy-seconds", type=int, default=10)
    parser.add_argument("--writer-scans", type=int, default=300,
                        help="in-process scans per mode (single / batched)")
    parser.add_argument("--batch", type=int, default=16, help="scans per batched transaction")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    machine = common.machine_info()
    print("== scan_burst: logged-in pupils scan rotating lesson QR codes ==")
    common.print_machine(machine)
    machine["cpu_available_at_start"] = common.effective_parallelism()
    print(f"CPU available at start: {machine['cpu_available_at_start']}", flush=True)
    results: dict[str, Any] = {"benchmark": "scan_burst", "machine": machine,
                               "args": {k: v for k, v in vars(args).items()},
                               "code": common.code_info()}
    print(f"code: HEAD {results['code'].get('head')}, uncommitted under lan_server/: "
          f"{results['code'].get('lan_server_uncommitted') or 'none'}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ecep-bench-scan-") as tmp:
        data_dir = Path(tmp) / "data"
        common.init_school(data_dir)
        if common.load_demo_pupils(data_dir, 1) is None:
            print("the demo school (lan_server.demo.generator) is needed")
            return 1
        classes = school_layout(data_dir)
        pupils = sum(len(k.pupils) for k in classes)
        print(f"demo school: {pupils} pupils in {len(classes)} classes ("
              + ", ".join(f"{k.name} {len(k.pupils)}p/{len(k.lessons)}l" for k in classes)
              + ")", flush=True)
        with ServerProcess(data_dir, log_level=args.server_log_level) as server:
            print(f"server: pid {server.pid}, {server.url}", flush=True)
            phase = asyncio.run(http_phase(server, classes, args, Path(tmp)))
        results.update(phase)
        for row in phase["rows"]:
            if row["what"] == "scan":
                row["db"] = db_counts(data_dir, row.pop("sessions"))
        print("in process: single-writer hold per scan...", flush=True)
        results["writer"] = writer_hold(data_dir, classes, args.writer_scans, args.batch)
    machine["cpu_available_at_end"] = common.effective_parallelism()
    machine["loadavg_at_end"] = common.loadavg()
    rows = results["rows"]
    print()
    print(f"Scans: each of {pupils} pupils scans {args.sessions_per_phase} sessions of their "
          "class per concurrency level (one mark each); health = the trivial GET "
          "/api/v1/health/live on the same raw client just before; ratio = scans/s over "
          "health req/s")
    print(common.table(rows, COLUMNS))
    for row in rows:
        if row["what"] == "scan":
            accepted = row["outcomes"].get("marked", 0)
            print(f"  c={row['concurrency']}: outcomes {row['outcomes']}, statuses "
                  f"{row['statuses']}; marks in DB for these sessions "
                  f"{row['db']['marks_in_measured_sessions']} vs accepted {accepted} -> "
                  f"{'EQUAL' if row['db']['marks_in_measured_sessions'] == accepted else 'DIFFER'}"
                  + (f"; first error {row['first_error']}" if row["first_error"] else ""))
    w = results["writer"]
    print()
    print(f"Single writer, in process: one scan per transaction holds it {w['single_median_ms']}"
          f" ms median (p99 {w['single_p99_ms']} ms, {w['single_statements_per_scan']} "
          "statements: BEGIN IMMEDIATE in, COMMIT not) -> ceiling"
          f" {w['single_ceiling_scans_per_s']} scans/s;"
          f" {w['batch']} scans per transaction: {w['batched_median_ms_per_scan']} ms per scan "
          f"({w['batched_statements_per_scan']} statements) -> ceiling "
          f"{w['batched_ceiling_scans_per_s']} scans/s; batching gain x{w['batching_gain']} on "
          "the writer")
    print("  one scan's statements: " + " | ".join(w["one_scan_statements"]))
    if results.get("py_spy"):
        spy = results["py_spy"]
        print()
        print(f"py-spy on the server during the c={spy.get('concurrency')} scans "
              f"({spy.get('samples')} samples, all threads; % of samples):")
        for key, what in (("self", "self (leaf)"), ("inclusive_lan_server", "inclusive")):
            print(f"  {what}: " + "; ".join(f"{name} {pct}%" for name, pct in spy.get(key, [])))
        if spy.get("error"):
            print(f"  py-spy failed: {spy['error']}")
    print()
    verdict = {True: "MET", False: "NOT MET"}
    targets = {}
    for row in rows:
        if row["what"] != "scan":
            continue
        c = row["concurrency"]
        targets[f"ratio_c{c}"] = row["ratio"] >= RATIO_TARGET
        print(f"TARGET c={c}: scans/s >= {RATIO_TARGET:.0%} of health -> "
              f"{verdict[targets[f'ratio_c{c}']]} (ratio {row['ratio']:.2f})")
        if c == 64:
            targets["p99_c64"] = row["p99_ms"] < P99_TARGET_MS
            print(f"TARGET c=64: p99 < {P99_TARGET_MS:.0f} ms -> "
                  f"{verdict[targets['p99_c64']]} ({row['p99_ms']} ms)")
        if c == 256:
            targets["no_errors_c256"] = row["errors"] == 0
            print(f"TARGET c=256: no errors -> {verdict[targets['no_errors_c256']]} "
                  f"({row['errors']} errors)")
    results["targets_met"] = targets
    print(f"CPU available: at start {machine['cpu_available_at_start']['parallelism']}, at end "
          f"{machine['cpu_available_at_end']['parallelism']} (of {machine['cpu_count']}); "
          f"load average at start {machine.get('loadavg_at_start')}, at end "
          f"{machine['loadavg_at_end']}")
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    path = common.write_results("scan_burst", results)
    print(f"results: {path.relative_to(common.REPO_ROOT)} ({results['elapsed_s']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
