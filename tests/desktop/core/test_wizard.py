"""First run against a real embedded server process: the wizard creates the school, then the
administrator logs in."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from ecep_desktop.api import API
from ecep_desktop.launch.wizard import SetupWizard
from ecep_desktop.server.supervisor import BackOff, ServerState, ServerSupervisor
from tests.desktop.support import api_client, wait_ok
from tests.support import free_port


@pytest.fixture
def fresh_server(qtbot, tmp_path):
    sup = ServerSupervisor(data_dir=tmp_path / "data", port=free_port(), bind_host="127.0.0.1",
                           back_off=BackOff(first=0.2, maximum=1.0))
    sup.start()
    qtbot.wait_until(lambda: sup.state == ServerState.running, timeout=60_000)
    yield sup
    sup.stop()
    sup.deleteLater()


def _fill(wizard: SetupWizard) -> None:
    wizard.school_page.name.setText("École publique de Bonabéri")
    wizard.school_page.town.setText("Douala")
    wizard.school_page.language.setCurrentIndex(1)  # English
    wizard.next()
    admin = wizard.admin_page
    admin.username.setText("Directrice")
    admin.first_name.setText("Aïssatou")
    admin.last_name.setText("Mbarga")
    admin.password.setText("directrice-2026")
    admin.confirm.setText("directrice-2026")
    wizard.next()


def test_wizard_creates_the_school_then_the_admin_logs_in(qtbot, fresh_server):
    token = fresh_server.read_setup_token()
    assert token
    with api_client(fresh_server.local_url, language="en") as api:
        wizard = SetupWizard(api, setup_token=None)  # as for a server on another PC
        qtbot.add_widget(wizard)
        wizard.show()
        _fill(wizard)
        assert wizard.currentPage() is wizard.finish_page
        finish = wizard.finish_page

        finish.token.setText("not-the-token")
        wizard.button(QWizard.WizardButton.FinishButton).click()
        qtbot.wait_until(lambda: finish.error.isVisibleTo(wizard), timeout=15_000)
        assert wizard.created is None and finish.error.text()

        finish.token.setText(token)
        with qtbot.wait_signal(wizard.language_chosen, timeout=30_000) as chosen:
            wizard.button(QWizard.WizardButton.FinishButton).click()
        assert chosen.args == ["en"]
        assert wizard.result() == QWizard.DialogCode.Accepted
        assert wizard.created["name"] == "École publique de Bonabéri"
        assert wizard.created["default_locale"] == "en"

        info = wait_ok(qtbot, api.get(f"{API}/info", auth=False))
        assert info["initialized"] and info["school_name"] == "École publique de Bonabéri"
        wait_ok(qtbot, api.login(wizard.admin_username, "directrice-2026"))
        assert api.me["role"] == "admin" and api.me["username"] == "directrice"
    assert fresh_server.read_setup_token() is None  # used once, then gone


def test_different_passwords_stop_the_wizard(qtbot, fresh_server):
    with api_client(fresh_server.local_url) as api:
        wizard = SetupWizard(api, setup_token=fresh_server.read_setup_token())
        qtbot.add_widget(wizard)
        wizard.show()
        wizard.school_page.name.setText("École de test")
        wizard.next()
        admin = wizard.admin_page
        admin.first_name.setText("A")
        admin.last_name.setText("B")
        admin.password.setText("directrice-2026")
        admin.confirm.setText("directrice-2027")
        wizard.next()
        assert wizard.currentPage() is admin
        assert admin.error.isVisibleTo(wizard)
        assert not wizard.finish_page.token.isVisibleTo(wizard)  # known: not asked


def test_next_is_enabled_once_the_required_fields_are_filled(qtbot, fresh_server):
    with api_client(fresh_server.local_url) as api:
        wizard = SetupWizard(api, setup_token=fresh_server.read_setup_token())
        qtbot.add_widget(wizard)
        wizard.show()
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert not next_button.isEnabled()  # no school name yet
        wizard.school_page.name.setText("École de test")
        assert next_button.isEnabled()
        next_button.click()
        admin = wizard.admin_page
        assert wizard.currentPage() is admin and admin.username.text() == "admin"
        assert not next_button.isEnabled()
        for field, text in ((admin.first_name, "A"), (admin.last_name, "B"),
                            (admin.password, "directrice-2026")):
            field.setText(text)
        assert not next_button.isEnabled()  # the password, twice
        admin.confirm.setText("directrice-2026")
        assert next_button.isEnabled()  # with the username left at "admin"
        next_button.click()
        assert wizard.currentPage() is wizard.finish_page


def test_wizard_can_load_the_demo_school(qtbot, fresh_server):
    with api_client(fresh_server.local_url, language="en") as api:
        wizard = SetupWizard(api, setup_token=fresh_server.read_setup_token())
        qtbot.add_widget(wizard)
        wizard.show()
        _fill(wizard)
        wizard.finish_page.demo.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        qtbot.wait_until(lambda: wizard.created is not None, timeout=120_000)
        wait_ok(qtbot, api.login(wizard.admin_username, "directrice-2026"))
        pupils = wait_ok(qtbot, api.get(f"{API}/users", params={"role": "student", "limit": 200}))
        classes = wait_ok(qtbot, api.get(f"{API}/classes", params={"limit": 200}))
    assert len(pupils["items"]) == 200 and pupils["next_cursor"]  # ~300 pupils
    assert {"CP", "CM2"} <= {c["level"] for c in classes["items"]}
