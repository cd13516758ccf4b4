"""``ecep-server``: init, serve, migrate, create-user, reset-password, demo; backup, restore,
support-bundle (lan_server/ops/cli.py)."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from lan_server.config import Role, Settings
from lan_server.core import migrate as migrations
from lan_server.core.context import AppContext
from lan_server.core.errors import AppError
from lan_server.core.i18n import negotiate, translate
from lan_server.discovery import messages as _discovery_messages  # noqa: F401 - catalogue
from lan_server.ops import cli as ops_cli
from lan_server.sync import cli as sync_cli

F = TypeVar("F", bound=Callable[..., Any])


def _locale() -> str:
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else negotiate(None)


def _t(key: str, **params: Any) -> str:
    return translate(key, _locale(), params)


def _fail(detail: str, code: int = 1) -> None:
    click.echo(_t("cli.error", detail=detail), err=True)
    sys.exit(code)


def _settings(database: str | None = None, **overrides: Any) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if database:
        values["database_url"] = database
    return Settings(**values)


def _context(settings: Settings) -> AppContext:
    settings.ensure_data_dir()  # first run: the SQLite file's directory does not exist yet
    migrations.upgrade(settings.resolved_database_url)
    return AppContext.build(settings)


def database_option(func: F) -> F:
    return click.option(
        "--database", "database", default=None, metavar="URL",
        help="Database URL (default: SQLite in the data directory; or ECEP_DATABASE_URL).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def main(verbose: bool) -> None:
    """eCEP School Server."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command()
@database_option
def migrate(database: str | None) -> None:
    """Bring the database schema up to date."""
    settings = _settings(database)
    settings.ensure_data_dir()
    migrations.upgrade(settings.resolved_database_url)
    revision = migrations.current_revision(settings.resolved_database_url)
    click.echo(_t("cli.migrated", revision=revision))


def _run_init(ctx: AppContext, school_values: dict[str, Any], admin_values: dict[str, Any],
              demo: bool) -> None:
    from lan_server.setup import service as setup_service
    from lan_server.setup.schemas import AdminCreate, SchoolCreate

    try:
        school_in = SchoolCreate(**school_values)
        admin_in = AdminCreate(**admin_values)
    except ValidationError as exc:
        _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()), 2)
        return
    with ctx.db.write_session() as session:
        school, admin = setup_service.initialize(session, ctx, school=school_in, admin=admin_in)
        if demo:
            from lan_server.demo.generator import load_demo

            load_demo(session, ctx, school=school)
        click.echo(_t("cli.initialized", school=school.name, username=admin.username))
    setup_service.discard_setup_token(ctx.settings)
    if ctx.settings.https:  # made once, at install: paired tablets pin its fingerprint
        _tls_options(ctx.settings)


@main.command()
@database_option
@click.option("--school-name", help="School name, e.g. “École publique de Bonabéri”.")
@click.option("--town", help="Town.")
@click.option("--timezone", "timezone_name", default=None, help="Default Africa/Douala.")
@click.option("--language", "default_locale", type=click.Choice(["fr", "en"]), default=None)
@click.option("--languages", default=None, help="Comma-separated, default fr,en.")
@click.option("--admin-username")
@click.option("--admin-first-name")
@click.option("--admin-last-name")
@click.option("--admin-email", default=None)
@click.option("--admin-password", default=None, help="Prompted (hidden) when omitted.")
@click.option("--demo", is_flag=True, help="Also load the demo school's classes, staff and pupils.")
@click.option("--no-input", is_flag=True, help="Never prompt; fail if something is missing.")
def init(database: str | None, school_name: str | None, town: str | None,
         timezone_name: str | None, default_locale: str | None, languages: str | None,
         admin_username: str | None, admin_first_name: str | None, admin_last_name: str | None,
         admin_email: str | None, admin_password: str | None, demo: bool, no_input: bool) -> None:
    """Create the school and its first administrator (once)."""
    from lan_server.setup import service as setup_service

    def ask(value: str | None, flag: str, key: str, *, default: str | None = None,
            hide: bool = False, optional: bool = False) -> str | None:
        if value is not None:
            return value
        if no_input:
            if default is not None or optional:
                return default
            # click's own usage error (exit code 2), as for any other missing option
            raise click.MissingParameter(param_hint=f"'{flag}'", param_type="option")
        return click.prompt(
            _t(key), default=default if default is not None else ("" if optional else None),
            hide_input=hide, confirmation_prompt=hide, show_default=not hide,
        ) or None

    ctx = _context(_settings(database))
    try:
        with ctx.db.read_session() as session:
            school = setup_service.get_school(session)
            existing = school.name if school is not None else None  # read before the session ends
        if existing is not None:
            _fail(_t("cli.already_initialized", school=existing))
        school_values = {
            "name": ask(school_name, "--school-name", "cli.prompt.school_name"),
            "town": ask(town, "--town", "cli.prompt.town", optional=True),
            "timezone": ask(timezone_name, "--timezone", "cli.prompt.timezone",
                            default="Africa/Douala"),
            "default_locale": ask(default_locale, "--language", "cli.prompt.locale", default="fr"),
            "languages": [part.strip() for part in (languages or "fr,en").split(",")
                          if part.strip()],
        }
        admin_values = {
            "username": ask(admin_username, "--admin-username", "cli.prompt.admin_username",
                            default="admin"),
            "first_name": ask(admin_first_name, "--admin-first-name", "cli.prompt.first_name"),
            "last_name": ask(admin_last_name, "--admin-last-name", "cli.prompt.last_name"),
            "email": ask(admin_email, "--admin-email", "cli.prompt.email", optional=True),
            "password": ask(admin_password, "--admin-password", "cli.prompt.password", hide=True),
        }
        _run_init(ctx, school_values, admin_values, demo)
    except AppError as exc:
        _fail(translate(exc.code, _locale(), exc.params))
    finally:
        ctx.close()


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":
            # As uvicorn does: a port whose last connections linger in TIME_WAIT is free.
            # Not on Windows, where SO_REUSEADDR would let the probe bind a port another
            # program is listening on, and every port would look free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _free_port_near(host: str, port: int) -> int:
    """A port to suggest instead of a taken one: the next free one, else any free one."""
    for candidate in range(port + 1, min(port + 50, 65536)):
        if _port_free(host, candidate):
            return candidate
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@main.command()
@database_option
@click.option("--host", default=None, help="Address to listen on (default 0.0.0.0: the LAN).")
@click.option("--port", type=int, default=None, help="Default 8470.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=None)
@click.option("--log-level", default="info",
              type=click.Choice(["debug", "info", "warning", "error"]))
@click.option("--https/--http", "https", default=None,
              help="Serve HTTPS with the data directory's self-signed certificate "
                   "(or ECEP_HTTPS=true).")
@click.option("--discovery/--no-discovery", "discovery_enabled", default=None,
              help="Announce the server on the LAN (default on; ECEP_DISCOVERY_ENABLED).")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
              help="Worker processes (PostgreSQL only, e.g. a hub; docs/sync.md).")
def serve(database: str | None, host: str | None, port: int | None, role: str | None,
          log_level: str, https: bool | None, discovery_enabled: bool | None,
          workers: int) -> None:
    """Run the server: migrate the database, then serve the API."""
    import uvicorn

    from lan_server.app import create_app
    from lan_server.core.runtime import settle_garbage_collector
    from lan_server.ops.lock import ServerLock
    from lan_server.ops.logs import server_log_config
    from lan_server.qr_page import listener as qr_page
    from lan_server.qr_page.addresses import page_port as qr_page_port
    from lan_server.setup import service as setup_service

    settings = _settings(database, host=host, port=port, role=role, https=https,
                         discovery_enabled=discovery_enabled)
    if not _port_free(settings.host, settings.port):
        _fail(_t("cli.port_taken", host=settings.host, port=settings.port,
                 suggestion=_free_port_near(settings.host, settings.port)), 3)
    # HTTPS: the attendance QR page also over plain HTTP (lan_server/qr_page/listener.py);
    # not beside several workers (a PostgreSQL hub).
    page_port = qr_page_port(settings) if workers == 1 or settings.is_sqlite else 0
    if page_port and (page_port == settings.port or not _port_free(settings.host, page_port)):
        _fail(_t("cli.qr_page_port_taken", host=settings.host, port=page_port,
                 suggestion=_free_port_near(settings.host, page_port)), 3)
    if qr_page_port(settings) and not page_port:
        click.echo(_t("cli.qr_page_workers"), err=True)
    ctx = _context(settings)
    with ctx.db.read_session() as session:
        initialized = setup_service.is_initialized(session)
    if not initialized and settings.role == Role.school:
        path = setup_service.ensure_setup_token(settings)
        click.echo(_t("cli.not_initialized_hint", path=path), err=True)
    click.echo(_t("cli.serving", role=settings.role.value, host=settings.host, port=settings.port,
                  scheme="https" if settings.https else "http",
                  data_dir=settings.data_dir), err=True)
    tls_options = _tls_options(settings)
    lock = ServerLock(settings.data_dir).acquire()  # an offline restore waits for us to end
    try:
        app = create_app(context=ctx, advertise=settings.discovery_enabled)
        if workers > 1 and not settings.is_sqlite:  # each worker builds its app from ECEP_*
            os.environ.update({"ECEP_DATABASE_URL": settings.resolved_database_url,
                               "ECEP_ROLE": settings.role.value,
                               "ECEP_DATA_DIR": str(settings.data_dir)})
            app, tls_options = "lan_server.sync.asgi:create_app_from_env", {
                **tls_options, "factory": True, "workers": workers}
        settle_garbage_collector()
        if page_port:
            click.echo(_t("cli.qr_page_serving", host=settings.host, port=page_port), err=True)
            qr_page.serve_with_page(
                app, host=settings.host, port=settings.port, qr_page_port=page_port,
                default_locale=settings.default_locale, tls_options=tls_options,
                log_level=log_level, proxy_headers=False, server_header=False,
                log_config=server_log_config(settings.data_dir, log_level))
        else:
            uvicorn.run(
                app, host=settings.host, port=settings.port,
                log_level=log_level, proxy_headers=False, server_header=False,
                log_config=server_log_config(settings.data_dir, log_level), **tls_options,
            )
    finally:
        lock.release()
        ctx.close()


def _tls_options(settings: Settings) -> dict[str, str]:
    """uvicorn's certificate options when HTTPS is on (the certificate made once, kept)."""
    if not settings.https:
        return {}
    from lan_server import tls

    paths = tls.ensure_certificate(settings.data_dir)
    click.echo(_t("cli.https_certificate", path=paths.cert, fingerprint=paths.fingerprint),
               err=True)
    return {"ssl_certfile": str(paths.cert), "ssl_keyfile": str(paths.key)}


@main.command()
@click.option("--timeout", type=float, default=3.0, show_default=True,
              help="Seconds to listen for servers.")
@click.option("--interfaces", default=None,
              help="Comma-separated IPv4 addresses to search on (default: all).")
def discover(timeout: float, interfaces: str | None) -> None:
    """List the eCEP servers announced on the LAN, each confirmed at its /api/v1/info."""
    import time

    from lan_server.discovery.advertiser import parse_interfaces
    from lan_server.discovery.browser import ServerBrowser

    try:
        addresses = parse_interfaces(interfaces or "all")
    except ValueError as exc:
        _fail(str(exc), 2)
        return
    click.echo(_t("cli.discover.searching", seconds=f"{timeout:g}"), err=True)
    with ServerBrowser(interfaces=addresses) as browser:
        time.sleep(timeout)
        found = browser.servers()
    if not found:
        click.echo(_t("cli.discover.none"))
        sys.exit(1)
    for server in found:
        click.echo(_t(
            "cli.discover.server", name=server.school_name or server.instance,
            server_id=server.server_id, url=server.base_url, role=server.role,
            proto=server.proto, fingerprint=server.fingerprint or "-",
        ))


@main.command("create-user")
@database_option
@click.option("--username", required=True)
@click.option("--role", type=click.Choice(["admin", "teacher", "parent", "student"]), required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--email", default=None)
@click.option("--password", default=None, help="Prompted (hidden) when omitted.")
def create_user(database: str | None, username: str, role: str, first_name: str, last_name: str,
                email: str | None, password: str | None) -> None:
    """Create an account in the school (as the machine's administrator)."""
    from lan_server.setup import service as setup_service
    from lan_server.users import service as users_service
    from lan_server.users.schemas import UserCreate

    if password is None:
        password = _prompt_password()
    ctx = _context(_settings(database))
    try:
        data = UserCreate(username=username, role=role, first_name=first_name,
                          last_name=last_name, email=email, password=password)
        with ctx.db.write_session() as session:
            school = setup_service.get_school(session)
            if school is None:
                _fail(translate("not_initialized", _locale()))
            admin = _machine_admin(session, school.id)
            users_service.create_user(session, ctx, actor=admin, data=data, school_id=school.id)
    except ValidationError as exc:
        _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()), 2)
    except AppError as exc:
        _fail(translate(exc.code, _locale(), exc.params))
    finally:
        ctx.close()
    click.echo(_t("cli.user_created", username=username, role=role))


def _prompt_password() -> str:
    return click.prompt(_t("cli.prompt.password"), hide_input=True, confirmation_prompt=True)


def _machine_admin(session, school_id):  # noqa: ANN001, ANN202
    """The audit log's actor for CLI actions: the school's first admin."""
    from sqlalchemy import select

    from lan_server.models import User, UserRole

    return session.scalar(
        select(User).where(User.school_id == school_id, User.role == UserRole.admin)
        .order_by(User.created_at).limit(1)
    )


@main.command("reset-password")
@database_option
@click.option("--username", required=True)
@click.option("--password", default=None, help="Prompted (hidden) when omitted.")
def reset_password(database: str | None, username: str, password: str | None) -> None:
    """Set a new password for an account and close its open sessions."""
    from lan_server.audit import service as audit
    from lan_server.auth import service as auth_service

    if password is None:
        password = _prompt_password()
    ctx = _context(_settings(database))
    try:
        auth_service.check_password_strength(password)
        with ctx.db.write_session() as session:
            user = auth_service.find_user_by_identifier(session, username)
            if user is None:
                _fail(_t("cli.user_not_found", username=username))
            now = ctx.clock.now()
            user.password_hash = ctx.passwords.hash(password)
            user.password_changed_at = now
            auth_service.revoke_all_sessions(session, user.id, now)
            audit.record(session, "auth.password_reset", school_id=user.school_id,
                         target_type="user", target_id=user.id, details={"via": "cli"})
    except AppError as exc:
        _fail(translate(exc.code, _locale(), exc.params))
    finally:
        ctx.close()
    click.echo(_t("cli.password_reset", username=username))


@main.command()
@database_option
@click.option("--password", "demo_password", default="ecep-demo-2026", show_default=True,
              help="Password of every demo account.")
@click.option("--seed", type=int, default=2026, show_default=True)
def demo(database: str | None, demo_password: str, seed: int) -> None:
    """Load the demo school (classes CP to CM2, staff, ~300 pupils, parents, a week of lessons).

    On a server with no school yet it creates “École publique de Bonabéri” with an admin
    account ``admin``; otherwise it adds the demo data to the existing school."""
    from lan_server.demo.generator import DemoAlreadyLoaded, create_demo_school, load_demo
    from lan_server.setup import service as setup_service

    ctx = _context(_settings(database))
    try:
        with ctx.db.write_session() as session:
            school = setup_service.get_school(session)
            if school is None:
                school = create_demo_school(session, ctx, admin_password=demo_password)
                setup_service.discard_setup_token(ctx.settings)
            summary = load_demo(session, ctx, school=school, password=demo_password, seed=seed)
    except DemoAlreadyLoaded:
        _fail(_t("cli.demo_already"))
    except AppError as exc:  # e.g. a demo password too weak for the accounts
        _fail(translate(exc.code, _locale(), exc.params))
    finally:
        ctx.close()
    click.echo(_t("cli.demo_loaded", password=demo_password, **summary))


for _command in sync_cli.COMMANDS:  # hub-enroll-code, sync-enroll, sync (lan_server/sync/cli.py)
    main.add_command(_command)
for _command in ops_cli.COMMANDS:  # backup, restore, support-bundle (lan_server/ops/cli.py)
    main.add_command(_command)


if __name__ == "__main__":
    main()
