"""Reading and writing the pupils CSV as French schools produce it with Excel.

Pure functions, no database: bytes in, ``ParseResult`` out (and rows out, bytes back for the
export). Nothing here raises on bad input; every problem becomes a ``LineError`` (one per
bad field, codes from the ``csv.*`` message keys) or a file-level ``FileError``."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MAX_ROWS = 5000
MIN_AGE_YEARS, MAX_AGE_YEARS = 3, 25  # outside this, the date is a typo, not a pupil
MAX_LENGTH = {"last_name": 100, "first_name": 100, "class_name": 80, "matricule": 40}
SEPARATORS = (";", ",", "\t")  # ";" first: it wins ties, as French Excel writes it
HEADER_SEARCH_LINES = 20  # schools often put a title line or two above the header

# Canonical fields, the label the export writes, and whether the column must be present.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("last_name", "Nom", True),
    ("first_name", "Prénom", True),
    ("sex", "Sexe", True),
    ("birth_date", "Date de naissance", True),
    ("class_name", "Classe", True),
    ("matricule", "Matricule", True),
    ("parent_phone", "Téléphone du parent", False),
)
LABELS = {name: label for name, label, _ in COLUMNS}
REQUIRED = tuple(name for name, _, required in COLUMNS if required)

# Header keys after _header_key (accents, case, punctuation and small words removed).
_ALIASES: dict[str, tuple[str, ...]] = {
    "last_name": ("nom", "noms", "nomfamille", "lastname", "surname"),
    "first_name": ("prenom", "prenoms", "firstname", "firstnames", "givenname"),
    "sex": ("sexe", "genre", "sex", "gender"),
    "birth_date": ("datenaissance", "naissance", "ne", "nee", "datenais", "ddn",
                   "birthdate", "dateofbirth", "dob"),
    "class_name": ("classe", "classes", "class"),
    "matricule": ("matricule", "matricules", "mat", "registrationnumber", "idnumber"),
    "parent_phone": ("telephoneparent", "telparent", "telephoneparents", "telparents",
                     "contactparent", "telephone", "tel", "parentphone", "phone",
                     "numeroparent", "telephonetuteur", "teltuteur"),
}
_HEADER_LOOKUP = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_HEADER_NOISE = {"de", "du", "des", "d", "le", "la", "l", "s", "e", "n", "no", "num",
                 "numero", "of", "the", "eleve", "pupil"}

_SEX = {"m": "M", "masculin": "M", "g": "M", "garcon": "M", "h": "M", "homme": "M",
        "male": "M", "boy": "M", "f": "F", "feminin": "F", "fille": "F", "femme": "F",
        "female": "F", "girl": "F"}

_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
# re.ASCII throughout: \d would otherwise take Arabic-Indic and other Unicode digits.
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})" + _TIME_SUFFIX, re.ASCII)
_YMD = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + _TIME_SUFFIX, re.ASCII)
# Five digits: a pupil's birthday as an Excel serial (a bare "2015" is a year, not a date).
_EXCEL_SERIAL = re.compile(r"(\d{5})(?:[.,]\d+)?", re.ASCII)
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 once its 1900 leap-year bug is absorbed
_BLANK = re.compile(r"[\s;,]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # binary, not text
_PHONE = re.compile(r"(?:\+237|00237|237)?(6\d{8})", re.ASCII)
_PHONE_PUNCTUATION = re.compile(r"[\s.\-/()]")
# Excel runs a cell that starts with one of these as a formula; the export guards such
# cells with a leading apostrophe, which the import takes off again.
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class ParsedRow:
    line: int
    last_name: str
    first_name: str
    sex: str
    birth_date: date
    class_name: str
    matricule: str
    parent_phone: str | None


@dataclass(frozen=True)
class LineError:
    line: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    field: str | None = None


@dataclass(frozen=True)
class RejectedRow:
    """What could be read of a line with field errors, so that the checks only the database
    can make (class, owner of the matricule) report on that line too."""

    line: int
    class_name: str | None
    matricule: str | None


@dataclass(frozen=True)
class FileError:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    file_error: FileError | None = None
    columns: frozenset[str] = frozenset()  # canonical fields present in the header
    total_rows: int = 0  # non-blank data lines, good or bad

    @property
    def error_lines(self) -> int:
        return len({error.line for error in self.errors})


# -- decoding -------------------------------------------------------------------------------


def decode(content: bytes) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason key). UTF-8 first (Excel's "CSV UTF-8" adds a BOM),
    then Windows-1252, the default of French Excel ("CSV (séparateur : point-virgule)")."""
    if content.startswith(b"PK\x03\x04"):
        return None, "csv.reason.xlsx"
    text: str | None = None
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Texte Unicode"
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError:
            return None, "csv.reason.encoding"
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        return None, "csv.reason.encoding"
    text = text.rstrip("\x1a")  # old DOS end-of-file marker
    if _CONTROL.search(text):
        return None, "csv.reason.not_text"
    return text, None


# -- header -------------------------------------------------------------------------------


def _fold(value: str) -> str:
    """Lower case, accents off: "Prénom(s)" and "PRENOM(S)" fold alike."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _header_key(label: str) -> str:
    words = re.split(r"[^a-z0-9]+", _fold(label))
    return "".join(word for word in words if word and word not in _HEADER_NOISE)


def match_header(cells: list[str]) -> dict[str, int]:
    """Canonical field -> column index; the first column of a field wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _HEADER_LOOKUP.get(_header_key(cell))
        if name and name not in found:
            found[name] = index
    return found


def _records(text: str, separator: str) -> Iterable[tuple[int, list[str]]]:
    """(first physical line, cells) for each record; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    previous_end = 0
    for cells in reader:
        yield previous_end + 1, cells
        previous_end = reader.line_num


def _is_blank(cells: list[str]) -> bool:
    # Separators count as blank too, so an emptied Excel row is blank in every reading.
    return all(_BLANK.fullmatch(cell) for cell in cells)


def _find_header(text: str) -> tuple[str, int, list[str], dict[str, int]] | None:
    """The separator and header line that recognise the most columns (None: no line)."""
    best: tuple[int, str, int, list[str], dict[str, int]] | None = None
    for separator in SEPARATORS:
        seen = 0
        for line, cells in _records(text, separator):
            if _is_blank(cells):
                continue
            matched = match_header(cells)
            if best is None or len(matched) > best[0]:
                best = (len(matched), separator, line, cells, matched)
            seen += 1
            if seen >= HEADER_SEARCH_LINES:
                break
    return None if best is None else (best[1], best[2], best[3], best[4])


# -- fields -------------------------------------------------------------------------------


def clean(value: str) -> str:
    """NFC, whitespace collapsed, the export's anti-formula apostrophe taken off."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        value = value[1:]
    return value


def parse_sex(value: str) -> str | None:
    return _SEX.get(_fold(value).strip(" ."))


def parse_date(value: str) -> date | None:
    value = value.strip()
    try:
        if match := _DMY.fullmatch(value):
            return date(int(match[4]), int(match[3]), int(match[1]))
        if match := _YMD.fullmatch(value):
            return date(int(match[1]), int(match[3]), int(match[4]))
        if match := _EXCEL_SERIAL.fullmatch(value):
            return _EXCEL_EPOCH + timedelta(days=int(match[1]))
    except (ValueError, OverflowError):  # 31/02, month 13, ...
        return None
    return None


def plausible_birth_date(value: date, today: date) -> bool:
    return today.year - MAX_AGE_YEARS <= value.year <= today.year - MIN_AGE_YEARS


def parse_phone(value: str) -> str | None:
    """A Cameroonian mobile number in any usual spelling -> +2376XXXXXXXX."""
    match = _PHONE.fullmatch(_PHONE_PUNCTUATION.sub("", value))
    return "+237" + match[1] if match else None


def _parse_record(
    line: int, cells: list[str], columns: dict[str, int], labels: dict[str, str], today: date
) -> tuple[dict[str, Any], list[LineError]]:
    values: dict[str, Any] = {}
    errors: list[LineError] = []

    def fail(name: str, code: str, **params: Any) -> None:
        errors.append(LineError(line, code, params, name))

    for name, index in columns.items():
        raw = clean(cells[index]) if index < len(cells) else ""
        if not raw:
            if name in REQUIRED:
                fail(name, "csv.missing_value", column=labels[name])
            values[name] = None
        elif name in MAX_LENGTH and len(raw) > MAX_LENGTH[name]:
            fail(name, "csv.too_long", column=labels[name], length=len(raw),
                 max=MAX_LENGTH[name])
        elif name == "sex":
            values[name] = parse_sex(raw)
            if values[name] is None:
                fail(name, "csv.bad_sex", value=raw)
        elif name == "birth_date":
            born = parse_date(raw)
            if born is None:
                fail(name, "csv.bad_date", value=raw)
            elif not plausible_birth_date(born, today):
                fail(name, "csv.date_out_of_range", value=raw)
            values[name] = born
        elif name == "parent_phone":
            values[name] = parse_phone(raw)
            if values[name] is None:
                fail(name, "csv.bad_phone", value=raw)
        else:
            values[name] = raw
    return values, errors


# -- the whole file -----------------------------------------------------------------------


def parse_pupils_csv(content: bytes, *, today: date) -> ParseResult:
    """Every pupil line of an uploaded file, or why it cannot be used. ``today`` (in the
    school's timezone) bounds plausible birth dates."""
    text, reason = decode(content)
    if text is None:
        return ParseResult(file_error=FileError("csv_unreadable", {"reason": reason}))
    try:
        return _parse_text(text, today)
    except csv.Error as exc:  # e.g. a cell over the csv module's size limit
        reason = {"reason": "csv.reason.syntax", "error": str(exc)}
        return ParseResult(file_error=FileError("csv_unreadable", reason))


def _parse_text(text: str, today: date) -> ParseResult:
    found = _find_header(text)
    if found is None:  # no line but blank ones
        return ParseResult(file_error=FileError("csv_empty"))
    separator, header_line, header, columns = found
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        listed = ", ".join(LABELS[name] for name in missing)
        return ParseResult(file_error=FileError("csv_missing_columns", {"columns": listed}))
    labels = {name: clean(header[index]) or LABELS[name] for name, index in columns.items()}
    # Excel may end the header with empty cells (a stray ";"): they are not columns.
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1

    result = ParseResult(columns=frozenset(columns))
    first_seen: dict[str, int] = {}
    for line, cells in _records(text, separator):
        if line <= header_line or _is_blank(cells):
            continue
        result.total_rows += 1
        if result.total_rows > MAX_ROWS:
            return ParseResult(file_error=FileError("csv_too_many_rows", {"max": MAX_ROWS}))
        if len(cells) < width or not _is_blank(cells[width:]):
            result.errors.append(LineError(
                line, "csv.wrong_column_count", {"found": len(cells), "expected": width}
            ))
            continue
        values, errors = _parse_record(line, cells, columns, labels, today)
        matricule = values.get("matricule")
        if matricule:
            if matricule in first_seen:
                errors.append(LineError(line, "csv.duplicate_matricule",
                                        {"value": matricule, "other_line": first_seen[matricule]},
                                        "matricule"))
            else:
                first_seen[matricule] = line
        if errors:
            result.errors.extend(errors)
            result.rejected.append(RejectedRow(line, values.get("class_name"), matricule))
            continue
        values.setdefault("parent_phone", None)
        result.rows.append(ParsedRow(line=line, **values))
    if result.total_rows == 0:
        return ParseResult(file_error=FileError("csv_empty"))
    return result


# -- export -------------------------------------------------------------------------------


def _excel_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def format_phone(phone: str | None) -> str:
    """+237699112233 -> "699 11 22 33": Excel reads "+237..." as a formula or a number
    (and loses it); spaced local digits stay text, and the import reads them back."""
    if not phone:
        return ""
    digits = phone.removeprefix("+237")
    if not re.fullmatch(r"6\d{8}", digits):
        return _excel_safe(phone)
    return f"{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"


def write_pupils_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """The import's columns, ";"-separated, UTF-8 with a BOM: what Excel opens as is.
    Each row is a dict keyed by the canonical field names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label, _ in COLUMNS])
    for row in rows:
        born = row.get("birth_date")
        writer.writerow([
            _excel_safe(row.get("last_name") or ""),
            _excel_safe(row.get("first_name") or ""),
            row.get("sex") or "",
            born.strftime("%d/%m/%Y") if born else "",
            _excel_safe(row.get("class_name") or ""),
            _excel_safe(row.get("matricule") or ""),
            format_phone(row.get("parent_phone")),
        ])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
