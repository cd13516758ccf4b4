"""The Linux installation files: the systemd unit passes ``systemd-analyze verify`` and its
offline security review, the .desktop entry passes ``desktop-file-validate``, and
install.sh lays out a bundle the way the guide says. The tools come from the Makefile's
TEST_SYSTEM_PACKAGES (systemd, desktop-file-utils): without them, skipped locally, failed
under CI."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

LINUX = Path(__file__).resolve().parents[2] / "installer" / "linux"
UNIT = LINUX / "ecep-server.service"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} not found: `make test` installs it (TEST_SYSTEM_PACKAGES)"
        if IN_CI:
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return path


def _unit(tmp_path: Path) -> Path:
    """The unit with its ExecStart pointing at this checkout's ecep-server (verify checks
    that the program exists)."""
    executable = Path(sys.executable).with_name("ecep-server")
    text = UNIT.read_text().replace("/usr/local/bin/ecep-server", str(executable))
    path = tmp_path / "ecep-server.service"
    path.write_text(text)
    return path


def _unit_settings() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT)
    return parser


def test_systemd_unit_verifies(tmp_path):
    tool = _tool("systemd-analyze")
    done = subprocess.run([tool, "verify", str(_unit(tmp_path))], capture_output=True,
                          text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ecep-server.service" not in done.stdout + done.stderr, done.stderr


def test_systemd_unit_is_hardened(tmp_path):
    tool = _tool("systemd-analyze")
    service = _unit_settings()["Service"]
    assert service["ExecStart"].endswith("ecep-server serve")
    assert service["User"] == "ecep" and service["Restart"] == "always"
    assert service["Environment"] == "LANG=fr_FR.UTF-8"  # the last of the two lines
    assert "ECEP_DATA_DIR=/var/lib/ecep" in UNIT.read_text()
    assert service["StateDirectory"] == "ecep"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "CapabilityBoundingSet": "",
                       "SystemCallFilter": "@system-service"}.items():
        assert service[key] == value, key
    # systemd's own review of the sandbox (0 = locked down, 10 = fully exposed).
    done = subprocess.run(
        [tool, "security", "--offline=true", "--threshold=30", "--no-pager",
         str(_unit(tmp_path))],
        capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "Overall exposure level" in done.stdout


def test_desktop_entry_validates():
    tool = _tool("desktop-file-validate")
    done = subprocess.run([tool, str(LINUX / "ecep.desktop")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / "ecep.desktop", encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == "/opt/ecep/ecep"
    assert "GenericName[fr]" in entry["Desktop Entry"]


def test_install_script_lays_out_a_bundle(tmp_path):
    bundle = tmp_path / "dist" / "ecep"
    (bundle / "_internal").mkdir(parents=True)
    program = bundle / "ecep"
    program.write_text("#!/bin/sh\necho \"ecep $*\"\n")
    program.chmod(0o755)
    root = tmp_path / "root"
    env = {**os.environ, "DESTDIR": str(root)}
    script = LINUX / "install.sh"
    for _ in range(2):  # a second run is an upgrade: same result
        done = subprocess.run(["sh", str(script), "--bundle", str(bundle), "--server"],
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert (root / "opt/ecep/ecep").exists() and (root / "opt/ecep/_internal").is_dir()
    assert not (root / "opt/ecep.old").exists() and not (root / "opt/ecep.new").exists()
    wrapper = root / "usr/local/bin/ecep-server"
    assert wrapper.stat().st_mode & stat.S_IXUSR
    assert wrapper.read_text().splitlines()[-1] == 'exec /opt/ecep/ecep server "$@"'
    assert os.readlink(root / "usr/local/bin/ecep") == "/opt/ecep/ecep"
    assert (root / "usr/share/applications/ecep.desktop").read_text() == (
        LINUX / "ecep.desktop").read_text()
    assert (root / "usr/share/icons/hicolor/scalable/apps/ecep.svg").exists()
    assert (root / "etc/systemd/system/ecep-server.service").read_text() == UNIT.read_text()
    assert (root / "etc/ecep/ecep-server.env").exists()
    # The wrapper runs the bundle's server commands.
    fake = tmp_path / "fake-wrapper"
    fake.write_text(wrapper.read_text().replace("/opt/ecep/ecep", str(program)))
    fake.chmod(0o755)
    out = subprocess.run([str(fake), "backup", "--list"], capture_output=True, text=True)
    assert out.stdout.strip() == "ecep server backup --list"

    missing = subprocess.run(["sh", str(script), "--bundle", str(tmp_path / "nothing")],
                             env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "make bundle" in missing.stderr

    # Uninstalling keeps the school's data unless --purge is given.
    data = root / "var/lib/ecep"
    data.mkdir(parents=True)
    (data / "ecep.sqlite3").write_bytes(b"the school")
    removed = subprocess.run(["sh", str(script), "--uninstall"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert removed.returncode == 0, removed.stderr
    assert "data is kept" in removed.stdout
    assert not (root / "opt/ecep").exists() and not wrapper.exists()
    assert not (root / "usr/share/applications/ecep.desktop").exists()
    assert not (root / "etc/systemd/system/ecep-server.service").exists()
    assert (data / "ecep.sqlite3").read_bytes() == b"the school"
    purged = subprocess.run(["sh", str(script), "--uninstall", "--purge"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert purged.returncode == 0, purged.stderr
    assert not data.exists()
