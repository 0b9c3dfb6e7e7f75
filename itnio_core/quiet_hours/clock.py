"""The clock quiet hours are judged by: epoch seconds, like ``time.time`` (and the tests'
``FakeClock``, which the sandbox and the signing read too), so a test moves it by hand and
never waits.

In sandbox mode an administrator can move this clock (Settings → Sandbox clock) to rehearse
quiet hours: "it is 23:30 in India now", then "it is 09:00". The offset is kept in the store,
so every process (web servers, workers) reads the same time. It moves only what quiet hours
see: holding and releasing recipients, and the review of a campaign. Everything else (the
store's times, signatures, schedules) keeps the real time. Live mode always uses the real time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from ..access import audit
from ..common import utc_now
from ..store import Store, app_settings, put_app_setting

Clock = Callable[[], float]  # epoch seconds
OFFSET_KEY = "sandbox_clock_offset"  # seconds the sandbox clock is ahead of the real one


def moment(clock: Clock) -> datetime:
    """The clock's time as an aware UTC datetime."""
    return datetime.fromtimestamp(clock(), UTC)


def sandbox_offset(store: Store) -> float:
    with store.engine.connect() as conn:
        value = conn.execute(
            sa.select(app_settings.c.value).where(app_settings.c.key == OFFSET_KEY)
        ).scalar()
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0


def clock_for(store: Store, *, sandbox: bool) -> Clock:
    """The real clock in live mode; in sandbox mode, the real clock plus the stored offset."""
    if not sandbox:
        return time.time
    return lambda: time.time() + sandbox_offset(store)


def set_sandbox_time(store: Store, at: datetime | None, *, user: str | None) -> float:
    """Make the sandbox clock read ``at`` now (None: back to the real time); the offset."""
    offset = 0.0 if at is None else (at - utc_now()).total_seconds()
    now = utc_now()
    with store.engine.begin() as conn:
        put_app_setting(conn, OFFSET_KEY, repr(offset), user=user, now=now)
    shown = "the real time" if at is None else at.isoformat(timespec="minutes")
    audit.record(store, user, audit.SETTINGS_CHANGE, what="Sandbox clock", detail=f"→ {shown}")
    return offset
