"""The administrators' server page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ecep_desktop.shell.pages import AppServices, PageSpec


def _server_page(services: AppServices) -> QWidget:
    from ecep_desktop.server_panel.page import ServerPanelPage

    return ServerPanelPage(services)


def pages() -> list[PageSpec]:
    return [
        PageSpec(
            key="server_panel.server",
            title=lambda: QCoreApplication.translate("ServerPanel", "School server"),
            roles=frozenset({"admin"}),
            factory=_server_page,
            order=900,
        ),
    ]
