"""The wizard's first look at a pupils file: separator, encoding, the class column."""

from __future__ import annotations

from ecep_desktop.admin.common import LEVELS
from ecep_desktop.admin.pupils_import.preview import class_names, guess_level, preview_csv


def test_preview_of_a_windows_1252_file_with_commas_and_a_title_line():
    content = ("Liste des élèves 2026\r\n"
               "Nom,Prénom,Sexe,Date de naissance,Classe,Matricule\r\n"
               "Ewane,Mireille,F,12/03/2016,CM2 A,M1\r\n"
               "\r\n"
               "Tchoupo,Paul,M,28/02/2016,cm2  a,M2\r\n"
               "Abena,Rose,F,05/07/2015,CE1,M3\r\n").encode("cp1252")
    preview = preview_csv(content)
    assert preview.separator == ","
    assert preview.total_lines == 5
    assert preview.rows[1][1] == "Prénom"
    assert class_names(content) == ["CM2 A", "CE1"]


def test_no_class_column_means_no_names_and_levels_are_guessed_from_the_start():
    assert class_names("Nom;Prénom\nEwane;Mireille\n".encode()) == []
    assert class_names(b"") == []
    assert guess_level("CM2 A", LEVELS) == "CM2"
    assert guess_level("ce1b", LEVELS) == "CE1"
    assert guess_level("SIL bleue", LEVELS) == "SIL"
    assert guess_level("Classe des grands", LEVELS) is None
