"""Signed cards, kiosks and their offline batches, through the HTTP API."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.attendance.day.helpers import card, day_records, kiosk, pupil_with_card, scan, upload
from tests.support import LiveServer, create_user, problem, unique, user_with_password

# A past Monday: scans in the past are what an offline kiosk uploads.
MORNING = datetime(2026, 6, 1, 6, 42, tzinfo=UTC)  # 07:42 in Douala


def test_card_text_is_signed_by_the_school_key(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    pupil, made = pupil_with_card(admin)
    prefix, user_id, card_no, signature = made["qr_text"].split(".")
    assert (prefix, user_id, int(card_no)) == ("ECEPCARD1", pupil["id"], made["card_no"])
    with kiosk(admin, live_server) as device:
        key = device.get("/api/v1/attendance/cards/public-key").json()
    assert key == admin.get("/api/v1/attendance/cards/public-key").json()
    public = Ed25519PublicKey.from_public_bytes(
        base64.urlsafe_b64decode(key["public_key"] + "=" * (-len(key["public_key"]) % 4))
    )
    public.verify(
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
        f"ECEPCARD1.{user_id}.{card_no}".encode(),
    )
    assert "=" not in signature


def test_public_key_is_for_admins_and_kiosks(live_server: LiveServer, admin: httpx.Client) -> None:
    _, teacher = user_with_password(live_server, admin, role="teacher")
    with teacher:
        problem(teacher.get("/api/v1/attendance/cards/public-key"), 403, "admin_or_kiosk_required")
    with live_server.client() as anon:
        problem(anon.get("/api/v1/attendance/cards/public-key"), 401, "not_authenticated")


def test_wrong_or_revoked_kiosk_credential_is_401(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    _, made = pupil_with_card(admin)
    body = {"scans": [scan(made["qr_text"], MORNING)]}
    with live_server.client(headers={"Authorization": "Kiosk not-a-credential"}) as wrong:
        problem(wrong.post("/api/v1/attendance/kiosk-scans", json=body), 401, "kiosk_invalid")
    with live_server.client() as anon:
        problem(anon.post("/api/v1/attendance/kiosk-scans", json=body), 401, "kiosk_invalid")
    registered = admin.post("/api/v1/attendance/kiosks", json={"name": unique("Kiosque ")})
    kiosk_id, credential = registered.json()["id"], registered.json()["credential"]
    assert all("credential" not in k for k in admin.get("/api/v1/attendance/kiosks").json())
    revoked = admin.post(f"/api/v1/attendance/kiosks/{kiosk_id}/revoke")
    assert revoked.json()["revoked_at"] is not None
    with live_server.client(headers={"Authorization": f"Kiosk {credential}"}) as device:
        problem(device.post("/api/v1/attendance/kiosk-scans", json=body), 401, "kiosk_invalid")


def test_revoked_card_is_card_revoked(live_server: LiveServer, admin: httpx.Client) -> None:
    _, made = pupil_with_card(admin)
    revoked = admin.post(f"/api/v1/attendance/cards/{made['card_no']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    with kiosk(admin, live_server) as device:
        [answer] = upload(device, [scan(made["qr_text"], MORNING)])
    assert answer["result"] == "card_revoked" and answer["display"] == "red"
    assert answer["message"] == "Cette carte a été révoquée."


def test_bad_signature_or_unknown_card_is_card_invalid(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    _, made = pupil_with_card(admin)
    prefix, user_id, card_no, signature = made["qr_text"].split(".")
    forged_signature = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged = [
        f"{prefix}.{user_id}.{card_no}.{forged_signature}",  # bad signature
        f"{prefix}.{user_id}.{int(card_no) + 1000}.{signature}",  # another number
        f"{prefix}.{uuid.uuid4()}.{card_no}.{signature}",  # another person
        "hello",
    ]
    with kiosk(admin, live_server) as device:
        answers = upload(device, [scan(text, MORNING) for text in forged], lang="en")
    assert [a["result"] for a in answers] == ["card_invalid"] * 4
    assert all(a["message"] == "Card not recognised." and a["user_id"] is None for a in answers)


def test_card_read_30_times_in_one_second_is_one_arrival(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    pupil, made = pupil_with_card(admin)
    reads = [scan(made["qr_text"], MORNING + timedelta(milliseconds=33 * i)) for i in range(30)]
    with kiosk(admin, live_server) as device:
        answers = upload(device, reads)
    results = [a["result"] for a in answers]
    assert results.count("check_in") == 1 and "check_out" not in results
    assert answers[0]["result"] == "check_in" and answers[0]["display"] == "green"
    assert answers[0]["message"] == "Arrivée enregistrée à 07:42"
    assert answers[0]["name"] == f"{pupil['first_name']} {pupil['last_name']}"
    [record] = day_records(admin, user_id=pupil["id"])
    assert record["check_in_at"] is not None and record["check_out_at"] is None


def test_same_nonce_twice_is_one_event(live_server: LiveServer, admin: httpx.Client) -> None:
    pupil, made = pupil_with_card(admin)
    arrival = scan(made["qr_text"], MORNING, nonce="n-1")
    departure = scan(made["qr_text"], MORNING + timedelta(hours=9), nonce="n-2")
    with kiosk(admin, live_server) as device:
        first = upload(device, [arrival, arrival])
        assert [a["result"] for a in first] == ["check_in", "check_in"]
        assert [a["duplicate"] for a in first] == [False, True]
        # The upload retried (the answer was lost): the same event, the same answer.
        [again] = upload(device, [arrival])
        assert again["result"] == "check_in" and again["duplicate"] is True
        [out] = upload(device, [departure])
        assert out["result"] == "check_out" and out["display"] == "blue"
        [out_again] = upload(device, [departure])
        assert out_again["result"] == "check_out" and out_again["duplicate"] is True
    from sqlalchemy import func, select

    from lan_server.models import DayScanEvent

    with live_server.ctx.db.read_session() as session:
        events = session.scalar(
            select(func.count())
            .select_from(DayScanEvent)
            .where(DayScanEvent.user_id == uuid.UUID(pupil["id"]))
        )
    assert events == 2


def test_out_of_order_offline_batch_is_rebuilt_by_scan_time(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    pupil, made = pupil_with_card(admin)
    departure_time = MORNING + timedelta(hours=8, minutes=23)  # 16:05 in Douala
    with kiosk(admin, live_server) as device:
        # The afternoon scan arrives first (the morning one waited in an offline queue).
        [late] = upload(device, [scan(made["qr_text"], departure_time)])
        assert late["result"] == "check_in"
        [early] = upload(device, [scan(made["qr_text"], MORNING)])
        assert early["result"] == "check_in"
    [record] = day_records(admin, user_id=pupil["id"])
    assert datetime.fromisoformat(record["check_in_at"]) == MORNING
    assert datetime.fromisoformat(record["check_out_at"]) == departure_time
    assert record["hours"] == 8.38
    # A whole day in reverse order in one batch gives the same record.
    other, other_card = pupil_with_card(admin)
    with kiosk(admin, live_server) as device:
        answers = upload(
            device,
            [scan(other_card["qr_text"], departure_time), scan(other_card["qr_text"], MORNING)],
        )
    assert [a["result"] for a in answers] == ["check_out", "check_in"]
    assert answers[0]["message"] == "Sortie enregistrée à 16:05 (8,38 h)"


def test_day_boundary_in_douala_for_kiosk_scans(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    _, made = pupil_with_card(admin)
    with kiosk(admin, live_server) as device:
        before, after = upload(
            device,
            [
                scan(made["qr_text"], datetime(2026, 6, 2, 22, 30, tzinfo=UTC)),
                scan(made["qr_text"], datetime(2026, 6, 2, 23, 30, tzinfo=UTC)),
            ],
        )
    assert (before["day"], before["result"], before["time"]) == ("2026-06-02", "check_in", "23:30")
    assert (after["day"], after["result"], after["time"]) == ("2026-06-03", "check_in", "00:30")


def test_scan_in_the_future_is_refused(live_server: LiveServer, admin: httpx.Client) -> None:
    _, made = pupil_with_card(admin)
    future = live_server.clock.now() + timedelta(hours=2)
    with kiosk(admin, live_server) as device:
        [answer] = upload(device, [scan(made["qr_text"], future)])
    assert answer["result"] == "scan_in_future"


def test_card_list_and_a4_sheet_for_a_class(live_server: LiveServer, admin: httpx.Client) -> None:
    klass = admin.post(
        "/api/v1/classes", json={"name": unique("CM2 "), "level": "CM2", "school_year": "2026-2027"}
    ).json()
    pupils = [create_user(admin, role="student", first_name="Aïssatou") for _ in range(12)]
    enrolled = admin.post(
        f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": [p["id"] for p in pupils]}
    )
    assert enrolled.status_code == 200, enrolled.text
    existing = card(admin, pupils[0]["id"])
    response = admin.get(f"/api/v1/attendance/classes/{klass['id']}/card-sheet.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page ") == 2  # 10 cards a page
    cards = admin.get("/api/v1/attendance/cards", params={"class_id": klass["id"]}).json()["items"]
    assert len(cards) == 12  # the pupil who had a card kept it; the others got one
    assert existing["card_no"] in {c["card_no"] for c in cards}
    listed = admin.get("/api/v1/attendance/cards", params={"user_id": pupils[0]["id"]}).json()
    assert [c["card_no"] for c in listed["items"]] == [existing["card_no"]]
    as_json = admin.get(
        f"/api/v1/attendance/classes/{klass['id']}/card-sheet.pdf",
        headers={"Accept": "application/json"},
    ).json()
    assert as_json["pages"] == 2 and len(as_json["cards"]) == 12
    assert base64.b64decode(as_json["pdf_base64"]).startswith(b"%PDF-")


def test_day_records_are_scoped(live_server: LiveServer, admin: httpx.Client) -> None:
    pupil, pupil_client = user_with_password(live_server, admin, role="student")
    other, other_card = pupil_with_card(admin)
    own_card = card(admin, pupil["id"])
    with kiosk(admin, live_server) as device:
        upload(device, [scan(own_card["qr_text"], MORNING), scan(other_card["qr_text"], MORNING)])
    with pupil_client:
        mine = day_records(pupil_client)
        assert {r["user_id"] for r in mine} == {pupil["id"]}
        assert day_records(pupil_client, user_id=other["id"]) == []
    parent, parent_client = user_with_password(
        live_server, admin, role="parent", children_ids=[pupil["id"]]
    )
    with parent_client:
        assert {r["user_id"] for r in day_records(parent_client)} == {pupil["id"]}
    assert len(day_records(admin, day="2026-06-01", user_id=other["id"])) == 1


def test_teacher_sees_the_day_records_of_their_classes(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    teacher, teacher_client = user_with_password(live_server, admin, role="teacher")
    klass = admin.post(
        "/api/v1/classes",
        json={
            "name": unique("CE1 "),
            "level": "CE1",
            "school_year": "2026-2027",
            "main_teacher_id": teacher["id"],
        },
    ).json()
    mine, mine_card = pupil_with_card(admin)
    other, other_card = pupil_with_card(admin)
    admin.post(f"/api/v1/classes/{klass['id']}/enrollments", json={"pupil_ids": [mine["id"]]})
    with kiosk(admin, live_server) as device:
        upload(device, [scan(mine_card["qr_text"], MORNING), scan(other_card["qr_text"], MORNING)])
    with teacher_client:
        seen = {r["user_id"] for r in day_records(teacher_client, day="2026-06-01")}
        assert mine["id"] in seen and other["id"] not in seen
        by_class = day_records(teacher_client, class_id=klass["id"])
        assert {r["user_id"] for r in by_class} == {mine["id"]}
        problem(
            teacher_client.post("/api/v1/attendance/kiosks", json={"name": "x"}),
            403,
            "permission_required",
        )


def test_card_sheet_pdf_structure() -> None:
    """No renderer here (pdftoppm may be missing): check the cross-reference table instead,
    so a reader can find every object, and the page count per 10 cards."""
    import re

    from lan_server.attendance.day.pdf import CardFace, card_sheet_pdf

    faces = [
        CardFace("École (test)", "Aïssatou Mbarga-Ndongo", "CM2 A", n, f"ECEPCARD1.x.{n}.sig")
        for n in range(1, 22)
    ]
    pdf = card_sheet_pdf(faces)
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    assert pdf.count(b"/Type /Page ") == 3 and b"/Count 3" in pdf
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref\n0 ")
    count = int(re.match(rb"xref\n0 (\d+)\n", pdf[startxref:]).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n \n", pdf[startxref:])
    assert len(entries) == count - 1
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert card_sheet_pdf([]).count(b"/Type /Page ") == 1  # an empty class: one blank page
