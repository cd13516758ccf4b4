"""Insert statements compiled once and run straight on the DB-API cursor.

For the inner loop of a write batcher (a class scanning at once), SQLAlchemy's per-call
work (cache lookup, parameter processing through its execution context, result set-up)
cost more than SQLite's own. A ``PreparedInsert`` compiles a Core insert once per dialect
and keeps each column's bind processor, so values are stored exactly as SQLAlchemy stores
them (UUIDs, UTC datetimes, enums), then hands the driver its SQL and parameters directly.

It runs on the connection of the caller's transaction (``Connection.connection``), so it
commits or rolls back with everything else. SQLAlchemy events (``before_cursor_execute``)
do not see these statements."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import Insert


def fetch_all(conn: Connection, sql: str, params: Sequence[Any] | Mapping[str, Any]
              ) -> list[tuple[Any, ...]]:
    """``sql`` on the DB-API cursor of the caller's transaction: the rows as the driver
    gives them."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


class PreparedInsert:
    def __init__(self, stmt: Insert, dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        self.positional = bool(dialect.positional)
        names: Sequence[str] = (
            list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        )
        self._processors: list[tuple[str, Callable[[Any], Any] | None]] = [
            (name, compiled.binds[name].type.bind_processor(dialect)) for name in names
        ]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        if self.positional:
            return tuple(
                process(values[name]) if process is not None else values[name]
                for name, process in self._processors
            )
        return {
            name: process(values[name]) if process is not None else values[name]
            for name, process in self._processors
        }

    def execute(self, conn: Connection, values: Mapping[str, Any]) -> int:
        """One row; the number of rows inserted (0 when ``ON CONFLICT DO NOTHING`` did)."""
        cursor = conn.connection.cursor()
        try:
            cursor.execute(self.sql, self.parameters(values))
            return cursor.rowcount
        finally:
            cursor.close()

    def fetch(self, conn: Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """One execution of a statement with ``RETURNING``: the rows it returned, as the
        driver gives them."""
        return fetch_all(conn, self.sql, self.parameters(values))

    def execute_many(self, conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        params = [self.parameters(row) for row in rows]
        if not params:
            return
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(self.sql, params)
        finally:
            cursor.close()
