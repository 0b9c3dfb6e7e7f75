"""Workers in separate processes on one database, SQLite and PostgreSQL: every piece of work
is claimed in the database before it is done, so no number is sent twice, and each report
check and each bulk row is done by one of them, once.

The platform is the sandbox in this process, its endpoints behind gates: the work is held
until every worker has claimed its share, so the test knows they all competed for it,
without racing a timer.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.bulk import jobs as bulk_jobs
from itnio_core.reports import history as report_history
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import lists as report_lists
from itnio_core.reports.target import Target
from itnio_core.sandbox import RunningSandbox, SandboxConfig, start_sandbox
from itnio_core.sandbox.simulator import OTP_RECORD, REPORT
from itnio_core.store.engine import Store
from itnio_core.worker import liveness
from tests.processes import Process, launcher, live_env, upgrade
from tests.waiting import wait_until
from tests.worker.campaigns import (
    NUMBERS_PER_REQUEST,
    claimers,
    confirmed_campaign,
    finished,
    request_states,
)
from tests.worker.gates import Gate

IN_FLIGHT_PER_WORKER = 4  # Sender.max_in_flight
CHECKS_PER_WORKER = 2  # worker.runner.CHECK_THREADS


@pytest.fixture
def platform() -> Iterator[RunningSandbox]:
    with start_sandbox(SandboxConfig(starting_balance=Decimal("1000000"))) as sandbox:
        yield sandbox


def workers_env(tmp_path: Path, database_url: str, platform: RunningSandbox) -> dict[str, str]:
    # A held request is never given up on: the gate decides when the platform answers.
    env = live_env(tmp_path, database_url, platform.url, ITNIO_READ_TIMEOUT="600")
    upgrade(tmp_path, env)
    return env


def all_running(store: Store, workers: list[Process]) -> bool:
    for worker in workers:
        assert worker.alive(), worker.output()
    return {w.pid for w in liveness(store).alive} == {w.pid for w in workers}


def stop_all(workers: list[Process]) -> None:
    for worker in workers:
        worker.signal(15)
    for worker in workers:
        assert worker.wait() == 0, worker.output()


def test_three_worker_processes_never_send_a_number_twice(
    tmp_path: Path, shared_database: str, platform: RunningSandbox
) -> None:
    env = workers_env(tmp_path, shared_database, platform)
    store = Store(shared_database)
    requests = 3 * IN_FLIGHT_PER_WORKER + 4
    gate = Gate(platform.simulator, "send_batch")  # holds every send until opened
    with launcher(tmp_path, env) as launch:
        workers = [launch.worker() for _ in range(3)]
        wait_until(lambda: all_running(store, workers), "three workers beating")
        campaign_id = confirmed_campaign(store, requests)
        # Each worker holds at most four requests: twelve held means all three claimed.
        wait_until(lambda: gate.held == 3 * IN_FLIGHT_PER_WORKER, "every worker sending")
        assert len(claimers(store, campaign_id, "in_flight")) == 3
        gate.open()
        wait_until(lambda: finished(store, campaign_id), "the campaign finished")
        stop_all(workers)

    accepted = platform.simulator.seen_counts()
    assert len(accepted) == requests * NUMBERS_PER_REQUEST
    assert set(accepted.values()) == {1}
    assert request_states(store, campaign_id) == {"done": requests}
    assert len(claimers(store, campaign_id, "done")) == 3


def msg_ids(platform: RunningSandbox, count: int) -> list[str]:
    numbers = tuple(str(447911000000 + i) for i in range(count))
    sent = ItnioClient(platform.client_settings()).send_batch([BatchItem(numbers, "Hi")])
    return [m.msg_id for m in sent.messages]


def lookup_job(store: Store, rows: int) -> int:
    sheet = pd.DataFrame(
        {"excel_row": range(2, rows + 2), "key": [f"order-{i}" for i in range(rows)]}
    ).assign(verdict="ok")
    return bulk_jobs.create(store, bulk_jobs.LOOKUP, sheet, user="ops")


def test_two_worker_processes_take_each_report_check_and_bulk_row_once(
    tmp_path: Path, shared_database: str, platform: RunningSandbox
) -> None:
    env = workers_env(tmp_path, shared_database, platform)
    store = Store(shared_database)
    ids = msg_ids(platform, 12)
    targets = [
        Target("list", report_lists.create_list(store, ids[i : i + 2], name=f"list {i}"))
        for i in range(0, 12, 2)
    ]
    checks = {report_jobs.request_check(store, target, user="ops") for target in targets}
    job_id = lookup_job(store, 20)
    report_gate = Gate(platform.simulator, "get_report")
    lookup_gate = Gate(platform.simulator, "otp_record")
    with launcher(tmp_path, env) as launch:
        workers = [launch.worker(), launch.worker()]
        # One worker runs at most two checks and one row of a job at a time: four checks and
        # two rows held means both are at work.
        wait_until(
            lambda: report_gate.held == 2 * CHECKS_PER_WORKER and lookup_gate.held == 2,
            "both workers running checks and looking up rows",
        )
        report_gate.open()
        lookup_gate.open()
        wait_until(
            lambda: (
                all(not report_jobs.check_running(store, t) for t in targets)
                and bulk_jobs.progress(store, job_id).finished == 20
            ),
            "every check and every row done",
        )
        stop_all(workers)

    asked = platform.simulator.request_counts()
    assert asked[REPORT] == len(targets)  # one getReport call per check of two msgIds
    assert asked[OTP_RECORD] == 20  # one lookup per row
    for target in targets:
        [check] = report_history.checks(store, target)
        assert check.id in checks and check.state == "done"
    assert bulk_jobs.progress(store, job_id).done == 20
    assert bulk_jobs.get(store, job_id).state == bulk_jobs.DONE
