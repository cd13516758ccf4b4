"""Pupil import from the school's spreadsheet (dry run, then an all-or-nothing apply keyed on
the matricule) and the export that reads back in.

Both import steps build the same plan: the parser's line errors plus those only the
database can tell (unknown class, a matricule held by a non-pupil), and for each good line
whether it creates, updates or leaves a pupil alone. The dry run reports the plan; the apply
refuses any plan with an error, otherwise carries it out in the caller's transaction."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lan_server.audit import service as audit
from lan_server.core.errors import Conflict, Unprocessable
from lan_server.core.i18n import translate
from lan_server.core.ids import uuid7
from lan_server.core.scoping import scope_classes
from lan_server.models import (
    Enrollment,
    PupilProfile,
    School,
    SchoolClass,
    User,
    UserRole,
    UserStatus,
)
from lan_server.pupils_import import messages  # noqa: F401 - registers this feature's keys
from lan_server.pupils_import.parser import (
    FileError,
    LineError,
    ParsedRow,
    parse_pupils_csv,
    write_pupils_csv,
)
from lan_server.pupils_import.schemas import ImportLineError, ImportReport
from lan_server.school import service as school_service
from lan_server.school.schemas import current_school_year
from lan_server.users.schemas import USERNAME_PATTERN

T = TypeVar("T")
IN_CHUNK = 500  # keeps every IN (...) well under SQLite's bound-parameter limit
DOUALA = timezone(timedelta(hours=1))  # Africa/Douala has no DST; Windows may lack tzdata


@dataclass
class _Update:
    row: ParsedRow
    school_class: SchoolClass
    user: User
    profile: PupilProfile
    enrollments: list[Enrollment]  # this school year's, before the import


@dataclass
class _Plan:
    school_year: str
    total_rows: int
    phone_column: bool
    errors: list[LineError] = field(default_factory=list)
    creates: list[tuple[ParsedRow, SchoolClass]] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    unchanged: int = 0


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def school_today(session: Session, school_id: uuid.UUID, now: datetime) -> date:
    """Today where the school is: the school year and birth dates are counted from it."""
    school = session.get(School, school_id)
    try:
        zone: Any = ZoneInfo(school.timezone if school else "Africa/Douala")
    except (ZoneInfoNotFoundError, ValueError):
        zone = DOUALA
    return now.astimezone(zone).date()


def _class_key(name: str) -> str:
    # "CM2 A", "cm2a" and "CM2  a" are one class; NFC as the parser's cells are.
    return "".join(unicodedata.normalize("NFC", name).split()).casefold()


def _classes_by_key(session: Session, school_id: uuid.UUID, year: str) -> dict[str, SchoolClass]:
    return {
        _class_key(c.name): c
        for c in session.scalars(
            select(SchoolClass).where(
                SchoolClass.school_id == school_id,
                SchoolClass.school_year == year,
                SchoolClass.deleted_at.is_(None),
            )
        )
    }


def _pupils_by_matricule(
    session: Session, school_id: uuid.UUID, matricules: list[str]
) -> dict[str, tuple[User, PupilProfile]]:
    found: dict[str, tuple[User, PupilProfile]] = {}
    for chunk in _chunks(matricules):
        rows = session.execute(
            select(User, PupilProfile)
            .join(PupilProfile, PupilProfile.user_id == User.id)
            .where(PupilProfile.school_id == school_id, PupilProfile.matricule.in_(chunk))
        )
        for user, profile in rows:
            found[profile.matricule or ""] = (user, profile)
    return found


def _year_enrollments(
    session: Session, school_id: uuid.UUID, pupil_ids: list[uuid.UUID], school_year: str
) -> dict[uuid.UUID, list[Enrollment]]:
    found: dict[uuid.UUID, list[Enrollment]] = defaultdict(list)
    for chunk in _chunks(pupil_ids):
        for enrollment in session.scalars(
            select(Enrollment)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(
                Enrollment.pupil_id.in_(chunk),
                SchoolClass.school_id == school_id,
                SchoolClass.school_year == school_year,
                SchoolClass.deleted_at.is_(None),
            )
        ):
            found[enrollment.pupil_id].append(enrollment)
    return found


def _is_unchanged(update: _Update, phone_column: bool) -> bool:
    row, user, profile, school_class = update.row, update.user, update.profile, update.school_class
    return (
        (user.last_name, user.first_name, user.sex) == (row.last_name, row.first_name, row.sex)
        and (profile.birth_date, profile.level) == (row.birth_date, school_class.level)
        and {e.class_id for e in update.enrollments} == {school_class.id}
        and (not phone_column or user.phone == row.parent_phone)
    )


def _file_problem(error: FileError, locale: str) -> Unprocessable:
    params = dict(error.params)
    if "reason" in params:  # a message key of its own, put into the sentence translated
        params["reason"] = translate(params["reason"], locale, params)
    return Unprocessable(error.code, params=params)


def _plan(
    session: Session, actor: User, content: bytes, school_year: str | None, *, locale: str,
    now: datetime,
) -> _Plan:
    today = school_today(session, actor.school_id, now)
    year = school_year or current_school_year(today.year, today.month)
    parsed = parse_pupils_csv(content, today=today)
    if parsed.file_error is not None:
        raise _file_problem(parsed.file_error, locale)
    plan = _Plan(year, parsed.total_rows, "parent_phone" in parsed.columns, list(parsed.errors))

    classes = _classes_by_key(session, actor.school_id, year)
    matricules = [r.matricule for r in parsed.rows]
    matricules += [r.matricule for r in parsed.rejected if r.matricule]
    existing = _pupils_by_matricule(session, actor.school_id, matricules)
    enrollments = _year_enrollments(
        session, actor.school_id, [user.id for user, _ in existing.values()], year
    )

    def check(line: int, class_name: str | None, matricule: str | None) -> list[LineError]:
        errors = []
        if class_name and _class_key(class_name) not in classes:
            errors.append(LineError(line, "csv.unknown_class",
                                    {"value": class_name, "school_year": year}, "class_name"))
        match = existing.get(matricule or "")
        if match is not None and match[0].role != UserRole.student:
            errors.append(LineError(line, "csv.matricule_other_user",
                                    {"value": matricule}, "matricule"))
        return errors

    for rejected in parsed.rejected:
        plan.errors.extend(check(rejected.line, rejected.class_name, rejected.matricule))
    for row in parsed.rows:
        errors = check(row.line, row.class_name, row.matricule)
        if errors:
            plan.errors.extend(errors)
            continue
        school_class = classes[_class_key(row.class_name)]
        match = existing.get(row.matricule)
        if match is None:
            plan.creates.append((row, school_class))
            continue
        update = _Update(row, school_class, *match, enrollments.get(match[0].id, []))
        if _is_unchanged(update, plan.phone_column):
            plan.unchanged += 1
        else:
            plan.updates.append(update)
    plan.errors.sort(key=lambda error: error.line)  # stable: a line's fields stay in order
    return plan


def _report(plan: _Plan, *, dry_run: bool, locale: str) -> ImportReport:
    return ImportReport(
        dry_run=dry_run,
        school_year=plan.school_year,
        total_rows=plan.total_rows,
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        errors=[
            ImportLineError(line=e.line, code=e.code, field=e.field,
                            message=translate(e.code, locale, e.params))
            for e in plan.errors
        ],
    )


def preview_import(
    session: Session, actor: User, content: bytes, school_year: str | None, *,
    locale: str = "fr", now: datetime,
) -> ImportReport:
    """What applying the file would do, and every line that stops it. Writes nothing."""
    return _report(_plan(session, actor, content, school_year, locale=locale, now=now),
                   dry_run=True, locale=locale)


# -- apply ----------------------------------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def _ascii_part(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def username_base(first_name: str, last_name: str) -> str:
    """prénom.nom in plain ASCII ("Chloé", "Ngo Bassa" -> chloe.ngo-bassa); room is left
    for a numeric suffix within the 64 characters a username may have."""
    parts = (_ascii_part(first_name), _ascii_part(last_name))
    base = ".".join(part for part in parts if part)[:56].strip(".-")
    return base if re.fullmatch(USERNAME_PATTERN, base) else "eleve"


def _unique_username(base: str, taken: set[str]) -> str:
    name, suffix = base, 1
    while name in taken:
        suffix += 1
        name = f"{base}{suffix}"
    taken.add(name)
    return name


def _create(
    session: Session, school_id: uuid.UUID, creates: list[tuple[ParsedRow, SchoolClass]]
) -> None:
    if not creates:
        return
    taken = set(
        session.scalars(select(func.lower(User.username)).where(User.school_id == school_id))
    )
    dependents: list[Any] = []
    for row, school_class in creates:
        user_id = uuid7()  # known now, so profiles and enrollments need no flush per pupil
        session.add(User(
            id=user_id, school_id=school_id,
            username=_unique_username(username_base(row.first_name, row.last_name), taken),
            first_name=row.first_name, last_name=row.last_name, sex=row.sex,
            phone=row.parent_phone, role=UserRole.student, status=UserStatus.active,
            locale="fr", password_hash=None,  # an admin issues a reset code later
        ))
        dependents.append(PupilProfile(
            user_id=user_id, school_id=school_id, matricule=row.matricule,
            birth_date=row.birth_date, level=school_class.level,
        ))
        dependents.append(Enrollment(class_id=school_class.id, pupil_id=user_id))
    session.flush()  # users first: the profiles and enrollments point at them
    session.add_all(dependents)


def _update(session: Session, update: _Update, phone_column: bool) -> None:
    row, user, profile, target = update.row, update.user, update.profile, update.school_class
    user.last_name, user.first_name, user.sex = row.last_name, row.first_name, row.sex
    if phone_column:  # a file without the column leaves phones as they are
        user.phone = row.parent_phone
    profile.birth_date, profile.level = row.birth_date, target.level
    # One class per school year: a pupil listed in another class has moved.
    for enrollment in update.enrollments:
        if enrollment.class_id != target.id:
            session.delete(enrollment)
    if all(e.class_id != target.id for e in update.enrollments):
        session.add(Enrollment(class_id=target.id, pupil_id=user.id))


def apply_import(
    session: Session, actor: User, content: bytes, school_year: str | None, *,
    locale: str = "fr", now: datetime, ip: str | None = None,
) -> ImportReport:
    """All or nothing: any line in error and nothing is written; otherwise every line is
    applied in the caller's transaction (flushed, not committed). Idempotent: the same file
    again finds every pupil unchanged."""
    plan = _plan(session, actor, content, school_year, locale=locale, now=now)
    report = _report(plan, dry_run=False, locale=locale)
    if plan.errors:
        lines = len({error.line for error in plan.errors})
        raise Unprocessable("csv_has_errors", params={"count": lines},
                            extra={"errors": [e.model_dump() for e in report.errors]})
    try:
        _create(session, actor.school_id, plan.creates)
        for update in plan.updates:
            _update(session, update, plan.phone_column)
        audit.record(
            session, "pupils.imported", school_id=actor.school_id, actor=actor,
            target_type="school", target_id=actor.school_id, ip=ip,
            details={"school_year": plan.school_year, "total_rows": plan.total_rows,
                     "created": report.created, "updated": report.updated,
                     "unchanged": report.unchanged},
        )
        session.flush()
    except IntegrityError as exc:  # another request took a username or matricule meanwhile
        raise Conflict("conflict") from exc
    return report


# -- export ---------------------------------------------------------------------------------


def export_pupils_csv(
    session: Session, viewer: User, *, class_id: uuid.UUID | None, school_year: str | None,
    now: datetime,
) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the pupils of the classes the viewer may see, in the
    import's own format so that the file can be edited in Excel and imported back."""
    if class_id is not None:
        school_class = school_service.get_class(session, viewer, class_id)  # 404 / 403
        classes = select(SchoolClass.id).where(SchoolClass.id == school_class.id)
        year, label = school_class.school_year, _ascii_part(school_class.name) + "-"
    else:
        today = school_today(session, viewer.school_id, now)
        year = school_year or current_school_year(today.year, today.month)
        classes = scope_classes(select(SchoolClass.id), viewer).where(
            SchoolClass.school_year == year, SchoolClass.deleted_at.is_(None)
        )
        label = ""
    rows = session.execute(
        select(User.id, User.last_name, User.first_name, User.sex, User.phone,
               PupilProfile.birth_date, PupilProfile.matricule, SchoolClass.name)
        .join(Enrollment, Enrollment.pupil_id == User.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .outerjoin(PupilProfile, PupilProfile.user_id == User.id)
        .where(Enrollment.class_id.in_(classes), User.role == UserRole.student,
               User.deleted_at.is_(None))
        .order_by(SchoolClass.name, User.last_name, User.first_name, User.id)
    )
    seen: set[uuid.UUID] = set()  # a pupil twice in one year would re-import as a duplicate
    pupils = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            pupils.append({"last_name": row.last_name, "first_name": row.first_name,
                           "sex": row.sex, "birth_date": row.birth_date,
                           "class_name": row.name, "matricule": row.matricule,
                           "parent_phone": row.phone})
    return f"eleves-{label}{year}.csv", write_pupils_csv(pupils)
