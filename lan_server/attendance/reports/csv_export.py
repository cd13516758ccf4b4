"""The reports as CSV for Excel: ';'-separated, UTF-8 with a BOM, CRLF, cells that Excel
would read as formulas prefixed with a quote. Headers and values in the request's
language (French by default); decimals with a comma in French."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from lan_server.attendance.reports.schemas import (
    ClassReport,
    DayReport,
    LessonReport,
    PupilReport,
    StatusCounts,
)
from lan_server.core.i18n import translate

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = b"\xef\xbb\xbf"


def excel_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


class _Writer:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.out = io.StringIO(newline="")
        self.writer = csv.writer(self.out, delimiter=";", lineterminator="\r\n")

    def t(self, key: str) -> str:
        return translate(key, self.locale)

    def header(self, keys: Sequence[str]) -> None:
        self.writer.writerow([self.t(f"report.col.{key}") for key in keys])

    def row(self, cells: Iterable[Any]) -> None:
        self.writer.writerow([self.cell(value) for value in cells])

    def cell(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.t("report.yes" if value else "report.no")
        if isinstance(value, float):
            return self.number(value)
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y") if self.locale == "fr" else value.isoformat()
        if isinstance(value, int):
            return str(value)
        return excel_safe(str(value))

    def number(self, value: float) -> str:
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.locale == "fr" else text

    def status(self, status: str | None) -> str:
        return self.t(f"report.status.{status or 'unmarked'}")

    def source(self, source: str | None) -> str:
        return "" if source is None else self.t(f"report.source.{source}")

    def rate(self, counts: StatusCounts) -> str:
        if counts.rate is None:
            return ""
        # As a percentage: what a head teacher reads in Excel.
        return self.number(round(counts.rate * 100, 1)) + " %"

    def bytes(self) -> bytes:
        return BOM + self.out.getvalue().encode("utf-8")


COUNT_KEYS = ("present", "late", "excused", "absent", "marks", "rate")


def _counts_cells(w: _Writer, c: StatusCounts) -> list[Any]:
    return [c.present, c.late, c.excused, c.absent, c.marks, w.rate(c)]


def lesson_csv(report: LessonReport, locale: str) -> bytes:
    w = _Writer(locale)
    w.header(
        (
            "date",
            "lesson_time",
            "class",
            "subject",
            "opened_at",
            "last_name",
            "first_name",
            "matricule",
            "status",
            "marked_at",
            "source",
        )
    )
    for sess in report.sessions:
        for pupil in sess.pupils:
            w.row(
                [
                    report.date,
                    report.start_time,
                    report.class_name,
                    report.subject_name,
                    sess.opened_time,
                    pupil.last_name,
                    pupil.first_name,
                    pupil.matricule,
                    w.status(pupil.status),
                    pupil.marked_time,
                    w.source(pupil.source),
                ]
            )
    return w.bytes()


def class_csv(report: ClassReport, locale: str) -> bytes:
    w = _Writer(locale)
    w.header(("class", "last_name", "first_name", "matricule", *COUNT_KEYS))
    for pupil in report.pupils:
        w.row(
            [
                report.class_name,
                pupil.last_name,
                pupil.first_name,
                pupil.matricule,
                *_counts_cells(w, pupil),
            ]
        )
    w.row([report.class_name, w.t("report.total"), "", "", *_counts_cells(w, report.totals)])
    return w.bytes()


def pupil_csv(report: PupilReport, locale: str) -> bytes:
    w = _Writer(locale)
    w.header(
        (
            "last_name",
            "first_name",
            "matricule",
            "date",
            "lesson_time",
            "class",
            "subject",
            "status",
            "marked_at",
            "source",
        )
    )
    for mark in report.marks:
        w.row(
            [
                report.last_name,
                report.first_name,
                report.matricule,
                mark.date,
                mark.lesson_time,
                mark.class_name,
                mark.subject_name,
                w.status(mark.status),
                mark.marked_time,
                w.source(mark.source),
            ]
        )
    return w.bytes()


def day_csv(report: DayReport, locale: str) -> bytes:
    w = _Writer(locale)
    w.header(
        ("date", "last_name", "first_name", "role", "check_in", "check_out", "hours", "automatic")
    )
    for record in report.records:
        w.row(
            [
                record.date,
                record.last_name,
                record.first_name,
                w.t(f"report.role.{record.role}"),
                record.check_in_time,
                record.check_out_time,
                record.hours,
                record.automatic_check_out,
            ]
        )
    return w.bytes()
