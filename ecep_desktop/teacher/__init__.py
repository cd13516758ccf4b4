"""The teachers' screens: "Today" (the day's lessons, start or resume attendance) and the
projector window with its roster panel. Pages for the shell: see docs/desktop.md."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ecep_desktop.shell.pages import AppServices, PageSpec


def _today_page(services: AppServices) -> QWidget:
    from ecep_desktop.teacher.today_page import TodayPage  # late: a fast start

    return TodayPage(services)


def pages() -> list[PageSpec]:
    return [
        PageSpec(
            key="teacher.today",
            title=lambda: QCoreApplication.translate("TeacherPages", "Today"),
            roles=frozenset({"teacher", "admin"}),
            factory=_today_page,
            order=5,
        ),
    ]
