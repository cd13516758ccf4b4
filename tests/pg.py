"""A throwaway PostgreSQL cluster for tests.

``throwaway_postgres()`` runs ``initdb`` into a fresh temporary directory, starts
``postgres`` on a free loopback port (unix socket in the same directory, ``fsync=off``),
creates a database and yields its SQLAlchemy URL; at the end it stops exactly that server
(``pg_ctl -D <its data dir>``, then its postmaster PID if need be) and deletes the directory.

PostgreSQL refuses to run as root: when the tests run as root, the cluster belongs to an
unprivileged user (``$ECEP_TEST_PG_USER``, else ``ecep-test`` when it exists (``make test``
creates it), else ``nobody``) and every server binary runs through ``runuser``.

The binaries are looked up in ``$ECEP_PG_BIN`` (only there when it is set), else next to
``pg_ctl`` on PATH, else in ``/usr/lib/postgresql/<newest>/bin`` (Debian/Ubuntu).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SUPERUSER = "postgres"
DEFAULT_DATABASE = "ecep_test"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the cluster could not be started."""


def find_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    candidates: list[Path] = []
    if os.environ.get("ECEP_PG_BIN"):  # an explicit choice: no guessing around it
        candidates.append(Path(os.environ["ECEP_PG_BIN"]))
        return candidates[0] if _has_server_binaries(candidates[0]) else None
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.parent.name
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True):
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if _has_server_binaries(bindir):
            return bindir
    return None


def _has_server_binaries(bindir: Path) -> bool:
    return all((bindir / name).is_file() for name in ("initdb", "pg_ctl", "postgres"))


def _run_as_user() -> str | None:
    """The user to run the server binaries as, or None to run them as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in (os.environ.get("ECEP_TEST_PG_USER"), "ecep-test", "nobody"):
        if not name:
            continue
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailable(
        "running as root and no unprivileged user to run PostgreSQL as "
        "(set ECEP_TEST_PG_USER or create the 'ecep-test' user; `make test` does)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _make_root_dir(user: str | None) -> Path:
    # pytest's tmp_path lives under a 0700 directory of the current user: an unprivileged
    # server user could not reach it. A private directory directly in the temp dir can be.
    base = Path(tempfile.gettempdir())
    if user is not None and not _traversable_by_others(base):
        base = Path("/tmp")  # noqa: S108 - sticky world-writable, reachable by the server user
    root = Path(tempfile.mkdtemp(prefix="ecep-pg-", dir=base))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    root.chmod(0o700)
    return root


def _traversable_by_others(path: Path) -> bool:
    path = path.resolve()
    return all(part.stat().st_mode & 0o001 for part in (path, *path.parents))


class _Cluster:
    def __init__(self, bindir: Path, user: str | None) -> None:
        self.bindir = bindir
        self.user = user
        self.root = _make_root_dir(user)
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port: int | None = None
        self.started = False

    def _cmd(self, *args: str) -> list[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            return ["runuser", "-u", self.user, "--", *command]
        return command

    def _run(
        self, *args: str, timeout: float = START_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
        return subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
            self._cmd(*args), cwd=self.root, env=env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
            output = f"{result.stdout}{result.stderr}\n{log}".strip()
            raise PostgresUnavailable(f"{what} failed ({result.returncode}): {output}")

    def initdb(self) -> None:
        result = self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        self._check(result, "initdb")

    def start(self) -> None:
        last: PostgresUnavailable | None = None
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = _free_port()
            options = " ".join([
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories='{self.root}'",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
                "-c shared_buffers=32MB",
                "-c TimeZone=UTC",
            ])
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                "-w", "-t", str(START_TIMEOUT_S), "start",
            )
            if result.returncode == 0:
                self.started = True
                return
            last = PostgresUnavailable(
                f"pg_ctl start failed: {result.stdout}{result.stderr}\n"
                + (self.log.read_text(errors="replace")[-4000:] if self.log.exists() else "")
            )
            self._stop()  # in case it half-started
        assert last is not None
        raise last

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data / "postmaster.pid").read_text().splitlines()[0])
        return None

    def _stop(self) -> None:
        pid = self._postmaster_pid()
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop")
        if pid is None:
            return
        # pg_ctl normally has done it; if not, end that postmaster (and only it).
        if not _is_postmaster_of(pid, self.data):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 0)
            os.kill(pid, signal.SIGQUIT)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                os.kill(pid, 0)
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        try:
            if self.started or (self.data / "postmaster.pid").exists():
                self._stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _is_postmaster_of(pid: int, data: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return bool(cmdline) and cmdline[0].endswith(b"postgres") and str(data).encode() in cmdline


def create_database(url: str, name: str) -> str:
    """Creates database ``name`` on the server of ``url``; returns the URL of the new one."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name: {name!r}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def throwaway_postgres(
    database: str = DEFAULT_DATABASE, *, bindir: Path | None = None
) -> Iterator[str]:
    """Yields the SQLAlchemy URL of database ``database`` on a fresh, private cluster."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install "
            "postgresql-15 (or postgresql), or point ECEP_PG_BIN at their directory"
        )
    cluster = _Cluster(bindir, _run_as_user())
    try:
        cluster.initdb()
        cluster.start()
        url = create_database(cluster.url("postgres"), database)
        yield url
    finally:
        cluster.close()
