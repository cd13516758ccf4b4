"""A first look at a CSV file before it is sent: the text, the separator, the first lines.

Only for showing the file; the server reads it again, strictly, in the dry run."""

from __future__ import annotations

import csv
import io
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
