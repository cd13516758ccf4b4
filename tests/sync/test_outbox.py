"""The capture triggers, on SQLite and PostgreSQL: once the server is linked to a hub,
every insert, update and delete of a synced row writes one outbox row in the same
transaction (a rollback leaves none), whoever writes it (ORM or plain SQL); a login's stamp
is not a change; rows applied from the hub write none; tables that are not synced write
none; a server never linked keeps no outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from lan_server.core import migrate
from lan_server.core.db import Database
from lan_server.models import AuditEvent, School, SyncOutbox, User
from lan_server.sync import school_service
from lan_server.sync.entities import ENTITIES, SYNCED_NAMES, encode_row


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    url = (f"sqlite:///{tmp_path / 'outbox.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_database_url"))
    migrate.upgrade(url)
    database = Database.connect(url)
    yield database
    database.dispose()


def _link(db: Database) -> None:
    """What an enrollment stores (lan_server/sync/school_service.save_enrollment)."""
    with db.write_session() as session:
        state = school_service.get_state(session)
        state.credential = "test-credential"


def _outbox(db: Database) -> list[tuple[str, str, str]]:
    with db.read_session() as session:
        rows = session.execute(
            select(SyncOutbox.entity, SyncOutbox.row_id, SyncOutbox.op).order_by(SyncOutbox.seq)
        ).all()
    return [(e, str(uuid.UUID(r)), op) for e, r, op in rows]


def test_a_server_never_linked_to_a_hub_keeps_no_outbox(db: Database) -> None:
    with db.write_session() as session:
        session.add(School(id=uuid.uuid4(), name="École hors ligne"))
    with db.write_session() as session:
        session.execute(update(School).values(name="Toujours hors ligne"))
    assert _outbox(db) == []
    _link(db)
    with db.write_session() as session:
        session.execute(update(School).values(name="Reliée"))
    assert [op for _e, _id, op in _outbox(db)] == ["u"]


def test_every_change_writes_one_outbox_row_in_its_transaction(db: Database) -> None:
    _link(db)
    school_id, user_id = uuid.uuid4(), uuid.uuid4()
    with db.write_session() as session:
        session.add(School(id=school_id, name="École"))
        session.flush()
        session.add(User(id=user_id, school_id=school_id, username="awa", first_name="Awa",
                         last_name="Bello", role="student"))
    assert _outbox(db) == [("schools", str(school_id), "i"), ("users", str(user_id), "i")]

    with pytest.raises(RuntimeError), db.write_session() as session:
        session.execute(update(User).values(first_name="Rolled back"))
        raise RuntimeError
    assert len(_outbox(db)) == 2  # the rollback took its outbox row with it

    with db.write_session() as session:  # plain SQL is caught too
        session.execute(text("UPDATE users SET first_name = 'Aïcha'"))
    with db.write_session() as session:  # a login's stamp is not a change to send
        session.execute(update(User).values(last_login_at=datetime.now(UTC)))
    with db.write_session() as session:
        session.add(AuditEvent(school_id=school_id, action="test"))  # not synced
    with db.write_session() as session:
        session.execute(delete(User))
    assert _outbox(db)[2:] == [("users", str(user_id), "u"), ("users", str(user_id), "d")]


def test_rows_applied_from_the_hub_write_no_outbox_row(db: Database) -> None:
    _link(db)
    school_id = uuid.uuid4()
    school = {"id": str(school_id), "name": "École du hub", "town": None, "country": "CM",
              "timezone": "Africa/Douala", "default_locale": "fr", "languages": "fr,en",
              "currency": "XAF", "options": {}, "created_at": "2026-12-07T08:00:00+00:00",
              "updated_at": "2026-12-07T08:00:00+00:00"}
    with db.write_session() as session:
        result = school_service.apply_rows(
            session, [{"e": "schools", "id": str(school_id), "hlc": 1, "deleted": False,
                       "data": school}])
    assert result.applied == 1
    assert _outbox(db) == []
    with db.read_session() as session:
        row = session.execute(select(ENTITIES["schools"].table)).one()
        assert encode_row(ENTITIES["schools"], row) == school
    with db.write_session() as session:  # a local change afterwards is captured again
        session.execute(update(School).values(name="Renommée"))
    assert _outbox(db) == [("schools", str(school_id), "u")]


def test_every_synced_table_has_its_triggers(db: Database) -> None:
    with db.read_session() as session:
        if db.is_sqlite:
            names = set(session.scalars(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            expected = {f"sync_{t}_{s}" for t in SYNCED_NAMES for s in ("ai", "au", "ad")}
        else:
            names = set(session.scalars(text(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = 'sync_capture'")))
            expected = set(SYNCED_NAMES)
    assert expected <= names
