"""``ecep-server``: init, migrate, create-user, reset-password, demo and serve, run the way an
administrator runs them (environment ECEP_DATA_DIR), checked in the database and through a
real server."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from lan_server.cli import main
from lan_server.config import Settings
from lan_server.core import migrate
from lan_server.core.context import AppContext
from lan_server.models import School, SchoolClass, User, UserRole, UserStatus
from tests.support import free_port, make_settings, problem, running_server

ADMIN_PASSWORD = "admin-pass-2026"
INIT_FLAGS = [
    "init", "--no-input", "--school-name", "École publique de Bonabéri", "--town", "Douala",
    "--admin-username", "directrice", "--admin-first-name", "Aïssatou",
    "--admin-last-name", "Hamadou", "--admin-password", ADMIN_PASSWORD,
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"  # not created: the CLI makes it on first use


@pytest.fixture
def env(data_dir: Path) -> dict[str, str | None]:
    return {
        "ECEP_DATA_DIR": str(data_dir), "ECEP_DATABASE_URL": None, "ECEP_SECRET_KEY": None,
        "LC_ALL": "en_US.UTF-8", "LC_MESSAGES": None, "LANG": None,
    }


def run(env: dict[str, str | None], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def ctx(data_dir: Path) -> Iterator[AppContext]:
    """The same database, opened directly (after the CLI has run)."""
    contexts: list[AppContext] = []

    def opener() -> AppContext:
        contexts.append(AppContext.build(make_settings(data_dir)))
        return contexts[-1]

    yield opener  # type: ignore[misc]
    for opened in contexts:
        opened.close()


def _user(ctx: AppContext, username: str) -> User | None:
    with ctx.db.read_session() as session:
        user = session.scalar(select(User).where(User.username == username))
        session.expunge_all()
        return user


# -- init ------------------------------------------------------------------------------------


def test_init_creates_school_and_admin_once(env, data_dir: Path, ctx) -> None:
    result = ok(run(env, *INIT_FLAGS))
    assert "École publique de Bonabéri" in result.output and "directrice" in result.output
    db = ctx()
    with db.db.read_session() as session:
        school = session.scalar(select(School))
        assert (school.name, school.town, school.timezone) == (
            "École publique de Bonabéri", "Douala", "Africa/Douala")
    admin = _user(db, "directrice")
    assert admin.role == UserRole.admin and admin.status == UserStatus.active
    assert db.passwords.verify(admin.password_hash, ADMIN_PASSWORD)
    assert (data_dir / "secret.key").exists()

    again = run(env, *INIT_FLAGS[:-1], "another-pass-2026")
    assert again.exit_code == 1
    assert "already has a school (École publique de Bonabéri)" in again.output
    assert "Nothing was changed" in again.output
    with db.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(School)) == 1
    assert db.passwords.verify(_user(db, "directrice").password_hash, ADMIN_PASSWORD)


def test_second_init_in_french_by_default(env) -> None:
    ok(run(env, *INIT_FLAGS))
    french = {**env, "LC_ALL": None}
    again = run(french, *INIT_FLAGS)
    assert again.exit_code == 1
    assert "Erreur : Ce serveur a déjà une école" in again.output


def test_init_missing_flag_without_input_fails_with_usage_error(env, ctx) -> None:
    without_password = INIT_FLAGS[:-2]
    result = run(env, *without_password)
    assert result.exit_code == 2
    assert "--admin-password" in result.output
    without_first_name = [a for a in INIT_FLAGS if a not in ("--admin-first-name", "Aïssatou")]
    result = run(env, *without_first_name)
    assert result.exit_code == 2 and "--admin-first-name" in result.output
    with ctx().db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(School)) == 0


def test_init_invalid_values_exit_2(env) -> None:
    result = run(env, *INIT_FLAGS, "--timezone", "Mars/Olympus_Mons")
    assert result.exit_code == 2 and "timezone" in result.output
    weak = run(env, *INIT_FLAGS[:-1], "short")
    assert weak.exit_code == 1 and "8" in weak.output


def test_init_prompts_for_what_is_missing(env, ctx) -> None:
    flags = [a for a in INIT_FLAGS if a not in ("--no-input", "--town", "Douala")][:-2]
    # town, time zone (default), language (default), email (none), password twice
    answers = f"Douala\n\n\n\n{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n"
    result = ok(run(env, *flags, input=answers))
    assert "Town" in result.output and "Africa/Douala" in result.output
    assert ADMIN_PASSWORD not in result.output
    db = ctx()
    with db.db.read_session() as session:
        assert session.scalar(select(School.town)) == "Douala"
    assert db.passwords.verify(_user(db, "directrice").password_hash, ADMIN_PASSWORD)


# -- migrate ----------------------------------------------------------------------------------


def test_migrate_brings_a_new_database_to_head(env, data_dir: Path) -> None:
    result = ok(run(env, "migrate"))
    url = Settings(data_dir=data_dir).resolved_database_url
    head = migrate.head_revision(url)
    assert head and head in result.output
    assert migrate.is_up_to_date(url)
    assert (data_dir / "ecep.sqlite3").exists()
    assert head in ok(run(env, "migrate")).output  # idempotent


# -- create-user, reset-password --------------------------------------------------------------


def test_create_user_then_log_in(env, data_dir: Path) -> None:
    before = run(env, "create-user", "--username", "brice.fouda", "--role", "teacher",
                 "--first-name", "Brice", "--last-name", "Fouda", "--password", "teacher-pass-1")
    assert before.exit_code == 1 and "no school" in before.output
    ok(run(env, *INIT_FLAGS))
    result = ok(run(env, "create-user", "--username", "brice.fouda", "--role", "teacher",
                    "--first-name", "Brice", "--last-name", "Fouda",
                    input="teacher-pass-1\nteacher-pass-1\n"))
    assert "brice.fouda" in result.output
    taken = run(env, "create-user", "--username", "brice.fouda", "--role", "student",
                "--first-name", "Brice", "--last-name", "Fouda", "--password", "pupil-pass-1")
    assert taken.exit_code == 1 and "brice.fouda" in taken.output
    bad = run(env, "create-user", "--username", "x", "--role", "student",
              "--first-name", "A", "--last-name", "B", "--password", "pupil-pass-1")
    assert bad.exit_code == 2 and "username" in bad.output
    with running_server(make_settings(data_dir), initialize=False) as server:
        tokens = server.login("brice.fouda", "teacher-pass-1")
        assert tokens["user"]["role"] == "teacher"
        with server.client() as client:
            problem(client.post("/api/v1/auth/login",
                                json={"username": "brice.fouda", "password": "wrong-pass-1"}),
                    401, "invalid_credentials")


def test_reset_password_changes_it_and_closes_sessions(env, data_dir: Path) -> None:
    ok(run(env, *INIT_FLAGS))
    with running_server(make_settings(data_dir), initialize=False) as server:
        tokens = server.login("directrice", ADMIN_PASSWORD)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        with server.client() as client:
            assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
            result = ok(run(env, "reset-password", "--username", "directrice",
                            "--password", "new-admin-pass-1"))
            assert "directrice" in result.output
            problem(client.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")
            problem(client.post("/api/v1/auth/refresh",
                                json={"refresh_token": tokens["refresh_token"]}),
                    401, "refresh_invalid")
            problem(client.post("/api/v1/auth/login",
                                json={"username": "directrice", "password": ADMIN_PASSWORD}),
                    401, "invalid_credentials")
        server.login("directrice", "new-admin-pass-1")
    unknown = run(env, "reset-password", "--username", "nobody", "--password", "whatever-1234")
    assert unknown.exit_code == 1 and "nobody" in unknown.output
    weak = run(env, "reset-password", "--username", "directrice", "--password", "short")
    assert weak.exit_code == 1


# -- demo ---------------------------------------------------------------------------------------


def test_demo_on_an_empty_server_then_refused_twice(env, data_dir: Path, ctx) -> None:
    started = time.perf_counter()
    result = ok(run(env, "demo"))
    elapsed = time.perf_counter() - started
    counts = re.search(
        r"(\d+) classes, (\d+) teachers, (\d+) pupils, (\d+) parents, (\d+) lessons", result.output)
    assert counts, result.output
    classes, teachers, pupils, parents, lessons = map(int, counts.groups())
    assert 6 <= classes <= 8 and 10 <= teachers <= 14 and 280 <= pupils <= 320
    assert "ecep-demo-2026" in result.output
    assert elapsed < 10, f"ecep-server demo took {elapsed:.1f} s"
    db = ctx()
    with db.db.read_session() as session:
        assert session.scalar(select(School.name)) == "École publique de Bonabéri"
        assert session.scalar(select(func.count()).select_from(SchoolClass)) == classes
        assert session.scalar(select(func.count()).select_from(User).where(
            User.role == UserRole.student)) == pupils
    assert db.passwords.verify(_user(db, "admin").password_hash, "ecep-demo-2026")

    again = run(env, "demo")
    assert again.exit_code == 1
    assert "already loaded" in again.output and "Traceback" not in again.output
    with db.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(SchoolClass)) == classes


def test_demo_into_an_initialized_school_and_weak_password(env, ctx) -> None:
    weak = run(env, "demo", "--password", "short")
    assert weak.exit_code == 1 and "8" in weak.output and "Traceback" not in weak.output
    ok(run(env, *INIT_FLAGS))
    ok(run(env, "demo", "--seed", "5"))
    db = ctx()
    with db.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(School)) == 1
        assert session.scalar(select(School.name)) == "École publique de Bonabéri"
    assert _user(db, "admin") is None, "the school keeps its own administrator"


# -- serve ----------------------------------------------------------------------------------------


def test_serve_refuses_a_taken_port(env) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(env, "serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.exit_code == 3
    assert str(port) in result.output and "--port" in result.output
    others = {int(n) for n in re.findall(r"\d{2,5}", result.output)} - {port, 127}
    assert others, f"no other port suggested: {result.output}"
    assert all(1 <= n <= 65535 for n in others)


def _wait_for_info(url: str, process: subprocess.Popen, log: Path) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}: {log.read_text()}")
        try:
            response = httpx.get(f"{url}/api/v1/info", timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        assert response.status_code == 200, response.text
        return response.json()
    pytest.fail(f"serve did not answer: {log.read_text()}")


@pytest.mark.e2e
def test_real_serve_and_first_run_setup(tmp_path: Path, data_dir: Path) -> None:
    executable = Path(sys.executable).with_name("ecep-server")
    assert executable.exists(), executable
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
    child_env.update(ECEP_DATA_DIR=str(data_dir), LC_ALL="en_US.UTF-8")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=child_env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        info = _wait_for_info(url, process, log)
        assert info["initialized"] is False and info["school_id"] is None
        token_file = data_dir / "setup.token"
        assert token_file.exists(), log.read_text()
        assert "setup.token" in log.read_text()
        if os.name == "posix":
            assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        token = token_file.read_text().strip()
        body = {
            "setup_token": token,
            "school": {"name": "École publique de Bonabéri", "town": "Douala"},
            "admin": {"username": "directrice", "password": ADMIN_PASSWORD,
                      "first_name": "Aïssatou", "last_name": "Hamadou"},
        }
        with httpx.Client(base_url=url, timeout=30) as client:
            wrong = client.post("/api/v1/setup", json={**body, "setup_token": "not-the-token"},
                                headers={"Accept-Language": "en"})
            assert problem(wrong, 403, "invalid_setup_token")["detail"] == (
                "The setup token is incorrect.")
            assert client.get("/api/v1/info").json()["initialized"] is False

            created = client.post("/api/v1/setup", json=body)
            assert created.status_code == 201, created.text
            assert created.json()["name"] == "École publique de Bonabéri"
            assert not token_file.exists(), "the token is single use"

            problem(client.post("/api/v1/setup", json=body), 409, "already_initialized")
            problem(client.post("/api/v1/setup", json={**body, "setup_token": "x"}),
                    409, "already_initialized")
            info = client.get("/api/v1/info").json()
            assert info["initialized"] is True
            assert info["school_name"] == "École publique de Bonabéri"
            login = client.post("/api/v1/auth/login",
                                json={"username": "directrice", "password": ADMIN_PASSWORD})
            assert login.status_code == 200, login.text
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if os.name == "posix":  # uvicorn shuts down cleanly on SIGTERM, then re-raises it
        assert process.returncode in (0, -signal.SIGTERM), log.read_text()
        assert "Application shutdown complete" in log.read_text()
