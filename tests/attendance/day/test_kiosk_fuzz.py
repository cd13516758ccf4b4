"""Property: whatever a kiosk uploads, the answer is 200 (one result per scan) or a 422 that
wrote nothing; never a 500, never a partial write."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lan_server.models import DayScanEvent
from tests.attendance.day.helpers import kiosk, pupil_with_card
from tests.support import LiveServer

BASE = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def _events(server: LiveServer) -> int:
    with server.ctx.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(DayScanEvent)) or 0


def _qr(valid: str) -> st.SearchStrategy[Any]:
    prefix, user_id, card_no, signature = valid.split(".")
    return st.one_of(
        st.just(valid),
        st.just(valid.lower()),
        st.just(f"{prefix}.{user_id}.{card_no}.{signature[:-2]}"),
        st.just(f"{prefix}.{user_id.upper()}.{card_no}.{signature}"),
        st.just(f"{prefix}.{user_id}.0{card_no}.{signature}"),
        st.just(f"{prefix}.{user_id}.-1.{signature}"),
        st.text(max_size=80),
        st.text(min_size=301, max_size=320),
        st.integers(),
        st.none(),
    )


def _time() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.datetimes(
            min_value=datetime(2026, 3, 1), max_value=datetime(2026, 3, 4), timezones=st.just(UTC)
        ).map(lambda d: d.isoformat()),
        st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.isoformat()),  # naive: refused
        st.just((datetime.now(UTC) + timedelta(days=2)).isoformat()),
        st.just("0001-01-01T00:30:00+05:00"),
        st.just("9999-12-31T23:59:59-05:00"),
        st.text(max_size=30),
        st.integers(),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_kiosk_scan_payloads_never_500_nor_partial(
    live_server: LiveServer, admin: httpx.Client, data: st.DataObject
) -> None:
    _, made = pupil_with_card(admin)
    scan = st.fixed_dictionaries(
        {
            "qr": _qr(made["qr_text"]),
            "nonce": st.one_of(st.text(min_size=0, max_size=70), st.just(uuid.uuid4().hex)),
            "scanned_at": _time(),
        }
    )
    payload = data.draw(
        st.one_of(
            st.fixed_dictionaries({"scans": st.lists(scan, min_size=0, max_size=6)}),
            st.lists(scan, max_size=2),
            st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
        )
    )
    with kiosk(admin, live_server) as device:
        before = _events(live_server)
        response = device.post("/api/v1/attendance/kiosk-scans", json=payload)
        after = _events(live_server)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert after == before
        return
    results = response.json()["results"]
    assert len(results) == len(payload["scans"])
    assert [r["nonce"] for r in results] == [s["nonce"] for s in payload["scans"]]
    written = sum(1 for r in results if r["user_id"] and not r["duplicate"])
    assert after - before == written
