"""Sync throughput: push N attendance marks from a SQLite school to a PostgreSQL hub over
loopback, then pull them back into a fresh school; rows/s and peak memory of each side.

Baseline in the same run: the raw insert rate of the same marks into the school's SQLite
(Core executemany, capture triggers on), i.e. how fast the school writes them at all.
The hub is a real ``ecep-server serve --role hub`` (one worker, a throwaway PostgreSQL
cluster from tests/pg.py); each school side runs in a child process of its own so its peak
RSS is its own. Targets (issue 6): >= 5,000 rows/s each way, school RSS < 200 MB.

    python -m bench sync [--marks 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from bench.common import (
    loadavg,
    machine_info,
    print_machine,
    process_cpu_seconds,
    write_results,
)

PUPILS_PER_SESSION = 1000


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# -- child: one school side ------------------------------------------------------------------


def _school_ctx(data_dir: str):  # noqa: ANN202
    from lan_server.config import Settings
    from lan_server.core import migrate
    from lan_server.core.context import AppContext

    settings = Settings(data_dir=Path(data_dir), host="127.0.0.1", discovery_enabled=False)
    settings.ensure_data_dir()
    migrate.upgrade(settings.resolved_database_url)
    return AppContext.build(settings)


def _make_marks(ctx: Any, marks: int) -> float:
    """A school, N/1000 sessions of 1000 pupils; returns the seconds the marks took."""
    from sqlalchemy import insert

    from lan_server.models import (
        AttendanceMark,
        AttendanceSession,
        Lesson,
        SchoolClass,
        Subject,
        User,
    )
    from tests.support import initialize_school

    initialize_school(ctx)
    now = datetime.now(UTC)
    sessions = max(1, marks // PUPILS_PER_SESSION)
    with ctx.db.write_session() as session:
        admin = session.query(User).filter_by(role="admin").one()
        school_id = admin.school_id
        klass = SchoolClass(school_id=school_id, name="CM2 bench", level="CM2",
                            school_year="2026-2027")
        subject = Subject(school_id=school_id, code="BENCH", name="Calcul")
        session.add_all([klass, subject])
        session.flush()
        pupils = [
            {"id": uuid.uuid4(), "school_id": school_id, "username": f"p{i}",
             "first_name": "Élève", "last_name": f"N{i}", "role": "student", "locale": "fr",
             "status": "active"}
            for i in range(min(marks, PUPILS_PER_SESSION))
        ]
        session.execute(insert(User), pupils)
        sitting_ids = []
        for n in range(sessions):
            starts = now + timedelta(hours=n)
            lesson = Lesson(class_id=klass.id, subject_id=subject.id, teacher_id=admin.id,
                            starts_at=starts, ends_at=starts + timedelta(hours=1))
            session.add(lesson)
            session.flush()
            sitting = AttendanceSession(
                school_id=school_id, lesson_id=lesson.id, class_id=klass.id,
                opened_by_id=admin.id, short_code=uuid.uuid4().hex[:12], secret=os.urandom(32),
                opened_at=lesson.starts_at, late_after=lesson.starts_at,
                closes_at=lesson.ends_at, closed_at=lesson.ends_at,
            )
            session.add(sitting)
            session.flush()
            sitting_ids.append(sitting.id)
    rows = [
        {"id": uuid.uuid5(sid, str(p["id"])), "session_id": sid, "pupil_id": p["id"],
         "status": "present", "source": "qr", "marked_at": now, "created_at": now,
         "updated_at": now}
        for sid in sitting_ids for p in pupils
    ][:marks]
    started = time.perf_counter()
    with ctx.db.write_session() as session:
        session.execute(insert(AttendanceMark), rows)
    return time.perf_counter() - started


def _timed(module: Any, name: str, spent: dict[str, float]) -> None:
    """Wraps ``module.name`` to add its time to ``spent[name]`` (where the time goes)."""
    inner = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def child(argv: list[str]) -> int:
    action, data_dir = argv[:2]
    if action == "prepare":  # its own process: the rows built here do not count as sync RSS
        ctx = _school_ctx(data_dir)
        seconds = _make_marks(ctx, int(argv[2]))
        ctx.close()
        # The same marks into a school without the capture triggers: their cost on writes.
        bare = _school_ctx(data_dir + "-no-triggers")
        with bare.db.write_session() as session:
            for suffix in ("ai", "au", "ad"):
                session.execute(text(f"DROP TRIGGER sync_attendance_marks_{suffix}"))
        bare_seconds = _make_marks(bare, int(argv[2]))
        bare.close()
        print(json.dumps({"insert_seconds": seconds, "bare_insert_seconds": bare_seconds}))
        return 0
    hub_url, code = argv[2:4]
    from lan_server.sync import client as client_module
    from lan_server.sync import school_service
    from lan_server.sync.client import SyncClient, SyncOutcome

    spent: dict[str, float] = {}
    for name in ("build_push_batch", "stamp_clock", "acknowledge", "apply_rows"):
        _timed(school_service, name, spent)
    _timed(client_module, "gzip_json", spent)
    _timed(httpx.Client, "post", spent)
    _timed(httpx.Client, "get", spent)
    ctx = _school_ctx(data_dir)
    result: dict[str, Any] = {"spent": spent}
    client = SyncClient(ctx)
    client.enroll(hub_url, code)
    with ctx.db.read_session() as session:
        state = __import__("lan_server.sync.school_service", fromlist=["x"]).read_state(session)
        credential = state.credential
    outcome = SyncOutcome()
    started = time.perf_counter()
    with client._http(hub_url) as http:  # noqa: SLF001 - one direction timed on its own
        if action == "push":
            client._push(http, credential, outcome)  # noqa: SLF001
        else:
            client._pull(http, credential, outcome)  # noqa: SLF001
    result["seconds"] = time.perf_counter() - started
    result["rows"] = outcome.pushed_rows if action == "push" else outcome.pulled_rows
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["school_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    ctx.close()
    print(json.dumps(result))
    return 0


# -- parent ------------------------------------------------------------------------------------


def _run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this very module
        [sys.executable, "-m", "bench.sync", "--child", *args],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1],
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        return child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--marks", type=int, default=100_000)
    args = parser.parse_args(argv)

    from lan_server.core import migrate
    from lan_server.core.db import Database
    from lan_server.sync import hub_service
    from tests.pg import throwaway_postgres
    from tests.support import free_port

    info = machine_info()
    print_machine(info)
    with tempfile.TemporaryDirectory(prefix="ecep-bench-sync-") as tmp, \
            throwaway_postgres() as pg_url:
        root = Path(tmp)
        migrate.upgrade(pg_url)
        hub_db = Database.connect(pg_url)
        with hub_db.write_session() as session:
            first = hub_service.create_enroll_code(session, now=datetime.now(UTC),
                                                   school_name="Bench")
            second = hub_service.create_enroll_code(session, now=datetime.now(UTC),
                                                    hub_school_id=first.hub_school_id)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ECEP_")}
        env.update(ECEP_DATA_DIR=str(root / "hub"), ECEP_DISCOVERY_ENABLED="false")
        hub = subprocess.Popen(  # noqa: S603 - our own entry point
            [str(Path(sys.executable).with_name("ecep-server")), "serve", "--role", "hub",
             "--database", pg_url, "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        hub_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{hub_url}/api/v1/hub/hello", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or hub.poll() is not None:
                    raise RuntimeError("the hub did not start")
                time.sleep(0.1)
            hub_base = _peak_kib(hub.pid)
            prepared = _run_child("prepare", str(root / "school"), str(args.marks))
            hub_cpu = process_cpu_seconds(hub.pid)
            push = _run_child("push", str(root / "school"), hub_url, first.code)
            push["hub_cpu_seconds"] = process_cpu_seconds(hub.pid) - hub_cpu
            hub_cpu = process_cpu_seconds(hub.pid)
            push["insert_seconds"] = prepared["insert_seconds"]
            push["bare_insert_seconds"] = prepared["bare_insert_seconds"]
            hub_after_push = _peak_kib(hub.pid)
            pull = _run_child("pull", str(root / "fresh"), hub_url, second.code)
            pull["hub_cpu_seconds"] = process_cpu_seconds(hub.pid) - hub_cpu
            hub_after_pull = _peak_kib(hub.pid)
        finally:
            hub.terminate()
            hub.wait(timeout=30)
            hub_db.dispose()
    baseline = args.marks / push["insert_seconds"]
    push_rate = push["rows"] / push["seconds"]
    pull_rate = pull["rows"] / pull["seconds"]
    results = {
        "marks": args.marks,
        "baseline_insert_rows_per_s": round(baseline),
        "push": {"rows": push["rows"], "seconds": round(push["seconds"], 2),
                 "rows_per_s": round(push_rate), "school_peak_rss_mb": round(push["peak_rss_mb"])},
        "pull": {"rows": pull["rows"], "seconds": round(pull["seconds"], 2),
                 "rows_per_s": round(pull_rate), "school_peak_rss_mb": round(pull["peak_rss_mb"])},
        "hub_peak_rss_mb": {"at_start": round(hub_base / 1024),
                            "after_push": round(hub_after_push / 1024),
                            "after_pull": round(hub_after_pull / 1024)},
        "ratio_push_to_baseline": round(push_rate / baseline, 3),
        "ratio_pull_to_baseline": round(pull_rate / baseline, 3),
    }
    bare = args.marks / push["bare_insert_seconds"]
    results["insert_without_triggers_rows_per_s"] = round(bare)
    results["trigger_cost_per_mark_us"] = round(
        (push["insert_seconds"] - push["bare_insert_seconds"]) / args.marks * 1e6, 1)
    print(f"baseline: {results['baseline_insert_rows_per_s']} marks/s inserted into SQLite "
          f"({round(bare)} marks/s without the capture triggers: "
          f"{results['trigger_cost_per_mark_us']} us per mark for the outbox row)")
    print(f"push: {push['rows']} rows in {push['seconds']:.1f} s = {push_rate:.0f} rows/s "
          f"(x{results['ratio_push_to_baseline']} of baseline), school peak RSS "
          f"{push['peak_rss_mb']:.0f} MB")
    print(f"pull: {pull['rows']} rows in {pull['seconds']:.1f} s = {pull_rate:.0f} rows/s "
          f"(x{results['ratio_pull_to_baseline']} of baseline), school peak RSS "
          f"{pull['peak_rss_mb']:.0f} MB")
    print(f"hub peak RSS: {results['hub_peak_rss_mb']} MB")
    for label, side in (("push", push), ("pull", pull)):
        results[label]["hub_cpu_seconds"] = round(side["hub_cpu_seconds"], 2)
        results[label]["school_cpu_seconds"] = round(side["school_cpu_seconds"], 2)
        print(f"{label} CPU: hub {side['hub_cpu_seconds']:.1f} s, school process "
              f"{side['school_cpu_seconds']:.1f} s (with its start-up)")
        parts = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(side["spent"].items()) if v)
        print(f"{label} time spent: {parts}")
    results["push"]["spent_seconds"] = push["spent"]
    results["pull"]["spent_seconds"] = pull["spent"]
    results["loadavg_at_end"] = loadavg()
    print(f"load average at end: {results['loadavg_at_end']} (the machine is shared)")
    write_results("sync", {"machine": info, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
