"""The demo school: classes CP to CM2, their teachers, ~300 pupils with their parents and a
week of lessons, all made from one seed so that two loads with the same seed give the same
people. Every demo account is active and shares one password, hashed once."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lan_server.audit import service as audit
from lan_server.auth.service import check_password_strength
from lan_server.core.context import AppContext
from lan_server.core.ids import uuid7
from lan_server.demo.names import (
    FIRST_NAMES,
    GROUP_WEIGHTS,
    OCCUPATIONS,
    QUARTERS,
    SURNAMES,
)
from lan_server.models import (
    Enrollment,
    Lesson,
    Level,
    ParentChild,
    ParentProfile,
    PupilProfile,
    School,
    SchoolClass,
    Subject,
    TeacherProfile,
    User,
    UserRole,
    UserStatus,
)
from lan_server.school.schemas import current_school_year
from lan_server.school.service import ensure_cep_subjects
from lan_server.setup import service as setup_service
from lan_server.setup.schemas import AdminCreate, SchoolCreate

DEMO_SCHOOL_NAME = "École publique de Bonabéri"
DEMO_PASSWORD = "ecep-demo-2026"  # noqa: S105 - printed to whoever loads the demo

# (name, level, pupils): 300 pupils in all.
CLASSES: tuple[tuple[str, Level, int], ...] = (
    ("CP A", Level.CP, 46), ("CP B", Level.CP, 45), ("CE1 A", Level.CE1, 44),
    ("CE2 A", Level.CE2, 42), ("CM1 A", Level.CM1, 41), ("CM2 A", Level.CM2, 41),
    ("CM2 B", Level.CM2, 41),
)
# The age a pupil of each level turns during the calendar year the school year starts in.
AGE: dict[str, int] = {Level.CP: 6, Level.CE1: 7, Level.CE2: 8, Level.CM1: 9, Level.CM2: 10}
# Teachers without a class: (group, "masculine title|feminine title").
EXTRA_TEACHERS: tuple[tuple[str, str], ...] = (
    ("anglophone", "Enseignant d'anglais|Enseignante d'anglais"),
    ("beti", "Maître d'EPS|Maîtresse d'EPS"),
    ("bamileke", "Enseignant d'informatique|Enseignante d'informatique"),
    ("duala", "Enseignant de LCN|Enseignante de LCN"),
    ("bassa", "Suppléant|Suppléante"),
)
# Lesson slots in school time: 07:30-12:30 with a break at 10:30, then 13:30-15:30.
SLOTS: tuple[tuple[time, time], ...] = (
    (time(7, 30), time(8, 30)), (time(8, 30), time(9, 30)), (time(9, 30), time(10, 30)),
    (time(11, 0), time(12, 30)), (time(13, 30), time(14, 30)), (time(14, 30), time(15, 30)),
)
# One week of a class (subject codes, Monday to Friday); each class starts on another day.
WEEK_PLAN: tuple[tuple[str, ...], ...] = (
    ("FR", "MATH", "SCI", "FR", "ANG", "EPS"),
    ("MATH", "FR", "HG", "MATH", "ECM", "ART"),
    ("FR", "MATH", "ANG", "FR", "SCI", "LCN"),
    ("MATH", "FR", "HG", "MATH", "TIC", "EPS"),
    ("FR", "MATH", "SCI", "ECM", "ANG", "HG"),
)
FAMILY_SIZES, FAMILY_WEIGHTS = (1, 2, 3), (65, 25, 10)
RELATIONS = (("mère", "F", 55), ("père", "M", 35), ("tutrice", "F", 6), ("tuteur", "M", 4))


class DemoAlreadyLoaded(Exception):
    """The school already has the demo's classes for this school year."""


def create_demo_school(session: Session, ctx: AppContext, *, admin_password: str) -> School:
    """Initialises an empty server as the demo school, with the administrator ``admin``."""
    school, _ = setup_service.initialize(
        session, ctx,
        school=SchoolCreate(name=DEMO_SCHOOL_NAME, town="Douala", timezone="Africa/Douala"),
        admin=AdminCreate(username="admin", password=admin_password, first_name="Marie-Claire",
                          last_name="Ngo Nyemb"),
    )
    return school


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class _Builder:
    """Holds the random source and what is taken (usernames, phones) during one load."""

    def __init__(self, session: Session, ctx: AppContext, school: School, password: str,
                 seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fake data, no secret
        self.school = school
        self.now = ctx.clock.now()
        self.password_hash = ctx.passwords.hash(password)
        self.users: list[User] = []
        self.rows: list[object] = []  # rows that refer to users or classes, inserted after them
        self.usernames = set(session.scalars(
            select(func.lower(User.username)).where(User.school_id == school.id)))
        self.matricules = set(session.scalars(
            select(PupilProfile.matricule).where(PupilProfile.school_id == school.id)))
        self.phones: set[str] = set()

    def group(self) -> str:
        return self.rng.choices(tuple(GROUP_WEIGHTS), tuple(GROUP_WEIGHTS.values()))[0]

    def phone(self) -> str:
        while True:  # MTN (67x, 68x, 65x) and Orange (69x, 65x) mobile numbers
            number = f"+2376{self.rng.choice('7985')}{self.rng.randrange(10**7):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def username(self, first: str, last: str) -> str:
        base = f"{_slug(first)}.{_slug(last)}"[:60]
        name, n = base, 1
        while name in self.usernames:
            n += 1
            name = f"{base}{n}"
        self.usernames.add(name)
        return name

    def user(self, role: UserRole, first: str, last: str, sex: str, *, locale: str = "fr",
             phone: str | None = None) -> User:
        user = User(
            id=uuid7(), school_id=self.school.id, username=self.username(first, last),
            first_name=first, last_name=last, sex=sex, role=role, locale=locale, phone=phone,
            status=UserStatus.active, password_hash=self.password_hash,
            password_changed_at=self.now,
        )
        self.users.append(user)
        return user

    def teacher(self, group: str, title: str) -> User:
        sex = self.rng.choice("FM")
        title = title.split("|")[-1 if sex == "F" else 0]
        user = self.user(
            UserRole.teacher, self.rng.choice(FIRST_NAMES[group][sex]),
            self.rng.choice(SURNAMES[group]), sex, phone=self.phone(),
            locale="en" if group == "anglophone" else "fr",
        )
        self.rows.append(TeacherProfile(user_id=user.id, title=title, qualification="CAPIEMP"))
        return user

    def family(self, classes: list[SchoolClass], start_year: int) -> list[User]:
        """Pupils who are siblings (one per class given), and one parent account."""
        rng, group = self.rng, self.group()
        surname = rng.choice(SURNAMES[group])
        if rng.random() < 0.2:
            surname = f"{surname} {rng.choice(SURNAMES[group])}"
        locale = "en" if group == "anglophone" else "fr"
        children = []
        for school_class in classes:
            sex = rng.choice("FM")
            last = f"Ngo {surname}" if group == "bassa" and sex == "F" and rng.random() < 0.6 \
                else surname
            pupil = self.user(UserRole.student, rng.choice(FIRST_NAMES[group][sex]), last, sex,
                              locale=locale)
            born = start_year - AGE[school_class.level] - rng.choices((0, 1, 2), (75, 20, 5))[0]
            self.rows += [
                PupilProfile(user_id=pupil.id, school_id=self.school.id, level=school_class.level,
                             matricule=self.matricule(start_year),
                             birth_date=date(born, 1, 1) + timedelta(days=rng.randrange(365))),
                Enrollment(class_id=school_class.id, pupil_id=pupil.id),
            ]
            children.append(pupil)
        relation, sex, _ = rng.choices(RELATIONS, [w for *_, w in RELATIONS])[0]
        parent_last = surname if relation == "père" else rng.choice(SURNAMES[group])
        parent = self.user(UserRole.parent, rng.choice(FIRST_NAMES[group][sex]), parent_last,
                           sex, locale=locale, phone=self.phone())
        self.rows.append(ParentProfile(
            user_id=parent.id, address=f"{rng.choice(QUARTERS)}, Douala",
            occupation=rng.choice(OCCUPATIONS), preferred_contact=rng.choice(("sms", "call")),
        ))
        self.rows += [ParentChild(parent_id=parent.id, child_id=c.id, relation=relation)
                      for c in children]
        return children

    def matricule(self, start_year: int) -> str:
        n = len(self.matricules) + 1
        while (value := f"BNB-{start_year}-{n:04d}") in self.matricules:
            n += 1
        self.matricules.add(value)
        return value


def load_demo(session: Session, ctx: AppContext, *, school: School,
              password: str = DEMO_PASSWORD, seed: int = 2026) -> dict[str, int]:
    """Adds the demo classes, teachers, pupils, parents and this week's lessons to the school.
    Only flushes: the caller commits. Raises DemoAlreadyLoaded when they are there already."""
    check_password_strength(password)
    zone = ZoneInfo(school.timezone)
    today = ctx.clock.now().astimezone(zone).date()
    school_year = current_school_year(today.year, today.month)
    start_year = int(school_year[:4])
    names = [name for name, _, _ in CLASSES]
    if session.scalar(select(SchoolClass.id).where(
        SchoolClass.school_id == school.id, SchoolClass.school_year == school_year,
        SchoolClass.name.in_(names), SchoolClass.deleted_at.is_(None),
    ).limit(1)) is not None:
        raise DemoAlreadyLoaded(school_year)

    build = _Builder(session, ctx, school, password, seed)
    classes = [
        SchoolClass(id=uuid7(), school_id=school.id, name=name, level=level,
                    school_year=school_year,
                    main_teacher_id=build.teacher(build.group(), "Instituteur|Institutrice").id)
        for name, level, _ in CLASSES
    ]
    for group, title in EXTRA_TEACHERS:
        build.teacher(group, title)

    seats = [c for c, (_, _, size) in zip(classes, CLASSES, strict=True) for _ in range(size)]
    build.rng.shuffle(seats)
    pupils = parents = 0
    while seats:
        size = build.rng.choices(FAMILY_SIZES, FAMILY_WEIGHTS)[0]
        pupils += len(build.family(seats[:size], start_year))
        parents += 1
        del seats[:size]

    ensure_cep_subjects(session, school.id)
    session.flush()
    subjects = {s.code: s.id for s in session.scalars(
        select(Subject).where(Subject.school_id == school.id, Subject.deleted_at.is_(None)))}
    monday = today - timedelta(days=today.weekday())
    lessons = []
    for index, school_class in enumerate(classes):
        for day in range(5):
            for (start, end), code in zip(SLOTS, WEEK_PLAN[(day + index) % 5], strict=True):
                if code not in subjects:  # a CEP subject this school has deleted
                    continue
                when = monday + timedelta(days=day)
                lessons.append(Lesson(
                    class_id=school_class.id, subject_id=subjects[code],
                    teacher_id=school_class.main_teacher_id,
                    starts_at=datetime.combine(when, start, zone).astimezone(UTC),
                    ends_at=datetime.combine(when, end, zone).astimezone(UTC),
                    room="Cour de récréation" if code == "EPS" else f"Salle {index + 1}",
                ))
    teachers = len(CLASSES) + len(EXTRA_TEACHERS)
    summary = {"classes": len(classes), "teachers": teachers, "pupils": pupils,
               "parents": parents, "lessons": len(lessons)}
    # Without ORM relationships between these tables, the flush would not know their order.
    for batch in (build.users, classes, build.rows + lessons):
        session.add_all(batch)
        session.flush()
    audit.record(session, "demo.loaded", school_id=school.id,
                 details={**summary, "seed": seed, "school_year": school_year})
    session.flush()
    return summary
