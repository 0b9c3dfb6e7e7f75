"""What is waiting for background work, and the warning when nothing is doing it.

Waiting: campaigns queued or sending (or scheduled and due), report checks asked for or
running, and bulk rows not yet looked up or reported. When any of that waits and no worker
has beaten for a minute, pages show ``warning()`` in plain words, with what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..common import aware, utc_now
from ..store import Store, campaigns, otp_job_rows, otp_jobs, report_checks
from .heartbeat import STALE_AFTER, liveness

SENDING_STATES = ("queued", "sending")


@dataclass(frozen=True)
class Waiting:
    campaigns: int
    checks: int
    bulk_rows: int
    since: datetime | None = None  # when the oldest of it was asked for

    @property
    def any(self) -> bool:
        return bool(self.campaigns or self.checks or self.bulk_rows)


@dataclass(frozen=True)
class Notice:
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


def waiting(store: Store, now: datetime | None = None) -> Waiting:
    now = now or utc_now()
    due = sa.or_(
        campaigns.c.status.in_(SENDING_STATES),
        sa.and_(campaigns.c.status == "scheduled", campaigns.c.scheduled_at <= now),
    )
    asked = sa.func.coalesce(campaigns.c.scheduled_at, campaigns.c.confirmed_at)
    open_checks = report_checks.c.state.in_(("queued", "running"))
    open_rows = otp_job_rows.c.state.in_(("pending", "in_flight"))
    with store.engine.connect() as conn:
        sending, first_send = conn.execute(
            sa.select(sa.func.count(), sa.func.min(asked)).where(due)
        ).one()
        checks, first_check = conn.execute(
            sa.select(sa.func.count(), sa.func.min(report_checks.c.started_at)).where(open_checks)
        ).one()
        rows, first_job = conn.execute(
            sa.select(sa.func.count(), sa.func.min(otp_jobs.c.created_at))
            .select_from(otp_job_rows.join(otp_jobs))
            .where(open_rows)
        ).one()
    times = [aware(t) for t in (first_send, first_check, first_job) if t is not None]
    return Waiting(int(sending), int(checks), int(rows), min(times, default=None))


def warning(store: Store, now: datetime | None = None) -> Notice | None:
    """Work has waited a minute and no worker has run for a minute; otherwise None."""
    now = now or utc_now()
    if liveness(store, now).running:
        return None
    work = waiting(store, now)
    if not work.any or (work.since is not None and now - work.since < STALE_AFTER):
        return None
    return Notice(
        "Nothing has run the background work for over a minute, so campaigns, report checks "
        "and bulk lookups are waiting. Ask whoever runs the console to start it again "
        "(scripts/start), or to start `scripts/itnio worker`. Nothing is lost: the work "
        "carries on where it stopped.",
        "后台任务已超过一分钟没有运行，群发、报告查询和批量查询都在等待。"
        "请联系负责运行控制台的人重新启动（scripts/start），或启动 `scripts/itnio worker`。"
        "不会丢失任何数据：任务会从中断处继续。",
    )
