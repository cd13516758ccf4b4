"""The school server's sync run: push the outbox, then pull the hub's changes (docs/sync.md).

Blocking (httpx and the database): the monitor and ``POST /sync/run`` call it from a
thread, the CLI directly. One run at a time per process (a lock); two processes running at
once are still safe (the hub applies a batch once, pulled rows are idempotent)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from lan_server.core.context import AppContext
from lan_server.core.errors import AppError
from lan_server.core.i18n import translate
from lan_server.sync import messages as _messages  # noqa: F401 - the catalogue
from lan_server.sync import restore, school_service
from lan_server.sync.protocol import (
    MAX_PULL_ROWS,
    MAX_PUSH_ROWS,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SCHEMA_HEADER,
    SYNC_SCHEMA_VERSION,
    gzip_json,
)

log = logging.getLogger(__name__)

HUB_PREFIX = "/api/v1/hub"
PUSH_LIMIT = MAX_PUSH_ROWS  # outbox rows per batch (so at most as many rows)
PULL_LIMIT = min(2000, MAX_PULL_ROWS)
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0
PROBE_TIMEOUT_S = 5.0


class SyncError(AppError):
    """A sync that did not complete; ``detail`` is the sentence shown in the status. As an
    API answer (``POST /sync/enroll``): the hub's own refusal status (400, 401, 409), else
    424 Failed Dependency (the hub could not be reached or failed)."""

    status_code = 424

    def __init__(self, code: str, detail: str, *, status_code: int | None = None,
                 **params: Any) -> None:
        super().__init__(code, params=params, status_code=status_code)
        self.detail = detail


@dataclass
class SyncOutcome:
    pushed_rows: int = 0
    pushed_batches: int = 0
    pulled_rows: int = 0
    applied: int = 0
    parked: int = 0


def _headers(credential: str | None = None) -> dict[str, str]:
    headers = {
        PROTOCOL_HEADER: str(PROTOCOL_VERSION),
        SCHEMA_HEADER: str(SYNC_SCHEMA_VERSION),
    }
    if credential:
        headers["Authorization"] = f"Bearer {credential}"
    return headers


def _problem(response: httpx.Response, locale: str) -> SyncError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("code") or "sync_hub_error"
    detail = body.get("detail") or translate(
        "sync_hub_error", locale, {"status": response.status_code}
    )
    status = response.status_code if 400 <= response.status_code < 500 else None
    error = SyncError(code, detail, status_code=status)
    error.extra = {k: v for k, v in body.items() if k == "acked"}
    return error


def _check_hub_versions(info: dict[str, Any], locale: str) -> None:
    low, high = info.get("schema_low", 0), info.get("schema_high", 0)
    if info.get("protocol") != PROTOCOL_VERSION or not low <= SYNC_SCHEMA_VERSION <= high:
        params = {
            "peer_protocol": info.get("protocol"), "peer_schema": f"{low}-{high}",
            "protocol": PROTOCOL_VERSION, "low": SYNC_SCHEMA_VERSION, "high": SYNC_SCHEMA_VERSION,
        }
        raise SyncError("sync_incompatible", translate("sync_incompatible", locale, params),
                        status_code=409, **params)


class SyncClient:
    """Talks to one hub for one school server."""

    def __init__(self, ctx: AppContext, *, transport: httpx.BaseTransport | None = None,
                 locale: str | None = None) -> None:
        self.ctx = ctx
        self.transport = transport
        self.lock = threading.Lock()
        # The language of the sentences kept in the status (the hub's answers included).
        self.locale = locale or ctx.settings.default_locale

    # -- helpers -------------------------------------------------------------------------------

    def _http(self, hub_url: str, *, timeout: float | None = None) -> httpx.Client:
        return httpx.Client(
            base_url=hub_url.rstrip("/"),
            headers={"Accept-Language": self.locale},
            timeout=httpx.Timeout(timeout or READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            transport=self.transport,
            trust_env=False,
        )

    def hub_url(self, state_url: str | None) -> str | None:
        return self.ctx.settings.hub_url or state_url

    def hello(self, hub_url: str) -> dict[str, Any]:
        with self._http(hub_url, timeout=PROBE_TIMEOUT_S) as http:
            response = http.get(f"{HUB_PREFIX}/hello", headers=_headers())
        if response.status_code != 200:
            raise _problem(response, self.locale)
        info = response.json()
        _check_hub_versions(info, self.locale)
        return info

    def probe(self) -> bool:
        """Whether the hub answers (recorded in the status)."""
        with self.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            url = self.hub_url(state.hub_url if state else None)
        if not url:
            return False
        try:
            self.hello(url)
            reachable = True
        except (httpx.HTTPError, SyncError):
            reachable = False
        with self.ctx.db.write_session() as session:
            school_service.get_state(session, lock=True).hub_reachable = reachable
        return reachable

    # -- enrollment ----------------------------------------------------------------------------

    def enroll(self, hub_url: str, code: str) -> dict[str, Any]:
        from lan_server.setup.service import get_school

        try:
            self.hello(hub_url)
            with self.ctx.db.read_session() as session:
                school = get_school(session)
                school_id = str(school.id) if school else None
            with self._http(hub_url) as http:
                response = http.post(
                    f"{HUB_PREFIX}/enroll", headers=_headers(),
                    json={"code": code, "install_id": self.ctx.server_id, "school_id": school_id},
                )
        except httpx.HTTPError as exc:
            raise SyncError(
                "sync_hub_unreachable", translate("sync_hub_unreachable", self.locale,
                                                  {"error": type(exc).__name__}),
                error=type(exc).__name__,
            ) from exc
        if response.status_code != 200:
            raise _problem(response, self.locale)
        body = response.json()
        import uuid

        with self.ctx.db.write_session() as session:
            school_service.save_enrollment(
                session, hub_url=hub_url, credential=body["credential"],
                hub_school_id=uuid.UUID(body["hub_school_id"]), install_id=self.ctx.server_id,
            )
        return body

    # -- one run -------------------------------------------------------------------------------

    def run(self) -> SyncOutcome:
        """Push everything pending, then pull everything new. Raises ``SyncError``; the
        outcome (success or error) is recorded in the status either way."""
        with self.lock:
            now = self.ctx.clock.now()
            with self.ctx.db.write_session() as session:
                state = school_service.get_state(session, lock=True)
                state.last_attempt_at = now
                credential, url = state.credential, self.hub_url(state.hub_url)
                recovering = state.resync_required
            if not credential or not url:
                raise SyncError("sync_not_enrolled", translate("sync_not_enrolled", self.locale))
            try:
                with self._http(url) as http:
                    outcome = SyncOutcome()
                    if recovering:  # restored from a backup (lan_server/sync/restore.py)
                        hub_acked = self._pull(http, credential, outcome, own=True)
                        with self.ctx.db.write_session() as session:
                            restore.finish_recovery(session, hub_acked=hub_acked)
                    self._push(http, credential, outcome)
                    self._pull(http, credential, outcome)
            except httpx.HTTPError as exc:
                error = SyncError(
                    "sync_hub_unreachable",
                    translate("sync_hub_unreachable", self.locale, {"error": type(exc).__name__}),
                    error=type(exc).__name__,
                )
                self._record_failure(error, reachable=False)
                raise error from exc
            except SyncError as exc:
                self._record_failure(exc, reachable=True)
                raise
            with self.ctx.db.write_session() as session:
                state = school_service.get_state(session, lock=True)
                state.last_success_at = self.ctx.clock.now()
                state.last_error = None
                state.last_error_code = None
                state.hub_reachable = True
            return outcome

    def _record_failure(self, error: SyncError, *, reachable: bool) -> None:
        log.warning("sync failed: %s", error.detail)
        with self.ctx.db.write_session() as session:
            state = school_service.get_state(session, lock=True)
            state.last_error = error.detail
            state.last_error_code = error.code
            state.hub_reachable = reachable

    def _prepare(self, after: int) -> tuple[school_service.PushBatch, bytes] | None:
        """The next batch after ``after``, stamped with the clock (saved) and compressed."""
        with self.ctx.db.read_session() as session:
            batch = school_service.build_push_batch(session, after=after, limit=PUSH_LIMIT)
        if batch is None:
            return None
        with self.ctx.db.write_session() as session:
            school_service.stamp_clock(session, batch, self.ctx.clock.now())
        return batch, gzip_json({"after": batch.after, "upto": batch.upto, "rows": batch.rows})

    def _push(self, http: httpx.Client, credential: str, outcome: SyncOutcome) -> None:
        """Batches one after the other; while the hub applies one, the next is read,
        stamped and compressed (it is sent only once the previous one is acknowledged)."""
        headers = {**_headers(credential), "Content-Encoding": "gzip",
                   "Content-Type": "application/json"}
        with self.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            prepared = self._prepare(state.acked_seq if state else 0)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as pool:
            while prepared is not None:
                batch, body = prepared
                sending = pool.submit(http.post, f"{HUB_PREFIX}/push", content=body,
                                      headers=headers)
                upcoming = self._prepare(batch.upto)
                response = sending.result()
                if response.status_code == 409 and response.json().get("code") == "sync_gap":
                    # The hub has less than this server believes (restored from a backup):
                    # the whole school is queued again after what the hub has.
                    with self.ctx.db.write_session() as session:
                        school_service.resend_everything(
                            session, hub_acked=response.json()["acked"]
                        )
                        acked = school_service.get_state(session).acked_seq
                    prepared = self._prepare(acked)
                    continue
                if response.status_code != 200:
                    raise _problem(response, self.locale)
                answer = response.json()
                with self.ctx.db.write_session() as session:
                    school_service.acknowledge(
                        session, acked=answer["acked"], hub_hlc=answer["hlc"],
                        rows=len(batch.rows),
                    )
                outcome.pushed_rows += len(batch.rows)
                outcome.pushed_batches += 1
                prepared = upcoming

    def _pull(self, http: httpx.Client, credential: str, outcome: SyncOutcome,
              *, own: bool = False) -> int:
        """Pages in order; the next page is fetched while this one is applied (its rows and
        the cursor are committed together). ``own``: this server's own pushes too. Returns
        the push sequence the hub acknowledged from this server."""
        headers = _headers(credential)
        params: dict[str, Any] = {"limit": PULL_LIMIT, **({"own": "true"} if own else {})}

        def fetch(cursor: int) -> httpx.Response:
            return http.get(f"{HUB_PREFIX}/pull", params={**params, "after": cursor},
                            headers=headers)

        with self.ctx.db.read_session() as session:
            state = school_service.read_state(session)
            cursor = state.pull_cursor if state else 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as pool:
            fetching = pool.submit(fetch, cursor)
            while True:
                response = fetching.result()
                if response.status_code != 200:
                    raise _problem(response, self.locale)
                page = response.json()
                if page["more"]:
                    fetching = pool.submit(fetch, page["next"])
                with self.ctx.db.write_session() as session:
                    result = school_service.apply_rows(session, page["rows"])
                    school_service.save_pull_progress(
                        session, cursor=page["next"], hub_hlc=page["hlc"],
                        rows=len(page["rows"]),
                    )
                outcome.pulled_rows += len(page["rows"])
                outcome.applied += result.applied + result.deleted
                outcome.parked += result.parked
                if not page["more"]:
                    return int(page["acked"])
