"""What waits for background work, and the warning pages show: only when work has waited a
minute and no worker has beaten for a minute. Every time is an explicit ``now=``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from itnio_core.bulk import jobs as bulk_jobs
from itnio_core.campaigns import store as cs
from itnio_core.common import utc_now
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import lists as report_lists
from itnio_core.reports.target import Target
from itnio_core.store.engine import Store
from itnio_core.store.schema import workers
from itnio_core.worker import heartbeat, waiting, warning
from itnio_core.worker.heartbeat import STALE_AFTER
from tests.sending.test_sender import draft

SECOND = timedelta(seconds=1)


def queued_campaign(store: Store) -> datetime:
    """A confirmed campaign nobody has started; when it was confirmed."""
    campaign_id = draft(store, 3)
    assert cs.confirm(store, campaign_id, user="ana")
    campaign = cs.get(store, campaign_id)
    assert campaign is not None and campaign.confirmed_at is not None
    return campaign.confirmed_at


def worker_last_beat(store: Store, when: datetime) -> str:
    worker_id = heartbeat.register(store, "worker")
    with store.engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.id == worker_id).values(beat_at=when))
    return worker_id


def test_nothing_waiting_means_no_warning_even_with_no_worker(store: Store) -> None:
    later = utc_now() + timedelta(days=1)
    assert not waiting(store, now=later).any
    assert warning(store, now=later) is None


def test_a_confirmed_campaign_warns_only_after_a_minute_with_no_worker(store: Store) -> None:
    asked = queued_campaign(store)
    work = waiting(store, now=asked)
    assert (work.campaigns, work.checks, work.bulk_rows, work.since) == (1, 0, 0, asked)
    assert warning(store, now=asked + STALE_AFTER - SECOND) is None  # not a minute yet
    notice = warning(store, now=asked + STALE_AFTER)
    assert notice is not None
    assert "scripts/itnio worker" in notice.text("en") and "Nothing is lost" in notice.en
    assert notice.text("zh-CN") == notice.zh and "scripts/itnio worker" in notice.zh


def test_a_worker_that_beat_within_the_minute_means_no_warning(store: Store) -> None:
    asked = queued_campaign(store)
    now = asked + timedelta(minutes=5)
    worker_last_beat(store, now - STALE_AFTER + SECOND)
    assert warning(store, now=now) is None


def test_a_worker_silent_for_over_a_minute_or_stopped_means_a_warning(store: Store) -> None:
    asked = queued_campaign(store)
    now = asked + timedelta(minutes=5)
    worker_last_beat(store, now - STALE_AFTER - SECOND)
    assert warning(store, now=now) is not None
    fresh = worker_last_beat(store, now)
    assert warning(store, now=now) is None
    heartbeat.retire(store, fresh)  # a clean stop: not running any more
    assert warning(store, now=now) is not None


def test_a_scheduled_campaign_waits_from_its_time_not_before(store: Store) -> None:
    campaign_id = draft(store, 3)
    at = utc_now() + timedelta(hours=1)
    assert cs.confirm(store, campaign_id, user="ana", scheduled_at=at)
    assert waiting(store, now=at - SECOND).campaigns == 0
    assert warning(store, now=at - SECOND) is None
    work = waiting(store, now=at)
    assert (work.campaigns, work.since) == (1, at)
    assert warning(store, now=at + STALE_AFTER - SECOND) is None
    assert warning(store, now=at + STALE_AFTER) is not None


def test_report_checks_and_bulk_rows_wait_too(store: Store) -> None:
    target = Target("list", report_lists.create_list(store, ["m1"], name="x"))
    report_jobs.request_check(store, target, user="ops")
    sheet = pd.DataFrame({"excel_row": [2, 3], "key": ["a", "b"], "verdict": ["ok", "invalid"]})
    job_id = bulk_jobs.create(store, bulk_jobs.LOOKUP, sheet, user="ops")
    job = bulk_jobs.get(store, job_id)
    assert job is not None
    now = utc_now() + timedelta(minutes=5)
    work = waiting(store, now=now)
    assert (work.campaigns, work.checks, work.bulk_rows) == (0, 1, 1)  # the invalid row: skipped
    assert work.since is not None and work.since <= job.created_at
    assert warning(store, now=now) is not None


def test_finished_work_waits_for_nothing(store: Store) -> None:
    campaign_id = draft(store, 3)
    assert cs.confirm(store, campaign_id, user="ana")
    assert cs.cancel(store, campaign_id)
    assert warning(store, now=utc_now() + timedelta(minutes=5)) is None
