"""A first look at a CSV file before it is sent: the text, the separator, the first lines.

Only for showing the file; the server reads it again, strictly, in the dry run."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

PREVIEW_LINES = 12
SEPARATORS = (";", ",", "\t")  # ";" first: it wins ties, as French Excel writes it
SEPARATOR_SAMPLE_LINES = 5


@dataclass(frozen=True)
class CsvPreview:
    rows: list[list[str]]  # first lines, header included, as cells
    separator: str
    total_lines: int       # non-blank lines, header included


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as French Excel writes."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def preview_csv(content: bytes, lines: int = PREVIEW_LINES) -> CsvPreview:
    text = decode_text(content)
    non_blank = [line for line in text.splitlines() if line.strip(" ;,\t")]
    sample = non_blank[:SEPARATOR_SAMPLE_LINES]
    separator = max(SEPARATORS, key=lambda sep: sum(line.count(sep) for line in sample))
    reader = csv.reader(io.StringIO("\n".join(non_blank[:lines])), delimiter=separator)
    return CsvPreview(rows=list(reader), separator=separator, total_lines=len(non_blank))


HEADER_SEARCH_LINES = 20  # as the server: title lines may sit above the header
_CLASS_HEADERS = {"classe", "classes", "class"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


def class_key(name: str) -> str:
    """The server's way of telling classes apart: "CM2 A", "cm2a" and "CM2  a" are one."""
    return "".join(unicodedata.normalize("NFC", name).split()).casefold()


def class_names(content: bytes) -> list[str]:
    """The distinct class names of the file's "Classe" column, in the order first seen
    (empty when no such column is found)."""
    text = decode_text(content)
    non_blank = [line for line in text.splitlines() if line.strip(" ;,\t")]
    if not non_blank:
        return []
    separator = preview_csv(content).separator
    rows = list(csv.reader(io.StringIO("\n".join(non_blank)), delimiter=separator))
    found = next(((r, c) for r, row in enumerate(rows[:HEADER_SEARCH_LINES])
                  for c, cell in enumerate(row) if _fold(cell) in _CLASS_HEADERS), None)
    if found is None:
        return []
    header_row, column = found
    names: dict[str, str] = {}
    for row in rows[header_row + 1:]:
        if column < len(row):
            name = " ".join(row[column].split())
            if name and class_key(name) not in names:
                names[class_key(name)] = name
    return list(names.values())


def guess_level(class_name: str, levels: tuple[str, ...]) -> str | None:
    """``CM2 A`` -> ``CM2``; None when the name starts with no level."""
    compact = "".join(class_name.split()).upper()
    for level in sorted(levels, key=len, reverse=True):
        if compact.startswith(level):
            return level
    return None
