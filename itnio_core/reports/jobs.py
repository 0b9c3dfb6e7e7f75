"""Checks and report files, run off the page's thread, with their progress in view.

``run_check`` asks the platform about every message of a report that has no
final status yet and stores what it says as the answers come in (the CLI
calls it directly). Pages ``request_check``; a worker (``itnio_core.worker``)
``claim_check``s it and runs it, once per report at a time; the page reads its
progress from ``report_checks``.
``start_export`` writes a big report file in a background thread; its
progress lives in this process (a refresh finds it again; a restart just
means preparing the file again).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..api import CallRecord, CallRecorder, ItnioClient, Report
from ..common import ItnioError, aware, utc_now
from ..store import Store, api_calls, call_row, report_checks, writing
from . import answers as report_answers
from . import history as report_history
from . import query as report_query
from . import store as report_store
from .fetch import WORKERS, Answer, fetch_answers
from .target import Target

log = logging.getLogger(__name__)

FLUSH_ROWS = 10_000  # statuses written per transaction while a check runs
FLUSH_SECONDS = 0.5
UNEXPECTED_EN = "The check stopped because of an unexpected problem. Check again in a moment."
UNEXPECTED_ZH = "查询因意外问题而停止,请稍后重新查询。"


class BufferedRecorder:
    """Holds the calls a check's threads make, for the check's one writer to store.

    SQLite has one writer at a time: calls recorded from four threads while the
    check wrote statuses waited on each other's locks (SQLite's busy handler
    sleeps), and one transaction per call cost a millisecond each. The check
    writes them in the transaction that stores the statuses they brought, as the
    same ``api_calls`` rows ``Store.record_call`` writes (a test compares them).
    """

    def __init__(self, target: CallRecorder) -> None:
        self._target = target
        self._lock = threading.Lock()
        self._calls: list[CallRecord] = []

    def record_call(self, record: CallRecord) -> None:
        with self._lock:
            self._calls.append(record)

    def take(self) -> list[CallRecord]:
        with self._lock:
            calls, self._calls = self._calls, []
        return calls

    def write(self, conn: sa.Connection) -> None:
        """Store the calls held so far, in ``conn``'s transaction (the target's store)."""
        if isinstance(self._target, Store):
            calls = self.take()
            if calls:
                conn.execute(api_calls.insert(), [call_row(c) for c in calls])
        else:
            self.flush()

    def flush(self) -> None:
        """Hand the calls held so far to the target recorder, one by one."""
        for record in self.take():
            try:
                self._target.record_call(record)
            except Exception:  # recording must never turn a made call into a failure
                log.exception("could not record an API call")


@dataclass
class CheckOutcome:
    check_id: int
    asked: int
    changed: int
    counts: dict[str, int]
    reports: list[Report] = field(default_factory=list)  # the raw answers, when kept


def run_check(
    store: Store,
    client: ItnioClient,
    target: Target,
    *,
    user: str | None = None,
    check_id: int | None = None,
    workers: int = WORKERS,
    keep_answers: bool = False,
    everything: bool = False,
) -> CheckOutcome:
    """One check, stored as it goes; an ``ItnioError`` is stored on the check, then raised."""
    check_id = check_id or report_history.open_check(store, target, user)
    recorder = client.recorder
    buffered = BufferedRecorder(recorder) if recorder is not None else None
    client.recorder = buffered
    try:
        return _run_check(store, client, target, check_id, workers, keep_answers, everything)
    finally:
        client.recorder = recorder
        if buffered is not None:
            buffered.flush()


def _run_check(
    store: Store,
    client: ItnioClient,
    target: Target,
    check_id: int,
    workers: int,
    keep_answers: bool,
    everything: bool,
) -> CheckOutcome:
    campaign_id = target.id if target.kind == "campaign" else None
    recorder = client.recorder
    try:
        with store.engine.connect() as conn:
            in_sql = report_store.FAST_SQLITE_WRITES and report_answers.usable(conn)
        asking = report_store.to_ask(store, target, everything=everything, with_known=not in_sql)
        with store.engine.begin() as conn:
            report_history.update_check(conn, check_id, asked=len(asking.ids))
        done = changed = rows = 0
        buffer: list[Answer] = []
        flushed = time.monotonic()
        reports: list[Report] = []

        def flush() -> None:
            nonlocal done, changed, flushed, rows
            # It reads what the store knew, then writes: with the write lock from the start,
            # or another check, worker or the sender committing in between fails it on SQLite.
            with writing(store.engine) as conn:
                if in_sql:
                    changed += report_answers.store_answers(conn, buffer, asking.hints, campaign_id)
                else:
                    pages = [answer.page() for answer in buffer]
                    changed += report_store.record_pages(conn, pages, asking, campaign_id)
                done += rows
                report_history.update_check(conn, check_id, done=done, changed=changed)
                if isinstance(recorder, BufferedRecorder):
                    recorder.write(conn)  # the calls that brought these statuses
            buffer.clear()
            rows = 0
            flushed = time.monotonic()

        try:
            for answer in fetch_answers(client, asking.ids, workers=workers):
                buffer.append(answer)
                rows += len(answer.asked)
                if keep_answers:
                    reports.append(Report.from_json(answer.answer))
                if rows >= FLUSH_ROWS or time.monotonic() - flushed >= FLUSH_SECONDS:
                    flush()
        finally:
            if buffer:
                flush()  # what was answered before a failure is kept
    except ItnioError as exc:
        report_history.finish_check(
            store,
            check_id,
            report_query.counts(store, target),
            error_en=exc.user_message,
            error_zh=exc.message_zh,
        )
        raise
    except Exception:
        report_history.finish_check(
            store, check_id, {}, error_en=UNEXPECTED_EN, error_zh=UNEXPECTED_ZH
        )
        raise
    counts = report_query.counts(store, target)
    with store.engine.begin() as conn:
        report_history.update_check(conn, check_id, changed=changed)
    report_history.finish_check(store, check_id, counts)
    return CheckOutcome(check_id, len(asking.ids), changed, counts, reports)


# ------------------------------------------------------------------ in the background
def request_check(store: Store, target: Target, *, user: str | None = None) -> int:
    """Ask for a check of the report; a worker runs it. One already asked for or running
    (with a heartbeat) is reused, so reruns, tabs and people asking at once make one."""
    query = (
        sa.select(report_checks.c.id, report_checks.c.state, report_checks.c.heartbeat_at)
        .where(
            report_checks.c.target == target.key,
            report_checks.c.state.in_((report_history.QUEUED, report_history.RUNNING)),
        )
        .order_by(report_checks.c.id.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        found = conn.execute(query).first()
    if found is not None:
        fresh = utc_now() - aware(found.heartbeat_at) <= report_history.STALE_AFTER
        if found.state == report_history.QUEUED or fresh:
            return int(found.id)
    return report_history.open_check(store, target, user, state=report_history.QUEUED)


def claim_check(store: Store) -> tuple[int, Target, str | None] | None:
    """The oldest check asked for, now ``running`` for the caller; None when there is none.
    The claim is one conditional update: two workers never run the same check."""
    oldest = (
        sa.select(report_checks.c.id, report_checks.c.target, report_checks.c.started_by)
        .where(report_checks.c.state == report_history.QUEUED)
        .order_by(report_checks.c.id)
        .limit(1)
    )
    while True:
        with store.engine.begin() as conn:
            row = conn.execute(oldest).first()
            if row is None:
                return None
            now = utc_now()
            taken = conn.execute(
                report_checks.update()
                .where(report_checks.c.id == row.id, report_checks.c.state == report_history.QUEUED)
                .values(state=report_history.RUNNING, started_at=now, heartbeat_at=now)
            ).rowcount
        if taken == 1:
            return int(row.id), Target.parse(row.target), row.started_by


def run_claimed(store: Store, client: ItnioClient, target: Target, check_id: int) -> None:
    """Run a claimed check; its outcome (or error) is stored on it, never raised."""
    try:
        run_check(store, client, target, check_id=check_id)
    except ItnioError as exc:
        log.info("report check %s stopped: %s", target.key, exc.user_message)
    except Exception:
        log.exception("report check %s failed", target.key)
    finally:
        client.close()


def check_running(store: Store, target: Target) -> bool:
    """A check of this report is asked for or under way."""
    latest = report_history.checks(store, target, limit=1)
    return bool(latest) and latest[0].running


# ------------------------------------------------------------------ report files
Writer = Callable[[Store, Target, Any, Callable[[int], None]], None]


@dataclass
class Export:
    """A report file being written in the background."""

    key: tuple[str, ...]
    file_name: str
    total: int
    written: int = 0
    path: Path | None = None
    error: str | None = None
    error_zh: str | None = None
    finished_at: datetime | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def ready(self) -> bool:
        return self.path is not None and self.error is None

    @property
    def fraction(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, self.written / self.total)

    def read(self) -> bytes:
        assert self.path is not None
        return self.path.read_bytes()


_lock = threading.Lock()
_exports: dict[tuple[str, ...], Export] = {}
EXPORT_DIR = Path(tempfile.gettempdir()) / "itnio-report-files"
FILE_HOURS = 1  # prepared files older than this are deleted when the next one is made


def start_export(
    store: Store, target: Target, key: tuple[str, ...], file_name: str, total: int, write: Writer
) -> Export:
    """Write a report file in a background thread; the same key while running reuses it."""
    full_key = (store.url, target.key, *key)
    with _lock:
        job = _exports.get(full_key)
        if job is not None and job.finished_at is None:
            return job
        if job is not None and job.path is not None:
            job.path.unlink(missing_ok=True)
        job = Export(full_key, file_name, total)
        _exports[full_key] = job
    thread = threading.Thread(
        target=_export, args=(store, target, job, write), name="report-file", daemon=True
    )
    thread.start()
    return job


def export_job(store: Store, target: Target, key: tuple[str, ...]) -> Export | None:
    with _lock:
        return _exports.get((store.url, target.key, *key))


def exports_running(store: Store, target: Target) -> bool:
    with _lock:
        return any(
            key[:2] == (store.url, target.key) and job.finished_at is None
            for key, job in _exports.items()
        )


def _prune(folder: Path, keep: set[Path]) -> None:
    """Files prepared more than an hour ago and no longer offered go."""
    cutoff = time.time() - FILE_HOURS * 3600
    for path in folder.glob("tmp*"):
        try:
            if path not in keep and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def _export(store: Store, target: Target, job: Export, write: Writer) -> None:
    EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    with _lock:
        offered = {j.path for j in _exports.values() if j.path is not None}
    _prune(EXPORT_DIR, offered)
    fd, name = tempfile.mkstemp(dir=EXPORT_DIR, suffix=Path(job.file_name).suffix)
    os.close(fd)
    path = Path(name)

    def progress(rows: int) -> None:
        job.written = rows

    try:
        with path.open("wb") as out:
            write(store, target, out, progress)
        job.path = path
    except Exception:
        log.exception("could not write the report file %s", job.file_name)
        path.unlink(missing_ok=True)
        job.error = "The file could not be written. Try again; if it fails again, see the log."
        job.error_zh = "无法生成文件。请重试；如果再次失败，请查看日志。"
    finally:
        job.finished_at = datetime.now().astimezone()
