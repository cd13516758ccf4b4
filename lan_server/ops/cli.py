"""``ecep-server backup | restore | support-bundle`` (added to the ``ecep-server`` group)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from lan_server.core.errors import AppError
from lan_server.core.i18n import translate
from lan_server.ops import messages as _messages  # noqa: F401 - the catalogue
from lan_server.ops.backup import (
    Reason,
    backups_dir,
    create_backup,
    export_copy,
    find_backup,
    list_backups,
    parse_name,
    restore_backup,
    sqlite_path,
)
from lan_server.ops.lock import servers_running
from lan_server.ops.support import bundle_name, write_support_bundle

database_option = click.option(
    "--database", "database", default=None, metavar="URL",
    help="Database URL (default: SQLite in the data directory; or ECEP_DATABASE_URL).",
)


def _base():  # noqa: ANN202 - lan_server.cli, imported late (it imports this module)
    from lan_server import cli

    return cli


def _fail_app_error(exc: AppError) -> None:
    base = _base()
    base._fail(translate(exc.code, base._locale(), exc.params))


def _database_path(settings) -> Path:  # noqa: ANN001
    path = sqlite_path(settings.resolved_database_url)
    if path is None:
        _base()._fail(_base()._t("backups_sqlite_only"))
    return path  # type: ignore[return-value]


@click.command()
@database_option
@click.option("--list", "list_only", is_flag=True, help="List the backups, make none.")
@click.option("--to", "export_to", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also copy the new backup into this folder (a USB stick).")
def backup(database: str | None, list_only: bool, export_to: Path | None) -> None:
    """Back up the school's database now (online: a running server may go on serving)."""
    base = _base()
    settings = base._settings(database)
    folder = backups_dir(settings.data_dir)
    if list_only:
        found = list_backups(folder)
        if not found:
            click.echo(base._t("cli.backup.none", folder=folder))
            return
        click.echo(base._t("cli.backup.list_header", folder=folder))
        for info in found:
            click.echo(base._t("cli.backup.list_line", name=info.name, size=info.size))
        return
    try:
        info = create_backup(_database_path(settings), folder, reason=Reason.manual,
                             now=datetime.now(UTC), keep=settings.backup_keep)
    except AppError as exc:
        _fail_app_error(exc)
        return
    click.echo(base._t("cli.backup.done", path=info.path, size=info.size))
    if export_to is not None:
        click.echo(base._t("cli.backup.exported", path=export_copy(info, export_to)))


@click.command()
@database_option
@click.argument("source")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def restore(database: str | None, source: str, yes: bool) -> None:
    """Replace the school's database by a backup: SOURCE is the name of a file in the data
    directory's backups/ folder, or the path of a backup (from a USB stick).

    Refused while a server is serving this data directory: stop it first. The database
    being replaced is kept in backups/ (reason pre-restore)."""
    base = _base()
    settings = base._settings(database)
    database_path = _database_path(settings)
    folder = backups_dir(settings.data_dir)
    if parse_name(source) is not None and (folder / source).is_file():
        source_path = find_backup(folder, source).path
    elif Path(source).is_file():
        source_path = Path(source)
    else:
        base._fail(base._t("backup_not_found", name=source))
        return
    running = servers_running(settings.data_dir)
    if running:
        base._fail(base._t("cli.restore.server_running", data_dir=settings.data_dir), 4)
    if not yes and not click.confirm(base._t("cli.restore.confirm", name=source_path.name)):
        click.echo(base._t("cli.restore.cancelled"))
        sys.exit(1)
    try:
        result = restore_backup(database_path, source_path, directory=folder,
                                now=datetime.now(UTC), keep=settings.backup_keep)
    except AppError as exc:
        _fail_app_error(exc)
        return
    if result.migrated_from:
        click.echo(base._t("cli.restore.migrated", revision=result.migrated_from))
    if result.kept_aside is not None:
        click.echo(base._t("cli.restore.kept_aside", path=result.kept_aside.path))
    click.echo(base._t("cli.restore.done", name=result.restored_from, revision=result.revision))


@click.command("support-bundle")
@database_option
@click.option("--output", "-o", type=click.Path(dir_okay=True, path_type=Path), default=None,
              help="Zip file (or folder) to write; default: the current folder.")
def support_bundle(database: str | None, output: Path | None) -> None:
    """Write a zip of the logs, versions and settings (secrets removed) for support."""
    base = _base()
    settings = base._settings(database)
    now = datetime.now(UTC)
    target = output or Path.cwd()
    if target.is_dir():
        target = target / bundle_name(now)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_support_bundle(settings, target, now=now)
    click.echo(base._t("cli.support_bundle.done", path=target))


COMMANDS = (backup, restore, support_bundle)
