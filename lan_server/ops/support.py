"""The support bundle: one zip file a school admin sends to whoever helps them.

Inside: the log files (``logs/``), ``versions.json`` (eCEP, Python, SQLite, the main
libraries, the operating system, the database schema revision), ``settings.json`` (every
setting, secrets removed), ``data-dir.json`` (the names and sizes of the data directory's
files, no content), ``backups.json`` and ``database.json`` (``integrity_check`` of the live
database). Never inside: the database itself, ``secret.key``, ``setup.token``, the TLS
private key, passwords (SMTP password, a password in the database URL).
"""

from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
import sys
import zipfile
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from lan_server import __version__
from lan_server.config import Settings
from lan_server.ops.backup import backups_dir, integrity_problem, list_backups, sqlite_path
from lan_server.ops.logs import logs_dir

REDACTED = "***"
# Setting names holding a secret (matched as substrings of the lowercase name).
SECRET_WORDS = ("password", "secret", "token", "key")
PACKAGES = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "pydantic", "zeroconf",
            "cryptography", "argon2-cffi", "httpx", "PySide6-Essentials", "zxing-cpp",
            "opencv-python-headless", "psycopg")
MAX_LOG_BYTES = 20_000_000  # a runaway log is cut, not allowed to fill the zip
URL_CREDENTIALS = re.compile(r"(://)[^/@\s]+@")


def redacted_settings(settings: Settings) -> dict[str, Any]:
    values = settings.model_dump(mode="json")
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if any(word in name.lower() for word in SECRET_WORDS) and value not in (None, ""):
            clean[name] = REDACTED
        else:
            clean[name] = value
    for name, value in clean.items():  # credentials inside any URL (a hub's, a proxy's)
        if isinstance(value, str):
            clean[name] = URL_CREDENTIALS.sub(r"\1***@", value)
    url = settings.resolved_database_url
    clean["database_url"] = make_url(url).render_as_string(hide_password=True)
    clean["secret_key"] = REDACTED
    return clean


def versions(settings: Settings) -> dict[str, Any]:
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    revision = None
    try:
        from lan_server.core import migrate

        revision = migrate.current_revision(settings.resolved_database_url)
    except Exception as exc:  # the bundle is most needed when something is broken
        revision = f"unreadable: {exc}"
    return {
        "ecep": __version__,
        "python": sys.version,
        "frozen": bool(getattr(sys, "frozen", False)),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": packages,
        "schema_revision": revision,
    }


def _data_dir_listing(data_dir: Path) -> list[dict[str, Any]]:
    listing = []
    for root, _dirs, files in os.walk(data_dir):
        for name in sorted(files):
            path = Path(root) / name
            try:
                size = path.stat().st_size
            except OSError:
                continue
            listing.append({"path": str(path.relative_to(data_dir)), "size": size})
    return listing


def _database_state(settings: Settings) -> dict[str, Any]:
    path = sqlite_path(settings.resolved_database_url)
    if path is None:
        return {"backend": make_url(settings.resolved_database_url).get_backend_name()}
    if not path.is_file():
        return {"backend": "sqlite", "exists": False}
    connection = sqlite3.connect(str(path), timeout=10)  # reads only
    try:
        problem = integrity_problem(connection)
        return {"backend": "sqlite", "exists": True, "size": path.stat().st_size,
                "integrity_check": "ok" if problem is None else problem}
    finally:
        connection.close()


def write_support_bundle(settings: Settings, target: Path | Any, *, now: datetime) -> None:
    """Writes the zip to ``target`` (a path or a binary file object)."""
    data_dir = Path(settings.data_dir)

    def add_json(archive: zipfile.ZipFile, name: str, value: Any) -> None:
        archive.writestr(name, json.dumps(value, indent=2, ensure_ascii=False, default=str))

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        add_json(archive, "bundle.json", {"created_at": now.isoformat(),
                                          "server_id": _server_id(data_dir)})
        add_json(archive, "versions.json", versions(settings))
        add_json(archive, "settings.json", redacted_settings(settings))
        add_json(archive, "data-dir.json", _data_dir_listing(data_dir))
        add_json(archive, "backups.json", [
            {"name": b.name, "size": b.size, "created_at": b.created_at, "reason": b.reason}
            for b in list_backups(backups_dir(data_dir))
        ])
        try:
            add_json(archive, "database.json", _database_state(settings))
        except sqlite3.Error as exc:
            add_json(archive, "database.json", {"error": str(exc)})
        folder = logs_dir(data_dir)
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and ".log" in path.name:
                    data = path.read_bytes()[-MAX_LOG_BYTES:]
                    archive.writestr(f"logs/{path.name}", data)


def _server_id(data_dir: Path) -> str | None:
    try:
        return (data_dir / "server.id").read_text(encoding="ascii").strip()
    except OSError:
        return None


def bundle_name(now: datetime) -> str:
    return f"ecep-support-{now.strftime('%Y-%m-%d_%H-%M-%S')}.zip"
