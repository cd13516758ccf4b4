"""Where the attendance page is: its plain-HTTP port, and the base of the lesson QR URL."""

from __future__ import annotations

from starlette.requests import Request

from lan_server.config import Role, Settings


def page_port(settings: Settings) -> int:
    """The port of the plain-HTTP page listener, 0 when there is none (HTTP server, a hub:
    no lesson is taken there, or ``ECEP_QR_PAGE_PORT=0``)."""
    if not settings.https or settings.role != Role.school:
        return 0
    if settings.qr_page_port is None:
        return settings.port + 1 if settings.port < 65535 else 0
    return settings.qr_page_port


def page_base_url(request: Request) -> str:
    """Where the lesson QR's URL points: this server's address as the client reached it;
    over HTTPS with a page listener running, its plain-HTTP port instead."""
    port = getattr(request.app.state, "qr_page_port", 0)
    url = request.base_url
    if port and url.scheme == "https":
        url = url.replace(scheme="http", port=port)
    return str(url).rstrip("/")
