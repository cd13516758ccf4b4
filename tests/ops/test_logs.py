"""Log files: the server's ``logs/server.log`` rotates and keeps a bounded number of old
files (no per-request lines), the desktop's ``logs/desktop.log`` records uncaught errors.
Each runs in a child process (logging is configured once per process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_server_log_rotates_and_stays_bounded(tmp_path):
    done = _python(f"""
        import logging, logging.config
        from lan_server.ops.logs import server_log_config
        logging.config.dictConfig(server_log_config({str(tmp_path)!r}, "info",
                                                    max_bytes=2000, backup_count=2))
        for i in range(400):
            logging.getLogger("lan_server.core.jobs").info("job line %d", i)
            logging.getLogger("uvicorn.error").info("uvicorn line %d", i)
            logging.getLogger("uvicorn.access").info("GET /api/v1/health %d", i)
        logging.getLogger("lan_server.core.jobs").warning("the last line")
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "logs"
    assert sorted(p.name for p in folder.iterdir()) == ["server.log", "server.log.1",
                                                          "server.log.2"]
    assert all(p.stat().st_size <= 2000 for p in folder.iterdir())
    text = (folder / "server.log").read_text()
    assert "WARNING" in text and "lan_server.core.jobs: the last line" in text
    everything = "".join(p.read_text() for p in folder.iterdir())
    assert "uvicorn line 399" in everything
    assert "GET /api/v1/health" not in everything  # no per-request lines
    assert "uvicorn line 399" in done.stderr  # the console still has everything
    assert " WARNING lan_server.core.jobs: the last line" in done.stderr  # in its old format


def test_desktop_log_records_uncaught_errors(tmp_path):
    done = _python(f"""
        from lan_server.ops.logs import setup_desktop_logging
        import logging
        print(setup_desktop_logging({str(tmp_path)!r}))
        logging.getLogger("httpx").info("HTTP Request: GET /api/v1/health")
        logging.getLogger("ecep_desktop.kiosk").warning("camera lost")
        raise RuntimeError("the projector cable fell")
    """, tmp_path)
    assert done.returncode == 1
    path = tmp_path / "logs" / "desktop.log"
    assert done.stdout.strip() == str(path)
    text = path.read_text()
    assert "eCEP desktop started" in text
    assert "CRITICAL" in text and "RuntimeError: the projector cable fell" in text
    assert "RuntimeError: the projector cable fell" in done.stderr
    assert "camera lost" in text and "camera lost" in done.stderr  # still on the console
    assert "HTTP Request" not in text  # not one line per API call
