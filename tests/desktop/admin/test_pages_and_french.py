"""The admin feature's pages are found by the shell and built for an admin, and speak French
when French is installed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from ecep_desktop.admin.classes.page import ClassesPage
from ecep_desktop.admin.lessons.page import LessonsPage
from ecep_desktop.admin.users.page import UsersPage
from ecep_desktop.i18n import install_language
from ecep_desktop.shell.pages import discover_pages, pages_for_role
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for

WAIT_MS = 15_000
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_admin_pages_are_discovered_and_built_for_admins_only(qtbot, live_server, admin,
                                                              tmp_path):
    specs = [s for s in discover_pages() if s.key.startswith("admin.")]
    assert [s.key for s in specs] == ["admin.users", "admin.classes", "admin.lessons"]
    assert not [s for s in pages_for_role(specs, "teacher")]
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        services = services_for(api, make_desktop_settings(tmp_path))
        widgets = [spec.factory(services) for spec in specs]
        for widget in widgets:
            qtbot.add_widget(widget)
        assert [type(w) for w in widgets] == [UsersPage, ClassesPage, LessonsPage]
        qtbot.waitUntil(lambda: api.pending_count == 0, timeout=WAIT_MS)


def test_pages_speak_french_and_follow_a_language_switch(qtbot, live_server, admin, tmp_path):
    with logged_in_api(qtbot, live_server, admin, language="fr") as (api, _user):
        page = UsersPage(services_for(api, make_desktop_settings(tmp_path)))
        qtbot.add_widget(page)
        locale = QLocale()
        try:
            install_language("fr")
            QApplication.processEvents()
            assert page.new_button.text() == "Nouvel utilisateur…"
            assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Rôle"
            assert page.role_filter.itemText(page.role_filter.findData("student")) == "Élève"
            qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT_MS)
            assert "utilisateur" in page.count_label.text()
        finally:
            install_language("en")
            QLocale.setDefault(locale)
            QApplication.processEvents()
        assert page.new_button.text() == "New user…"
