"""Request body size limits, enforced while the body streams in (a client that lies in
Content-Length, or sends chunks, is cut off at the limit all the same)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lan_server.core.errors import PROBLEM_JSON, PROBLEM_TYPE_BASE
from lan_server.core.i18n import negotiate, translate


class BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        upload_max_bytes: int,
        upload_paths: tuple[str, ...] = (),
        default_locale: str = "fr",
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes
        self.upload_paths = upload_paths
        self.default_locale = default_locale

    def _limit_for(self, path: str) -> int:
        if any(path.startswith(prefix) for prefix in self.upload_paths):
            return self.upload_max_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                await self._reject(scope, send, limit)
                return

        received = 0
        exceeded = False
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # FastAPI turns an error while reading the body into its own 400; once the limit
            # was crossed, whatever the app answers is replaced by the 413.
            nonlocal response_started
            if exceeded:
                if message["type"] == "http.response.start" and not response_started:
                    response_started = True
                    await self._reject(scope, send, limit)
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not response_started:
                await self._reject(scope, send, limit)

    async def _reject(self, scope: Scope, send: Send, limit: int) -> None:
        headers = dict(scope.get("headers") or [])
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        locale = negotiate(accept, self.default_locale)
        body = json.dumps(
            {
                "type": PROBLEM_TYPE_BASE + "payload_too_large",
                "title": "payload too large",
                "status": 413,
                "code": "payload_too_large",
                "detail": translate("payload_too_large", locale, {"limit": limit}),
                "instance": scope["path"],
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"content-language", locale.encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
