"""Keyset pagination: ``?limit=&cursor=``, ``next_cursor`` in the body.

A cursor is the sort key of the last row sent, so pages stay stable while rows are added
(no OFFSET drift) and every page costs one index range scan."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from lan_server.core.errors import BadRequest

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) if v is not None else None for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, columns: Sequence[InstrumentedAttribute[Any]]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError("wrong length")
        decoded: list[Any] = []
        for column, value in zip(columns, values, strict=True):
            if value is None or not isinstance(value, str):
                raise ValueError("bad value")
            python_type = column.type.python_type
            decoded.append(uuid.UUID(value) if python_type is uuid.UUID else value)
        return decoded
    except (ValueError, TypeError, UnicodeDecodeError, NotImplementedError) as exc:
        raise BadRequest("invalid_cursor") from exc


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    order_by: Sequence[InstrumentedAttribute[Any]],
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """Rows of ``stmt`` after ``cursor`` in ``order_by`` order (the last column must be
    unique, e.g. the id), and the cursor of the next page or None."""
    if cursor:
        stmt = stmt.where(tuple_(*order_by) > tuple_(*_decode(cursor, order_by)))
    rows = list(session.scalars(stmt.order_by(*order_by).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode([getattr(last, column.key) for column in order_by])
