"""Alembic, driven from code: ``serve`` and ``ecep-server migrate`` upgrade to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    config = Config(str(PACKAGE_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _connect(url: str):  # noqa: ANN202
    return create_engine(url, poolclass=pool.NullPool)


def upgrade(url: str, revision: str = "head", *, backup: bool = True) -> None:
    """``backup``: an existing SQLite database about to change is first copied into the
    ``backups/`` folder beside it (lan_server/ops/backup.py)."""
    if backup:
        _backup_before_upgrade(url, revision)
    engine = _connect(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _backup_before_upgrade(url: str, revision: str) -> None:
    from lan_server.ops.backup import backup_before_migration, sqlite_path

    path = sqlite_path(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    current = current_revision(url)
    target = head_revision(url) if revision == "head" else revision
    if current is not None and current != target:
        backup_before_migration(path)


def is_known_revision(revision: str) -> bool:
    """Whether this version's migrations know ``revision`` (not one of a newer version)."""
    script = ScriptDirectory(str(PACKAGE_DIR / "migrations"))
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for an unknown revision
        return False


def downgrade(url: str, revision: str) -> None:
    engine = _connect(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def current_revision(url: str) -> str | None:
    engine = _connect(url)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    return revision


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def is_up_to_date(url: str) -> bool:
    return current_revision(url) == head_revision(url)
