"""TLS pinning in ApiClient against a real HTTPS school server: the pinned certificate is
accepted, another one is refused during the handshake with the clear error, and a pin
remembered in the settings is used by every client of the process."""

from __future__ import annotations

import pytest

from ecep_desktop.api import ApiClient, tls
from tests.desktop.core.tls_support import https_server, self_signed
from tests.desktop.support import make_desktop_settings, wait_error, wait_ok


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls-server")
    with https_server(directory / "data", self_signed(directory / "cert")) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_pins_leak():
    saved = dict(tls.TRUSTED_PINS)
    tls.TRUSTED_PINS.clear()
    yield
    tls.TRUSTED_PINS.clear()
    tls.TRUSTED_PINS.update(saved)


def _client(url: str, **kwargs) -> ApiClient:
    return ApiClient(url, language="en", **kwargs)


def test_the_pinned_certificate_is_accepted(qtbot, tls_server):
    api = _client(tls_server.url, pinned_fingerprint=tls_server.certificate.fingerprint)
    try:
        info = wait_ok(qtbot, api.get("/api/v1/info", auth=False))
        assert info["initialized"] is True
        assert api.reachable is True
    finally:
        api.close()
        api.deleteLater()


def test_a_changed_certificate_is_refused_with_a_clear_error(qtbot, tls_server, tmp_path):
    other = self_signed(tmp_path / "other")
    api = _client(tls_server.url, pinned_fingerprint=other.fingerprint)
    try:
        error = wait_error(qtbot, api.login("admin", "admin-pass-2026"))
        assert error.code == "certificate_changed"
        assert not error.unreachable
        assert "certificate changed" in error.detail
        assert api.me is None and not api.is_logged_in
    finally:
        api.close()
        api.deleteLater()


def test_without_a_pin_a_self_signed_server_is_not_trusted(qtbot, tls_server):
    api = _client(tls_server.url)
    try:
        error = wait_error(qtbot, api.get("/api/v1/info", auth=False))
        assert error.code in ("unreachable", "certificate_changed")
    finally:
        api.close()
        api.deleteLater()


def test_fetch_fingerprint_reads_what_the_server_presents(tls_server):
    assert tls.fetch_fingerprint("127.0.0.1", tls_server.port) == \
        tls_server.certificate.fingerprint


def test_a_pin_remembered_in_the_settings_is_used_by_a_new_client(qtbot, tls_server, tmp_path):
    settings = make_desktop_settings(tmp_path)
    server_id = tls_server.ctx.server_id
    settings.pin_fingerprint(server_id, tls_server.certificate.fingerprint, tls_server.url)
    tls.TRUSTED_PINS.clear()
    # A new start of the desktop: the settings are read again.
    again = make_desktop_settings(tmp_path)
    assert again.pinned_fingerprint(server_id) == tls_server.certificate.fingerprint
    api = _client(tls_server.url)
    try:
        info = wait_ok(qtbot, api.get("/api/v1/info", auth=False))
        assert info["server_id"] == server_id
    finally:
        api.close()
        api.deleteLater()
    again.forget_pin(server_id)
    assert again.pinned_fingerprint(server_id) is None
    assert tls.pin_for(tls_server.url) is None
