"""The page behind the QR URL, as a phone's browser sees it: log in once (CSRF-safe form),
be marked, read "Présent à HH:MM"; later visits mark at once thanks to the cookies."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from lan_server.models import AttendanceMark, ScanAttempt
from tests.attendance.lesson.conftest import PASSWORD, ClassWorld, settle

PERIOD = 60
FR = {"Accept-Language": "fr-CM,fr;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _phone(world: ClassWorld, headers: dict[str, str] = FR) -> httpx.Client:
    return httpx.Client(
        base_url=world.server.url, timeout=30, headers={**headers, "User-Agent": "Phone/1.0"}
    )


def _path(display: dict) -> str:
    return httpx.URL(display["url"]).path


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, page
    return match.group(1)


def _marked_hhmm(world: ClassWorld, session_id: str, pupil_id: str) -> str:
    roster = world.teacher_client.get(f"/api/v1/attendance/sessions/{session_id}/roster").json()
    mark = next(p["mark"] for p in roster["pupils"] if p["pupil_id"] == pupil_id)
    return (
        datetime.fromisoformat(mark["marked_at"])
        .astimezone(ZoneInfo("Africa/Douala"))
        .strftime("%H:%M")
    )


def _counts(world: ClassWorld) -> tuple[int, int]:
    with world.server.ctx.db.read_session() as session:
        return session.query(AttendanceMark).count(), session.query(ScanAttempt).count()


def test_log_in_once_then_be_marked_directly(world: ClassWorld) -> None:
    pupil = world.pupils[0]
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    with _phone(world) as phone:
        page = phone.get(_path(display))
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["content-language"] == "fr"
        assert (
            'name="viewport"' in page.text and "<form" in page.text and "Mot de passe" in page.text
        )
        cookies = page.headers.get_list("set-cookie")
        assert all(
            "httponly" in c.lower() and "samesite=lax" in c.lower() and "path=/a/" in c.lower()
            for c in cookies
        )
        csrf, ticket = _hidden(page.text, "csrf_token"), _hidden(page.text, "ticket")

        before = _counts(world)
        no_csrf = phone.post(
            _path(display),
            data={"username": pupil["username"], "password": PASSWORD, "ticket": ticket},
        )
        assert no_csrf.status_code == 403
        assert "Le formulaire a expiré" in no_csrf.text
        assert _counts(world) == before

        wrong = phone.post(
            _path(display),
            data={
                "csrf_token": csrf,
                "ticket": ticket,
                "username": pupil["username"],
                "password": "not-it-at-all",
            },
        )
        assert wrong.status_code == 401 and "Identifiant ou mot de passe incorrect" in wrong.text
        assert _counts(world)[0] == before[0]

        done = phone.post(
            _path(display),
            data={
                "csrf_token": csrf,
                "ticket": ticket,
                "username": pupil["username"],
                "password": PASSWORD,
            },
        )
        assert done.status_code == 200, done.text
        hhmm = _marked_hhmm(world, opened["id"], pupil["id"])
        assert f"Présent à {hhmm}" in done.text
        assert {"ecep_a_at", "ecep_a_rt", "ecep_a_dev"} <= set(phone.cookies.keys())

        # The same form posted twice (a reload) is the same scan.
        again = phone.post(
            _path(display),
            data={
                "csrf_token": csrf,
                "ticket": ticket,
                "username": pupil["username"],
                "password": PASSWORD,
            },
        )
        assert f"Présent à {hhmm}" in again.text

        # Next lesson: the phone remembers the pupil and marks them at once.
        second = world.open(period_seconds=PERIOD)
        settle(world.server, PERIOD)
        next_display = world.display(second["id"])
        direct = phone.get(_path(next_display))
        assert direct.status_code == 200 and 'name="password"' not in direct.text
        assert f"Présent à {_marked_hhmm(world, second['id'], pupil['id'])}" in direct.text
        assert "déjà marqué" in phone.get(_path(next_display)).text

        # An expired access cookie is renewed from the refresh cookie.
        old_refresh = phone.cookies.get("ecep_a_rt")
        phone.cookies.delete("ecep_a_at")
        third = world.open(period_seconds=PERIOD)
        renewed = phone.get(_path(world.display(third["id"])))
        assert "Présent à" in renewed.text, renewed.text
        assert phone.cookies.get("ecep_a_rt") != old_refresh


def test_the_page_speaks_english_and_explains_refusals(world: ClassWorld) -> None:
    pupil = world.pupils[1]
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    display = world.display(opened["id"])
    with _phone(world, EN) as phone:
        page = phone.get(_path(display))
        assert page.headers["content-language"] == "en" and "Password" in page.text
        done = phone.post(
            _path(display),
            data={
                "csrf_token": _hidden(page.text, "csrf_token"),
                "ticket": _hidden(page.text, "ticket"),
                "username": pupil["username"],
                "password": PASSWORD,
            },
        )
        assert "Present at" in done.text
        # A wrong code on a logged-in phone: the refusal in plain words.
        bad = phone.get(f"/a/{opened['short_code']}/{display['slot']}/{'B' * 16}")
        assert bad.status_code == 400 and "This code is not valid" in bad.text
    # Another pupil on the same phone: the device rule.
    with _phone(world) as phone:
        phone.cookies.set("ecep_a_dev", "shared-device-" + "x" * 10, domain="127.0.0.1", path="/a/")
        other = world.pupils[2]
        page = phone.get(_path(display))
        first = phone.post(
            _path(display),
            data={
                "csrf_token": _hidden(page.text, "csrf_token"),
                "ticket": _hidden(page.text, "ticket"),
                "username": other["username"],
                "password": PASSWORD,
            },
        )
        assert "Présent à" in first.text
    with _phone(world) as phone:
        phone.cookies.set("ecep_a_dev", "shared-device-" + "x" * 10, domain="127.0.0.1", path="/a/")
        page = phone.get(_path(display))
        refused = phone.post(
            _path(display),
            data={
                "csrf_token": _hidden(page.text, "csrf_token"),
                "ticket": _hidden(page.text, "ticket"),
                "username": world.pupils[3]["username"],
                "password": PASSWORD,
            },
        )
        assert refused.status_code == 409 and "déjà servi à marquer un autre élève" in refused.text


def test_a_form_from_another_page_is_refused(world: ClassWorld) -> None:
    """The ticket is tied to the page's URL: a form for one session cannot mark another."""
    one, two = world.open(period_seconds=PERIOD), world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    d1, d2 = world.display(one["id"]), world.display(two["id"])
    with _phone(world) as phone:
        page = phone.get(_path(d1))
        response = phone.post(
            _path(d2),
            data={
                "csrf_token": _hidden(page.text, "csrf_token"),
                "ticket": _hidden(page.text, "ticket"),
                "username": world.pupils[4]["username"],
                "password": PASSWORD,
            },
        )
        assert response.status_code == 403


def test_hostile_text_is_escaped(world: ClassWorld) -> None:
    with _phone(world) as phone:
        page = phone.get("/a/%3Cscript%3E/1/%22%3E%3Cb%3E")
        assert page.status_code == 200
        assert "<script>" not in page.text and '"><b>' not in page.text


def test_a_lent_phone_signs_its_owner_out(world: ClassWorld) -> None:
    owner, classmate = world.pupils[5], world.pupils[6]
    opened = world.open(period_seconds=PERIOD)
    settle(world.server, PERIOD)
    path = _path(world.display(opened["id"]))
    with _phone(world) as phone:
        page = phone.get(path)
        csrf, ticket = _hidden(page.text, "csrf_token"), _hidden(page.text, "ticket")
        done = phone.post(path, data={"csrf_token": csrf, "ticket": ticket,
                                      "username": owner["username"], "password": PASSWORD})
        assert done.status_code == 200 and "Présent à" in done.text
        assert f"Vous n'êtes pas {owner['first_name']}" in done.text.replace("&#x27;", "'")
        owner_refresh = phone.cookies.get("ecep_a_rt")

        forged = phone.post(f"{path}/logout", data={"csrf_token": "x" * 24})
        assert forged.status_code == 403
        assert phone.get(path).status_code == 200  # still logged in

        signout_csrf = _hidden(done.text, "csrf_token")
        out = phone.post(f"{path}/logout", data={"csrf_token": signout_csrf})
        assert out.status_code == 200 and 'name="password"' in out.text
        assert "ecep_a_rt" not in phone.cookies and "ecep_a_at" not in phone.cookies

        # The owner's login is over on the server too, not only on the phone.
        assert world.server.client().post(
            "/api/v1/auth/refresh", json={"refresh_token": owner_refresh}
        ).status_code == 401

        # Next lesson, the classmate logs in on the same phone and is the one marked.
        second = world.open(period_seconds=PERIOD)
        settle(world.server, PERIOD)
        next_path = _path(world.display(second["id"]))
        form = phone.get(next_path)
        assert 'name="password"' in form.text
        marked = phone.post(next_path, data={
            "csrf_token": _hidden(form.text, "csrf_token"), "ticket": _hidden(form.text, "ticket"),
            "username": classmate["username"], "password": PASSWORD})
        assert marked.status_code == 200 and "Présent à" in marked.text
        roster = world.teacher_client.get(
            f"/api/v1/attendance/sessions/{second['id']}/roster").json()
        marked_ids = {p["pupil_id"] for p in roster["pupils"] if p["mark"]}
        assert marked_ids == {classmate["id"]}
