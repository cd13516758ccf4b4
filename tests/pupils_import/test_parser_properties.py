"""Property-based tests of the CSV parser: it never raises, whatever the bytes; any file
written the way schools write them reads back to the same pupils, whatever the encoding,
separator, header spelling and column order; and one bad field gives exactly its error."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from lan_server.core.messages import MESSAGES
from lan_server.pupils_import import messages  # noqa: F401 - the feature's own keys
from lan_server.pupils_import.parser import (
    LABELS,
    MAX_LENGTH,
    LineError,
    ParsedRow,
    clean,
    parse_date,
    parse_phone,
    parse_pupils_csv,
    parse_sex,
)

TODAY = date(2026, 10, 1)
FIELDS = ("last_name", "first_name", "sex", "birth_date", "class_name", "matricule", "parent_phone")
# The accented letters of French names; in Windows-1252 none of them can form a valid
# UTF-8 sequence, so a file of them is never mistaken for UTF-8.
FRENCH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàâäçéèêëîïôöùûüÿÀÂÇÉÈÊËÎÏÔÖÙÛÜ"
HEADERS = {
    "last_name": ["Nom", "NOM", "Nom(s)", "nom de famille", "Noms"],
    "first_name": ["Prénom", "PRENOM", "Prénom(s)", "Prenoms", "prénoms"],
    "sex": ["Sexe", "SEXE", "Genre"],
    "birth_date": [
        "Date de naissance",
        "Date_naissance",
        "Né(e) le",
        "DATE DE NAISSANCE",
        "Née le",
    ],
    "class_name": ["Classe", "CLASSE", "classe "],
    "matricule": ["Matricule", "N° matricule", "MATRICULE", "No Matricule"],
    "parent_phone": [
        "Téléphone du parent",
        "Tel parent",
        "Tél. parent",
        "TELEPHONE PARENT",
        "tel_parent",
    ],
}
SEXES = {
    "M": ["M", "m", "Masculin", "G", "Garçon", "garcon"],
    "F": ["F", "f", "Féminin", "Fille", "FILLE"],
}
DATE_FORMATS = [
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: d.strftime("%d-%m-%Y"),
    lambda d: d.isoformat(),
    lambda d: str((d - date(1899, 12, 30)).days),  # Excel serial number
]
PHONE_FORMATS = [
    lambda n: n,
    lambda n: f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
    lambda n: f"+237 {n}",
    lambda n: f"00237{n}",
    lambda n: f"237{n}",
]


@dataclass(frozen=True)
class Spelled:
    """One pupil: the values the parser must find, and how the file spells them."""

    expected: dict
    cells: dict


def words(alphabet: str) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=10)
    return st.builds(
        lambda ws, seps: "".join(w + s for w, s in zip(ws, seps, strict=False)) + ws[-1],
        st.lists(word, min_size=1, max_size=3),
        st.lists(st.sampled_from([" ", "-", "'", " "]), min_size=2, max_size=2),
    )


@st.composite
def pupils(draw: st.DrawFn, matricule: str) -> Spelled:
    last, first = draw(words(FRENCH)), draw(words(FRENCH))
    sex = draw(st.sampled_from(["M", "F"]))
    born = draw(st.dates(min_value=date(2002, 1, 1), max_value=date(2022, 12, 31)))
    klass = draw(st.from_regex(r"[A-Z][A-Za-z0-9]{0,4}( [A-Z0-9]{1,3})?", fullmatch=True))
    number = draw(st.none() | st.from_regex(r"6[0-9]{8}", fullmatch=True))
    padding = draw(st.sampled_from(["", " ", "  "]))
    expected = {
        "last_name": unicodedata.normalize("NFC", last),
        "first_name": unicodedata.normalize("NFC", first),
        "sex": sex,
        "birth_date": born,
        "class_name": klass,
        "matricule": matricule,
        "parent_phone": "+237" + number if number else None,
    }
    cells = {
        "last_name": padding + last,
        "first_name": first.replace(" ", padding or " "),
        "sex": draw(st.sampled_from(SEXES[sex])),
        "birth_date": draw(st.sampled_from(DATE_FORMATS))(born),
        "class_name": klass,
        "matricule": matricule + padding,
        "parent_phone": draw(st.sampled_from(PHONE_FORMATS))(number) if number else "",
    }
    return Spelled(expected, cells)


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, list[Spelled], list[str]]:
    """A whole file: any encoding, separator, header spelling and column order."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    matricules = draw(
        st.lists(
            st.from_regex(r"[A-Z0-9][A-Z0-9/-]{0,11}", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    rows = [draw(pupils(m)) for m in matricules]
    order = draw(st.permutations(FIELDS if draw(st.booleans()) else FIELDS[:-1]))
    separator = draw(st.sampled_from([";", ",", "\t"]))
    out = io.StringIO(newline="")
    writer = csv.writer(
        out, delimiter=separator, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))
    )
    writer.writerow([draw(st.sampled_from(HEADERS[name])) for name in order])
    for row in rows:
        writer.writerow([row.cells[name] for name in order])
    return out.getvalue().encode(encoding), rows, list(order)


def check_invariants(result) -> None:
    if result.file_error is not None:
        assert result.file_error.code in MESSAGES and not result.rows and not result.errors
        return
    lines = [row.line for row in result.rows]
    assert lines == sorted(set(lines)) and all(line >= 2 for line in lines)
    assert all(error.code in MESSAGES for error in result.errors)
    assert not set(lines) & {error.line for error in result.errors}
    assert len(result.rows) + result.error_lines == result.total_rows


@settings(max_examples=300)
@given(st.binary(max_size=3000))
def test_never_raises_on_arbitrary_bytes(content: bytes) -> None:
    check_invariants(parse_pupils_csv(content, today=TODAY))


@settings(max_examples=300)
@given(
    st.lists(
        st.lists(
            st.text(max_size=20) | st.sampled_from(["M", "F", "03/04/2016", "699112233", ""]),
            max_size=9,
        ),
        max_size=20,
    ),
    st.sampled_from([";", ",", "\t"]),
)
def test_never_raises_on_junk_under_a_good_header(rows: list[list[str]], separator: str) -> None:
    header = separator.join(LABELS.values())
    body = "\n".join(separator.join(cells) for cells in rows)
    check_invariants(parse_pupils_csv(f"{header}\n{body}".encode(), today=TODAY))


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=500), st.booleans())
def test_never_raises_on_arbitrary_text(text: str, with_header: bool) -> None:
    header = ";".join(LABELS.values()) + "\n" if with_header else ""
    check_invariants(parse_pupils_csv((header + text).encode(), today=TODAY))


@settings(max_examples=200)
@given(files())
def test_round_trip(file: tuple[bytes, list[Spelled], list[str]]) -> None:
    content, rows, order = file
    result = parse_pupils_csv(content, today=TODAY)
    assert result.file_error is None and result.errors == []
    has_phone = "parent_phone" in order
    assert ("parent_phone" in result.columns) == has_phone
    expected = [
        ParsedRow(line=i + 2, **{**row.expected, **({} if has_phone else {"parent_phone": None})})
        for i, row in enumerate(rows)
    ]
    assert result.rows == expected


@settings(max_examples=50)
@given(
    st.lists(
        st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=20),
        min_size=1,
        max_size=5,
    )
)
def test_any_script_survives_utf8(names: list[str]) -> None:
    lines = ["Nom;Prénom;Sexe;Date de naissance;Classe;Matricule"]
    lines += [f"{name};{name};F;01/02/2016;CM2;M{i}" for i, name in enumerate(names)]
    result = parse_pupils_csv("\n".join(lines).encode("utf-8"), today=TODAY)
    assert [r.last_name for r in result.rows] == [unicodedata.normalize("NFC", n) for n in names]


# -- one bad field, exactly its error ------------------------------------------------------

printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=15)
BAD_VALUES = {
    "csv.missing_value": st.sampled_from(["", " ", "   "]),
    "csv.bad_sex": printable.filter(lambda v: clean(v) and parse_sex(clean(v)) is None),
    "csv.bad_date": printable.filter(lambda v: clean(v) and parse_date(clean(v)) is None)
    | st.sampled_from(["31/02/2016", "29/02/2015", "00/01/2016", "12/13/2016", "2016-02-30"]),
    "csv.date_out_of_range": st.dates(max_value=date(2000, 12, 31)).map(
        lambda d: f"{d.day}/{d.month}/{d.year:04d}"
    )
    | st.dates(min_value=date(2024, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    "csv.bad_phone": printable.filter(lambda v: clean(v) and parse_phone(clean(v)) is None),
    "csv.too_long": st.text(alphabet=FRENCH, min_size=101, max_size=130),
}
FIELDS_FOR = {
    "csv.missing_value": [
        "last_name",
        "first_name",
        "sex",
        "birth_date",
        "class_name",
        "matricule",
    ],
    "csv.bad_sex": ["sex"],
    "csv.bad_date": ["birth_date"],
    "csv.date_out_of_range": ["birth_date"],
    "csv.bad_phone": ["parent_phone"],
    "csv.too_long": ["last_name", "first_name", "class_name", "matricule"],
}


@settings(max_examples=200)
@given(files(), st.data())
def test_every_invalid_field_yields_exactly_its_error(file, data: st.DataObject) -> None:
    _, rows, order = file
    code = data.draw(st.sampled_from(sorted(BAD_VALUES)))
    name = data.draw(st.sampled_from([f for f in FIELDS_FOR[code] if f in order] or ["last_name"]))
    if name not in FIELDS_FOR[code]:  # no phone column to spoil: spoil a name instead
        code = "csv.missing_value"
    raw = data.draw(BAD_VALUES[code])
    victim = data.draw(st.integers(0, len(rows) - 1))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([LABELS[f] for f in order])
    for index, row in enumerate(rows):
        writer.writerow([raw if (index == victim and f == name) else row.cells[f] for f in order])
    result = parse_pupils_csv(out.getvalue().encode("utf-8"), today=TODAY)

    value = clean(raw)
    params = {
        "csv.missing_value": {"column": LABELS[name]},
        "csv.too_long": {"column": LABELS[name], "length": len(value), "max": MAX_LENGTH.get(name)},
    }.get(code, {"value": value})
    assert result.errors == [LineError(victim + 2, code, params, name)]
    assert [r.line for r in result.rows] == [i + 2 for i in range(len(rows)) if i != victim]
