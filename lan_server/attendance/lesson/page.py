"""The small server-rendered page behind the QR URL (/a/...), outside /api/v1.

Any phone camera opens ``/a/<short>/<slot>/<code>`` in a browser. A pupil logs in once on
that phone (the login is remembered in httpOnly, SameSite=Lax cookies on ``/a/``: a short
access token and the refresh token, rotated when the access token has expired); later
visits mark them at once. The login form is CSRF-safe twice over: a double-submit token
(cookie + hidden field) and a ticket signed with the server's key that ties the form to
this page's URL and to the moment the code was read, so a slow login does not turn a
valid code into an expired one (the ticket is honoured for ``TICKET_SECONDS``).

Plain HTML, no JavaScript, French or English by Accept-Language."""

from __future__ import annotations

import hashlib
import hmac
import html
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials

from lan_server.attendance.lesson.router import desk_of
from lan_server.attendance.lesson.schemas import ScanRequest
from lan_server.auth import service as auth_service
from lan_server.core.context import AppContext
from lan_server.core.deps import authenticate
from lan_server.core.errors import AppError
from lan_server.core.i18n import negotiate, translate
from lan_server.models import School, User

router = APIRouter(include_in_schema=False)

COOKIE_PATH = "/a/"
ACCESS_COOKIE = "ecep_a_at"
REFRESH_COOKIE = "ecep_a_rt"
DEVICE_COOKIE = "ecep_a_dev"
CSRF_COOKIE = "ecep_a_csrf"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600
TICKET_SECONDS = 180
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class _Reply:
    status: int
    body: str
    cookies: dict[str, tuple[str, int]]  # name -> (value, max-age); "" + 0 deletes


def _ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def _locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"), _ctx(request).settings.default_locale)


def _ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(locale: str, heading: str, content: str, *, tone: str = "info") -> str:
    colour = {"ok": "#1b7f3b", "bad": "#b3261e", "info": "#1f3b70"}[tone]
    title = html.escape(translate("scan_page.title", locale))
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>"
        "body{font-family:system-ui,sans-serif;font-size:1.3rem;margin:0;padding:1.2rem;"
        "max-width:32rem;margin:auto;line-height:1.4}"
        f"h1{{font-size:2rem;color:{colour}}}"
        "label{display:block;margin-top:1rem}"
        "input{font-size:1.3rem;width:100%;padding:.6rem;box-sizing:border-box}"
        "button{font-size:1.3rem;width:100%;padding:.8rem;margin-top:1.2rem}"
        ".error{color:#b3261e}</style></head><body>"
        f"<h1>{html.escape(heading)}</h1>{content}</body></html>"
    )


def _signature(key: str, *parts: str) -> str:
    message = "|".join(parts).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


def _login_form(
    request: Request,
    locale: str,
    csrf: str,
    path_parts: tuple[str, str, str],
    error: str = "",
    action: str | None = None,
) -> str:
    ctx = _ctx(request)
    seen = str(int(ctx.clock.now().timestamp()))
    nonce = secrets.token_urlsafe(16)
    sig = _signature(ctx.settings.secret_key, "scan-page", csrf, *path_parts, seen, nonce)
    ticket = f"{seen}.{nonce}.{sig}"
    e = html.escape
    error_html = f'<p class="error">{e(error)}</p>' if error else ""
    content = (
        f"<p>{e(translate('scan_page.login_intro', locale))}</p>{error_html}"
        f'<form method="post" action="{e(action or request.url.path)}">'
        f'<input type="hidden" name="csrf_token" value="{e(csrf)}">'
        f'<input type="hidden" name="ticket" value="{e(ticket)}">'
        f'<label for="u">{e(translate("scan_page.username", locale))}</label>'
        '<input id="u" name="username" autocomplete="username" autocapitalize="none" required>'
        f'<label for="p">{e(translate("scan_page.password", locale))}</label>'
        '<input id="p" name="password" type="password" autocomplete="current-password" required>'
        f'<button type="submit">{e(translate("scan_page.submit", locale))}</button></form>'
    )
    return _page(locale, translate("scan_page.title", locale), content)


def _school_zone(ctx: AppContext, school_id: uuid.UUID) -> ZoneInfo:
    with ctx.db.read_session() as db:
        school = db.get(School, school_id)
        name = school.timezone if school else "Africa/Douala"
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("Africa/Douala")


def _scan_request(short: str, slot: str, code: str, nonce: str, device: str) -> ScanRequest:
    return ScanRequest(
        short_code=short[:16],
        slot=int(slot) if slot.isdigit() and len(slot) <= 12 else None,
        code=code[:32],
        nonce=nonce,
        device_id=device,
    )


def _signout_form(request: Request, locale: str, csrf: str, pupil: User) -> str:
    """ "Not Awa? Sign out": a phone lent to a classmate must not mark its owner."""
    e = html.escape
    label = translate("scan_page.not_you", locale, {"name": pupil.first_name})
    return (
        f'<form method="post" action="{e(request.url.path.rstrip("/"))}/logout">'
        f'<input type="hidden" name="csrf_token" value="{e(csrf)}">'
        f'<button type="submit">{e(label)}</button></form>'
    )


def _csrf(request: Request, cookies: dict[str, tuple[str, int]]) -> str:
    """The double-submit token of this phone (cookie + hidden field), made if missing."""
    csrf = request.cookies.get(CSRF_COOKIE, "")
    if not _TOKEN.match(csrf):
        csrf = secrets.token_urlsafe(24)
    cookies[CSRF_COOKIE] = (csrf, TICKET_SECONDS * 10)
    return csrf


def _mark_and_render(
    ctx: AppContext,
    request: Request,
    locale: str,
    pupil: User,
    data: ScanRequest,
    csrf: str,
    seen_at: datetime | None = None,
) -> tuple[int, str]:
    try:
        outcome = desk_of(request).scan_blocking(
            pupil=pupil, data=data, ip=_ip(request), now=ctx.clock.now(), seen_at=seen_at
        )
        outcome.raise_refusal()
    except AppError as exc:
        heading = translate("scan_page.refused", locale)
        message = translate(exc.code, locale, exc.params)
        content = f"<p>{html.escape(message)}</p>{_signout_form(request, locale, csrf, pupil)}"
        return exc.status_code, _page(locale, heading, content, tone="bad")
    zone = _school_zone(ctx, pupil.school_id)
    hhmm = outcome.marked_at.astimezone(zone).strftime("%H:%M")
    heading = translate(f"scan_page.{outcome.status}", locale, {"time": hhmm})
    name = html.escape(pupil.full_name)
    extra = (
        f"<p>{html.escape(translate('scan_page.already', locale))}</p>"
        if outcome.already_marked
        else ""
    )
    signout = _signout_form(request, locale, csrf, pupil)
    return 200, _page(locale, heading, f"<p>{name}</p>{extra}{signout}", tone="ok")


def _authenticate(
    ctx: AppContext, request: Request, ip: str
) -> tuple[User | None, dict[str, tuple[str, int]]]:
    """The pupil logged in on this device, refreshing the access token when needed."""
    cookies: dict[str, tuple[str, int]] = {}
    access = request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            auth = authenticate(
                ctx, HTTPAuthorizationCredentials(scheme="Bearer", credentials=access[:4096])
            )
            return auth.user, cookies
        except AppError:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if not refresh:
        return None, cookies
    try:
        with ctx.db.write_session() as session:
            issued = auth_service.refresh(
                session,
                ctx,
                token=refresh[:512],
                ip=ip,
                user_agent=request.headers.get("user-agent"),
            )
    except AppError:
        cookies[ACCESS_COOKIE] = ("", 0)
        cookies[REFRESH_COOKIE] = ("", 0)
        return None, cookies
    cookies.update(_login_cookies(issued))
    return issued.user, cookies


def _login_cookies(issued: auth_service.IssuedTokens) -> dict[str, tuple[str, int]]:
    return {
        ACCESS_COOKIE: (issued.access_token, issued.expires_in),
        REFRESH_COOKIE: (issued.refresh_token, issued.refresh_expires_in),
    }


def _device(request: Request, cookies: dict[str, tuple[str, int]]) -> str:
    device = request.cookies.get(DEVICE_COOKIE, "")
    if not _TOKEN.match(device):
        device = secrets.token_urlsafe(24)
    cookies[DEVICE_COOKIE] = (device, DEVICE_MAX_AGE)  # refreshed: long-lived
    return device


def _respond(request: Request, locale: str, reply: _Reply) -> HTMLResponse:
    response = HTMLResponse(reply.body, status_code=reply.status)
    secure = request.url.scheme == "https"  # a school LAN may serve plain HTTP
    for name, (value, max_age) in reply.cookies.items():
        if max_age <= 0:
            response.delete_cookie(name, path=COOKIE_PATH, httponly=True, samesite="lax")
        else:
            response.set_cookie(
                name,
                value,
                max_age=max_age,
                path=COOKIE_PATH,
                httponly=True,
                samesite="lax",
                secure=secure,
            )
    response.headers["Content-Language"] = locale
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _handle_get(request: Request, short: str, slot: str, code: str) -> _Reply:
    ctx = _ctx(request)
    locale = _locale(request)
    ip = _ip(request)
    user, cookies = _authenticate(ctx, request, ip)
    device = _device(request, cookies)
    csrf = _csrf(request, cookies)
    if user is None:
        return _Reply(200, _login_form(request, locale, csrf, (short, slot, code)), cookies)
    data = _scan_request(short, slot, code, secrets.token_urlsafe(16), device)
    status, body = _mark_and_render(ctx, request, locale, user, data, csrf)
    return _Reply(status, body, cookies)


def _handle_post(
    request: Request, short: str, slot: str, code: str, form: dict[str, str]
) -> _Reply:
    ctx = _ctx(request)
    locale = _locale(request)
    ip = _ip(request)
    cookies: dict[str, tuple[str, int]] = {}
    device = _device(request, cookies)
    csrf_cookie = request.cookies.get(CSRF_COOKIE, "")
    csrf_form = form.get("csrf_token", "")
    seen_s, _, rest = form.get("ticket", "").partition(".")
    nonce, _, sig = rest.partition(".")
    expected = _signature(
        ctx.settings.secret_key, "scan-page", csrf_form, short, slot, code, seen_s, nonce
    )
    valid = (
        bool(_TOKEN.match(csrf_cookie))
        and hmac.compare_digest(csrf_cookie.encode(), csrf_form.encode())
        and hmac.compare_digest(expected.encode(), sig.encode())
        and seen_s.isdigit()
        and 0 < len(nonce) <= 64
    )
    if not valid:
        message = html.escape(translate("scan_page.csrf", locale))
        return _Reply(
            403,
            _page(locale, translate("scan_page.refused", locale), f"<p>{message}</p>", tone="bad"),
            cookies,
        )
    now = ctx.clock.now()
    seen_at = datetime.fromtimestamp(int(seen_s[:12]), UTC)
    if not (now - timedelta(seconds=TICKET_SECONDS) <= seen_at <= now + timedelta(seconds=5)):
        seen_at = now  # a stale form: the code is judged as read now
    username = form.get("username", "")[:254]
    password = form.get("password", "")[:1024]
    try:
        with ctx.db.read_session() as read, ctx.db.write_session() as write:
            issued = auth_service.login(
                read,
                write,
                ctx,
                identifier=username,
                password=password,
                ip=ip,
                user_agent=request.headers.get("user-agent"),
            )
    except AppError as exc:  # a failed login still counts towards the throttle
        error = translate(exc.code, locale, exc.params)
        return _Reply(
            exc.status_code,
            _login_form(request, locale, csrf_cookie, (short, slot, code), error),
            cookies,
        )
    cookies.update(_login_cookies(issued))
    data = _scan_request(short, slot, code, nonce, device)
    status, body = _mark_and_render(
        ctx, request, locale, issued.user, data, csrf_cookie, seen_at=seen_at
    )
    return _Reply(status, body, cookies)


def _handle_signout(
    request: Request, short: str, slot: str, code: str, form: dict[str, str]
) -> _Reply:
    """Ends this phone's login (its refresh family revoked, its cookies deleted) and shows
    the login form of the same code, for the classmate who borrowed the phone."""
    ctx = _ctx(request)
    locale = _locale(request)
    cookies: dict[str, tuple[str, int]] = {}
    csrf_cookie = request.cookies.get(CSRF_COOKIE, "")
    csrf_form = form.get("csrf_token", "")
    if not (
        _TOKEN.match(csrf_cookie) and hmac.compare_digest(csrf_cookie.encode(), csrf_form.encode())
    ):
        message = html.escape(translate("scan_page.csrf", locale))
        return _Reply(
            403, _page(locale, translate("scan_page.title", locale), f"<p>{message}</p>"), cookies
        )
    refresh = request.cookies.get(REFRESH_COOKIE, "")[:512]
    if refresh:
        with ctx.db.write_session() as session:
            auth_service.logout(
                session, ctx, user=None, session_id=None, refresh_token=refresh, ip=_ip(request)
            )
    cookies[ACCESS_COOKIE] = ("", 0)
    cookies[REFRESH_COOKIE] = ("", 0)
    csrf = _csrf(request, cookies)
    page_path = request.url.path.rsplit("/logout", 1)[0]
    return _Reply(200, _login_form(request, locale, csrf, (short, slot, code), action=page_path),
                  cookies)


@router.get("/a/{short}/{slot}/{code}", response_class=HTMLResponse)
def scan_page(request: Request, short: str, slot: str, code: str) -> HTMLResponse:
    reply = _handle_get(request, short, slot, code)
    return _respond(request, _locale(request), reply)


@router.post("/a/{short}/{slot}/{code}", response_class=HTMLResponse)
async def scan_page_login(request: Request, short: str, slot: str, code: str) -> HTMLResponse:
    try:
        raw = await request.form(max_files=0, max_fields=10)
        form = {k: v for k, v in raw.items() if isinstance(v, str)}
    except Exception:  # a body that is not a form: treated as an empty form (refused)
        form = {}
    reply = await anyio.to_thread.run_sync(_handle_post, request, short, slot, code, form)
    return _respond(request, _locale(request), reply)


@router.post("/a/{short}/{slot}/{code}/logout", response_class=HTMLResponse)
async def scan_page_signout(request: Request, short: str, slot: str, code: str) -> HTMLResponse:
    try:
        raw = await request.form(max_files=0, max_fields=10)
        form = {k: v for k, v in raw.items() if isinstance(v, str)}
    except Exception:  # not a form: refused like a form without its token
        form = {}
    reply = await anyio.to_thread.run_sync(_handle_signout, request, short, slot, code, form)
    return _respond(request, _locale(request), reply)
