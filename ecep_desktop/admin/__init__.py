"""The administrators' screens: users (with the pupils CSV import, reset codes, the QR
permission and personal QR codes), classes with enrolments and card sheets, and lessons.

Every page is built late (its module imported when first shown) to keep start-up fast."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ecep_desktop.shell.pages import AppServices, PageSpec

ADMIN = frozenset({"admin"})


def _users_page(services: AppServices):
    from ecep_desktop.admin.users.page import UsersPage

    return UsersPage(services)


def _classes_page(services: AppServices):
    from ecep_desktop.admin.classes.page import ClassesPage

    return ClassesPage(services)


def _lessons_page(services: AppServices):
    from ecep_desktop.admin.lessons.page import LessonsPage

    return LessonsPage(services)


def pages() -> list[PageSpec]:
    return [
        PageSpec(
            key="admin.users",
            title=lambda: QCoreApplication.translate("AdminPages", "Users"),
            roles=ADMIN,
            factory=_users_page,
            order=10,
        ),
        PageSpec(
            key="admin.classes",
            title=lambda: QCoreApplication.translate("AdminPages", "Classes and cards"),
            roles=ADMIN,
            factory=_classes_page,
            order=20,
        ),
        PageSpec(
            key="admin.lessons",
            title=lambda: QCoreApplication.translate("AdminPages", "Lessons"),
            roles=ADMIN,
            factory=_lessons_page,
            order=30,
        ),
    ]
