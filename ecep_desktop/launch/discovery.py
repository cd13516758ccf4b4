"""The live list of school servers found on the network (zeroconf ``_ecep._tcp``).

The browsing itself is the one discovery client of the project,
``lan_server.discovery.browser.ServerBrowser`` (a pure client module: no database, no server
code). Its callbacks run on its own thread; :class:`DiscoveryBridge` turns them into Qt
signals, delivered on the GUI thread (queued: the bridge lives there)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

# (interfaces, on_found, on_changed, on_lost) -> an object with start() and stop()
BrowserFactory = Callable[..., Any]
SERVER_ROLE = Qt.ItemDataRole.UserRole


def default_browser_factory(interfaces: list[str] | None, on_found: Callable[[Any], None],
                            on_changed: Callable[[Any], None],
                            on_lost: Callable[[str], None]) -> Any:
    """The real browser; None when the discovery client is not installed."""
    try:
        from lan_server.discovery.browser import ServerBrowser
    except ImportError:
        return None
    return ServerBrowser(interfaces=interfaces, on_found=on_found, on_changed=on_changed,
                         on_lost=on_lost)


class DiscoveryBridge(QObject):
    """Starts a browser and re-emits what it reports on the GUI thread."""

    found = Signal(object)    # a DiscoveredServer (confirmed at /api/v1/info)
    changed = Signal(object)  # the same server, new address or facts
    lost = Signal(str)        # its server id

    def __init__(self, interfaces: list[str] | None,
                 factory: BrowserFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interfaces = interfaces
        self._factory = factory or default_browser_factory
        self._browser: Any = None
        self.available = True

    def start(self) -> None:
        if self._browser is not None:
            return
        self._browser = self._factory(self.interfaces, self._relay(self.found),
                                      self._relay(self.changed), self._relay(self.lost))
        if self._browser is None:
            self.available = False
            return
        try:
            self._browser.start()
        except OSError:
            # No interface to browse on (no network at all): manual entry still works.
            self._browser = None
            self.available = False

    def stop(self) -> None:
        """Returns at once: the browser may be waiting for a server's answer (its confirm
        timeout), which the GUI must not wait for."""
        browser, self._browser = self._browser, None
        if browser is not None:
            threading.Thread(target=browser.stop, name="ecep-browser-stop", daemon=True).start()

    @staticmethod
    def _relay(signal: Any) -> Callable[[Any], None]:
        def emit(value: Any) -> None:
            # RuntimeError: the dialog (and this bridge) is gone; a late report is dropped.
            with contextlib.suppress(RuntimeError):
                signal.emit(value)
        return emit


class DiscoveredServerList(QListWidget):
    """One row per server: school name, address, and a lock when it speaks HTTPS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discoveredServers")
        self._rows: dict[str, QListWidgetItem] = {}

    def server_ids(self) -> list[str]:
        return list(self._rows)

    def row_of(self, server_id: str) -> int:
        item = self._rows.get(server_id)
        return self.row(item) if item is not None else -1

    def current_server(self) -> Any:
        item = self.currentItem()
        return item.data(SERVER_ROLE) if item is not None else None

    def add_or_update(self, server: Any) -> None:
        item = self._rows.get(server.server_id)
        if item is None:
            item = QListWidgetItem()
            self._rows[server.server_id] = item
            self.addItem(item)
        item.setData(SERVER_ROLE, server)
        item.setText(self._label(server))
        item.setToolTip(server.base_url)

    def remove(self, server_id: str) -> None:
        item = self._rows.pop(server_id, None)
        if item is not None:
            self.takeItem(self.row(item))

    def _label(self, server: Any) -> str:
        name = server.school_name or self.tr("School not set up yet")
        lock = "\N{LOCK} " if server.proto == "https" else ""
        return f"{lock}{name} — {server.host}:{server.port}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for item in self._rows.values():
                item.setText(self._label(item.data(SERVER_ROLE)))
        super().changeEvent(event)
