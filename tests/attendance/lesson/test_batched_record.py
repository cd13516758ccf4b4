"""The batch recorder decides every scan of a batch as if they had come one by one: the
cases that concurrency makes rare over HTTP are put in one batch here, deterministically."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import func, select

from lan_server.attendance.lesson import scans
from lan_server.attendance.lesson.schemas import ScanRequest
from lan_server.models import AttendanceMark, AttendanceSession, ScanAttempt, User
from tests.attendance.lesson.conftest import ClassWorld, current_slot, device, nonce, qr_url


def _users(world: ClassWorld, ids: list[str]) -> dict[str, User]:
    with world.server.ctx.db.read_session() as session:
        users = {str(u.id): u for u in session.scalars(select(User).where(User.id.in_(
            [uuid.UUID(i) for i in ids])))}
        session.expunge_all()
    return users


def _prepared(world: ClassWorld, display: dict[str, Any], user: User, *, nonce_: str,
              device_: str) -> scans.PreparedScan:
    slot = current_slot(world.server, display["period_seconds"])
    data = ScanRequest(url=qr_url(world.server, display, slot), nonce=nonce_, device_id=device_)
    target = scans.target_of(data)
    view = scans.SessionDirectory().get(world.server.ctx.db, target.key)
    return scans.prepare(view, target, pupil=user, data=data, ip="127.0.0.1",
                         now=world.server.clock.now(), retry_after=None)


def _record(world: ClassWorld, batch: list[scans.PreparedScan]) -> list[scans.ScanOutcome]:
    with world.server.ctx.db.write_session() as session:
        return scans.record(session, batch)


def _count(world: ClassWorld, model: Any, session_id: str) -> int:
    with world.server.ctx.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(model).where(
            model.session_id == uuid.UUID(session_id)))


def test_one_batch_decides_each_scan_as_if_alone(world: ClassWorld) -> None:
    opened = world.open()
    display = world.display(opened["id"])
    p = world.pupils
    users = _users(world, [p[0]["id"], p[1]["id"], p[2]["id"], p[3]["id"], world.outsider["id"]])
    same_nonce, shared_device = nonce(), device()
    batch = [
        _prepared(world, display, users[p[0]["id"]], nonce_=same_nonce, device_=device()),
        _prepared(world, display, users[p[0]["id"]], nonce_=same_nonce, device_=device()),
        *(_prepared(world, display, users[p[1]["id"]], nonce_=nonce(), device_=device())
          for _ in range(3)),
        _prepared(world, display, users[p[2]["id"]], nonce_=nonce(), device_=shared_device),
        _prepared(world, display, users[p[3]["id"]], nonce_=nonce(), device_=shared_device),
        _prepared(world, display, users[world.outsider["id"]], nonce_=nonce(), device_=device()),
    ]
    outcomes = _record(world, batch)

    assert [o.refusal for o in outcomes] == [
        None, None, None, None, None, None, "device_already_used", "not_enrolled"]
    assert outcomes[0] == outcomes[1]  # the same nonce twice: one scan, one answer
    assert [o.already_marked for o in outcomes[2:5]] == [False, True, True]
    assert len({o.marked_at for o in outcomes[2:5]}) == 1
    assert _count(world, AttendanceMark, opened["id"]) == 3  # pupils 0, 1 and 2
    # Every scan is logged but the repeated nonce: 8 scans, 7 attempts.
    assert _count(world, ScanAttempt, opened["id"]) == 7

    # The same batch again: every nonce was seen, nothing new is written or decided.
    again = _record(world, batch)
    assert [o.refusal for o in again] == [o.refusal for o in outcomes]
    assert _count(world, ScanAttempt, opened["id"]) == 7


def test_the_transaction_decides_not_the_snapshot(world: ClassWorld) -> None:
    opened = world.open()
    display = world.display(opened["id"])
    pupil = world.pupils[4]
    user = _users(world, [pupil["id"]])[pupil["id"]]
    prepared = _prepared(world, display, user, nonce_=nonce(), device_=device())
    assert prepared.refusal is None  # the snapshot saw an open session
    # Closed between the check and the write (by the teacher, another process, the job).
    with world.server.ctx.db.write_session() as session:
        session.get(AttendanceSession, uuid.UUID(opened["id"])).closed_at = world.server.clock.now()
    [outcome] = _record(world, [prepared])
    assert outcome.refusal == "session_closed"
    assert _count(world, AttendanceMark, opened["id"]) == 0


def test_an_open_snapshot_is_kept_a_refusing_one_is_read_again(world: ClassWorld) -> None:
    db = world.server.ctx.db
    opened = world.open()
    session_id = uuid.UUID(opened["id"])
    # A refusing snapshot may serve 0 s here, an open one a minute.
    directory = scans.SessionDirectory(ttl=0.0, open_ttl=60.0)
    assert directory.get(db, session_id).paused is False
    # Paused by another process: this one's open snapshot still serves (the transaction
    # that writes the mark reads the state again: test above) ...
    with db.write_session() as session:
        session.get(AttendanceSession, session_id).paused = True
    cached = directory.cached(session_id)
    assert cached is not scans.SessionDirectory.MISSING and cached.paused is False
    # ... until it is read again; then, paused, it refuses without a write, so it is read
    # again at once and the resume is seen.
    assert directory.load(db, session_id).paused is True
    assert directory.cached(session_id) is scans.SessionDirectory.MISSING
    with db.write_session() as session:
        session.get(AttendanceSession, session_id).paused = False
    assert directory.get(db, session_id).paused is False
    # An unknown short code is looked for again too (a session another process opens).
    assert directory.get(db, "ZZZZZZZZ") is None
    assert directory.cached("ZZZZZZZZ") is scans.SessionDirectory.MISSING


def test_a_session_opened_here_is_known_to_the_scan_desk_before_its_first_scan(
    world: ClassWorld,
) -> None:
    opened = world.open()
    desk = world.server.app.state.lesson_scan_desk
    deadline = time.monotonic() + 5  # remembered just after the response went out
    while desk.directory.cached(opened["short_code"]) is scans.SessionDirectory.MISSING:
        assert time.monotonic() < deadline, "the desk did not remember the opened session"
        time.sleep(0.02)
    view = desk.directory.cached(opened["short_code"])
    assert str(view.id) == opened["id"] and not view.paused and view.closed_at is None
    assert desk.directory.cached(uuid.UUID(opened["id"])) is view
    # And it is the snapshot scans are checked against: a scan marks at once.
    display = world.display(opened["id"])
    slot = current_slot(world.server, display["period_seconds"])
    response = world.pupil_client(0).post("/api/v1/attendance/scan", json={
        "url": qr_url(world.server, display, slot), "nonce": nonce(), "device_id": device()})
    assert response.status_code == 200, response.text
