"""Direct routes: the few endpoints on the hot path of a burst, served without FastAPI's
routing and per-request machinery.

A class of 80 scans the projected QR within seconds (bench/scan_burst.py). Past our own
middlewares (body size, admission), a request still walks FastAPI's exception and
exit-stack middlewares, the route table, the dependency solver and the response
wrapper: measured in process, about a quarter of a lesson scan's CPU, for nothing the
scan uses. This middleware, the innermost of ours, hands a request whose method and path
are listed straight to its endpoint, an ``async (Request) -> Response`` function that
reads its own bearer and body (the same function FastAPI also routes to, so the OpenAPI
document and the behaviour stay one). Errors get the app's own exception handlers
(problem+json in the request's language); anything unhandled goes on up to the server
error middleware, as from a routed endpoint. Every other request passes through untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]


class DirectRoutesMiddleware:
    def __init__(self, app: ASGIApp, *, routes: Mapping[tuple[str, str], Endpoint]) -> None:
        self.app = app
        self.routes = dict(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = (
            self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        )
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as exc:
            handler = _handler_for(request, exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)


def _handler_for(request: Request, exc: Exception) -> Callable | None:
    """The app's handler for ``exc`` (by class, nearest first), except the catch-all
    ``Exception`` one, which the server error middleware applies outside."""
    handlers = request.app.exception_handlers
    for cls in type(exc).__mro__:
        if cls is Exception:
            return None
        if cls in handlers:
            return handlers[cls]
    return None
