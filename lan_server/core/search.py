"""Text search helpers shared by the list endpoints."""

from __future__ import annotations

LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, lower-cased, with the wildcards a user may
    type (``%``, ``_``) taken literally. Use with ``.like(pattern, escape=LIKE_ESCAPE)``."""
    escaped = (
        text.strip()
        .lower()
        .replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"
