"""Domain errors and their problem+json (RFC 9457) rendering.

Services raise ``AppError`` subclasses carrying a stable ``code``; they know nothing of HTTP
beyond the status each error class carries. ``add_exception_handlers`` turns them (and
FastAPI's validation errors, unknown routes and crashes) into
``application/problem+json`` bodies whose ``detail`` is in the request's language."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from lan_server.core.i18n import negotiate, translate

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://ecep.cm/problems/"


class AppError(Exception):
    status_code = 400

    def __init__(
        self,
        code: str,
        *,
        params: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        status_code: int | None = None,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(code)
        self.code = code
        # True when the refusal is itself a fact to record (a failed login, a reused
        # refresh token): the request's transaction is committed, not rolled back.
        self.keep_changes = keep_changes
        self.params = dict(params or {})
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        if status_code is not None:
            self.status_code = status_code


class BadRequest(AppError):
    status_code = 400


class Unauthorized(AppError):
    status_code = 401

    def __init__(self, code: str = "not_authenticated", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(code, **kwargs)


class Forbidden(AppError):
    status_code = 403

    def __init__(self, code: str = "forbidden", **kwargs: Any) -> None:
        super().__init__(code, **kwargs)


class NotFound(AppError):
    status_code = 404

    def __init__(self, code: str = "not_found", **kwargs: Any) -> None:
        super().__init__(code, **kwargs)


class Conflict(AppError):
    status_code = 409


class Unprocessable(AppError):
    status_code = 422


class TooManyRequests(AppError):
    status_code = 429

    def __init__(
        self, retry_after: int, code: str = "too_many_attempts", keep_changes: bool = False
    ) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(
            code,
            keep_changes=keep_changes,
            params={"retry_after": retry_after},
            extra={"retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class Problem(BaseModel):
    """The body of every error response (RFC 9457 plus a stable ``code``)."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    instance: str | None = None


def request_locale(request: Request) -> str:
    default = getattr(getattr(request.app.state, "settings", None), "default_locale", "fr")
    return negotiate(request.headers.get("accept-language"), default)


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    params: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    locale = request_locale(request)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "detail": translate(code, locale, params),
        "instance": request.url.path,
    }
    body.update(extra or {})
    response = JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)
    response.headers["Content-Language"] = locale
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Field-level messages for the most common validation failures, so a French user reads
# French even for a malformed field; anything else falls back to pydantic's own sentence.
_FIELD_MESSAGES: dict[str, dict[str, str]] = {
    "missing": {"fr": "Champ obligatoire.", "en": "Field required."},
    "string_too_short": {
        "fr": "Au moins {min_length} caractère(s).",
        "en": "At least {min_length} character(s).",
    },
    "string_too_long": {
        "fr": "Au plus {max_length} caractère(s).",
        "en": "At most {max_length} character(s).",
    },
    "string_type": {"fr": "Texte attendu.", "en": "Text expected."},
    "string_pattern_mismatch": {"fr": "Format non valide.", "en": "Invalid format."},
    "int_parsing": {"fr": "Nombre entier attendu.", "en": "Whole number expected."},
    "int_type": {"fr": "Nombre entier attendu.", "en": "Whole number expected."},
    "uuid_parsing": {"fr": "Identifiant (UUID) non valide.", "en": "Invalid identifier (UUID)."},
    "uuid_type": {"fr": "Identifiant (UUID) non valide.", "en": "Invalid identifier (UUID)."},
    "date_from_datetime_parsing": {"fr": "Date non valide.", "en": "Invalid date."},
    "date_parsing": {"fr": "Date non valide.", "en": "Invalid date."},
    "datetime_parsing": {"fr": "Date et heure non valides.", "en": "Invalid date and time."},
    "datetime_from_date_parsing": {
        "fr": "Date et heure non valides.",
        "en": "Invalid date and time.",
    },
    "timezone_aware": {
        "fr": "Indiquez le fuseau horaire (par ex. +01:00).",
        "en": "Give the time zone (e.g. +01:00).",
    },
    "enum": {"fr": "Valeur attendue : {expected}.", "en": "Expected value: {expected}."},
    "literal_error": {"fr": "Valeur attendue : {expected}.", "en": "Expected value: {expected}."},
    "greater_than_equal": {"fr": "Au moins {ge}.", "en": "At least {ge}."},
    "less_than_equal": {"fr": "Au plus {le}.", "en": "At most {le}."},
    "greater_than": {"fr": "Plus grand que {gt}.", "en": "Greater than {gt}."},
    "json_invalid": {"fr": "JSON mal formé.", "en": "Malformed JSON."},
    "model_attributes_type": {"fr": "Objet JSON attendu.", "en": "JSON object expected."},
    "dict_type": {"fr": "Objet JSON attendu.", "en": "JSON object expected."},
    "list_type": {"fr": "Liste attendue.", "en": "List expected."},
    "bool_parsing": {"fr": "Vrai ou faux attendu.", "en": "True or false expected."},
    "value_error": {"fr": "Valeur non valide : {error}", "en": "Invalid value: {error}"},
    "extra_forbidden": {"fr": "Champ inconnu.", "en": "Unknown field."},
    "email": {"fr": "Adresse e-mail non valide.", "en": "Invalid email address."},
}


def _field_errors(exc: RequestValidationError, locale: str) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors()[:50]:
        kind = str(error.get("type", "value_error"))
        ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        template = _FIELD_MESSAGES.get(kind, {}).get(locale)
        try:
            message = template.format(**ctx) if template else str(error.get("msg", ""))
        except (KeyError, IndexError, ValueError):
            message = str(error.get("msg", ""))
        errors.append(
            {
                "field": ".".join(str(part) for part in error.get("loc", ())),
                "type": kind,
                "message": message,
            }
        )
    return errors


def add_exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            request,
            status=exc.status_code,
            code=exc.code,
            params=exc.params,
            extra=exc.extra,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(
            request,
            status=422,
            code="validation_error",
            extra={"errors": _field_errors(exc, request_locale(request))},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(
            exc.status_code, "http_error"
        )
        return problem_response(
            request, status=exc.status_code, code=code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(IntegrityError)
    async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
        # Services turn the conflicts they expect into precise codes; this is the safety net
        # for a race between two requests that both passed a check.
        log.info("integrity error on %s: %s", request.url.path, exc.orig)
        return problem_response(request, status=409, code="conflict")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(request, status=500, code="internal_error")


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}}
    for status in (400, 401, 403, 404, 409, 413, 422, 429)
}
