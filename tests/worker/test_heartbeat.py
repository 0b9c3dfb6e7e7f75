"""Every worker's heartbeat, and whether background work is running: read with explicit
``now=`` values, never by waiting for a clock."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

import sqlalchemy as sa

from itnio_core.common import Settings, aware, utc_now
from itnio_core.console import open_console
from itnio_core.store.engine import Store
from itnio_core.store.schema import workers
from itnio_core.worker import Worker, heartbeat, liveness
from itnio_core.worker.heartbeat import STALE_AFTER

SECOND = timedelta(seconds=1)


def row(store: Store, worker_id: str) -> sa.RowMapping:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(workers).where(workers.c.id == worker_id)).mappings().one()


def beaten_at(store: Store, worker_id: str, when: datetime) -> None:
    """As if that worker's last heartbeat was at ``when``."""
    with store.engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.id == worker_id).values(beat_at=when))


def test_a_registered_worker_is_running_since_it_started(store: Store) -> None:
    worker_id = heartbeat.register(store, "worker")
    live = liveness(store)
    assert live.running and [w.id for w in live.alive] == [worker_id]
    [info] = live.alive
    assert (info.kind, info.pid, info.host) == ("worker", os.getpid(), socket.gethostname())
    assert live.since == info.started_at == info.beat_at == live.last_beat


def test_a_worker_silent_for_a_minute_is_not_running(store: Store) -> None:
    worker_id = heartbeat.register(store, "web")
    started = aware(row(store, worker_id)["started_at"])
    assert liveness(store, now=started + STALE_AFTER).running  # a minute: still counted
    gone = liveness(store, now=started + STALE_AFTER + SECOND)
    assert not gone.running and gone.since is None
    assert gone.last_beat == started  # Settings can still say when work last ran


def test_a_beat_keeps_it_running_a_minute_longer(store: Store) -> None:
    worker_id = heartbeat.register(store, "worker")
    started = aware(row(store, worker_id)["started_at"])
    beaten_at(store, worker_id, started - STALE_AFTER)  # as if silent since long ago
    assert not liveness(store, now=started + SECOND).running
    heartbeat.beat(store, worker_id)
    beat = aware(row(store, worker_id)["beat_at"])
    assert beat >= started
    assert liveness(store, now=beat + STALE_AFTER).running
    assert liveness(store, now=beat + STALE_AFTER).since == started  # since it started


def test_a_clean_stop_is_not_running_at_once(store: Store) -> None:
    worker_id = heartbeat.register(store, "worker")
    heartbeat.retire(store, worker_id)
    assert row(store, worker_id)["stopped_at"] is not None
    live = liveness(store)
    assert not live.running and live.last_beat is not None


def test_work_has_run_since_the_oldest_live_worker_started(store: Store) -> None:
    first = heartbeat.register(store, "web")
    second = heartbeat.register(store, "worker")
    first_start = aware(row(store, first)["started_at"])
    second_start = aware(row(store, second)["started_at"])
    assert liveness(store).since == first_start
    heartbeat.retire(store, first)
    assert liveness(store).since == second_start


def test_rows_of_workers_gone_for_a_week_are_forgotten(store: Store) -> None:
    old, recent = heartbeat.register(store, "worker"), heartbeat.register(store, "worker")
    beaten_at(store, old, utc_now() - timedelta(days=8))
    heartbeat.forget_old(store)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(workers.c.id)).scalars().all() == [recent]


def test_a_worker_beats_from_start_to_stop_and_sends_with_the_lease_of_the_settings(
    database: str,
) -> None:
    console = open_console(Settings.load(send_lease_seconds=7))
    try:
        worker = Worker(console, kind="worker")
        assert worker.sender.lease == timedelta(seconds=7)
        worker.start()
        assert [w.id for w in liveness(console.store).alive] == [worker.id]
        worker.stop()
        assert not liveness(console.store).running
        assert row(console.store, worker.id)["stopped_at"] is not None
    finally:
        console.close()
