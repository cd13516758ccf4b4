"""The pupils CSV import wizard against the real server: the preview, a dry run that lists
a line error (and offers no Import), then a good file applied for real."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from ecep_desktop.admin.pupils_import.wizard import ImportWizard
from ecep_desktop.admin.users.page import UsersPage
from tests.desktop.admin.support import AnsweringPrompter, make_class
from tests.desktop.support import logged_in_api, make_desktop_settings, services_for
from tests.support import unique

WAIT_MS = 20_000
YEAR = "2026-2027"
HEADER = "Nom;Prénom;Sexe;Date de naissance;Classe;Matricule;Téléphone du parent"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def write_csv(path, *lines: str):
    path.write_bytes("\r\n".join([HEADER, *lines, ""]).encode("utf-8"))
    return path


def open_wizard(qtbot, api, path, page: UsersPage | None = None) -> ImportWizard:
    prompter = AnsweringPrompter(open_name=str(path))
    if page is None:
        wizard = ImportWizard(api, prompter=prompter)
        qtbot.add_widget(wizard)
        wizard.show()
    else:
        page.prompter = prompter
        wizard = page.import_pupils()
    wizard.file_page.browse()
    wizard.file_page.school_year.setText(YEAR)
    assert wizard.file_page.isComplete()
    return wizard


def test_dry_run_shows_line_errors_then_a_good_file_is_applied(qtbot, live_server, admin,
                                                               tmp_path):
    school_class = make_class(admin, year=YEAR)
    name = school_class["name"]
    tag = unique("imp")
    bad = write_csv(tmp_path / "bad.csv",
                    f"Ewane;Mireille;F;12/03/2016;{name};{tag}-1;",
                    f"Tchoupo;Paul;M;31/02/2016;{name};{tag}-2;",
                    f"Abena;Rose;F;05/07/2015;CLASSE INCONNUE;{tag}-3;")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        page = UsersPage(services_for(api, make_desktop_settings(tmp_path)))
        qtbot.add_widget(page)
        page.search.setText(tag)
        page.apply_filters()
        qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT_MS)
        assert page.model.rowCount() == 0
        wizard = open_wizard(qtbot, api, bad, page)
        assert wizard is page.wizard and wizard.isVisible()
        wizard.next()
        assert wizard.currentPage() is wizard.preview_page
        preview = wizard.preview_page.table
        assert preview.rowCount() == 3
        assert preview.horizontalHeaderItem(0).text() == "Nom"
        assert preview.item(0, 0).text() == "Ewane"

        wizard.next()
        check = wizard.check_page
        qtbot.waitUntil(lambda: check.report is not None, timeout=WAIT_MS)
        assert check.errors.isVisible()
        lines = {check.errors.item(r, 0).text() for r in range(check.errors.rowCount())}
        assert lines == {"3", "4"}
        columns = {check.errors.item(r, 1).text() for r in range(check.errors.rowCount())}
        assert columns == {"Date de naissance", "Classe"}  # as the file names them
        assert not check.isComplete()
        assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
        assert admin.get("/api/v1/users", params={"q": tag}).json()["items"] == []

        # Back to the file, corrected.
        good = write_csv(tmp_path / "good.csv",
                         f"Ewane;Mireille;F;12/03/2016;{name};{tag}-1;",
                         f"Tchoupo;Paul;M;28/02/2016;{name};{tag}-2;677123456")
        wizard.back()
        wizard.back()
        wizard.file_page.path.setText(str(good))
        wizard.next()
        wizard.next()
        qtbot.waitUntil(lambda: check.report is not None, timeout=WAIT_MS)
        assert check.report["created"] == 2 and check.report["errors"] == []
        assert not check.errors.isVisible()
        qtbot.waitUntil(check.isComplete, timeout=WAIT_MS)

        with qtbot.wait_signal(wizard.imported, timeout=WAIT_MS) as imported:
            wizard.next()
        assert imported.args[0]["created"] == 2
        assert "2" in wizard.result_page.summary.text()
        pupils = admin.get("/api/v1/users", params={"q": tag}).json()["items"]
        assert sorted(p["pupil"]["matricule"] for p in pupils) == [f"{tag}-1", f"{tag}-2"]
        roster = admin.get(f"/api/v1/classes/{school_class['id']}/enrollments").json()
        assert {e["pupil_id"] for e in roster} == {p["id"] for p in pupils}
        # The users list behind the wizard shows them.
        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
        wizard.accept()
        qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)


def test_a_file_without_the_columns_is_refused_in_plain_words(qtbot, live_server, admin,
                                                              tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Nom;Prénom\nEwane;Mireille\n", encoding="utf-8")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        wizard = open_wizard(qtbot, api, path)
        wizard.next()
        wizard.next()
        check = wizard.check_page
        qtbot.waitUntil(lambda: check.error.isVisible(), timeout=WAIT_MS)
        assert check.error.text()
        assert not check.isComplete()


def test_classes_missing_from_the_school_are_created_from_the_wizard(qtbot, live_server, admin,
                                                                    tmp_path):
    tag = unique("mc")
    existing = make_class(admin, year=YEAR)
    new_name = f"CE2 {tag}"
    path = write_csv(tmp_path / "classes.csv",
                     f"Ewane;Mireille;F;12/03/2016;{existing['name']};{tag}-1;",
                     f"Tchoupo;Paul;M;28/02/2016;{new_name};{tag}-2;",
                     f"Abena;Rose;F;05/07/2015;{new_name.lower()};{tag}-3;")
    with logged_in_api(qtbot, live_server, admin) as (api, _user):
        wizard = open_wizard(qtbot, api, path)
        wizard.next()
        wizard.next()
        check = wizard.check_page
        qtbot.waitUntil(lambda: check.create_classes.isVisible(), timeout=WAIT_MS)
        assert check.missing == [new_name]  # one class, however its lines spell it
        assert not check.isComplete()

        dialog = check.open_missing_classes()
        assert dialog.levels[new_name].currentData() == "CE2"  # guessed from the name
        dialog.submit()
        qtbot.waitUntil(lambda: check.report is not None and check.isComplete(),
                        timeout=WAIT_MS)
        assert not check.create_classes.isVisible()
        made = [c for c in admin.get("/api/v1/classes", params={"q": tag}).json()["items"]]
        assert [(c["name"], c["level"], c["school_year"]) for c in made] == [
            (new_name, "CE2", YEAR)]

        with qtbot.wait_signal(wizard.imported, timeout=WAIT_MS) as imported:
            wizard.next()
        assert imported.args[0]["created"] == 3
        roster = admin.get(f"/api/v1/classes/{made[0]['id']}/enrollments").json()
        assert len(roster) == 2
