"""The users page against the real server: the model (qtmodeltester), server-side paging,
search and filters, and create / deactivate / reset password reaching the server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ecep_desktop.admin.users.model import UsersModel
from ecep_desktop.admin.users.page import UsersPage
from tests.desktop.admin.support import AnsweringPrompter, enroll, make_class
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import create_user, unique

WAIT_MS = 15_000
# The offscreen platform cannot pass a window's size hints on; not a fault of the page.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def names(model: UsersModel) -> list[str]:
    return [model.user(row)["username"] for row in range(model.rowCount())]


def wait_loaded(qtbot, model: UsersModel) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=WAIT_MS)


def open_page(qtbot, api, tmp_path, **kwargs) -> UsersPage:
    page = UsersPage(services_for(api, make_desktop_settings(tmp_path)), **kwargs)
    qtbot.add_widget(page)
    page.prompter = AnsweringPrompter()
    page.resize(1000, 600)
    page.show()
    wait_loaded(qtbot, page.model)
    return page


def test_model_passes_the_model_tester_and_pages_from_the_server(qtbot, qtmodeltester,
                                                                  live_server, admin):
    prefix = unique("pg")
    made = [create_user(admin, username=f"{prefix}{i:02d}", last_name=f"Zz{prefix}{i:02d}")
            for i in range(7)]
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        model = UsersModel(api, page_size=3)
        model.set_filters(q=prefix)
        wait_loaded(qtbot, model)
        assert model.rowCount() == 3
        assert model.canFetchMore()
        qtmodeltester.check(model)
        wait_loaded(qtbot, model)
        while model.canFetchMore():
            model.fetchMore()
            wait_loaded(qtbot, model)
        assert names(model) == [u["username"] for u in made]
        assert model.exhausted and not model.canFetchMore()
        qtmodeltester.check(model)
        assert model.data(model.index(0, 0)) == f"Zz{prefix}00 Jean"
        assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole)["id"] == made[0]["id"]


def test_the_view_fetches_more_rows_when_scrolled(qtbot, live_server, admin, tmp_path):
    prefix = unique("sc")
    for i in range(12):
        create_user(admin, username=f"{prefix}{i:02d}", last_name=f"Yy{prefix}{i:02d}")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path, page_size=5)
        page.search.setText(prefix)
        qtbot.waitUntil(lambda: page.model.filters.get("q") == prefix, timeout=WAIT_MS)
        wait_loaded(qtbot, page.model)
        qtbot.waitUntil(lambda: page.model.rowCount() >= 5, timeout=WAIT_MS)
        for _ in range(10):
            if page.model.exhausted:
                break
            page.table.scrollToBottom()
            qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT_MS)
            qtbot.wait(50)
        qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=WAIT_MS)
        assert "12" in page.count_label.text()


def test_filters_by_role_class_and_status(qtbot, live_server, admin, tmp_path):
    prefix = unique("fl")
    pupil = create_user(admin, username=f"{prefix}p", role="student")
    teacher = create_user(admin, username=f"{prefix}t", role="teacher")
    other_pupil = create_user(admin, username=f"{prefix}q", role="student")
    school_class = make_class(admin, year="2026-2027")
    enroll(admin, school_class["id"], pupil["id"])
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        page.search.setText(prefix)
        page.apply_filters()
        wait_loaded(qtbot, page.model)
        assert set(names(page.model)) == {pupil["username"], teacher["username"],
                                          other_pupil["username"]}
        page.role_filter.setCurrentIndex(page.role_filter.findData("teacher"))
        wait_loaded(qtbot, page.model)
        assert names(page.model) == [teacher["username"]]
        page.role_filter.setCurrentIndex(0)
        qtbot.waitUntil(lambda: page.class_filter.findData(school_class["id"]) > 0,
                        timeout=WAIT_MS)
        page.class_filter.setCurrentIndex(page.class_filter.findData(school_class["id"]))
        wait_loaded(qtbot, page.model)
        assert names(page.model) == [pupil["username"]]
        page.class_filter.setCurrentIndex(0)
        admin.patch(f"/api/v1/users/{other_pupil['id']}", json={"status": "disabled"})
        page.status_filter.setCurrentIndex(page.status_filter.findData("disabled"))
        wait_loaded(qtbot, page.model)
        assert names(page.model) == [other_pupil["username"]]
        # A change made elsewhere shows after Refresh.
        admin.patch(f"/api/v1/users/{pupil['id']}", json={"status": "disabled"})
        page.refresh_button.click()
        wait_loaded(qtbot, page.model)
        assert set(names(page.model)) == {pupil["username"], other_pupil["username"]}


def test_create_deactivate_and_reset_password_reach_the_server(qtbot, live_server, admin,
                                                               tmp_path):
    username = unique("new")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        dialog = page.new_user()
        dialog.username.setText(username)
        dialog.first_name.setText("Mireille")
        dialog.last_name.setText("Ewane")
        dialog.role.setCurrentIndex(dialog.role.findData("student"))
        dialog.matricule.setText(f"M-{username}")
        dialog.submit()
        qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
        created = admin.get("/api/v1/users", params={"q": username}).json()["items"]
        assert [(u["username"], u["role"], u["pupil"]["matricule"]) for u in created] == [
            (username, "student", f"M-{username}")]
        # The new account is shown and selected.
        qtbot.waitUntil(lambda: page.selected_user() is not None, timeout=WAIT_MS)
        assert page.selected_user()["id"] == created[0]["id"]

        # A refusal stays on screen, in plain words.
        dialog = page.new_user()
        dialog.username.setText(username)
        dialog.first_name.setText("Autre")
        dialog.last_name.setText("Personne")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        assert "username" in dialog.error.text().lower()
        dialog.reject()

        page.status_button.click()
        assert page.prompter.asked and page.prompter.asked[-1][0] == "confirm"
        qtbot.waitUntil(lambda: page.selected_user()["status"] == "disabled", timeout=WAIT_MS)
        assert admin.get(f"/api/v1/users/{created[0]['id']}").json()["status"] == "disabled"
        assert page.status_button.text() == "Reactivate"
        page.status_button.click()
        qtbot.waitUntil(lambda: page.selected_user()["status"] == "active", timeout=WAIT_MS)

        page.reset_button.click()
        qtbot.waitUntil(lambda: page.dialog is not None, timeout=WAIT_MS)
        code = page.dialog.code.text()
        assert code
        confirmed = live_server.client().post(
            "/api/v1/auth/password-reset/confirm",
            json={"username": username, "token": code, "new_password": "new-pass-2026-ok"})
        assert confirmed.status_code == 204, confirmed.text
        live_server.login(username, "new-pass-2026-ok")


def test_a_refused_deactivation_is_not_sent(qtbot, live_server, admin, tmp_path):
    user = create_user(admin, username=unique("keep"))
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        page.prompter.confirm_answer = False
        page.search.setText(user["username"])
        page.apply_filters()
        wait_loaded(qtbot, page.model)
        assert page.select_user(user["id"])
        page.status_button.click()
        qtbot.wait(200)
        assert admin.get(f"/api/v1/users/{user['id']}").json()["status"] == "active"


@pytest.mark.parametrize("granted_before", [False])
def test_qr_permission_is_granted_and_revoked(qtbot, live_server, admin, tmp_path,
                                             granted_before):
    teacher = create_user(admin, role="teacher")
    path = f"/api/v1/users/{teacher['id']}/permissions"
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        page.search.setText(teacher["username"])
        page.apply_filters()
        wait_loaded(qtbot, page.model)
        assert page.select_user(teacher["id"])
        dialog = page.edit_permissions()
        qtbot.waitUntil(lambda: dialog.qr_sessions.isEnabled(), timeout=WAIT_MS)
        assert not dialog.qr_sessions.isChecked()
        dialog.qr_sessions.click()
        qtbot.waitUntil(lambda: dialog.call is None and dialog.granted, timeout=WAIT_MS)
        assert "attendance.create_qr_session" in admin.get(path).json()["granted"]
        dialog.qr_sessions.click()
        qtbot.waitUntil(lambda: dialog.call is None and not dialog.granted, timeout=WAIT_MS)
        assert "attendance.create_qr_session" not in admin.get(path).json()["granted"]


def test_edit_changes_the_row_and_the_server(qtbot, live_server, admin, tmp_path):
    user = create_user(admin, username=unique("ed"), role="teacher")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = open_page(qtbot, api, tmp_path)
        page.search.setText(user["username"])
        page.apply_filters()
        wait_loaded(qtbot, page.model)
        assert page.select_user(user["id"])
        dialog = page.edit_user()
        assert not dialog.pupil_box.isVisible()
        assert dialog.first_name.text() == "Jean"
        dialog.first_name.setText("Jeanne")
        dialog.email.setText("Jeanne.Ndongo@Example.CM")
        dialog.submit()
        qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
        stored = admin.get(f"/api/v1/users/{user['id']}").json()
        assert (stored["first_name"], stored["email"]) == ("Jeanne", "jeanne.ndongo@example.cm")
        assert page.model.data(page.model.index(0, 0)) == "Ndongo Jeanne"


def test_an_unreachable_server_is_said_in_plain_words(qtbot, tmp_path):
    from tests.desktop.support import api_client
    from tests.support import free_port

    with api_client(f"http://127.0.0.1:{free_port()}") as api:
        api.me = {"id": "x", "role": "admin", "username": "nobody"}
        page = UsersPage(services_for(api, make_desktop_settings(tmp_path)))
        qtbot.add_widget(page)
        qtbot.waitUntil(lambda: page.error.text() != "", timeout=WAIT_MS)
        assert "cannot be reached" in page.error.text()
        assert page.model.rowCount() == 0 and not page.model.canFetchMore()
