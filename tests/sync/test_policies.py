"""The per-entity conflict policies of docs/sync.md, each decided at the hub and settled on
the school after one more sync: content written centrally stays the hub's, the earliest
attendance mark wins, a scan event never changes, a deletion travels as a tombstone."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lan_server.models import AttendanceMark, DayScanEvent, Enrollment, Subject, User
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
from tests.sync.test_kill_restart import record_attendance

pytestmark = pytest.mark.postgres


def test_policies_settle_the_same_on_both_sides(tmp_path: Path, pg_database_url: str) -> None:
    with hub_server(tmp_path / "hub", pg_database_url) as hub, \
            school_server(tmp_path / "school") as school:
        code = enroll_code(hub, "École des règles")
        hub_id = code["hub_school_id"]
        enroll(school, hub.url, code["code"])
        record_attendance(school.ctx, 3, "regle")
        with school.ctx.db.write_session() as session:
            pupil = session.scalar(select(User).where(User.username == "regle0"))
            event = DayScanEvent(school_id=pupil.school_id, user_id=pupil.id,
                                 scanned_at=school.clock.now(), source="card", result="check_in")
            session.add(event)
            session.flush()
            event_id = event.id
            school_id = pupil.school_id
        sync_now(school)

        # Content made centrally: a subject, pulled by the school.
        subject_id = str(uuid.uuid4())
        now = school.clock.now().isoformat()
        with hub.as_admin() as admin:
            response = admin.post(f"/api/v1/hub/schools/{hub_id}/records", json={"rows": [
                {"e": "subjects", "id": subject_id, "data": {
                    "id": subject_id, "school_id": str(school_id), "code": "CIV",
                    "name": "Éducation civique", "deleted_at": None, "created_at": now,
                    "updated_at": now}}]})
            assert response.status_code == 200, response.text
        sync_now(school)

        with school.ctx.db.write_session() as session:
            # The school renames the central subject and its own one: only its own sticks.
            session.get(Subject, uuid.UUID(subject_id)).name = "Civisme (local)"
            own = session.scalars(
                select(Subject).where(Subject.id != uuid.UUID(subject_id))
            ).first()
            own.name = "Calcul mental"
            own_id = own.id
            # A mark changed to a later time: the earliest stays.
            mark = session.scalars(select(AttendanceMark)).first()
            mark_id, first_time = mark.id, mark.marked_at
            mark.marked_at = first_time + timedelta(minutes=5)
            # A teacher's correction keeping the time: the latest write wins.
            other = session.scalars(select(AttendanceMark).where(AttendanceMark.id != mark_id)).first()
            other_id = other.id
            other.status = "excused"
            # A scan event is never changed.
            session.get(DayScanEvent, event_id).notes = "réécrit"
            # A deleted enrollment travels as a tombstone.
            gone = session.scalars(select(Enrollment)).first()
            gone_id = str(gone.id)
            session.delete(gone)
        sync_now(school)  # push: the hub decides
        sync_now(school)  # pull: the hub's winners come back
        with school.ctx.db.read_session() as session:
            assert session.get(Subject, uuid.UUID(subject_id)).name == "Éducation civique"
            assert session.get(Subject, own_id).name == "Calcul mental"
            assert session.get(AttendanceMark, mark_id).marked_at == first_time
            assert session.get(AttendanceMark, other_id).status == "excused"
            assert session.get(DayScanEvent, event_id).notes is None
            assert session.get(Enrollment, uuid.UUID(gone_id)) is None
        assert ("enrollments", gone_id) not in hub_state(hub, hub_id)
        assert hub_state(hub, hub_id) == local_state(school.ctx)
        assert status(school)["pending"] == 0
        # The central subject is still the hub's: a second local rename loses too.
        with school.ctx.db.write_session() as session:
            session.get(Subject, uuid.UUID(subject_id)).name = "Encore local"
        sync_now(school)
        sync_now(school)
        with school.ctx.db.read_session() as session:
            assert session.get(Subject, uuid.UUID(subject_id)).name == "Éducation civique"
