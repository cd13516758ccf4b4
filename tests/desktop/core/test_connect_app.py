"""DesktopApp with a remembered HTTPS server: the next start goes straight to the login
through the remembered pin; when the server presents another certificate, the launch
choice comes back with the clear error and nothing is sent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from ecep_desktop.api import tls
from ecep_desktop.app import DesktopApp, LaunchOptions
from ecep_desktop.settings import MODE_REMOTE
from tests.desktop.core.tls_support import https_server, self_signed
from tests.desktop.support import make_desktop_settings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _no_pins_leak():
    saved = dict(tls.TRUSTED_PINS)
    tls.TRUSTED_PINS.clear()
    yield
    tls.TRUSTED_PINS.clear()
    tls.TRUSTED_PINS.update(saved)


def _start(settings) -> DesktopApp:
    app = DesktopApp(settings, LaunchOptions())
    app.start()
    return app


def _end(app: DesktopApp) -> None:
    app.shutdown()
    if app.dialog is not None:
        app.dialog.done(0)
    app.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_remembered_https_server_is_reached_through_its_pin(qtbot, tmp_path):
    first = self_signed(tmp_path / "first")
    with https_server(tmp_path / "data", first) as server:
        settings = make_desktop_settings(tmp_path)
        settings.mode = MODE_REMOTE
        settings.last_server_url = server.url
        settings.last_server_id = server.ctx.server_id
        settings.pin_fingerprint(server.ctx.server_id, first.fingerprint, server.url)
        port = server.port
        tls.TRUSTED_PINS.clear()
        app = _start(make_desktop_settings(tmp_path))  # a new start reads the pins again
        try:
            qtbot.wait_until(lambda: app.stage == "login", timeout=20_000)
            assert app.api.pinned_fingerprint == first.fingerprint
        finally:
            _end(app)

    # Another certificate at the same address: back to the choice, with the reason.
    with https_server(tmp_path / "data", self_signed(tmp_path / "second"), port=port):
        app = _start(make_desktop_settings(tmp_path))
        try:
            qtbot.wait_until(lambda: app.stage == "choice", timeout=20_000)
            qtbot.wait_until(lambda: app.dialog is not None)
            assert "certificate changed" in app.dialog.error.text()
        finally:
            _end(app)
