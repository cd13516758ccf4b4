"""Rotating log files in the data directory's ``logs/`` folder.

``server.log``: what ``ecep-server serve`` logs (its own messages and uvicorn's start-up,
shutdown and errors; not one line per request: a class scanning a QR code would push the
useful lines out within minutes). ``desktop.log``: the desktop app's messages and any
uncaught error. Each file rotates at ``max_bytes`` and keeps ``backup_count`` old ones
(``server.log.1`` ...), so the folder never grows past a few megabytes.
"""

from __future__ import annotations

import copy
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

LOGS_DIR = "logs"
SERVER_LOG = "server.log"
DESKTOP_LOG = "desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"
# The application's lines on the console, as ``ecep-server`` printed them before there was a
# file (lan_server/cli.py's basicConfig); uvicorn's own lines keep uvicorn's format.
CONSOLE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOGS_DIR


def _handler_settings(path: Path, max_bytes: int, backup_count: int) -> dict[str, Any]:
    return {
        "class": "logging.handlers.RotatingFileHandler",
        "filename": str(path),
        "maxBytes": max_bytes,
        "backupCount": backup_count,
        "encoding": "utf-8",
        "formatter": "ecep_file",
    }


def server_log_config(data_dir: Path, level: str = "info", *, max_bytes: int = MAX_BYTES,
                      backup_count: int = BACKUP_COUNT) -> dict[str, Any]:
    """uvicorn's own logging configuration (console output unchanged) plus the rotating
    ``logs/server.log`` for uvicorn's messages and every logger of the application."""
    from uvicorn.config import LOGGING_CONFIG

    folder = logs_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["ecep_file"] = {"format": FORMAT}
    config["handlers"]["ecep_file"] = _handler_settings(folder / SERVER_LOG, max_bytes,
                                                        backup_count)
    config["loggers"]["uvicorn"]["handlers"] = [*config["loggers"]["uvicorn"]["handlers"],
                                                "ecep_file"]
    # The application's loggers reach the root: console and file. ``ecep-server -v`` (the
    # root at DEBUG already) keeps its say over the application's own messages.
    wanted = logging.getLevelName(level.upper())
    current = logging.getLogger().getEffectiveLevel()
    root_level = min(current, wanted) if isinstance(wanted, int) else current
    config["formatters"]["ecep_console"] = {"format": CONSOLE_FORMAT}
    config["handlers"]["ecep_console"] = {"class": "logging.StreamHandler",
                                          "formatter": "ecep_console",
                                          "stream": "ext://sys.stderr"}
    config["root"] = {"handlers": ["ecep_console", "ecep_file"],
                      "level": logging.getLevelName(root_level)}
    return config


def add_file_handler(data_dir: Path, name: str, *, level: int = logging.INFO,
                     max_bytes: int = MAX_BYTES,
                     backup_count: int = BACKUP_COUNT) -> logging.Handler:
    """A rotating ``logs/<name>`` on the root logger (for the desktop app, or a command)."""
    folder = logs_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / name, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return handler


def log_uncaught_exceptions(logger_name: str = "ecep") -> None:
    """Uncaught errors go to the log file too (and still to the console)."""
    previous = sys.excepthook
    log = logging.getLogger(logger_name)

    def hook(kind, value, traceback) -> None:  # noqa: ANN001 - sys.excepthook's signature
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught error", exc_info=(kind, value, traceback))
        previous(kind, value, traceback)

    sys.excepthook = hook


def setup_desktop_logging(data_dir: str | Path | None = None) -> Path:
    """``logs/desktop.log`` in the data directory (``--data-dir``, else ECEP_DATA_DIR, else
    the default one) and uncaught errors logged; returns the log file's path."""
    if data_dir is None:
        from lan_server.config import default_data_dir

        data_dir = os.environ.get("ECEP_DATA_DIR") or default_data_dir()
    handler = add_file_handler(Path(data_dir), DESKTOP_LOG)
    # What Python printed before the file existed (warnings and errors, on stderr) it still
    # prints; one line per HTTP request of the API client would only drown the file.
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(console)
    for chatty in ("httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    log_uncaught_exceptions("ecep_desktop")
    logging.getLogger("ecep_desktop").info("eCEP desktop started (pid %d)", os.getpid())
    return Path(handler.baseFilename)
