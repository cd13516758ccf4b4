"""Shared helpers of the benchmarks: the machine, a real ``ecep-server`` subprocess on a free
loopback port with its own data directory, bounded HTTP load, percentiles and tables."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = Path(__file__).resolve().parent / "results"
API = "/api/v1"
LOOPBACK = "127.0.0.1"
# The servers and desktop apps a benchmark starts (they inherit the environment) announce
# and browse on loopback only, never on the machine's real interfaces.
os.environ["ECEP_DISCOVERY_INTERFACES"] = LOOPBACK
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "bench-admin-2026"  # noqa: S105 - a throwaway data directory's account
PUPIL_PASSWORD = "pupil-pass-2026"  # noqa: S105
DEMO_PASSWORD = "ecep-demo-2026"  # noqa: S105 - lan_server.demo.generator's default
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# -- the machine ---------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "python_impl": platform.python_implementation(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    info["loadavg_at_start"] = loadavg()
    versions = {}
    for name in ("fastapi", "starlette", "uvicorn", "httpx", "sqlalchemy", "argon2-cffi"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[name] = version(name)
    info["packages"] = versions
    return info


def loadavg() -> list[float] | None:
    """1, 5 and 15-minute load averages (runnable processes; the machine is shared)."""
    with contextlib.suppress(OSError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def _spin(loops: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i
    return time.perf_counter() - start


def effective_parallelism(loops: int = 3_000_000) -> dict[str, float]:
    """How much of the machine this run gets: one pure-Python loop alone, then one per CPU
    at once in separate processes. ``parallelism`` is about the CPU count on a quiet
    machine and falls toward 1 when other work (or the hypervisor) takes the rest."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    cpus = os.cpu_count() or 1
    with ProcessPoolExecutor(cpus, mp_context=get_context("spawn")) as pool:
        list(pool.map(_spin, [loops // 10] * cpus))  # start the workers
        alone = min(pool.submit(_spin, loops).result() for _ in range(3))
        start = time.perf_counter()
        list(pool.map(_spin, [loops] * cpus))
        together = time.perf_counter() - start
    return {"one_loop_s": round(alone, 3), f"{cpus}_loops_at_once_s": round(together, 3),
            "parallelism": round(cpus * alone / together, 2)}


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"machine: {info['cpu_count']} CPU ({info['cpu_model']}), "
        f"{info['python_impl']} {info['python']}, SQLite {info['sqlite']}, {info['platform']}"
    )
    if info.get("loadavg_at_start"):
        print(f"load average at start: {info['loadavg_at_start']}")
    print("packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))


# -- figures -------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """A plain text table; ``columns`` are (key, heading)."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
        return str(value)

    grid = [[heading for _, heading in columns]]
    grid += [[cell(row.get(key, "")) for key, _ in columns] for row in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    out = []
    for n, line in enumerate(grid):
        cells = zip(line, widths, strict=True)
        out.append("  ".join(c.rjust(w) if n else c.ljust(w) for c, w in cells))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def write_results(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    # After the ")" the fields start at #3 (state): utime is #14, stime #15.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


# -- the code measured ---------------------------------------------------------------------


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=30, check=True)
    return done.stdout.strip()


def code_info() -> dict[str, Any]:
    """The commit checked out and the uncommitted changes under lan_server/ (the working
    tree is what the servers run, edits in progress included)."""
    try:
        return {
            "head": _git("rev-parse", "--short=12", "HEAD"),
            "lan_server_uncommitted": _git("status", "--porcelain", "--", "lan_server")
            .splitlines(),
        }
    except (OSError, subprocess.SubprocessError) as exc:
        return {"error": str(exc)}


def export_rev(rev: str, dest: Path) -> str:
    """lan_server/ as of ``rev`` (git archive: the repository is only read), in ``dest``;
    returns the short commit."""
    commit = _git("rev-parse", "--short=12", f"{rev}^{{commit}}")
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "lan_server"],
                             cwd=REPO_ROOT, capture_output=True, timeout=60, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return commit


# -- a real server -------------------------------------------------------------------------


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of the server and CLI: ours only, nothing ECEP_ from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    env.update(
        {
            "ECEP_DATA_DIR": str(data_dir),
            # Every benchmark client comes from 127.0.0.1.
            "ECEP_LOGIN_FREE_ATTEMPTS_PER_IP": "1000000",
            "LANG": "en_US.UTF-8",
        }
    )
    env.update(extra)
    return env


def ecep_server_command() -> list[str]:
    script = Path(sys.executable).with_name("ecep-server")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "lan_server"]


def init_school(data_dir: Path, *, timeout: float = 120) -> None:
    """``ecep-server init --no-input``: the school and its first admin, like an install."""
    # Before b63a71f, ``init`` and ``serve`` failed on a missing data directory (--rev).
    data_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [
            *ecep_server_command(), "init", "--no-input",
            "--school-name", "École publique de Bonabéri (bench)", "--town", "Douala",
            "--admin-username", ADMIN_USERNAME, "--admin-first-name", "Aïssatou",
            "--admin-last-name", "Mbarga", "--admin-password", ADMIN_PASSWORD,
        ],
        env=server_env(data_dir), timeout=timeout, capture_output=True, cwd=REPO_ROOT,
    )
    if done.returncode:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"ecep-server init failed ({done.returncode}): " + "\n".join(tail))


def _context(data_dir: Path):  # noqa: ANN202 - lan_server types, imported lazily
    from lan_server.config import Settings
    from lan_server.core import migrate
    from lan_server.core.context import AppContext

    settings = Settings(data_dir=data_dir, login_free_attempts_per_ip=1_000_000)
    migrate.upgrade(settings.resolved_database_url)
    return AppContext.build(settings)


def create_pupils(data_dir: Path, count: int, *, password: str = PUPIL_PASSWORD,
                  prefix: str = "eleve") -> list[str]:
    """``count`` active pupils (with pupil profiles) created through the users service, all
    sharing ONE argon2 hash of ``password`` (hashing 80 times would only slow the setup)."""
    from sqlalchemy import select

    from lan_server.models import Level, User, UserRole
    from lan_server.setup import service as setup_service
    from lan_server.users import service as users_service
    from lan_server.users.schemas import PupilFields, UserCreate

    ctx = _context(data_dir)
    try:
        shared_hash = ctx.passwords.hash(password)
        now = ctx.clock.now()
        names = [f"{prefix}{i:03d}" for i in range(1, count + 1)]
        with ctx.db.write_session() as session:
            school = setup_service.get_school(session)
            assert school is not None, "run init_school first"
            admin = session.scalar(
                select(User).where(User.school_id == school.id, User.role == UserRole.admin)
                .order_by(User.created_at).limit(1)
            )
            for n, username in enumerate(names):
                data = UserCreate(
                    username=username, first_name="Élève", last_name=f"Numéro {n + 1}",
                    role=UserRole.student, pupil=PupilFields(level=Level.CM2),
                )
                user = users_service.create_user(session, ctx, actor=admin, data=data,
                                                 school_id=school.id)
                user.password_hash = shared_hash
                user.password_changed_at = now
        return names
    finally:
        ctx.close()


def prepare_elsewhere(data_dir: Path, count: int, source_dir: Path) -> list[str]:
    """init_school + create_pupils with lan_server/ from ``source_dir`` (export_rev) rather
    than the working tree: another revision may have another schema, so it gets a data
    directory of its own, migrated by its own code."""
    env = dict(os.environ, PYTHONPATH=f"{source_dir}{os.pathsep}{REPO_ROOT}")
    done = subprocess.run(  # noqa: S603 - this module, fixed arguments
        [sys.executable, "-m", "bench.common", "prepare", str(data_dir), str(count)],
        env=env, cwd=source_dir, capture_output=True, text=True, timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"preparing {data_dir} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_demo_pupils(data_dir: Path, count: int) -> list[str] | None:
    """When ``lan_server.demo.generator`` exists, load the demo school (~300 pupils, password
    ``ecep-demo-2026``) and return ``count`` pupil usernames; None when it is not there or
    fails (the caller falls back on its own pupils)."""
    try:
        from lan_server.demo.generator import load_demo
    except ImportError:
        return None
    from sqlalchemy import select

    from lan_server.models import User, UserRole, UserStatus
    from lan_server.setup import service as setup_service

    ctx = _context(data_dir)
    try:
        with ctx.db.write_session() as session:
            school = setup_service.get_school(session)
            load_demo(session, ctx, school=school, password=DEMO_PASSWORD)
        with ctx.db.read_session() as session:
            names = session.scalars(
                select(User.username).where(
                    User.role == UserRole.student, User.status == UserStatus.active,
                    User.password_hash.is_not(None), User.deleted_at.is_(None),
                ).order_by(User.username).limit(count)
            ).all()
    except Exception as exc:  # noqa: BLE001 - optional: report and fall back
        print(f"demo generator unusable ({type(exc).__name__}: {exc}); using own pupils")
        return None
    finally:
        ctx.close()
    return list(names) if len(names) == count else None


@dataclass
class ServerProcess:
    """``ecep-server serve`` in a subprocess; stopped by its own PID and nothing else."""

    data_dir: Path
    log_level: str = "info"
    # A copy of lan_server (export_rev) served instead of the working tree's.
    source_dir: Path | None = None
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    description: str = ""

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid)

    def start(self, *, timeout: float = 60) -> None:
        self.log_path = self.data_dir / "bench-server.log"
        log = self.log_path.open("wb")
        env, cwd = server_env(self.data_dir), REPO_ROOT
        if self.source_dir is not None:
            command = [sys.executable, "-m", "lan_server", "serve"]
            env["PYTHONPATH"] = str(self.source_dir)  # ahead of the editable install
            cwd = self.source_dir
        else:
            command = [*ecep_server_command(), "serve"]
        command += ["--host", LOOPBACK, "--port", str(self.port), "--log-level", self.log_level]
        self.proc = subprocess.Popen(  # noqa: S603 - our own console script
            command, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=cwd,
        )
        log.close()
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=2) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited ({self.proc.returncode}): {self.tail()}")
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{API}/health").status_code == 200:
                        return
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"server did not start in {timeout} s: {self.tail()}")
                time.sleep(0.05)

    def tail(self, lines: int = 20) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, *, timeout: float = 15) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=timeout)

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_server(data_dir: Path, **kwargs: Any) -> Iterator[ServerProcess]:
    server = ServerProcess(data_dir, **kwargs)
    with server:
        yield server


# -- bounded HTTP load ---------------------------------------------------------------------


@dataclass
class LoadResult:
    latencies: list[float]
    wall: float
    errors: int
    statuses: dict[int, int]
    server_cpu: float = float("nan")
    client_cpu: float = float("nan")
    first_error: str | None = None

    def summary(self) -> dict[str, Any]:
        done = len(self.latencies)
        return {
            "requests": done + self.errors,
            "ok": done,
            "errors": self.errors,
            "wall_s": round(self.wall, 4),
            "req_per_s": round(done / self.wall, 1) if self.wall > 0 else float("nan"),
            "p50_ms": ms(percentile(self.latencies, 50)),
            "p90_ms": ms(percentile(self.latencies, 90)),
            "p99_ms": ms(percentile(self.latencies, 99)),
            "max_ms": ms(max(self.latencies)) if self.latencies else float("nan"),
            "server_cpu_s": round(self.server_cpu, 3),
            "server_cpu_ms_per_req": round(self.server_cpu * 1000 / done, 3) if done else None,
            "client_cpu_s": round(self.client_cpu, 3),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "first_error": self.first_error,
        }


def client(base_url: str, *, timeout: float = 30, **kwargs: Any) -> httpx.AsyncClient:
    """One keep-alive connection per client: concurrency is the number of clients."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    return httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits, **kwargs)


# A path no route serves: its 404 touches neither the database nor the threadpool.
CONNECT_PATH = f"{API}/_bench_connect"


async def open_connections(clients: Sequence[httpx.AsyncClient], batch: int = 8) -> None:
    """Opens each client's keep-alive connection, a few at a time and without touching the
    database (80 simultaneous database requests would themselves stall this server)."""
    for start in range(0, len(clients), batch):
        some = clients[start:start + batch]
        responses = await asyncio.gather(*(c.get(CONNECT_PATH) for c in some))
        for response in responses:
            if response.status_code != 404:
                raise RuntimeError(f"{CONNECT_PATH}: {response.status_code} {response.text[:200]}")


class RawClient:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams: a fraction of httpx's
    CPU per request, so that on a 2-core box the load generator takes less of the CPU the
    server is measured on. Only for this server's small Content-Length responses."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._head = f"Host: {host}:{port}\r\nAccept: application/json\r\n{extra}"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        if self._writer is None:
            await self.connect()
        assert self._reader is not None and self._writer is not None
        bearer = f"Authorization: Bearer {token}\r\n" if token else ""
        self._writer.write(f"GET {path} HTTP/1.1\r\n{self._head}{bearer}\r\n".encode("latin-1"))
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at < 0:
            raise RuntimeError(f"no Content-Length in {head[:200]!r}")
        length = int(lower[at + 17:lower.index(b"\r\n", at + 2)])
        body = await self._reader.readexactly(length)
        if b"\r\nconnection: close" in lower:
            await self.aclose()
        return status, body

    async def aclose(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
            self._writer = self._reader = None


def _bearer(tokens: Iterator[str] | None) -> dict[str, str] | None:
    return {"Authorization": f"Bearer {next(tokens)}"} if tokens else None


async def fixed_load(
    server: ServerProcess,
    path: str,
    *,
    requests: int,
    concurrency: int,
    headers: dict[str, str] | None = None,
    expect: int = 200,
    time_limit: float = 120,
    client_kind: str = "raw",
    tokens: Iterator[str] | None = None,
) -> LoadResult:
    """``requests`` GETs of ``path`` over ``concurrency`` pre-opened keep-alive connections
    (``raw``: RawClient, ``httpx``: httpx.AsyncClient), each with the next of ``tokens`` as
    its bearer token when given; stops early past ``time_limit`` seconds and counts what
    was not sent as errors."""
    if client_kind == "raw":
        return await _fixed_load_raw(server, path, requests=requests, concurrency=concurrency,
                                     headers=headers, expect=expect, time_limit=time_limit,
                                     tokens=tokens)
    clients = [client(server.url, headers=headers) for _ in range(concurrency)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    first_error: str | None = None
    remaining = requests
    try:
        # Open the connections first so that the measured part is requests, not handshakes.
        await open_connections(clients)
        deadline = time.perf_counter() + time_limit

        async def worker(c: httpx.AsyncClient) -> None:
            nonlocal remaining, errors, first_error
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                start = time.perf_counter()
                try:
                    response = await c.get(path, headers=_bearer(tokens))
                except httpx.HTTPError as exc:
                    errors += 1
                    first_error = first_error or f"{type(exc).__name__}: {exc}"
                    continue
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == expect:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors += 1
                    first_error = first_error or f"{response.status_code}: {response.text[:200]}"

        cpu0, own0 = server.cpu_seconds(), own_cpu_seconds()
        start = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in clients))
        wall = time.perf_counter() - start
        cpu1, own1 = server.cpu_seconds(), own_cpu_seconds()
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    errors += max(remaining, 0)  # not sent before the time limit
    return LoadResult(latencies, wall, errors, statuses, cpu1 - cpu0, own1 - own0, first_error)


async def _fixed_load_raw(server: ServerProcess, path: str, *, requests: int, concurrency: int,
                          headers: dict[str, str] | None, expect: int,
                          time_limit: float, tokens: Iterator[str] | None) -> LoadResult:
    clients = [RawClient(LOOPBACK, server.port, headers) for _ in range(concurrency)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    first_error: str | None = None
    remaining = requests
    try:
        for start in range(0, len(clients), 8):
            for raw in clients[start:start + 8]:
                await raw.connect()
            await asyncio.gather(*(raw.get(CONNECT_PATH) for raw in clients[start:start + 8]))
        perf = time.perf_counter
        deadline = perf() + time_limit

        async def worker(raw: RawClient) -> None:
            nonlocal remaining, errors, first_error
            while remaining > 0 and perf() < deadline:
                remaining -= 1
                start = perf()
                try:
                    status, body = await raw.get(path, next(tokens) if tokens else None)
                except (OSError, asyncio.IncompleteReadError, RuntimeError, ValueError) as exc:
                    errors += 1
                    first_error = first_error or f"{type(exc).__name__}: {exc}"
                    await raw.aclose()
                    continue
                statuses[status] = statuses.get(status, 0) + 1
                if status == expect:
                    latencies.append(perf() - start)
                else:
                    errors += 1
                    first_error = first_error or f"{status}: {body[:200]!r}"

        cpu0, own0 = server.cpu_seconds(), own_cpu_seconds()
        start = perf()
        await asyncio.wait_for(asyncio.gather(*(worker(raw) for raw in clients)),
                               timeout=time_limit + 30)
        wall = perf() - start
        cpu1, own1 = server.cpu_seconds(), own_cpu_seconds()
    finally:
        await asyncio.gather(*(raw.aclose() for raw in clients))
    errors += max(remaining, 0)
    return LoadResult(latencies, wall, errors, statuses, cpu1 - cpu0, own1 - own0, first_error)


if __name__ == "__main__":  # python -m bench.common prepare DATA_DIR COUNT (prepare_elsewhere)
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        init_school(Path(sys.argv[2]))
        print(json.dumps(create_pupils(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        sys.exit("usage: python -m bench.common prepare DATA_DIR COUNT")
