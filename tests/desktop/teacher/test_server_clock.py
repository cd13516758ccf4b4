"""The projector draws codes on the SERVER's clock: with an injected clock it crosses slot
edges (and an old code decoded from the screen is then refused), and without one it measures
the offset to a server whose clock is far from the desktop's. These tests move the clock of
a server of their own (``clock_server``)."""

from __future__ import annotations

import pytest

from ecep_desktop.api import ApiClient
from ecep_desktop.teacher.projector_window import ProjectorWindow
from tests.desktop.support import wait_ok
from tests.desktop.teacher.relay import Relay
from tests.desktop.teacher.support import (
    SIZE_HINTS_WARNING,
    WAIT_MS,
    open_projector,
    read_screen,
    teacher_world,
)
from tests.support import make_settings, running_server

pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS_WARNING)
PERIOD = 10


def world_slot(world) -> int:
    return int(world.server_clock() // PERIOD)


def test_the_code_rotates_with_the_server_clock_and_the_old_one_expires(qtbot, clock_server,
                                                                       clock_admin):
    with teacher_world(qtbot, clock_server, clock_admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        first_slot = window.current.slot
        first_url = read_screen(window)
        first_typed = window.typed_code.text()

        clock_server.clock.advance(seconds=PERIOD)  # the next slot, for server and window
        qtbot.waitUntil(lambda: window.current.slot > first_slot, timeout=WAIT_MS)
        second_url = read_screen(window)
        assert second_url != first_url
        assert second_url == window.current.url
        assert window.typed_code.text() != first_typed

        clock_server.clock.advance(seconds=PERIOD)  # two slots after the first code
        qtbot.waitUntil(lambda: window.current.slot >= first_slot + 2, timeout=WAIT_MS)
        refused = world.scan(1, first_url)
        assert refused.status_code == 400, refused.text
        assert refused.json()["code"] == "qr_expired"
        accepted = world.scan(2, read_screen(window))
        assert accepted.status_code == 200, accepted.text


def test_without_an_injected_clock_the_window_follows_a_distant_server_clock(
        qtbot, clock_server, clock_admin):
    clock_server.clock.advance(minutes=7)  # the server is 7 minutes ahead of this desktop
    with teacher_world(qtbot, clock_server, clock_admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = ProjectorWindow(world.api, session["id"])  # the real clock
        qtbot.add_widget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitUntil(lambda: window.current is not None, timeout=15_000)
        assert abs(window.session.now() - world.server_clock()) < 1.0
        # Drawn on the local clock, this code would be 42 slots old: qr_expired.
        response = world.scan(0, read_screen(window))
        assert response.status_code == 200, response.text

        # The server's clock is set forward again; the next measurement follows it.
        clock_server.clock.advance(minutes=3)
        wait_ok(qtbot, window.session.measure_clock())
        assert abs(window.session.now() - world.server_clock()) < 1.0
        qtbot.waitUntil(lambda: window.current.slot == world_slot(world), timeout=WAIT_MS)
        response = world.scan(1, read_screen(window))
        assert response.status_code == 200, response.text


def test_the_codes_keep_rotating_when_the_server_goes_away(qtbot, tmp_path):
    """The projector computes its codes itself: a lost server only stops the roster."""
    with running_server(make_settings(tmp_path)) as server, server.as_admin() as admin, \
            teacher_world(qtbot, server, admin) as world:
        session = world.open_session(qtbot, period_seconds=5)
        api = ApiClient(server.url, language="en")  # outlives the server, like the app's
        wait_ok(qtbot, api.login(world.teacher["username"], world.teacher["password"]))
        shift = {"seconds": 0.0}
        window = ProjectorWindow(api, session["id"],
                                 clock=lambda: world.server_clock() + shift["seconds"])
        # Closed below, before its ApiClient (closing deletes it): not given to qtbot.
        window.resize(1280, 720)
        window.show()
        qtbot.waitUntil(lambda: window.current is not None
                        and window.roster.model.rowCount() == 3, timeout=15_000)
        assert window.state.text() == ""
    try:  # the server has stopped
        qtbot.waitUntil(lambda: window.state.text() == "Server unreachable: retrying…",
                        timeout=10_000)
        slot = window.current.slot
        shift["seconds"] = 5.0  # one period later
        qtbot.waitUntil(lambda: window.current.slot > slot, timeout=WAIT_MS)
        assert window.qr.text == window.current.url
    finally:
        window.close()
        api.close()


def test_a_window_opened_while_the_server_is_away_starts_when_it_answers(qtbot, clock_server,
                                                                        clock_admin):
    """The display cannot load: the window says so, retries, and starts by itself."""
    port = int(clock_server.url.rsplit(":", 1)[1])
    relay = Relay(port)
    relay.start()
    with teacher_world(qtbot, clock_server, clock_admin) as world:
        session = world.open_session(qtbot, period_seconds=10)
        api = ApiClient(relay.url, language="en")
        window = None
        try:
            wait_ok(qtbot, api.login(world.teacher["username"], world.teacher["password"]))
            relay.stop()  # the server's PC goes away
            window = ProjectorWindow(api, session["id"])
            # Closed below, before its ApiClient: not given to qtbot.
            window.show()
            qtbot.waitUntil(lambda: window.error.text() != "", timeout=10_000)
            assert window.current is None
            assert window.qr.placeholder == "Loading…"
            relay.start()  # and comes back
            qtbot.waitUntil(lambda: window.current is not None, timeout=10_000)
            assert window.error.text() == ""
            assert window.state.text() == ""
        finally:
            if window is not None:
                window.close()
            relay.stop()
            api.close()


def test_the_projector_lives_through_an_invisible_token_refresh(qtbot, clock_server,
                                                               clock_admin):
    with teacher_world(qtbot, clock_server, clock_admin) as world:
        session = world.open_session(qtbot, period_seconds=PERIOD)
        window = open_projector(qtbot, world, session["id"])
        refreshes = world.api.refresh_count
        clock_server.clock.advance(minutes=16)  # past the 15-minute access token
        qtbot.waitUntil(lambda: world.api.refresh_count > refreshes, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.current.slot == world_slot(world), timeout=WAIT_MS)
        response = world.scan(0, read_screen(window))
        assert response.status_code == 200, response.text
        qtbot.waitUntil(lambda: "Mireille Ewane" in window.latest.text(), timeout=WAIT_MS)
        assert window.error.text() == ""
