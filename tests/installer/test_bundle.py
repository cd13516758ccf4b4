"""The PyInstaller bundle (installer/ecep.spec, `make bundle`), built once per test session
in a temporary folder (a few minutes), then run the way a school runs it: the headless
server answers /api/v1/health, the server's commands work from the bundle, and the desktop
app starts offscreen — connected to a server, and as the school server supervising its own
embedded server (the frozen build's ``ecep --headless``).

ECEP_TEST_BUNDLE=/path/to/dist/ecep reuses a bundle already built (development)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lan_server import __version__
from tests.conftest import IN_CI
from tests.support import free_port

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "installer" / "ecep.spec"
BUILD_TIMEOUT_S = 1800
ADMIN_PASSWORD = "admin-pass-2026"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(BUILD_TIMEOUT_S + 300)]


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("ECEP_TEST_BUNDLE")
    if given:
        return Path(given)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = "PyInstaller is not installed (pip install -e '.[dev]')"
        if IN_CI:
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(root / "dist"), "--workpath", str(root / "work"), str(SPEC)],
        cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    subprocess.run(["rm", "-rf", str(root / "work")], check=False)
    program = root / "dist" / "ecep" / "ecep"
    assert program.exists(), done.stderr[-5000:]
    return program.parent


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    # Nothing of this checkout may leak in: the bundle must carry everything it needs.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ECEP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(ECEP_DATA_DIR=str(data_dir), ECEP_DISCOVERY_INTERFACES="127.0.0.1",
               LC_ALL="en_US.UTF-8", **extra)
    return env


def _init(bundle: Path, data_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(bundle / "ecep"), "server", "init", "--no-input", "--school-name", "École A",
         "--admin-username", "admin", "--admin-first-name", "A", "--admin-last-name", "B",
         "--admin-password", ADMIN_PASSWORD],
        env=_env(data_dir), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def headless(bundle: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    data_dir = tmp_path / "data"
    _init(bundle, data_dir, tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(bundle / "ecep"), "--headless", "--host", "127.0.0.1", "--port", str(port)],
            env=_env(data_dir), cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, data_dir, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_bundle_serves_headless_and_runs_the_server_commands(bundle, headless, tmp_path):
    url, data_dir, process = headless
    assert httpx.get(f"{url}/api/v1/health").json() == {"status": "ok", "database": "ok"}
    info = httpx.get(f"{url}/api/v1/info").json()
    assert info["version"] == __version__ and info["school_name"] == "École A"
    login = httpx.post(f"{url}/api/v1/auth/login",
                       json={"username": "admin", "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    assert "Application startup complete" in (data_dir / "logs" / "server.log").read_text()
    done = subprocess.run([str(bundle / "ecep"), "server", "backup"], env=_env(data_dir),
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (backup,) = (data_dir / "backups").glob("*-manual.sqlite3")
    # The console executable beside it runs the same commands (Windows: ecep-server.exe).
    listed = subprocess.run([str(bundle / "ecep-server"), "backup", "--list"],
                            env=_env(data_dir), cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert listed.returncode == 0 and backup.name in listed.stdout, listed.stderr
    connection = sqlite3.connect(backup)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down cleanly, then re-raises the signal: killed by SIGTERM, after that
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in (data_dir / "logs" / "server.log").read_text()


def test_bundle_desktop_connects_offscreen(bundle, headless, tmp_path):
    url, data_dir, _process = headless
    done = subprocess.run(
        [str(bundle / "ecep"), "--server", url, "--user", "admin", "--settings",
         str(tmp_path / "d.ini"), "--language", "en", "--exit-when-ready"],
        env=_env(data_dir, QT_QPA_PLATFORM="offscreen", ECEP_DESKTOP_PASSWORD=ADMIN_PASSWORD),
        cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_bundle_desktop_is_the_school_server_offscreen(bundle, tmp_path):
    """The desktop's supervisor starts the bundle's own executable with --headless."""
    data_dir = tmp_path / "data"
    _init(bundle, data_dir, tmp_path)
    port = free_port()
    done = subprocess.run(
        [str(bundle / "ecep"), "--embedded", "--data-dir", str(data_dir), "--port", str(port),
         "--user", "admin", "--settings", str(tmp_path / "d.ini"), "--exit-when-ready"],
        env=_env(data_dir, QT_QPA_PLATFORM="offscreen", ECEP_DESKTOP_PASSWORD=ADMIN_PASSWORD),
        cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready "), done.stdout + done.stderr
    assert not (data_dir / "desktop-server.pid").exists()  # its server was stopped
    assert "eCEP desktop started" in (data_dir / "logs" / "desktop.log").read_text()
    assert "Application startup complete" in (data_dir / "logs" / "server.log").read_text()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
