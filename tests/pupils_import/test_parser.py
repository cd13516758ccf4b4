"""The CSV parser, one behaviour at a time: headers, values, every line error code, and the
file-level refusals."""

from __future__ import annotations

from datetime import date

import pytest

from lan_server.pupils_import.parser import (
    MAX_ROWS,
    LineError,
    ParsedRow,
    parse_date,
    parse_phone,
    parse_pupils_csv,
    parse_sex,
    write_pupils_csv,
)

TODAY = date(2026, 10, 1)
HEADER = "Nom;Prénom;Sexe;Date de naissance;Classe;Matricule;Téléphone du parent"
GOOD = "Mbarga;Jean;M;03/04/2016;CM2 A;MAT-001;699112233"


def parse(text: str, encoding: str = "utf-8"):
    return parse_pupils_csv(text.encode(encoding), today=TODAY)


def errors_of(line: str) -> list[LineError]:
    result = parse(f"{HEADER}\n{line}\n")
    assert result.file_error is None, result.file_error
    return result.errors


def test_a_good_file() -> None:
    result = parse(
        f"{HEADER}\r\n{GOOD}\r\nNgo Bassa;  Marie   Claire ;F;2016-12-31;CM2 A;MAT-002;\r\n"
    )
    assert result.errors == [] and result.total_rows == 2
    assert result.rows == [
        ParsedRow(2, "Mbarga", "Jean", "M", date(2016, 4, 3), "CM2 A", "MAT-001", "+237699112233"),
        ParsedRow(
            3, "Ngo Bassa", "Marie Claire", "F", date(2016, 12, 31), "CM2 A", "MAT-002", None
        ),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "NOM;PRENOM;SEXE;DATE DE NAISSANCE;CLASSE;MATRICULE;TEL PARENT",
        "Nom(s);Prénom(s);Sexe;Né(e) le;Classe;N° Matricule;Téléphone du parent",
        "nom;prenom;sexe;date_naissance;classe;matricule;tel_parent",
        "  Nom ; Prénoms ; Genre ; Date de naissance ; Classe ; Matricule ; Tél. parent ",
    ],
)
def test_header_variants(header: str) -> None:
    result = parse(f"{header}\n{GOOD}\n")
    assert result.errors == [] and len(result.rows) == 1
    assert result.rows[0].parent_phone == "+237699112233"


def test_column_order_is_free_and_unknown_columns_are_ignored() -> None:
    text = (
        "N°;Matricule;Classe;Observations;Date de naissance;Sexe;Prénom;Nom\n"
        "1;X9;CM1;RAS;5/6/2017;f;Awa;Bello\n"
    )
    (row,) = parse(text).rows
    assert (
        row.last_name,
        row.first_name,
        row.sex,
        row.birth_date,
        row.class_name,
        row.matricule,
    ) == ("Bello", "Awa", "F", date(2017, 6, 5), "CM1", "X9")
    assert row.parent_phone is None  # no phone column: not an error


@pytest.mark.parametrize("separator", [",", "\t"])
def test_comma_and_tab_separators(separator: str) -> None:
    text = f"{HEADER}\n{GOOD}\n".replace(";", separator)
    assert len(parse(text).rows) == 1


def test_title_lines_above_the_header_and_blank_lines_are_skipped() -> None:
    text = f"Liste des élèves;;;\n;;;;;;\n{HEADER}\n\n;;;;;;\n{GOOD}\n   \n"
    result = parse(text)
    assert [r.line for r in result.rows] == [6] and result.total_rows == 1


def test_windows_1252_utf8_bom_and_utf16() -> None:
    line = "Ékotto;Françoise Hélène;F;03/04/2016;CE2 Côte;MAT-é;"
    for content in (
        f"{HEADER}\r\n{line}\r\n".encode("cp1252"),
        f"{HEADER}\r\n{line}\r\n".encode("utf-8-sig"),
        f"{HEADER}\r\n{line}\r\n".encode("utf-16"),
    ):
        (row,) = parse_pupils_csv(content, today=TODAY).rows
        assert (row.last_name, row.first_name, row.class_name) == (
            "Ékotto",
            "Françoise Hélène",
            "CE2 Côte",
        )


def test_quoted_cells_may_hold_separators_and_line_breaks() -> None:
    text = f'{HEADER}\n"Mbarga; dit ""Jo""";"Jean\nPaul";M;03/04/2016;CM2;M1;\n{GOOD}\n'
    result = parse(text)
    assert (
        result.rows[0].last_name == 'Mbarga; dit "Jo"' and result.rows[0].first_name == "Jean Paul"
    )
    assert [r.line for r in result.rows] == [2, 4]  # line numbers are the file's own


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/04/2016", date(2016, 4, 3)),
        ("3/4/2016", date(2016, 4, 3)),
        ("03-04-2016", date(2016, 4, 3)),
        ("03.04.2016", date(2016, 4, 3)),
        ("2016-04-03", date(2016, 4, 3)),
        ("2016/4/3", date(2016, 4, 3)),
        ("03/04/2016 00:00", date(2016, 4, 3)),
        ("2016-04-03T00:00:00", date(2016, 4, 3)),
        ("42463", date(2016, 4, 3)),
        ("42463.0", date(2016, 4, 3)),
        ("42463,5", date(2016, 4, 3)),
        ("31/02/2016", None),
        ("13/13/2016", None),
        ("03/04/16", None),
        ("2016", None),
        ("03/04-2016", None),
        ("demain", None),
        ("٠٣/٠٤/٢٠١٦", None),
        ("", None),
    ],
)
def test_dates(raw: str, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("699112233", "+237699112233"),
        ("6 99 11 22 33", "+237699112233"),
        ("699 11 22 33", "+237699112233"),
        ("+237 699 11 22 33", "+237699112233"),
        ("00237699112233", "+237699112233"),
        ("237699112233", "+237699112233"),
        ("(+237) 699-11-22-33", "+237699112233"),
        ("6.99.11.22.33", "+237699112233"),
        ("233421234", None),
        ("69911223", None),
        ("6991122334", None),
        ("+33612345678", None),
        ("2.37699E+11", None),
        ("699112233 / 677889900", None),
        ("abc", None),
        ("٦٩٩١١٢٢٣٣", None),  # Arabic-Indic digits
    ],
)
def test_phones(raw: str, expected: str | None) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M", "M"),
        ("m", "M"),
        ("Masculin", "M"),
        ("G", "M"),
        ("Garçon", "M"),
        ("GARCON", "M"),
        ("F", "F"),
        ("f", "F"),
        ("Féminin", "F"),
        ("FEMININ", "F"),
        ("Fille", "F"),
        ("X", None),
        ("MF", None),
        ("?", None),
    ],
)
def test_sexes(raw: str, expected: str | None) -> None:
    assert parse_sex(raw) == expected


# -- one test per line error code ---------------------------------------------------------


def test_missing_value_names_the_column_as_the_file_spells_it() -> None:
    text = "NOM;Prénom(s);Sexe;Date de naissance;Classe;Matricule\n;Jean;M;03/04/2016;CM2;M1\n"
    assert parse(text).errors == [LineError(2, "csv.missing_value", {"column": "NOM"}, "last_name")]


def test_matricule_is_required() -> None:
    assert errors_of("Mbarga;Jean;M;03/04/2016;CM2;;") == [
        LineError(2, "csv.missing_value", {"column": "Matricule"}, "matricule")
    ]


def test_bad_sex() -> None:
    assert errors_of("Mbarga;Jean;X;03/04/2016;CM2;M1;") == [
        LineError(2, "csv.bad_sex", {"value": "X"}, "sex")
    ]


def test_bad_date() -> None:
    assert errors_of("Mbarga;Jean;M;30/02/2016;CM2;M1;") == [
        LineError(2, "csv.bad_date", {"value": "30/02/2016"}, "birth_date")
    ]


@pytest.mark.parametrize("raw", ["03/04/2025", "03/04/1990", "01/01/2030"])
def test_date_out_of_range(raw: str) -> None:
    assert errors_of(f"Mbarga;Jean;M;{raw};CM2;M1;") == [
        LineError(2, "csv.date_out_of_range", {"value": raw}, "birth_date")
    ]


def test_bad_phone() -> None:
    assert errors_of("Mbarga;Jean;M;03/04/2016;CM2;M1;22 33 44") == [
        LineError(2, "csv.bad_phone", {"value": "22 33 44"}, "parent_phone")
    ]


def test_duplicate_matricule_points_at_the_first_line() -> None:
    result = parse(f"{HEADER}\n{GOOD}\n{GOOD.replace('Jean', 'Paul')}\n")
    assert [r.line for r in result.rows] == [2]
    assert result.errors == [
        LineError(3, "csv.duplicate_matricule", {"value": "MAT-001", "other_line": 2}, "matricule")
    ]


def test_too_long() -> None:
    name = "A" * 101
    assert errors_of(f"{name};Jean;M;03/04/2016;CM2;M1;") == [
        LineError(2, "csv.too_long", {"column": "Nom", "length": 101, "max": 100}, "last_name")
    ]


def test_wrong_column_count_but_trailing_empty_cells_are_fine() -> None:
    result = parse(f"{HEADER}\nMbarga;Jean;M\n{GOOD};;\n{GOOD.replace('MAT-001', 'M2')};extra\n")
    assert result.errors == [
        LineError(2, "csv.wrong_column_count", {"found": 3, "expected": 7}),
        LineError(4, "csv.wrong_column_count", {"found": 8, "expected": 7}),
    ]
    assert [r.line for r in result.rows] == [3]


def test_every_bad_field_of_a_line_is_reported() -> None:
    codes = [e.code for e in errors_of(";Jean;Z;99/99/2016;CM2;M1;12")]
    assert codes == ["csv.missing_value", "csv.bad_sex", "csv.bad_date", "csv.bad_phone"]


# -- file-level refusals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "csv_empty"),
        (b"\r\n ; ;\r\n", "csv_empty"),
        (HEADER.encode() + b"\n;;;;;;\n", "csv_empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "csv_unreadable"),
        (b"\x00\x01\x02binary", "csv_unreadable"),
        (b"Nom;Pr\xc3\xa9nom;Classe\nA;B;C\n", "csv_missing_columns"),
        (b"just some text\n", "csv_missing_columns"),
    ],
)
def test_file_errors(content: bytes, code: str) -> None:
    result = parse_pupils_csv(content, today=TODAY)
    assert result.file_error is not None and result.file_error.code == code
    assert result.rows == [] and result.errors == []


def test_missing_columns_are_listed() -> None:
    result = parse("Nom;Prénom;Classe\nA;B;C\n")
    assert result.file_error.params == {"columns": "Sexe, Date de naissance, Matricule"}


def test_rows_are_capped() -> None:
    lines = [f"N{i};P;M;03/04/2016;CM2;M{i};" for i in range(MAX_ROWS + 1)]
    result = parse("\n".join([HEADER, *lines]))
    assert result.file_error is not None and result.file_error.code == "csv_too_many_rows"
    assert len(parse("\n".join([HEADER, *lines[:MAX_ROWS]])).rows) == MAX_ROWS


# -- export format ------------------------------------------------------------------------


def test_export_is_excel_friendly_and_reads_back() -> None:
    pupil = {
        "last_name": "=HYPERLINK(1)",
        "first_name": "Chloé",
        "sex": "F",
        "birth_date": date(2016, 4, 3),
        "class_name": "CM2 A",
        "matricule": "-7",
        "parent_phone": "+237699112233",
    }
    content = write_pupils_csv([pupil])
    assert content.startswith(b"\xef\xbb\xbfNom;Pr\xc3\xa9nom;")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(1);Chloé;F;03/04/2016;CM2 A;'-7;699 11 22 33\r\n" in text
    (row,) = parse_pupils_csv(content, today=TODAY).rows
    assert (row.last_name, row.matricule, row.parent_phone) == (
        "=HYPERLINK(1)",
        "-7",
        "+237699112233",
    )
