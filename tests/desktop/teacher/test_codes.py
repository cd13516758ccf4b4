"""The desktop computes the codes itself: they must be exactly the server's (the server's
module is imported here, in a test, only to compare)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from ecep_desktop.teacher import codes
from ecep_desktop.teacher.clock import ServerClock
from lan_server.attendance import codes as server_codes


def test_codes_match_the_servers_for_many_slots():
    for _ in range(20):
        secret = secrets.token_bytes(32)
        session_id = uuid.uuid4()
        for slot in (0, 1, 177_000_000, 2**40 + 3):
            assert codes.slot_code(secret, session_id, slot) == \
                server_codes.slot_code(secret, session_id, slot)
            assert codes.typed_code(secret, session_id, slot) == \
                server_codes.typed_code(secret, session_id, slot)


def test_slots_and_seconds_left_follow_the_period():
    moment = datetime(2026, 11, 22, 8, 0, 7, 500_000, tzinfo=UTC)
    assert codes.slot_at(moment.timestamp(), 10) == server_codes.slot_at(moment, 10)
    secret = codes.SessionSecret(uuid.uuid4(), b"k" * 32, 10, "http://h:1/a/ABCDEFGH")
    assert abs(secret.seconds_left(moment.timestamp()) - 2.5) < 1e-6
    drawn = secret.codes(7)
    assert drawn.url == f"http://h:1/a/ABCDEFGH/7/{codes.slot_code(b'k' * 32, secret.session_id, 7)}"
    assert server_codes.parse_scan_url(drawn.url).slot == 7


def test_the_server_clock_uses_the_midpoint_of_the_request():
    now = {"local": 1000.0}
    clock = ServerClock(local=lambda: now["local"])
    assert clock.measure(server_time_ms=1_060_500, sent_at=1000.0, received_at=1001.0)
    assert clock.offset == 60.0
    now["local"] = 1010.0
    assert clock() == 1070.0


def test_a_slow_answer_does_not_replace_a_good_measurement():
    clock = ServerClock(local=lambda: 0.0)
    assert clock.measure(server_time_ms=10_000, sent_at=0.0, received_at=5.0)  # the first
    assert clock.offset == 7.5
    assert not clock.measure(server_time_ms=50_000, sent_at=10.0, received_at=12.0)
    assert clock.offset == 7.5
    assert clock.measure(server_time_ms=50_000, sent_at=10.0, received_at=10.2)
    assert abs(clock.offset - 39.9) < 1e-9
