"""The worker of bulk jobs: one row at a time, off the page, never a backfill twice.

A worker thread claims one pending row at a time with a conditional update,
makes its call and stores the outcome. After a restart a job is
*interrupted*: ``resume`` puts lookups back in the queue (reads are safe to
repeat) and marks a backfill that was in the air as unknown (never reported
twice).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from ..api import ItnioClient
from ..common import ItnioError, utc_now
from ..conversions import backfill as conversions
from ..otp import records as otp_records
from ..otp import store as otp_store
from ..store import Store
from ..store import otp_job_rows as job_rows
from ..store import otp_jobs as jobs
from .jobs import (
    DONE,
    IN_FLIGHT,
    LOOKUP,
    PENDING,
    ROW_DONE,
    ROW_FAILED,
    ROW_UNKNOWN,
    RUNNING,
    SKIPPED,
    get,
)

log = logging.getLogger(__name__)

_running: set[int] = set()
_running_lock = threading.Lock()


def start(
    store: Store, client_for: Callable[[str | None], ItnioClient], job_id: int
) -> threading.Thread | None:
    """Work the job in a daemon thread, unless this process is already working it."""
    with _running_lock:
        if job_id in _running:
            return None
        _running.add(job_id)
    job = get(store, job_id)
    client = client_for(job.user if job else None)
    thread = threading.Thread(
        target=_work_and_release, args=(store, client, job_id), name=f"bulk-{job_id}", daemon=True
    )
    thread.start()
    return thread


def _work_and_release(store: Store, client: ItnioClient, job_id: int) -> None:
    try:
        work(store, client, job_id)
    except Exception:
        log.exception("bulk job %s stopped", job_id)
    finally:
        with _running_lock:
            _running.discard(job_id)


def is_working(job_id: int) -> bool:
    with _running_lock:
        return job_id in _running


def work(store: Store, client: ItnioClient, job_id: int) -> None:
    """Every pending row, one call each, in sheet order; then the job is done."""
    job = get(store, job_id)
    if job is None:
        return
    while (index := _claim_next(store, job_id)) is not None:
        row = _load_row(store, job_id, index)
        if job.kind == LOOKUP:
            values = _lookup(store, client, row["key"])
        else:
            values = _backfill(store, client, row, job.user)
        with store.engine.begin() as conn:
            conn.execute(
                job_rows.update()
                .where(job_rows.c.job_id == job_id, job_rows.c.row_index == index)
                .values(**values)
            )
    with store.engine.begin() as conn:
        conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.state == RUNNING)
            .values(state=DONE, finished_at=utc_now())
        )


def _claim_next(store: Store, job_id: int) -> int | None:
    with store.engine.begin() as conn:
        while True:
            index = conn.execute(
                sa.select(sa.func.min(job_rows.c.row_index)).where(
                    job_rows.c.job_id == job_id, job_rows.c.state == PENDING
                )
            ).scalar()
            if index is None:
                return None
            claimed = conn.execute(
                job_rows.update()
                .where(
                    job_rows.c.job_id == job_id,
                    job_rows.c.row_index == index,
                    job_rows.c.state == PENDING,
                )
                .values(state=IN_FLIGHT)
            ).rowcount
            if claimed == 1:
                return int(index)


def _load_row(store: Store, job_id: int, index: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(job_rows).where(job_rows.c.job_id == job_id, job_rows.c.row_index == index)
        ).mappings()
        return dict(row.one())


def _lookup(store: Store, client: ItnioClient, order_id: str) -> dict[str, Any]:
    try:
        rec = client.get_otp_record(order_id)
    except ItnioError as exc:
        status = getattr(exc, "status", None)
        return {"state": ROW_FAILED, "error": exc.user_message, "status_code": status}
    otp_store.record_lookup(
        store, order_id, rec.verification.matched, otp_records.delivered(rec),
        rec.verification.verified_date,
    )  # fmt: skip
    return {"state": ROW_DONE, "result": json.dumps(dict(rec.raw), ensure_ascii=False)}


def _backfill(
    store: Store, client: ItnioClient, row: dict[str, Any], user: str | None
) -> dict[str, Any]:
    attempt = conversions.report_once(
        store, client, row["key"], row["number"], int(row["time_ms"]), user=user, source="file"
    )
    c = attempt.conversion
    if not attempt.fresh:
        _, sentence = conversions.describe(attempt)
        return {"state": SKIPPED, "problem": sentence}
    state = {conversions.REPORTED: ROW_DONE, conversions.UNKNOWN: ROW_UNKNOWN}.get(
        c.state, ROW_FAILED
    )
    return {"state": state, "status_code": c.status_code, "error": c.error_en}


def resume(store: Store, job_id: int) -> None:
    """After a restart: lookups in the air go back in the queue; backfills become unknown."""
    job = get(store, job_id)
    if job is None or is_working(job_id):
        return
    in_flight = (job_rows.c.job_id == job_id) & (job_rows.c.state == IN_FLIGHT)
    with store.engine.begin() as conn:
        if job.kind == LOOKUP:
            conn.execute(job_rows.update().where(in_flight).values(state=PENDING))
        else:
            conn.execute(
                job_rows.update()
                .where(in_flight)
                .values(state=ROW_UNKNOWN, error=conversions.UNKNOWN_EN)
            )
