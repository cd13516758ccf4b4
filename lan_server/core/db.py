"""Engines and sessions.

SQLite (the default for a school) gets WAL, ``synchronous=NORMAL``, a busy timeout and
foreign keys on every connection. All writes go through one writer connection (a pool of
exactly one, transactions opened with ``BEGIN IMMEDIATE``) while reads use their own small
pool: on a 2-core box one writer beat a pool of writers on both throughput and tail latency
(DESIGN.md, Storage). PostgreSQL uses one ordinary pool for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _make_sqlite_engine(url: str, *, writer: bool, max_in_flight: int) -> Engine:
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        # Readers: more than the requests admitted at once (core/admission.py) plus the
        # background jobs, so a request never waits for a read connection.
        pool_size=1 if writer else 8,
        max_overflow=0 if writer else max_in_flight + 4,
        pool_timeout=60,
    )
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        # The writer takes the write lock up front so that a read-then-write transaction can
        # never fail half-way with SQLITE_BUSY; readers take a consistent snapshot.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


@dataclass
class Database:
    """The engines of one server process and the sessions made from them."""

    url: str
    read_engine: Engine
    write_engine: Engine

    @classmethod
    def connect(cls, url: str, *, max_in_flight: int = 32, echo: bool = False) -> Database:
        if url.startswith("sqlite"):
            return cls(
                url,
                _make_sqlite_engine(url, writer=False, max_in_flight=max_in_flight),
                _make_sqlite_engine(url, writer=True, max_in_flight=max_in_flight),
            )
        # One pool for both kinds of session; a request may hold one of each at once, so
        # two connections per admitted request (else: hold-and-wait deadlock under load).
        engine = create_engine(
            url,
            pool_size=10,
            max_overflow=2 * max_in_flight + 4 - 10,
            pool_pre_ping=True,
            echo=echo,
        )
        return cls(url, engine, engine)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def __post_init__(self) -> None:
        self._write_factory = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read_factory = sessionmaker(self.read_engine, expire_on_commit=False)
        self._commit_hooks: dict[str, list[Callable[[], None]]] = {}
        event.listen(self._write_factory, "after_commit", self._after_commit)
        event.listen(self._write_factory, "after_rollback", self._after_rollback)

    def on_commit(self, flag: str, hook: Callable[[], None]) -> None:
        """Run ``hook`` after any commit of a session whose ``info[flag]`` was set."""
        self._commit_hooks.setdefault(flag, []).append(hook)

    def _after_commit(self, session: Session) -> None:
        for flag, hooks in self._commit_hooks.items():
            if session.info.pop(flag, False):
                for hook in hooks:
                    hook()

    def _after_rollback(self, session: Session) -> None:
        for flag in self._commit_hooks:
            session.info.pop(flag, None)

    def checkpoint(self) -> tuple[int, int, int] | None:
        """SQLite: copies what the WAL holds into the database file (``PASSIVE``: it waits
        for no writer nor reader and blocks none), from a connection of the read pool.
        Returns SQLite's (busy, frames in the log, frames copied); None on PostgreSQL."""
        if not self.is_sqlite:
            return None
        raw = self.read_engine.raw_connection()  # autocommit: no transaction around it
        try:
            row = raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()
        return tuple(row) if row else None

    def new_write_session(self) -> Session:
        return self._write_factory()

    def new_read_session(self) -> Session:
        return self._read_factory()

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back otherwise —
        except for an error that says its refusal is a fact to keep (``keep_changes``, e.g.
        a failed login counted by the throttle), which is committed before it propagates."""
        session = self._write_factory()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            if getattr(exc, "keep_changes", False):
                session.commit()
            else:
                session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        session = self._read_factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()
