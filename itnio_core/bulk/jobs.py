"""Bulk OTP lookups and bulk backfills: the job and its rows in the store.

A job and every row of its sheet are stored first (``create``); the worker
(``otp_job_worker``) then does the rows one by one. Progress is read from
the store, so a refresh or a second tab shows the same bar.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import pandas as pd
import sqlalchemy as sa

from ..common import aware, chunked, utc_now
from ..store import Store
from ..store import otp_job_rows as job_rows
from ..store import otp_jobs as jobs

log = logging.getLogger(__name__)

LOOKUP, BACKFILL = "lookup", "backfill"
RUNNING, DONE = "running", "done"
PENDING, IN_FLIGHT, ROW_DONE, ROW_FAILED, ROW_UNKNOWN, SKIPPED = (
    "pending", "in_flight", "done", "failed", "unknown", "skipped",
)  # fmt: skip
ROW_WORDS: Final = {
    PENDING: "Waiting",
    IN_FLIGHT: "In progress",
    ROW_DONE: "Done",
    ROW_FAILED: "Failed",
    ROW_UNKNOWN: "Unknown: no answer came",
    SKIPPED: "Skipped",
}


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    state: str
    created_at: datetime
    user: str | None
    source_name: str
    source_sheet: str
    header_row: int | None
    finished_at: datetime | None


@dataclass(frozen=True)
class Progress:
    total: int
    pending: int
    in_flight: int
    done: int
    failed: int
    unknown: int
    skipped: int

    @property
    def worked(self) -> int:
        return self.total - self.skipped

    @property
    def finished(self) -> int:
        return self.done + self.failed + self.unknown

    @property
    def fraction(self) -> float:
        return 1.0 if self.worked == 0 else min(1.0, self.finished / self.worked)


def _job(row: Any) -> Job:
    data = {k: row[k] for k in Job.__dataclass_fields__}
    data["created_at"] = aware(data["created_at"])
    data["finished_at"] = aware(data["finished_at"])
    return Job(**data)


# ------------------------------------------------------------------ creating
def create(
    store: Store,
    kind: str,
    rows: pd.DataFrame,
    *,
    user: str | None,
    source_name: str = "",
    source_data: bytes | None = None,
    source_sheet: str = "",
    header_row: int | None = None,
) -> int:
    """Store the job and every checked row (verdict ok → pending, else skipped)."""
    with store.engine.begin() as conn:
        key = conn.execute(
            jobs.insert().values(
                kind=kind, state=RUNNING, created_at=utc_now(), user=user, source_name=source_name,
                source_data=source_data, source_sheet=source_sheet, header_row=header_row,
            )
        ).inserted_primary_key  # fmt: skip
        assert key is not None
        job_id = int(key[0])
        values = [_row_values(job_id, i, r) for i, r in enumerate(rows.to_dict("records"))]
        for part in chunked(values, 5000):
            conn.execute(job_rows.insert(), part)
    return job_id


def _row_values(job_id: int, index: int, r: dict[str, Any]) -> dict[str, Any]:
    time_ms = r.get("time_ms")
    return {
        "job_id": job_id,
        "row_index": index,
        "excel_row": int(r["excel_row"]),
        "key": str(r["key"])[:200],
        "number": str(r.get("number") or ""),
        "raw_time": str(r.get("raw_time") or "")[:100],
        "time_ms": None if time_ms is None or pd.isna(time_ms) else int(time_ms),
        "state": PENDING if r["verdict"] == "ok" else SKIPPED,
        "problem": str(r.get("problem") or ""),
    }


# ------------------------------------------------------------------ reading
def get(store: Store, job_id: int) -> Job | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).mappings()
        found = row.first()
    return _job(found) if found else None


def source(store: Store, job_id: int) -> bytes | None:
    with store.engine.connect() as conn:
        data = conn.execute(sa.select(jobs.c.source_data).where(jobs.c.id == job_id)).scalar()
    return bytes(data) if data is not None else None


def progress(store: Store, job_id: int) -> Progress:
    q = (
        sa.select(job_rows.c.state, sa.func.count())
        .where(job_rows.c.job_id == job_id)
        .group_by(job_rows.c.state)
    )
    with store.engine.connect() as conn:
        by = {str(state): int(n) for state, n in conn.execute(q)}
    return Progress(
        total=sum(by.values()),
        pending=by.get(PENDING, 0),
        in_flight=by.get(IN_FLIGHT, 0),
        done=by.get(ROW_DONE, 0),
        failed=by.get(ROW_FAILED, 0),
        unknown=by.get(ROW_UNKNOWN, 0),
        skipped=by.get(SKIPPED, 0),
    )


def rows(store: Store, job_id: int) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        q = sa.select(job_rows).where(job_rows.c.job_id == job_id).order_by(job_rows.c.row_index)
        return [dict(r) for r in conn.execute(q).mappings()]


def recent(store: Store, kind: str, limit: int = 10) -> list[Job]:
    q = sa.select(jobs).where(jobs.c.kind == kind).order_by(jobs.c.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [_job(r) for r in conn.execute(q).mappings()]
