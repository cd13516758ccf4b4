"""The one error type the desktop shows: built from the API's problem+json, or from a
transport failure (``unreachable``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

# 401 codes that a fresh access token may cure: the client refreshes once and retries.
REFRESHABLE_CODES = frozenset({"token_expired", "token_invalid", "not_authenticated"})
# Refresh refusals: only a new login helps.
SESSION_OVER_CODES = frozenset({"refresh_invalid", "refresh_reused"})


@dataclass(frozen=True)
class ApiError:
    """``status`` is 0 when no HTTP answer came back (``unreachable`` is then True).
    ``detail`` is already in the user's language (the server translates it, the client
    translates its own transport messages): show it as it is."""

    status: int
    code: str
    detail: str
    unreachable: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    retry_after: float | None = None
    body: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.detail

    @classmethod
    def from_response(cls, status: int, content_type: str, payload: Any) -> ApiError:
        if content_type.startswith("application/problem+json") and isinstance(payload, dict):
            retry_after = payload.get("retry_after")
            return cls(
                status=status,
                code=str(payload.get("code") or f"http_{status}"),
                detail=str(payload.get("detail") or payload.get("title") or ""),
                errors=list(payload.get("errors") or []),
                retry_after=float(retry_after) if retry_after is not None else None,
                body=payload,
            )
        detail = QCoreApplication.translate(
            "ApiError", "The server answered with an unexpected error (HTTP %1)."
        ).replace("%1", str(status))
        return cls(status=status, code=f"http_{status}", detail=detail)

    @classmethod
    def unreachable_error(cls, reason: str = "") -> ApiError:
        detail = QCoreApplication.translate(
            "ApiError", "The school server cannot be reached. Check the network, then retry."
        )
        return cls(status=0, code="unreachable", detail=detail, unreachable=True,
                   body={"reason": reason} if reason else {})

    @classmethod
    def session_expired_error(cls) -> ApiError:
        detail = QCoreApplication.translate(
            "ApiError", "Your session has ended. Please log in again."
        )
        return cls(status=401, code="session_expired", detail=detail)

    @classmethod
    def certificate_changed_error(cls, reason: str = "") -> ApiError:
        detail = QCoreApplication.translate(
            "ApiError",
            "The server's certificate changed: this may not be your school server. Nothing "
            "was sent. If the server was reinstalled, ask the administrator to pair this "
            "computer again.",
        )
        return cls(status=0, code="certificate_changed", detail=detail,
                   body={"reason": reason} if reason else {})
