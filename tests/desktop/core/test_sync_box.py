"""The server page's sync box against a real school server and a real hub (PostgreSQL):
not enrolled, then enrolled with changes waiting; "Sync now" sends them and shows the last
success; with the hub gone, "Sync now" shows the error, in French too."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecep_desktop.i18n import install_language
from ecep_desktop.server_panel.sync_box import SyncBox
from tests.desktop.support import logged_in_api
from tests.sync.support import enroll, enroll_code, hub_server, hub_state, local_state
from tests.sync.support import school_server as sync_school_server

pytestmark = [pytest.mark.postgres,
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def test_sync_box_shows_the_link_and_syncs_now(qtbot, tmp_path: Path,
                                               pg_database_url: str) -> None:
    with sync_school_server(tmp_path / "school") as school, school.as_admin() as admin, \
            logged_in_api(qtbot, school, admin, role="admin") as (api, _user):
        box = SyncBox(api)
        qtbot.add_widget(box)
        box.show()
        qtbot.wait_until(lambda: box.state is not None)
        assert "not enrolled" in box.link_label.text()
        assert not box.sync_button.isEnabled()

        with hub_server(tmp_path / "hub", pg_database_url) as hub:
            code = enroll_code(hub, "École du bureau")
            enroll(school, hub.url, code["code"])
            box.refresh()
            qtbot.wait_until(lambda: box.state is not None and box.state["enrolled"])
            assert "change(s) to send" in box.pending_label.text()
            assert box.success_label.text() == "never"
            assert box.sync_button.isEnabled()

            box.sync_button.click()
            qtbot.wait_until(lambda: "Synchronised" in box.status.text(), timeout=60_000)
            assert box.pending_label.text() == "Everything is sent."
            assert box.success_label.text() != "never"
            assert box.error_label.text() == "none"
            assert "reachable" in box.link_label.text()
            assert hub_state(hub, code["hub_school_id"]) == local_state(school.ctx)
            hub_port = hub.url.rsplit(":", 1)[1]

        # The hub is gone.
        admin.post("/api/v1/classes", json={"name": "CM1 hors ligne", "level": "CM1",
                                             "school_year": "2026-2027"}).raise_for_status()
        box.sync_button.click()
        qtbot.wait_until(lambda: "did not complete" in box.status.text(), timeout=60_000)
        assert "cannot be reached" in box.link_label.text()
        assert hub_port in box.link_label.text()
        assert "reached" in box.error_label.text() or "injoignable" in box.error_label.text()
        assert "change(s) to send" in box.pending_label.text()

        install_language("fr")  # the box follows a language switch
        try:
            qtbot.wait_until(lambda: box.sync_button.text() == "Synchroniser maintenant")
            assert "injoignable pour l'instant" in box.link_label.text()
            assert box.pending_label.text() == "1 changement à envoyer"
        finally:
            install_language("en")
