"""The pupil import and export through a real server: dry run, all-or-nothing apply,
idempotence, updates by matricule, encodings, the export round trip, permissions, limits."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from lan_server.models import AuditEvent, User
from lan_server.school.schemas import current_school_year
from tests.support import LiveServer, create_user, problem, unique, user_with_password

YEAR = "2026-2027"
HEADER = "Nom;Prénom;Sexe;Date de naissance;Classe;Matricule;Téléphone du parent"
IMPORT = "/api/v1/pupils/import"
EXPORT = "/api/v1/pupils/export.csv"


def make_class(admin: httpx.Client, level: str = "CM2", year: str = YEAR) -> dict:
    body = {"name": unique("CM2 "), "level": level, "school_year": year}
    response = admin.post("/api/v1/classes", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([HEADER, *lines, ""]).encode(encoding)


def upload(
    client: httpx.Client, content: bytes, *, dry_run: bool = True, year: str | None = YEAR, **kwargs
) -> httpx.Response:
    params = {"dry_run": str(dry_run).lower()} | ({"school_year": year} if year else {})
    return client.post(
        IMPORT, params=params, files={"file": ("eleves.csv", content, "text/csv")}, **kwargs
    )


def user_count(server: LiveServer) -> int:
    with server.ctx.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(User))


def pupil(admin: httpx.Client, matricule: str) -> dict:
    items = admin.get("/api/v1/users", params={"q": matricule, "role": "student"}).json()["items"]
    (found,) = [u for u in items if u["pupil"]["matricule"] == matricule]
    return found


def roster(admin: httpx.Client, class_id: str) -> set[str]:
    return {e["pupil_id"] for e in admin.get(f"/api/v1/classes/{class_id}/enrollments").json()}


def test_dry_run_reports_every_bad_line_in_the_request_language(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    klass, m = make_class(admin), unique("MAT")
    content = csv_bytes(
        f"Mbarga;Jean;M;03/04/2016;{klass['name']};{m}-1;699112233",
        f"Essomba;Luc;X;03/04/2016;{klass['name']};{m}-2;",
        f"Onana;Awa;F;31/02/2016;Classe fantôme;{m}-3;12 34",
        "",
        f"Bello;Ali;M;03/04/2016;{klass['name']};{m}-1;",
    )
    before = user_count(live_server)
    report = upload(admin, content)
    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["dry_run"], body["school_year"], body["total_rows"]) == (True, YEAR, 4)
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 0, 0)
    assert [(e["line"], e["code"], e.get("field")) for e in body["errors"]] == [
        (3, "csv.bad_sex", "sex"),
        (4, "csv.bad_date", "birth_date"),
        (4, "csv.bad_phone", "parent_phone"),
        (4, "csv.unknown_class", "class_name"),
        (6, "csv.duplicate_matricule", "matricule"),
    ]
    messages = [e["message"] for e in body["errors"]]
    assert messages[0] == "Sexe « X » non reconnu (attendu : M ou F)."
    assert messages[3] == f"Classe « Classe fantôme » inconnue pour l'année {YEAR}."
    assert messages[4] == f"Le matricule « {m}-1 » apparaît aussi à la ligne 2."
    english = upload(admin, content, headers={"Accept-Language": "en"}).json()["errors"]
    assert english[0]["message"] == "Sex “X” not recognised (expected M or F)."
    assert user_count(live_server) == before  # a dry run writes nothing


def test_apply_is_all_or_nothing(live_server: LiveServer, admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    good = [f"Nkou{i};Paul;M;03/04/2016;{klass['name']};{m}-{i};" for i in range(3)]
    before = user_count(live_server)
    refused = upload(
        admin, csv_bytes(*good, f"Nkou;Eve;F;hier;{klass['name']};{m}-9;"), dry_run=False
    )
    body = problem(refused, 422, "csv_has_errors")
    assert body["detail"] == "Le fichier contient 1 ligne(s) en erreur ; rien n'a été importé."
    assert [(e["line"], e["code"]) for e in body["errors"]] == [(5, "csv.bad_date")]
    assert user_count(live_server) == before and roster(admin, klass["id"]) == set()

    applied = upload(admin, csv_bytes(*good), dry_run=False)
    assert applied.status_code == 200, applied.text
    assert applied.json()["created"] == 3 and user_count(live_server) == before + 3


def test_apply_creates_pupils_and_twice_changes_nothing(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    klass, m, last = make_class(admin, level="CE1"), unique("MAT"), unique("Ndongo")
    content = csv_bytes(
        f"{last};Jean-Paul;M;3/4/2017;{klass['name'].lower()};{m}-1;+237 699 11 22 33",
        f"{last};Jean-Paul;M;2017-05-06;{klass['name']};{m}-2;00237677889900",
        f"{last};Chloé;F;42800;{klass['name']};{m}-3;",
    )
    first = upload(admin, content, dry_run=False).json()
    assert (first["created"], first["updated"], first["unchanged"], first["errors"]) == (
        3,
        0,
        0,
        [],
    )
    again = upload(admin, content, dry_run=False).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)

    one, two, three = (pupil(admin, f"{m}-{i}") for i in (1, 2, 3))
    base = f"jean-paul.{last.lower()}"
    assert (one["username"], two["username"]) == (base, base + "2")  # a suffix on collision
    assert three["username"] == f"chloe.{last.lower()}"
    assert one["role"] == "student" and one["status"] == "active" and not one["has_password"]
    assert (
        one["phone"] == "+237699112233"
        and two["phone"] == "+237677889900"
        and three["phone"] is None
    )
    assert one["pupil"] == {"matricule": f"{m}-1", "birth_date": "2017-04-03", "level": "CE1"}
    assert three["pupil"]["birth_date"] == "2017-03-06"  # Excel serial 42800
    assert roster(admin, klass["id"]) == {one["id"], two["id"], three["id"]}
    with live_server.ctx.db.read_session() as session:
        details = session.scalars(
            select(AuditEvent.details)
            .where(AuditEvent.action == "pupils.imported")
            .order_by(AuditEvent.id.desc())
            .limit(2)
        ).all()
    assert [(d["created"], d["unchanged"]) for d in details] == [(0, 3), (3, 0)]


def test_update_by_matricule_moves_the_pupil(admin: httpx.Client) -> None:
    old, new, m = make_class(admin, level="CM1"), make_class(admin, level="CM2"), unique("MAT")
    upload(admin, csv_bytes(f"Abena;Rose;F;03/04/2015;{old['name']};{m};699112233"), dry_run=False)
    before = pupil(admin, m)
    changed = csv_bytes(f"Abena Ngono;Rose  Marie;F;04/04/2015;{new['name']};{m};677112233")
    assert upload(admin, changed).json()["updated"] == 1  # the dry run sees the update
    report = upload(admin, changed, dry_run=False).json()
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 0)
    after = pupil(admin, m)
    assert after["id"] == before["id"] and after["username"] == before["username"]
    assert (after["last_name"], after["first_name"], after["phone"]) == (
        "Abena Ngono",
        "Rose Marie",
        "+237677112233",
    )
    assert after["pupil"] == {"matricule": m, "birth_date": "2015-04-04", "level": "CM2"}
    assert roster(admin, old["id"]) == set() and roster(admin, new["id"]) == {after["id"]}


def test_a_file_without_the_phone_column_keeps_phones(admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    upload(admin, csv_bytes(f"Fouda;Max;M;03/04/2016;{klass['name']};{m};699112233"), dry_run=False)
    content = (
        "Matricule;Nom;Prénom;Sexe;Date de naissance;Classe\n"
        f"{m};Fouda;Max;M;03/04/2016;{klass['name']}\n"
    )
    assert upload(admin, content.encode(), dry_run=False).json()["unchanged"] == 1
    assert pupil(admin, m)["phone"] == "+237699112233"


def test_windows_1252_file_with_accents(admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    content = csv_bytes(
        f"Ékotto;Hélène;F;03/04/2016;{klass['name']};{m}-1;",
        f"Bèbè;François;Garçon;03/04/2016;{klass['name']};{m}-2;",
        f"Côme;Ângèle Çà;Féminin;03/04/2016;{klass['name']};{m}-3;",
        encoding="cp1252",
    )
    assert content.decode("cp1252") and b"\xc9kotto" in content  # really Windows-1252
    assert upload(admin, content, dry_run=False).json()["created"] == 3
    names = [
        (pupil(admin, f"{m}-{i}")["last_name"], pupil(admin, f"{m}-{i}")["first_name"])
        for i in (1, 2, 3)
    ]
    assert names == [("Ékotto", "Hélène"), ("Bèbè", "François"), ("Côme", "Ângèle Çà")]
    assert pupil(admin, f"{m}-2")["username"].startswith("francois.bebe")


def test_export_reimports_cleanly(admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    lines = [
        f"Ngo Bassa;Marie-Claire;F;03/04/2016;{klass['name']};{m}-1;699112233",
        f"=Danger;Léon;M;05/06/2016;{klass['name']};{m}-2;",
        f'"Essomba; dit ""Jo""";Ève;F;07/08/2016;{klass["name"]};{m}-3;677 88 99 00',
    ]
    assert upload(admin, csv_bytes(*lines), dry_run=False).json()["created"] == 3
    exported = admin.get(EXPORT, params={"class_id": klass["id"]})
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported.headers["content-disposition"]
    assert exported.content.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [
        ["'=Danger", "Léon", "M", "05/06/2016", klass["name"], f"{m}-2", ""],
        ['Essomba; dit "Jo"', "Ève", "F", "07/08/2016", klass["name"], f"{m}-3", "677 88 99 00"],
        ["Ngo Bassa", "Marie-Claire", "F", "03/04/2016", klass["name"], f"{m}-1", "699 11 22 33"],
    ]
    again = upload(admin, exported.content, dry_run=False).json()
    assert (again["created"], again["updated"], again["unchanged"], again["errors"]) == (
        0,
        0,
        3,
        [],
    )
    assert pupil(admin, f"{m}-2")["last_name"] == "=Danger"


def test_default_school_year_is_the_current_one(admin: httpx.Client) -> None:
    douala = datetime.now(UTC) + timedelta(hours=1)
    year = current_school_year(douala.year, douala.month)
    klass, m = make_class(admin, year=year), unique("MAT")
    report = upload(
        admin, csv_bytes(f"Tchoua;Ivan;M;03/04/2016;{klass['name']};{m};"), year=None, dry_run=False
    )
    assert report.json()["school_year"] == year and report.json()["created"] == 1
    exported = admin.get(EXPORT).content.decode("utf-8-sig")
    assert m in exported


def test_class_matching_and_unknown_or_other_year(admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    spaced = "  " + klass["name"].upper().replace(" ", "   ") + " "
    report = upload(admin, csv_bytes(f"Atangana;Yves;M;03/04/2016;{spaced};{m};")).json()
    assert report["created"] == 1 and report["errors"] == []
    other_year = upload(
        admin, csv_bytes(f"Atangana;Yves;M;03/04/2016;{klass['name']};{m};"), year="2030-2031"
    ).json()
    assert [e["code"] for e in other_year["errors"]] == ["csv.unknown_class"]
    problem(upload(admin, b"x", year="2026"), 422, "validation_error")


def test_matricule_of_a_non_pupil_is_refused(live_server: LiveServer, admin: httpx.Client) -> None:
    klass, m = make_class(admin), unique("MAT")
    former = create_user(admin, pupil={"matricule": m})
    # The API refuses role changes of pupils; such a row can still arrive by other paths
    # (older data, a sync), so it is made directly in the database.
    with live_server.ctx.db.write_session() as session:
        session.get(User, uuid.UUID(former["id"])).role = "teacher"
    errors = upload(admin, csv_bytes(f"Eto;Paul;M;03/04/2016;{klass['name']};{m};")).json()[
        "errors"
    ]
    assert [(e["code"], e["message"]) for e in errors] == [
        (
            "csv.matricule_other_user",
            f"Le matricule « {m} » appartient à un compte qui n'est pas un élève.",
        )
    ]


@pytest.mark.parametrize(
    ("content", "code", "detail"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "csv_unreadable", "classeur Excel"),
        (b"Nom;Classe\nA;B\n", "csv_missing_columns", "Prénom, Sexe, Date de naissance, Matricule"),
        (HEADER.encode(), "csv_empty", "aucun élève"),
    ],
)
def test_file_level_refusals(admin: httpx.Client, content: bytes, code: str, detail: str) -> None:
    for dry_run in (True, False):
        assert detail in problem(upload(admin, content, dry_run=dry_run), 422, code)["detail"]


def test_teachers_and_pupils_cannot_import_and_teachers_export_their_classes(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    teacher, as_teacher = user_with_password(live_server, admin, role="teacher")
    mine = make_class(admin)
    assert (
        admin.patch(
            f"/api/v1/classes/{mine['id']}", json={"main_teacher_id": teacher["id"]}
        ).status_code
        == 200
    )
    other, m = make_class(admin), unique("MAT")
    upload(
        admin,
        csv_bytes(
            f"Mien;Un;M;03/04/2016;{mine['name']};{m}-1;",
            f"Autre;Deux;F;03/04/2016;{other['name']};{m}-2;",
        ),
        dry_run=False,
    )
    _, as_pupil = user_with_password(live_server, admin)
    with as_teacher, as_pupil:
        body = problem(upload(as_teacher, csv_bytes()), 403, "permission_required")
        assert body["detail"] == "Il vous faut la permission « pupils.import »."
        problem(
            upload(as_pupil, csv_bytes(), headers={"Accept-Language": "en"}),
            403,
            "permission_required",
        )
        problem(as_pupil.get(EXPORT), 403, "permission_required")
        exported = as_teacher.get(EXPORT, params={"school_year": YEAR}).content.decode("utf-8-sig")
        assert f"{m}-1" in exported and f"{m}-2" not in exported
        problem(as_teacher.get(EXPORT, params={"class_id": other["id"]}), 403, "forbidden")
    problem(
        admin.get(EXPORT, params={"class_id": "0196d8a0-0000-7000-8000-000000000000"}),
        404,
        "class_not_found",
    )


def test_a_teacher_granted_the_permission_may_import(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    teacher, as_teacher = user_with_password(live_server, admin, role="teacher")
    granted = admin.post(
        f"/api/v1/users/{teacher['id']}/permissions", json={"code": "pupils.import"}
    )
    assert granted.status_code == 200, granted.text
    klass, m = make_class(admin), unique("MAT")
    with as_teacher:
        report = upload(
            as_teacher, csv_bytes(f"Biya;Ange;F;03/04/2016;{klass['name']};{m};"), dry_run=False
        )
    assert report.status_code == 200 and report.json()["created"] == 1


def test_too_large_upload_is_refused(admin: httpx.Client, live_server: LiveServer) -> None:
    limit = live_server.ctx.settings.max_upload_bytes
    body = problem(upload(admin, csv_bytes() + b" " * limit), 413, "payload_too_large")
    assert str(limit) in body["detail"]
