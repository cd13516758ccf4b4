"""The link between a school and the hub misbehaves (a TCP proxy inside the test): cut in
the middle of a push batch, slow, refused, and requests replayed byte for byte. Nothing is
lost, nothing is applied twice, and a replayed old batch never brings back old states."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from lan_server.models import HubCredential, User
from tests.attendance.lesson.conftest import add_pupils_fast, build_world, close_world
from tests.support import LiveServer
from tests.sync.proxy import PUSH_LINE, FaultyProxy
from tests.sync.support import (
    enroll,
    enroll_code,
    hub_server,
    hub_state,
    local_state,
    school_server,
    status,
    sync_now,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def link(tmp_path: Path, pg_database_url: str) -> Iterator[tuple[LiveServer, LiveServer, FaultyProxy, str]]:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school") as school:
        proxy = FaultyProxy(int(hub.url.rsplit(":", 1)[1]))
        try:
            code = enroll_code(hub, "École du lien")
            enroll(school, proxy.url, code["code"])
            yield hub, school, proxy, code["hub_school_id"]
        finally:
            proxy.close()


def _acked(hub: LiveServer) -> int:
    with hub.ctx.db.read_session() as session:
        return max(session.scalars(select(HubCredential.acked_seq)), default=0)


def test_a_cut_mid_batch_a_slow_link_and_replays(link) -> None:  # noqa: ANN001
    hub, school, proxy, hub_school_id = link
    world = build_world(school, pupils=6)
    add_pupils_fast(school, world.class_["id"], 300, "lien")  # a batch of some size

    proxy.cut_push_after_bytes = 1500
    failed = sync_now(school, expect_ok=False)
    assert proxy.cuts >= 1
    assert failed["status"]["last_error_code"] == "sync_hub_unreachable"
    assert failed["status"]["hub_reachable"] is False
    assert failed["status"]["pending"] > 300
    assert hub_state(hub, hub_school_id) == {}  # a cut batch is not half applied
    assert _acked(hub) == 0

    proxy.cut_push_after_bytes = None
    proxy.cut_all()
    proxy.recorded.clear()  # from here on, every stream is whole
    proxy.delay = 0.02
    done = sync_now(school)
    assert done["status"]["pending"] == 0 and done["status"]["last_error"] is None
    assert hub_state(hub, hub_school_id) == local_state(school.ctx)
    acked = _acked(hub)
    proxy.delay = 0.0

    # A newer state of a pupil, synced; then every stream that went through is replayed.
    pupil_id = world.pupils[0]["id"]
    with school.ctx.db.write_session() as session:
        pupil = session.get(User, __import__("uuid").UUID(pupil_id))
        pupil.first_name = "Nouveau"
    sync_now(school)
    expected = local_state(school.ctx)
    assert hub_state(hub, hub_school_id)[("users", pupil_id)]["first_name"] == "Nouveau"
    proxy.cut_all()
    pushes = [stream for stream in proxy.recorded if PUSH_LINE in stream]
    assert pushes
    for stream in pushes:
        answer = proxy.replay(stream)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
        assert b'"duplicate":true' in answer, answer[:300]
    assert hub_state(hub, hub_school_id) == expected  # no old state came back
    assert _acked(hub) > acked
    assert status(school)["pending"] == 0


def test_a_refused_link_is_an_error_in_the_status_then_recovers(link) -> None:  # noqa: ANN001
    hub, school, proxy, hub_school_id = link
    proxy.connected = False
    proxy.cut_all()
    failed = sync_now(school, expect_ok=False)
    assert failed["status"]["hub_reachable"] is False
    assert "injoignable" in failed["status"]["last_error"] or "reached" in failed["status"]["last_error"]
    proxy.connected = True
    sync_now(school)
    assert hub_state(hub, hub_school_id) == local_state(school.ctx)


def test_an_incompatible_school_is_refused_with_a_clear_message(link) -> None:  # noqa: ANN001
    hub, _school, _proxy, _id = link
    import httpx

    response = httpx.post(
        f"{hub.url}/api/v1/hub/push", content=json.dumps({"after": 0, "upto": 1, "rows": []}),
        headers={"X-Ecep-Sync-Protocol": "1", "X-Ecep-Sync-Schema": "99",
                 "Accept-Language": "fr"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "sync_incompatible"
    assert "99" in body["detail"] and "Mettez à jour" in body["detail"]


def test_a_school_of_another_schema_refuses_the_hub(link, monkeypatch) -> None:  # noqa: ANN001
    _hub, school, _proxy, _id = link
    monkeypatch.setattr("lan_server.sync.client.SYNC_SCHEMA_VERSION", 7)
    failed = sync_now(school, expect_ok=False)
    assert failed["status"]["last_error_code"] == "sync_incompatible"
    assert "7" in failed["status"]["last_error"]


__all__ = ["close_world"]
