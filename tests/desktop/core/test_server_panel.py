"""The administrators' server page: the pairing QR, grabbed from the widget, decodes to this
server's address and id; the supervisor's state and log are shown."""

from __future__ import annotations

import httpx
import pytest

from ecep_desktop.api.pairing import pairing_text
from ecep_desktop.qr.decoding import make_decoder
from ecep_desktop.qr.images import qimage_to_array
from ecep_desktop.server.supervisor import BackOff, ServerState, ServerSupervisor
from ecep_desktop.server_panel import pages
from ecep_desktop.server_panel.addresses import lan_ipv4_addresses
from ecep_desktop.server_panel.page import ServerPanelPage
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import free_port

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _decoded(page: ServerPanelPage) -> str:
    image = page.qr_label.grab().toImage()
    (detection,) = make_decoder().decode(qimage_to_array(image))
    return detection.text


def test_remote_server_page_pairs_with_that_server(qtbot, live_server, admin, tmp_path):
    with logged_in_api(qtbot, live_server, admin, role="admin") as (api, _user):
        info = httpx.get(f"{live_server.url}/api/v1/info").json()
        page = ServerPanelPage(services_for(api, make_desktop_settings(tmp_path),
                                            server_info=info))
        qtbot.add_widget(page)
        page.show()
        assert page.urls == [live_server.url]
        assert _decoded(page) == f"{live_server.url}/#id={info['server_id']}"
        assert live_server.url in page.state_label.text()


def test_embedded_server_page_lists_lan_addresses_and_follows_the_supervisor(
        qtbot, live_server, admin, tmp_path):
    supervisor = ServerSupervisor(data_dir=tmp_path / "data", port=free_port(),
                                  bind_host="127.0.0.1", back_off=BackOff(first=0.2))
    try:
        with logged_in_api(qtbot, live_server, admin, role="admin") as (api, _user):
            page = ServerPanelPage(services_for(api, make_desktop_settings(tmp_path),
                                                supervisor=supervisor,
                                                server_info={"server_id": "abc"}))
            qtbot.add_widget(page)
            page.show()
            expected = [f"http://{a}:{supervisor.port}" for a in lan_ipv4_addresses()]
            assert page.urls == expected and expected
            page.address_choice.setCurrentIndex(0)
            assert _decoded(page) == f"{expected[0]}/#id=abc"
            supervisor.start()
            qtbot.wait_until(lambda: supervisor.state == ServerState.running, timeout=60_000)
            qtbot.wait_until(lambda: str(supervisor.port) in page.state_label.text())
            assert "Application startup complete" in page.log_view.toPlainText()
    finally:
        supervisor.stop()
        supervisor.deleteLater()


def test_page_spec_is_for_administrators_only():
    (spec,) = pages()
    assert spec.key == "server_panel.server" and spec.roles == frozenset({"admin"})


@pytest.mark.parametrize(("url", "expected"), [
    ("http://10.0.0.5:8470", "http://10.0.0.5:8470/#id=s1"),
    ("http://10.0.0.5:8470/api/v1", "http://10.0.0.5:8470/#id=s1"),
])
def test_pairing_text(url, expected):
    assert pairing_text(url, "s1") == expected


def test_registered_kiosks_are_listed_with_when_they_were_seen(qtbot, live_server, admin,
                                                               tmp_path):
    from tests.support import unique

    name = unique("Portail ")
    created = admin.post("/api/v1/attendance/kiosks", json={"name": name})
    assert created.status_code == 201, created.text
    with logged_in_api(qtbot, live_server, admin, role="admin") as (api, _user):
        page = ServerPanelPage(services_for(api, make_desktop_settings(tmp_path)))
        qtbot.add_widget(page)
        table = page.devices.table

        def names():
            return [table.item(r, 0).text() for r in range(table.rowCount())]

        qtbot.wait_until(lambda: name in names(), timeout=10_000)
        row = names().index(name)
        assert table.item(row, 1).text() == "never"
        assert table.item(row, 2).text() == "active"
