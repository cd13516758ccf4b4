"""The server page of an HTTPS school server (a real ``lan_server serve --https`` process):
its pairing QR carries the URL, the server id and the certificate fingerprint; scanned and
pasted into another PC's launch choice, it connects with the pin and no question. The
discovery box says where the server is announced."""

from __future__ import annotations

import pytest

from ecep_desktop.api import ApiClient, tls
from ecep_desktop.api.pairing import parse_pairing
from ecep_desktop.launch.choice import LaunchChoiceDialog
from ecep_desktop.qr.decoding import make_decoder
from ecep_desktop.qr.images import qimage_to_array
from ecep_desktop.server_panel.discovery_box import announced_interfaces
from ecep_desktop.server_panel.network_profile import public_in
from ecep_desktop.server_panel.page import ServerPanelPage
from tests.desktop.core.served import ADMIN_PASSWORD, initialize, served
from tests.desktop.support import make_desktop_settings, services_for, wait_ok

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _no_pins_leak():
    saved = dict(tls.TRUSTED_PINS)
    tls.TRUSTED_PINS.clear()
    yield
    tls.TRUSTED_PINS.clear()
    tls.TRUSTED_PINS.update(saved)


def test_the_pairing_qr_of_an_https_server_pairs_another_pc(qtbot, tmp_path):
    data = tmp_path / "data"
    initialize(data, "École publique de Bonabéri", https=True)
    with served(data, https=True) as server:
        fingerprint = server.info["fingerprint"]
        api = ApiClient(server.url, language="en", pinned_fingerprint=fingerprint)
        try:
            wait_ok(qtbot, api.login("admin", ADMIN_PASSWORD))
            info = wait_ok(qtbot, api.get("/api/v1/info", auth=False))
            page = ServerPanelPage(services_for(api, make_desktop_settings(tmp_path / "a"),
                                                server_info=info))
            qtbot.add_widget(page)
            page.show()
            image = page.qr_label.grab().toImage()
            (detection,) = make_decoder().decode(qimage_to_array(image))
            assert detection.text == (
                f"{server.url}/#id={info['server_id']}&fp={fingerprint}")
            assert tls.display_fingerprint(fingerprint) in page.discovery_box.security.text()
            assert "pairing code" in page.discovery_box.state.text()
            assert not page.discovery_box.warning.isVisible()  # not Windows: nothing checked
        finally:
            api.close()
            api.deleteLater()

        # Another PC: the scanned code pasted into its launch choice.
        other = make_desktop_settings(tmp_path / "b")
        tls.TRUSTED_PINS.clear()
        dialog = LaunchChoiceDialog(other)
        qtbot.add_widget(dialog)
        dialog.remote.setChecked(True)
        dialog.url.setText(detection.text)
        dialog.submit()
        qtbot.wait_until(lambda: dialog.buttons.isEnabled(), timeout=20_000)
        assert dialog.certificate_question is None
        assert dialog.result() == LaunchChoiceDialog.DialogCode.Accepted, dialog.error.text()
        assert other.pinned_fingerprint(info["server_id"]) == fingerprint
        assert parse_pairing(detection.text).url == server.url
        dialog.done(0)


def test_announced_interfaces_follow_the_servers_environment():
    assert announced_interfaces({}) == []
    assert announced_interfaces({"ECEP_DISCOVERY_INTERFACES": "all"}) == []
    assert announced_interfaces({"ECEP_DISCOVERY_INTERFACES": "127.0.0.1, 10.0.0.2"}) == [
        "127.0.0.1", "10.0.0.2"]
    assert announced_interfaces({"ECEP_DISCOVERY_ENABLED": "false"}) is None


def test_a_public_network_is_recognised_in_powershells_answer():
    assert public_in("Private\r\nPublic\r\n") is True
    assert public_in("Private\r\nDomainAuthenticated\r\n") is False
    assert public_in("") is False
