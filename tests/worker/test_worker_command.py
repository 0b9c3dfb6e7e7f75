"""``itnio worker``: runs the background work in the foreground, beats while it runs, and on
SIGTERM (systemd's stop) finishes cleanly, its heartbeat saying it stopped."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from itnio_core.sandbox import RunningSandbox, start_sandbox
from itnio_core.store.engine import Store
from itnio_core.store.schema import workers
from itnio_core.worker import liveness
from tests.processes import launcher, live_env, upgrade
from tests.waiting import wait_until


@pytest.fixture
def platform() -> Iterator[RunningSandbox]:
    with start_sandbox() as sandbox:
        yield sandbox


def test_itnio_worker_beats_until_sigterm_then_stops_cleanly(
    tmp_path: Path, own_folder_and_database: str, platform: RunningSandbox
) -> None:
    env = live_env(tmp_path, own_folder_and_database, platform.url)
    upgrade(tmp_path, env)
    store = Store(own_folder_and_database)
    with launcher(tmp_path, env) as launch:
        worker = launch.worker()

        def beating() -> bool:
            assert worker.alive(), worker.output()
            return worker.pid in {w.pid for w in liveness(store).alive}

        wait_until(beating, "the worker's first heartbeat")
        [info] = liveness(store).alive
        assert info.kind == "worker"
        worker.signal(signal.SIGTERM)
        assert worker.wait() == 0, worker.output()

    output = worker.output()
    said = re.search(r"Background work is running \(worker ([0-9a-f]+), database ", output)
    assert said and said.group(1) == info.id, output
    assert output.rstrip().endswith("Background work stopped."), output
    with store.engine.connect() as conn:
        stopped = conn.execute(sa.select(workers.c.stopped_at).where(workers.c.id == info.id))
        assert stopped.scalar_one() is not None
    assert not liveness(store).running
