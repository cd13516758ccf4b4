"""Alembic migrations on SQLite and PostgreSQL: head matches the models, every step goes
down and up again, and a downgrade to base leaves nothing behind but ``alembic_version``."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, pool, text

from lan_server.core import migrate
from lan_server.models import Base


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    return request.getfixturevalue("pg_database_url")


def schema_differences(url: str) -> list:
    """What alembic autogenerate would still write to bring the database to the models."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "render_as_batch": connection.dialect.name == "sqlite",
                },
            )
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def leftovers(url: str) -> dict[str, list[str]]:
    """Every schema object in the database apart from alembic's own version table."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            found = {
                "tables": sorted(set(inspector.get_table_names()) - {"alembic_version"}),
                "views": sorted(inspector.get_view_names()),
            }
            if connection.dialect.name == "postgresql":
                found["enums"] = sorted(e["name"] for e in inspector.get_enums())
                found["sequences"] = sorted(inspector.get_sequence_names())
                found["other relations"] = sorted(
                    connection.scalars(
                        text(
                            "SELECT c.relname FROM pg_class c "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = 'public' AND c.relname NOT LIKE 'alembic_version%'"
                        )
                    )
                )
            else:
                found["other objects"] = sorted(
                    connection.scalars(
                        text(
                            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                            "AND name NOT LIKE 'alembic_version%'"
                        )
                    )
                )
            return {kind: names for kind, names in found.items() if names}
    finally:
        engine.dispose()


def revisions_base_to_head(url: str) -> list[tuple[str, str]]:
    """(revision, the revision to downgrade to) in upgrade order."""
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    steps = []
    for revision in reversed(list(script.walk_revisions())):
        down = revision.down_revision
        if isinstance(down, tuple):  # a merge point: step back to its first parent
            down = down[0]
        steps.append((revision.revision, down or "base"))
    return steps


def test_single_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, f"several alembic heads: {script.get_heads()}"


def test_upgrade_to_head_matches_the_models(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    assert migrate.is_up_to_date(empty_db_url)
    assert schema_differences(empty_db_url) == []


def test_downgrade_to_base_leaves_only_alembic_version_then_upgrade_again(
    empty_db_url: str,
) -> None:
    migrate.upgrade(empty_db_url)
    migrate.downgrade(empty_db_url, "base")
    assert migrate.current_revision(empty_db_url) is None
    assert leftovers(empty_db_url) == {}
    assert "alembic_version" in inspect_tables(empty_db_url)

    migrate.upgrade(empty_db_url)
    assert migrate.is_up_to_date(empty_db_url)
    assert schema_differences(empty_db_url) == []


def test_every_step_goes_down_and_up_again(empty_db_url: str) -> None:
    """The "stairway": each revision upgrades, downgrades one step and upgrades again."""
    for revision, down in revisions_base_to_head(empty_db_url):
        migrate.upgrade(empty_db_url, revision)
        assert migrate.current_revision(empty_db_url) == revision
        migrate.downgrade(empty_db_url, down)
        assert migrate.current_revision(empty_db_url) == (None if down == "base" else down)
        migrate.upgrade(empty_db_url, revision)
    assert migrate.is_up_to_date(empty_db_url)
    assert schema_differences(empty_db_url) == []


def inspect_tables(url: str) -> list[str]:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()
