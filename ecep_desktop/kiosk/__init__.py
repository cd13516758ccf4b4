"""The webcam kiosk: pupils show their personal card at the gate; the kiosk reads it,
checks its signature, and records arrival then departure on the school server (queueing
scans while the server is unreachable). An administrator turns a PC into a kiosk from the
"Kiosk" page; the kiosk window itself is :class:`ecep_desktop.kiosk.window.KioskWindow`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _setup_page(services):  # noqa: ANN001, ANN202 - AppServices -> QWidget, imported late
    from ecep_desktop.kiosk.setup_page import KioskSetupPage

    return KioskSetupPage(services)


def pages() -> list:
    from ecep_desktop.shell.pages import PageSpec

    return [
        PageSpec(
            key="kiosk.setup",
            title=lambda: QCoreApplication.translate("KioskPages", "Kiosk"),
            roles=frozenset({"admin"}),
            factory=_setup_page,
            order=60,
        )
    ]
