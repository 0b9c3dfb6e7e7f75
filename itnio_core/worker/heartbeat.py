"""Who is doing the background work: every worker writes a heartbeat into the store.

A web server that runs the work itself and each ``itnio worker`` register when they start,
beat every few seconds and say when they stop. Home and Settings read ``liveness`` (running
or not, since when); a page warns when work waits and nothing has beaten for a minute.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..common import aware, utc_now
from ..store import Store, workers

BEAT_EVERY = timedelta(seconds=5)
STALE_AFTER = timedelta(seconds=60)  # no heartbeat this long: that worker is not running


@dataclass(frozen=True)
class WorkerInfo:
    id: str
    kind: str  # web | worker
    host: str
    pid: int
    started_at: datetime
    beat_at: datetime


@dataclass(frozen=True)
class Liveness:
    """The workers beating now, and the last heartbeat of any."""

    alive: tuple[WorkerInfo, ...]
    last_beat: datetime | None

    @property
    def running(self) -> bool:
        return bool(self.alive)

    @property
    def since(self) -> datetime | None:
        """Since when background work has run without a gap (the oldest live worker)."""
        return min((w.started_at for w in self.alive), default=None)


def register(store: Store, kind: str) -> str:
    worker_id = uuid.uuid4().hex
    now = utc_now()
    with store.engine.begin() as conn:
        conn.execute(
            workers.insert().values(
                id=worker_id, kind=kind, host=socket.gethostname()[:200], pid=os.getpid(),
                started_at=now, beat_at=now,
            )
        )  # fmt: skip
    return worker_id


def beat(store: Store, worker_id: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.id == worker_id).values(beat_at=utc_now()))


def retire(store: Store, worker_id: str) -> None:
    """A clean stop: the worker no longer counts as running."""
    with store.engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.id == worker_id).values(stopped_at=utc_now()))


def liveness(store: Store, now: datetime | None = None) -> Liveness:
    now = now or utc_now()
    with store.engine.connect() as conn:
        last = conn.execute(sa.select(sa.func.max(workers.c.beat_at))).scalar()
        rows = conn.execute(
            sa.select(workers)
            .where(workers.c.stopped_at.is_(None), workers.c.beat_at >= now - STALE_AFTER)
            .order_by(workers.c.started_at)
        ).mappings()
        alive = tuple(_info(r) for r in rows)
    return Liveness(alive, aware(last) if last is not None else None)


def _info(row: sa.RowMapping) -> WorkerInfo:
    started, beaten = aware(row["started_at"]), aware(row["beat_at"])
    return WorkerInfo(row["id"], row["kind"], row["host"], row["pid"], started, beaten)


def forget_old(store: Store, older_than: timedelta = timedelta(days=7)) -> None:
    """Rows of workers gone for a week: kept that long so Settings can say when work last ran."""
    with store.engine.begin() as conn:
        conn.execute(workers.delete().where(workers.c.beat_at < utc_now() - older_than))
