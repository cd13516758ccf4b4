"""The attendance QR page over plain HTTP beside an HTTPS server.

A pupil's phone camera opens the lesson QR's URL (``/a/<short>/<slot>/<code>``) in a
browser that knows nothing of the school server's self-signed certificate: over HTTPS it
shows a full-page warning a child cannot get past. So when HTTPS is on, ``ecep-server
serve`` also listens over plain HTTP on ``ECEP_QR_PAGE_PORT`` (default: the API port + 1)
with the same application behind a filter that lets the landing page through and nothing
else: any other path answers 404 ``https_required`` (problem+json, with ``https_url``), so
no API token or admin request goes over plain HTTP by accident. The lesson display then
gives ``http://<host>:<qr page port>/a/...``; the eCEP app posts that URL through its
pinned HTTPS API as before. Trade-offs and the alternative: docs/discovery.md.

Both listeners run in one process and one event loop, on one application object: the
HTTPS server runs the application's lifespan (the context, jobs, discovery), the plain one
none (``lifespan="off"``), and one signal handler stops both, the page listener first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from lan_server.core.errors import PROBLEM_JSON, PROBLEM_TYPE_BASE
from lan_server.core.i18n import negotiate, translate
from lan_server.qr_page import messages as _messages  # noqa: F401 - catalogue

log = logging.getLogger(__name__)

PAGE_PREFIX = "/a/"  # the landing page (lan_server/attendance/lesson/page.py), no static files
STARTUP_FAILURE = 3  # uvicorn's exit status when a server cannot start
_SIGNALS = (signal.SIGINT, signal.SIGTERM) + (
    (signal.SIGBREAK,) if sys.platform == "win32" else ()  # type: ignore[attr-defined]
)


class LandingPageOnly:
    """ASGI filter of the plain listener: ``/a/...`` goes to the application, anything
    else is answered here (404 ``https_required``), never reaching a route."""

    def __init__(self, app: ASGIApp, *, https_port: int, default_locale: str = "fr") -> None:
        self.app = app
        self.https_port = https_port
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PAGE_PREFIX):
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await self._refuse(scope, receive, send)
        elif scope["type"] == "websocket":  # none on this port: a 403 before the upgrade
            await send({"type": "websocket.close", "code": 1008})

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        locale = negotiate(request.headers.get("accept-language"), self.default_locale)
        https = request.url.replace(scheme="https", port=self.https_port)
        https_url = f"https://{https.netloc}/"
        code = "https_required"
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + code,
            "title": code.replace("_", " "),
            "status": 404,
            "code": code,
            "detail": translate(code, locale, {"https_url": https_url}),
            "instance": request.url.path,
            "https_url": https_url,
            "https_port": self.https_port,
        }
        response = JSONResponse(body, status_code=404, media_type=PROBLEM_JSON)
        response.headers["Content-Language"] = locale
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)


def serve_with_page(
    app: Starlette,
    *,
    host: str,
    port: int,
    qr_page_port: int,
    default_locale: str,
    tls_options: dict[str, str],
    **uvicorn_options: Any,
) -> None:
    """Serves ``app`` over HTTPS on ``port`` and its landing page over plain HTTP on
    ``qr_page_port`` until SIGINT/SIGTERM; exits with status 3 if the API cannot start
    (as ``uvicorn.run``)."""
    app.state.qr_page_port = qr_page_port  # the display and /info say where the page is
    api = _Server(uvicorn.Config(app, host=host, port=port, **tls_options, **uvicorn_options))
    page_options = {k: v for k, v in uvicorn_options.items() if k != "log_config"}
    page = _Server(uvicorn.Config(
        LandingPageOnly(app, https_port=port, default_locale=default_locale),
        host=host, port=qr_page_port, lifespan="off", log_config=None, **page_options,
    ))
    try:
        with _stop_on_signals(api, page), asyncio.Runner(
            loop_factory=api.config.get_loop_factory()
        ) as runner:
            page_failed = runner.run(_serve_both(api, page))
    except KeyboardInterrupt:  # pragma: no cover - a signal before our handler was in place
        return
    if not api.started or page_failed:
        sys.exit(STARTUP_FAILURE)


class _Server(uvicorn.Server):
    """A ``uvicorn.Server`` that leaves signals to ``_stop_on_signals`` (two servers each
    installing their own handler would replace each other's)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.contextmanager
def _stop_on_signals(api: uvicorn.Server, page: uvicorn.Server) -> Iterator[None]:
    """First signal: stop (the page listener at once, the API once it is gone, see
    ``_serve_both``); a second Ctrl+C: stop without waiting for open connections."""

    def handle(sig: int, frame: object) -> None:
        if page.should_exit and sig == signal.SIGINT:
            page.force_exit = api.force_exit = True
        page.should_exit = True

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handle) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


async def _serve_both(api: uvicorn.Server, page: uvicorn.Server) -> bool:
    """Runs the API server, then the page listener once the API has started (its lifespan
    built the context the page uses). When either ends, the other is stopped: the page
    first, so no page request is still running while the API's lifespan shuts down.
    True when the page listener failed to start."""
    api_task = asyncio.create_task(api.serve())
    while not api.started:
        if api_task.done() or page.should_exit:
            api.should_exit = True
            await api_task
            return False
        await asyncio.sleep(0.05)

    page_failed = False

    async def run_page() -> None:
        nonlocal page_failed
        try:
            await page.serve()
        except SystemExit:  # uvicorn exits when it cannot bind: stop the API too
            log.error("the attendance page listener could not start on port %s",
                      page.config.port)
            page_failed = True
        if not page.started:
            page_failed = True

    page_task = asyncio.create_task(run_page())
    await asyncio.wait({api_task, page_task}, return_when=asyncio.FIRST_COMPLETED)
    page.should_exit = True
    await page_task
    api.should_exit = True
    await api_task
    return page_failed
