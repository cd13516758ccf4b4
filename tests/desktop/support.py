"""Helpers for desktop tests: a real ApiClient against the real test server, and waiting for
a call's result with qtbot (never sleeping).

    from tests.desktop.support import logged_in_api, wait_ok, wait_error

    def test_something(qtbot, live_server, admin):
        with logged_in_api(qtbot, live_server, admin, role="teacher") as (api, user):
            page = MyPage(services_for(api, settings))
            items = wait_ok(qtbot, api.get("/api/v1/classes"))
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from ecep_desktop.api import ApiCall, ApiClient, ApiError
from ecep_desktop.settings import DesktopSettings
from ecep_desktop.shell.pages import AppServices
from tests.support import LiveServer, user_with_password

DEFAULT_TIMEOUT_MS = 15_000
PASSWORD = "desktop-pass-2026"

class CallFailed(AssertionError):
    def __init__(self, error: ApiError) -> None:
        super().__init__(f"{error.status} {error.code}: {error.detail}")
        self.error = error

def wait_call(qtbot: Any, call: ApiCall, timeout: int = DEFAULT_TIMEOUT_MS) -> ApiCall:
    """Waits until the call has finished (either way) and returns it."""
    if not call.done:
        with qtbot.wait_signal(call.finished, timeout=timeout):
            pass
    return call

def wait_ok(qtbot: Any, call: ApiCall, timeout: int = DEFAULT_TIMEOUT_MS) -> Any:
    """The call's result; fails the test with the API error if it failed."""
    wait_call(qtbot, call, timeout)
    if call.error is not None:
        raise CallFailed(call.error)
    return call.result

def wait_error(qtbot: Any, call: ApiCall, timeout: int = DEFAULT_TIMEOUT_MS) -> ApiError:
    """The call's ApiError; fails the test if the call succeeded."""
    wait_call(qtbot, call, timeout)
    assert call.error is not None, f"{call!r} succeeded: {call.result!r}"
    return call.error

@contextmanager
def api_client(base_url: str, *, language: str = "en") -> Iterator[ApiClient]:
    """An ApiClient closed at the end (its pool waited for)."""
    api = ApiClient(base_url, language=language)
    try:
        yield api
    finally:
        api.close()
        api.deleteLater()

@contextmanager
def logged_in_api(qtbot: Any, server: LiveServer, admin: httpx.Client, *, role: str = "admin",
                  language: str = "en", **user_fields: Any
                  ) -> Iterator[tuple[ApiClient, dict[str, Any]]]:
    """A new user of ``role`` (through the admin's client) and an ApiClient logged in as
    them. Yields ``(api, user)``; ``user`` is the UserRead dict plus ``password``."""
    user, client = user_with_password(server, admin, role=role, password=PASSWORD, **user_fields)
    client.close()
    with api_client(server.url, language=language) as api:
        wait_ok(qtbot, api.login(user["username"], PASSWORD))
        yield api, {**user, "password": PASSWORD}


def make_desktop_settings(tmp_path: Path) -> DesktopSettings:
    """Desktop settings in an INI file of the test's own."""
    return DesktopSettings(tmp_path / "ecep-desktop.ini")


def services_for(api: ApiClient, settings: DesktopSettings, **extra: Any) -> AppServices:
    """AppServices for a page under test, with the logged-in user of ``api``."""
    assert api.me is not None, "log in first"
    return AppServices(api=api, me=api.me, settings=settings, **extra)


@contextmanager
def gc_on_gui_thread() -> Iterator[None]:
    """Around each desktop test (autouse fixture): no automatic cycle collection during the
    test, one collection on the GUI thread at its end. In the test process the collector
    could otherwise run on the in-process server's thread (or an ApiClient worker) and
    destroy a Qt object there: "Timers cannot be stopped from another thread", or a crash.
    The app itself does the same with ecep_desktop.shell.gui_gc."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()
