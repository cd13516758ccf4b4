"""The kiosk's own persistent queue of card scans not yet accepted by the server: a small
SQLite file in the kiosk's data directory (not the server's database). Each scan keeps its
client nonce and original scan time, so an upload that is retried, or a kiosk restarted
mid-upload, never records a scan twice (the server answers a known nonce as a duplicate)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class QueuedScan:
    nonce: str
    qr: str
    scanned_at: datetime  # aware, UTC


class ScanQueue:
    """Thread-safe (one connection behind a lock): the capture side adds, the uploader
    thread reads and removes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pending_scans ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " nonce TEXT NOT NULL UNIQUE,"
            " qr TEXT NOT NULL,"
            " scanned_at TEXT NOT NULL)"
        )

    def add(self, scan: QueuedScan) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO pending_scans (nonce, qr, scanned_at) VALUES (?, ?, ?)",
                (scan.nonce, scan.qr, scan.scanned_at.isoformat()),
            )

    def oldest(self, limit: int) -> list[QueuedScan]:
        with self._lock:
            rows = self._db.execute(
                "SELECT nonce, qr, scanned_at FROM pending_scans ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [QueuedScan(n, q, datetime.fromisoformat(t)) for n, q, t in rows]

    def remove(self, nonces: list[str]) -> None:
        if not nonces:
            return
        with self._lock:
            self._db.executemany(
                "DELETE FROM pending_scans WHERE nonce = ?", [(n,) for n in nonces]
            )

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM pending_scans").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
