"""``ecep-server hub-enroll-code`` (hub), ``sync-enroll`` and ``sync`` (school)."""

from __future__ import annotations

import uuid

import click

from lan_server.core.errors import AppError
from lan_server.sync import messages as _messages  # noqa: F401 - the catalogue


def _cli():  # noqa: ANN202 - the main CLI module, imported late (it imports us)
    from lan_server import cli

    return cli


@click.command("hub-enroll-code")
@click.option("--database", "database", default=None, metavar="URL",
              help="The hub's PostgreSQL URL (or ECEP_DATABASE_URL).")
@click.option("--school-name", default=None, help="A new school on the hub.")
@click.option("--hub-school-id", default=None,
              help="An existing hub school (another server of it, e.g. a reinstall).")
def hub_enroll_code(database: str | None, school_name: str | None,
                    hub_school_id: str | None) -> None:
    """(Hub) Make a one-time enrollment code for a school server."""
    from lan_server.sync import hub_service

    cli = _cli()
    if not school_name and not hub_school_id:
        raise click.UsageError("--school-name or --hub-school-id")
    settings = cli._settings(database)
    if settings.is_sqlite:
        cli._fail(cli._t("cli.sync.hub_needs_postgres"))
    ctx = cli._context(settings)
    try:
        with ctx.db.write_session() as session:
            made = hub_service.create_enroll_code(
                session, now=ctx.clock.now(), school_name=school_name,
                hub_school_id=uuid.UUID(hub_school_id) if hub_school_id else None,
            )
    except AppError as exc:
        cli._fail(cli.translate(exc.code, cli._locale(), exc.params))
        return
    finally:
        ctx.close()
    click.echo(cli._t("cli.sync.code", school=school_name or hub_school_id,
                      school_id=made.hub_school_id, code=made.code,
                      expires=made.expires_at.strftime("%Y-%m-%d %H:%M UTC")))


@click.command("sync-enroll")
@click.option("--database", "database", default=None, metavar="URL")
@click.option("--hub", "hub_url", required=True, help="The hub's URL, e.g. https://hub.ecep.cm")
@click.option("--code", required=True, help="The code the hub's administrator gave.")
def sync_enroll(database: str | None, hub_url: str, code: str) -> None:
    """(School) Exchange an enrollment code for this server's hub credential."""
    from lan_server.sync.client import SyncClient, SyncError

    cli = _cli()
    ctx = cli._context(cli._settings(database))
    try:
        body = SyncClient(ctx, locale=cli._locale()).enroll(hub_url, code)
    except SyncError as exc:
        cli._fail(exc.detail)
        return
    finally:
        ctx.close()
    click.echo(cli._t("cli.sync.enrolled", hub=hub_url, school=body["hub_school_name"]))


@click.command("sync")
@click.option("--database", "database", default=None, metavar="URL")
def sync_now(database: str | None) -> None:
    """(School) Sync with the hub now: push what is pending, pull what is new."""
    from lan_server.sync.client import SyncClient, SyncError

    cli = _cli()
    ctx = cli._context(cli._settings(database))
    try:
        outcome = SyncClient(ctx, locale=cli._locale()).run()
    except SyncError as exc:
        cli._fail(exc.detail)
        return
    finally:
        ctx.close()
    click.echo(cli._t("cli.sync.done", pushed=outcome.pushed_rows, pulled=outcome.pulled_rows,
                      parked=outcome.parked))


COMMANDS = (hub_enroll_code, sync_enroll, sync_now)
