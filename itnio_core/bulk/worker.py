"""The worker of bulk jobs: one row at a time, off the page, never a backfill twice.

A worker (``itnio_core.worker``) claims one pending row at a time with a
conditional update, makes its call and stores the outcome; several workers may
work one job. A row a stopped worker left in flight is recovered after a lease
(``recover_stale``): a lookup goes back in the queue (reads are safe to repeat),
a backfill that was in the air becomes unknown (never reported twice).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..api import ItnioClient
from ..common import ItnioError, utc_now
from ..conversions import backfill as conversions
from ..money import learn_from_otp_record
from ..otp import records as otp_records
from ..otp import store as otp_store
from ..store import Store
from ..store import otp_job_rows as job_rows
from ..store import otp_jobs as jobs
from .jobs import (
    BACKFILL,
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

LEASE = timedelta(minutes=5)  # far longer than one call with its retries can take


def jobs_with_work(store: Store) -> list[int]:
    """Running jobs that still have rows to do, oldest first."""
    query = (
        sa.select(jobs.c.id)
        .where(
            jobs.c.state == RUNNING,
            sa.exists().where(job_rows.c.job_id == jobs.c.id, job_rows.c.state == PENDING),
        )
        .order_by(jobs.c.id)
    )
    with store.engine.connect() as conn:
        return [int(i) for i in conn.execute(query).scalars()]


def work_job(store: Store, client_for: Callable[[str | None], ItnioClient], job_id: int) -> None:
    """``work`` with a client for the job's own person; an error is logged, never raised."""
    job = get(store, job_id)
    if job is None:
        return
    client = client_for(job.user)
    try:
        work(store, client, job_id)
    except Exception:
        log.exception("bulk job %s stopped", job_id)


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
                .values(state=IN_FLIGHT, claimed_at=utc_now())
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
    learn_from_otp_record(store, rec)  # what the platform charged: a learned price
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


def _jobs_of(kind: str) -> sa.ScalarSelect[int]:
    return sa.select(jobs.c.id).where(jobs.c.kind == kind).scalar_subquery()


def recover_stale(store: Store, lease: timedelta = LEASE, now: datetime | None = None) -> int:
    """Rows a stopped worker left in flight: lookups go back in the queue (a read is safe to
    repeat); a backfill becomes unknown (never reported twice). Returns how many."""
    cutoff = (now or utc_now()) - lease
    stale = (job_rows.c.state == IN_FLIGHT) & sa.or_(
        job_rows.c.claimed_at.is_(None), job_rows.c.claimed_at < cutoff
    )
    with store.engine.begin() as conn:
        lookups = conn.execute(
            job_rows.update()
            .where(stale, job_rows.c.job_id.in_(_jobs_of(LOOKUP)))
            .values(state=PENDING, claimed_at=None)
        ).rowcount
        backfills = conn.execute(
            job_rows.update()
            .where(stale, job_rows.c.job_id.in_(_jobs_of(BACKFILL)))
            .values(state=ROW_UNKNOWN, error=conversions.UNKNOWN_EN)
        ).rowcount
    return int(lookups) + int(backfills)
