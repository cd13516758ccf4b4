"""The launch choice "connect to a school server": the live list of servers found by
zeroconf on 127.0.0.1 (a real ``lan_server serve`` process), manual entry (default port,
HTTPS then HTTP, the certificate shown and accepted), the pairing code, and a changed
certificate refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from ecep_desktop.api import ApiClient, tls
from ecep_desktop.api.pairing import pairing_text, parse_pairing
from ecep_desktop.launch.choice import LaunchChoiceDialog
from ecep_desktop.launch.probe import candidate_urls
from ecep_desktop.settings import MODE_REMOTE
from tests.desktop.core.served import initialize, served
from tests.desktop.core.tls_support import https_server, self_signed
from tests.desktop.support import make_desktop_settings, wait_ok


@pytest.fixture(autouse=True)
def _no_pins_leak():
    saved = dict(tls.TRUSTED_PINS)
    tls.TRUSTED_PINS.clear()
    yield
    tls.TRUSTED_PINS.clear()
    tls.TRUSTED_PINS.update(saved)


def open_choice(qtbot, settings, **kwargs) -> LaunchChoiceDialog:
    dialog = LaunchChoiceDialog(settings, **kwargs)
    qtbot.add_widget(dialog)
    dialog.remote.setChecked(True)
    return dialog


def submit_and_wait(qtbot, dialog: LaunchChoiceDialog) -> None:
    dialog.submit()
    qtbot.wait_until(lambda: dialog.buttons.isEnabled(), timeout=20_000)


def test_candidate_urls_try_the_default_port_https_first():
    assert candidate_urls("192.168.1.10") == [
        "https://192.168.1.10:8470", "http://192.168.1.10:8470"]
    assert candidate_urls(" 10.0.0.2:9000/ ") == ["https://10.0.0.2:9000", "http://10.0.0.2:9000"]
    assert candidate_urls("http://ecole.local") == ["http://ecole.local:8470"]
    assert candidate_urls("https://10.0.0.2:8443") == ["https://10.0.0.2:8443"]
    assert candidate_urls("") == []


def test_pairing_text_round_trip():
    fingerprint = "ab" * 32
    text = pairing_text("https://192.168.1.10:8470", "srv-1", fingerprint)
    assert text == f"https://192.168.1.10:8470/#id=srv-1&fp={fingerprint}"
    pairing = parse_pairing(text)
    assert pairing is not None
    assert (pairing.url, pairing.server_id, pairing.fingerprint) == (
        "https://192.168.1.10:8470", "srv-1", fingerprint)
    assert parse_pairing("192.168.1.10") is None
    assert pairing_text("http://10.0.0.2:8470/x", "srv-2", fingerprint) == \
        "http://10.0.0.2:8470/#id=srv-2"  # no fingerprint without TLS


def test_a_server_announced_on_loopback_is_listed_and_connected_over_https(
        qtbot, tmp_path):
    data = tmp_path / "data"
    initialize(data, "École publique de Bonabéri", https=True)
    settings = make_desktop_settings(tmp_path)
    with served(data, https=True) as server:
        assert server.info["proto"] == "https" and server.info["fingerprint"]
        dialog = open_choice(qtbot, settings)
        qtbot.wait_until(lambda: server.info["server_id"] in dialog.servers.server_ids(),
                         timeout=20_000)
        # (Other people's servers may be announced on the same loopback.)
        row_number = dialog.servers.row_of(server.info["server_id"])
        row = dialog.servers.item(row_number)
        assert "Bonabéri" in row.text()
        assert f"127.0.0.1:{server.port}" in row.text()
        assert "\N{LOCK}" in row.text()
        dialog.servers.setCurrentRow(row_number)
        assert dialog.url.text() == server.url
        submit_and_wait(qtbot, dialog)
        # Trusted from discovery (TXT fp confirmed at /info): no question asked.
        assert dialog.certificate_question is None
        assert dialog.result() == LaunchChoiceDialog.DialogCode.Accepted, dialog.error.text()
        assert dialog.server_url == server.url and dialog.mode == MODE_REMOTE
        assert settings.pinned_fingerprint(server.info["server_id"]) == \
            server.info["fingerprint"]
        assert settings.last_server_id == server.info["server_id"]
        # Any client of the app now talks to it through the pin.
        api = ApiClient(server.url, language="en")
        try:
            assert api.pinned_fingerprint == server.info["fingerprint"]
            info = wait_ok(qtbot, api.get("/api/v1/info", auth=False))
            assert info["server_id"] == server.info["server_id"]
        finally:
            api.close()
            api.deleteLater()
        dialog.done(0)


def test_a_server_that_stops_leaves_the_list(qtbot, tmp_path):
    data = tmp_path / "data"
    initialize(data, "École de Deïdo")
    dialog = open_choice(qtbot, make_desktop_settings(tmp_path))
    with served(data) as server:
        qtbot.wait_until(lambda: server.info["server_id"] in dialog.servers.server_ids(),
                         timeout=20_000)
        row = dialog.servers.item(dialog.servers.row_of(server.info["server_id"]))
        assert "\N{LOCK}" not in row.text()
    qtbot.wait_until(lambda: server.info["server_id"] not in dialog.servers.server_ids(),
                     timeout=20_000)
    assert dialog.servers.row_of(server.info["server_id"]) == -1
    dialog.done(0)


def test_manual_entry_shows_the_certificate_then_a_changed_one_is_refused(qtbot, tmp_path):
    settings = make_desktop_settings(tmp_path)
    first = self_signed(tmp_path / "first")
    with https_server(tmp_path / "data", first) as server:
        dialog = open_choice(qtbot, settings, default_port=server.port)
        dialog.url.setText("127.0.0.1")  # no port, no scheme: the default port, HTTPS first
        dialog.submit()
        qtbot.wait_until(lambda: dialog.certificate_question is not None, timeout=20_000)
        box = dialog.findChild(QMessageBox, "acceptCertificate")
        assert tls.display_fingerprint(first.fingerprint) in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        assert dialog.result() == LaunchChoiceDialog.DialogCode.Accepted
        assert dialog.server_url == server.url
        server_id = server.ctx.server_id
        assert settings.pinned_fingerprint(server_id) == first.fingerprint
        port = server.port

    # The same server id, now with another certificate (another machine, or reinstalled).
    with https_server(tmp_path / "data", self_signed(tmp_path / "second"), port=port):
        again = open_choice(qtbot, settings, default_port=port)
        again.url.setText(f"127.0.0.1:{port}")
        submit_and_wait(qtbot, again)
        assert again.certificate_question is None
        assert again.result() != LaunchChoiceDialog.DialogCode.Accepted
        assert "certificate changed" in again.error.text()
        assert settings.pinned_fingerprint(server_id) == first.fingerprint  # never replaced
        # And the app's client refuses it as well.
        api = ApiClient(f"https://127.0.0.1:{port}", language="en")
        try:
            call = api.get("/api/v1/info", auth=False)
            qtbot.wait_until(lambda: call.done, timeout=15_000)
            assert call.error is not None and call.error.code == "certificate_changed"
        finally:
            api.close()
            api.deleteLater()


def test_manual_entry_falls_back_to_http_on_the_default_port(qtbot, tmp_path, live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    settings = make_desktop_settings(tmp_path)
    dialog = open_choice(qtbot, settings, default_port=port)
    dialog.url.setText("127.0.0.1")
    submit_and_wait(qtbot, dialog)
    assert dialog.result() == LaunchChoiceDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.server_url == live_server.url
    assert settings.last_server_url == live_server.url


def test_the_pairing_code_pins_without_a_question(qtbot, tmp_path):
    settings = make_desktop_settings(tmp_path)
    certificate = self_signed(tmp_path / "cert")
    with https_server(tmp_path / "data", certificate) as server:
        dialog = open_choice(qtbot, settings)
        dialog.url.setText(pairing_text(server.url, server.ctx.server_id,
                                        certificate.fingerprint))
        submit_and_wait(qtbot, dialog)
        assert dialog.certificate_question is None
        assert dialog.result() == LaunchChoiceDialog.DialogCode.Accepted, dialog.error.text()
        assert settings.pinned_fingerprint(server.ctx.server_id) == certificate.fingerprint


def test_a_pairing_code_with_another_fingerprint_is_refused(qtbot, tmp_path):
    settings = make_desktop_settings(tmp_path)
    with https_server(tmp_path / "data", self_signed(tmp_path / "cert")) as server:
        dialog = open_choice(qtbot, settings)
        dialog.url.setText(pairing_text(server.url, server.ctx.server_id, "0" * 64))
        submit_and_wait(qtbot, dialog)
        assert dialog.result() != LaunchChoiceDialog.DialogCode.Accepted
        assert "certificate changed" in dialog.error.text()
        assert settings.pinned_fingerprint(server.ctx.server_id) is None
