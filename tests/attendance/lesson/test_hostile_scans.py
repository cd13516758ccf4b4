"""Malformed and hostile scan payloads: never a 500, never a mark, at most one logged
attempt per request."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lan_server.models import AttendanceMark, ScanAttempt
from tests.attendance.lesson.conftest import ClassWorld

SCAN = "/api/v1/attendance/scan"
ALLOWED = {400, 403, 404, 409, 422, 429}

_text = st.text(max_size=80) | st.sampled_from(
    ["", " ", "/a/", "AAAAAAAA", "000000", "\x00", "é" * 70]
)
_value = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | _text
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)
)


def _url_like(prefix: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, b, c: f"{prefix}/a/{a}/{b}/{c}",
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abc/%.", max_size=12),
        st.integers(min_value=-5, max_value=2**66).map(str) | st.text(max_size=14),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", max_size=20),
    )


def _payloads(short_code: str, session_id: str) -> st.SearchStrategy[dict]:
    keys = [
        "url",
        "session_id",
        "short_code",
        "slot",
        "code",
        "typed_code",
        "nonce",
        "device_id",
        "extra",
    ]
    plausible = st.fixed_dictionaries(
        {"nonce": st.text(min_size=1, max_size=64), "device_id": st.text(min_size=1, max_size=64)},
        optional={
            "url": _url_like("http://10.0.0.1:8000") | _url_like("") | _text,
            "session_id": st.just(session_id) | st.uuids().map(str) | _text,
            "short_code": st.just(short_code) | st.just(short_code.lower()) | _text,
            "slot": st.integers(min_value=-(2**70), max_value=2**70),
            "code": st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=16, max_size=16)
            | _text,
            "typed_code": st.text(alphabet="0123456789", min_size=6, max_size=6) | _text,
        },
    )
    anything = st.dictionaries(st.sampled_from(keys), _value, max_size=8)
    return plausible | anything


def _counts(world: ClassWorld) -> tuple[int, int]:
    with world.server.ctx.db.read_session() as session:
        return session.query(AttendanceMark).count(), session.query(ScanAttempt).count()


def test_hostile_scans_never_fail_nor_half_write(world: ClassWorld) -> None:
    opened = world.open(period_seconds=60)
    client = world.pupil_client(0)

    @settings(
        max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(payload=_payloads(opened["short_code"], opened["id"]))
    def one(payload: dict) -> None:
        marks, attempts = _counts(world)
        response = client.post(SCAN, json=payload)
        assert response.status_code in ALLOWED, (payload, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        after_marks, after_attempts = _counts(world)
        assert after_marks == marks
        assert after_attempts - attempts in (0, 1)
        if response.status_code == 422:
            assert after_attempts == attempts

    one()


def test_non_json_bodies_are_refused_cleanly(world: ClassWorld) -> None:
    client = world.pupil_client(0)
    for body, kind in (
        (b"\xff\xfe", "application/json"),
        (b"[1,2]", "application/json"),
        (b"url=x", "application/x-www-form-urlencoded"),
        (b"{" * 5000, "application/json"),
    ):
        response = client.post(SCAN, content=body, headers={"Content-Type": kind})
        assert response.status_code == 422, response.text
