"""The kiosk's parts on their own: card check with the school's real key, debounce, the
persistent queue, the newest-frame slot."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from ecep_desktop.kiosk.capture import Frame, LatestFrame
from ecep_desktop.kiosk.cards import CardCheck, CardVerifier, PublicKeyCache
from ecep_desktop.kiosk.debounce import Debouncer
from ecep_desktop.kiosk.scan_queue import QueuedScan, ScanQueue
from tests.desktop.kiosk.support import forged, pupil_with_card, register_kiosk


@pytest.fixture
def school_key(live_server, admin, tmp_path) -> bytes:
    kiosk = register_kiosk(admin)
    with live_server.client(headers={"Authorization": f"Kiosk {kiosk['credential']}"}) as c:
        response = c.get("/api/v1/attendance/cards/public-key")
    assert response.status_code == 200, response.text
    return PublicKeyCache(tmp_path / "key.json").save(response.json()["public_key"])


def test_cards_of_the_school_pass_and_forged_ones_do_not(admin, school_key, tmp_path):
    pupil, card = pupil_with_card(admin)
    verifier = CardVerifier(school_key)
    verdict = verifier.check(card)
    assert verdict.check is CardCheck.VALID
    assert verdict.user_id == uuid.UUID(pupil["id"])
    assert verifier.check(forged(card)).check is CardCheck.FORGED
    # Another pupil's id under this card's signature.
    prefix, _, number, signature = card.split(".")
    assert verifier.check(f"{prefix}.{uuid.uuid4()}.{number}.{signature}").check is \
        CardCheck.FORGED
    assert verifier.check(f"{prefix}.{pupil['id']}.{int(number) + 1}.{signature}").check is \
        CardCheck.FORGED
    assert verifier.check("http://192.168.1.2:8470/a/ABCDEFGH/1/CODE").check is \
        CardCheck.NOT_A_CARD
    assert verifier.check("ECEPCARD1.not-a-uuid.1.sig").check is CardCheck.FORGED
    # Without a key a well-formed card cannot be judged here: the server will.
    assert CardVerifier(None).check(forged(card)).check is CardCheck.UNVERIFIED
    # The key survives in its cache file.
    assert PublicKeyCache(tmp_path / "key.json").load() == school_key
    assert PublicKeyCache(tmp_path / "missing.json").load() is None


def test_debounce_counts_a_card_once_while_it_stays_in_view():
    now = [0.0]
    debouncer = Debouncer(hold_seconds=4, clock=lambda: now[0])
    assert debouncer.accept("card-a")
    for _ in range(100):  # 10 s in view at 10 reads a second
        now[0] += 0.1
        assert not debouncer.accept("card-a")
    assert debouncer.accept("card-b")  # another pupil right behind
    now[0] += 4.5  # out of view long enough
    assert debouncer.accept("card-a")


def test_queue_keeps_scans_across_reopening_and_ignores_a_repeated_nonce(tmp_path):
    path = tmp_path / "q.sqlite3"
    queue = ScanQueue(path)
    first = QueuedScan("n1", "ECEPCARD1.a.1.s", datetime(2026, 11, 3, 7, 12, tzinfo=UTC))
    queue.add(first)
    queue.add(first)
    queue.add(QueuedScan("n2", "ECEPCARD1.b.2.s", datetime(2026, 11, 3, 7, 13, tzinfo=UTC)))
    queue.close()
    queue = ScanQueue(path)
    assert len(queue) == 2
    assert queue.oldest(10)[0] == first
    queue.remove(["n1"])
    assert [s.nonce for s in queue.oldest(10)] == ["n2"]
    queue.close()


def test_the_slot_keeps_only_the_newest_frame():
    import numpy as np

    slot = LatestFrame()
    image = np.zeros((2, 2, 3), np.uint8)
    for n in range(5):
        slot.put(Frame(image, n, float(n)))
    assert slot.take(0).number == 4
    assert slot.dropped == 4 and slot.produced == 5
    assert slot.take(0.01) is None
    slot.close()
    assert slot.take(1) is None
