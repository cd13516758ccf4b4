"""The admin feature's pages are found by the shell and built for an admin; every string of
admin_fr.ts is translated and the pages speak French when French is installed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from ecep_desktop.admin.classes.page import ClassesPage
from ecep_desktop.admin.lessons.page import LessonsPage
from ecep_desktop.admin.users.page import UsersPage
from ecep_desktop.i18n import install_language
from ecep_desktop.shell.pages import discover_pages, pages_for_role
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for

TS = Path(__file__).resolve().parents[3] / "resources" / "translations" / "admin_fr.ts"
WAIT_MS = 15_000
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_every_string_is_translated_to_french():
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 100
    for message in messages:
        translation = message.find("translation")
        assert translation.get("type") is None, message.find("source").text
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        assert all(forms), message.find("source").text
    # The compiled file holds the same translations (it was made from this .ts).
    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    contexts = {ctx.find("name").text: ctx for ctx in ET.parse(TS).getroot().iter("context")}
    for name, ctx in contexts.items():
        for message in ctx.iter("message"):
            if message.get("numerus") == "yes":
                continue
            source = message.find("source").text
            expected = message.find("translation").text
            assert translator.translate(name, source) == expected, (name, source)


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
