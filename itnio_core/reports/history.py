"""Each check of a report, kept: its progress while it runs, then the counts it left.

The "over time" chart, "what changed since the previous check" and the
page's progress bar all come from here. A page asks for a check (``queued``);
a worker takes it (``running``) and leaves it ``done`` or ``failed``. A check
whose process died (no heartbeat for a minute) is marked interrupted when next
read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..common import aware, utc_now
from ..store import Store, report_checks
from .target import Target

QUEUED, RUNNING = "queued", "running"
STALE_AFTER = timedelta(seconds=60)  # a running check with no heartbeat this long was cut off
INTERRUPTED_EN = "The check was interrupted (the console stopped). Check again."
INTERRUPTED_ZH = "查询被中断(控制台已停止),请重新查询。"


@dataclass(frozen=True)
class Check:
    id: int
    target: str
    state: str  # queued | running | done | failed
    started_at: datetime
    heartbeat_at: datetime
    finished_at: datetime | None
    started_by: str | None
    asked: int
    done: int
    changed: int
    counts: dict[str, int]
    error_en: str | None
    error_zh: str | None

    @property
    def running(self) -> bool:
        """Asked for or under way: the page shows its progress and looks again."""
        return self.state in (QUEUED, RUNNING)

    @property
    def waiting(self) -> bool:
        """Asked for, and no worker has taken it yet."""
        return self.state == QUEUED

    @property
    def fraction(self) -> float:
        return 1.0 if self.asked == 0 else min(1.0, self.done / self.asked)


def open_check(
    store: Store, target: Target, user: str | None = None, *, state: str = RUNNING
) -> int:
    """A new check: ``running`` for one made here and now, ``queued`` for the worker."""
    at = utc_now()
    with store.engine.begin() as conn:
        result = conn.execute(
            report_checks.insert().values(
                target=target.key,
                state=state,
                started_at=at,
                heartbeat_at=at,
                started_by=user,
                asked=0,
                done=0,
                changed=0,
                counts="{}",
            )
        )
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def update_check(conn: sa.Connection, check_id: int, **values: Any) -> None:
    if "counts" in values:
        values["counts"] = json.dumps(values["counts"])
    conn.execute(
        report_checks.update()
        .where(report_checks.c.id == check_id)
        .values(heartbeat_at=utc_now(), **values)
    )


def finish_check(
    store: Store,
    check_id: int,
    counts: dict[str, int],
    *,
    error_en: str | None = None,
    error_zh: str | None = None,
) -> None:
    with store.engine.begin() as conn:
        update_check(
            conn,
            check_id,
            state="failed" if error_en else "done",
            finished_at=utc_now(),
            counts=counts,
            error_en=error_en,
            error_zh=error_zh,
        )


def checks(store: Store, target: Target, limit: int = 200) -> list[Check]:
    """The latest checks first; a running one that stopped beating is marked failed."""
    query = (
        sa.select(report_checks)
        .where(report_checks.c.target == target.key)
        .order_by(report_checks.c.id.desc())
        .limit(limit)
    )
    with store.engine.connect() as conn:
        found = [_check(r) for r in conn.execute(query).mappings()]
    stale = [c for c in found if c.running and utc_now() - c.heartbeat_at > STALE_AFTER]
    if stale:
        with store.engine.begin() as conn:
            conn.execute(
                report_checks.update()
                .where(
                    report_checks.c.id.in_([c.id for c in stale]),
                    report_checks.c.state == "running",
                )
                .values(
                    state="failed",
                    finished_at=utc_now(),
                    error_en=INTERRUPTED_EN,
                    error_zh=INTERRUPTED_ZH,
                )
            )
        return checks(store, target, limit)
    return found


def _check(row: Any) -> Check:
    return Check(
        id=row["id"],
        target=row["target"],
        state=row["state"],
        started_at=aware(row["started_at"]) or utc_now(),
        heartbeat_at=aware(row["heartbeat_at"]) or utc_now(),
        finished_at=aware(row["finished_at"]),
        started_by=row["started_by"],
        asked=row["asked"],
        done=row["done"],
        changed=row["changed"],
        counts=json.loads(row["counts"] or "{}"),
        error_en=row["error_en"],
        error_zh=row["error_zh"],
    )
