"""The roster model under pytest-qt's model tester, and its updates in place (a selection
survives a poll that changes a mark)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ecep_desktop.teacher.roster_panel import RosterModel, RosterPanel


def _pupil(pupil_id: str, first: str, last: str, status: str | None = None) -> dict:
    mark = None
    if status is not None:
        mark = {"id": f"m-{pupil_id}", "pupil_id": pupil_id, "status": status, "source": "qr",
                "marked_at": "2026-11-22T07:05:00Z", "slot_age": 0, "device_id": "d",
                "note": None, "corrected_by_id": None}
    return {"pupil_id": pupil_id, "first_name": first, "last_name": last, "mark": mark}


def test_the_roster_model_passes_the_model_tester(qtmodeltester):
    model = RosterModel(ZoneInfo("Africa/Douala"))
    model.set_pupils([_pupil("b", "Junior", "Abega"), _pupil("a", "Mireille", "Ewane", "late")])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Junior Abega", "Mireille Ewane"]
    assert model.index(1, RosterModel.STATUS).data() == "Late"
    assert model.index(1, RosterModel.TIME).data() == "08:05"  # Douala is UTC+1
    model.set_pupils([_pupil("c", "Chantal", "Nkoulou")])
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_a_poll_changing_a_mark_keeps_the_selection(qtbot):
    panel = RosterPanel(ZoneInfo("Africa/Douala"))
    qtbot.add_widget(panel)
    pupils = [_pupil("a", "Mireille", "Ewane"), _pupil("b", "Junior", "Abega")]
    panel.set_roster({"pupils": pupils})
    assert panel.select_pupil("a")
    assert panel.buttons["excused"].isEnabled()
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.set_roster({"pupils": [_pupil("a", "Mireille", "Ewane", "present"), pupils[1]]})
    assert not resets
    assert panel.selected_pupil_id() == "a"
    requested = []
    panel.correctionRequested.connect(lambda pid, status: requested.append((pid, status)))
    panel.buttons["absent"].click()
    assert requested == [("a", "absent")]
