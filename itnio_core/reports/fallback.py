"""When the platform is asked after all: messages whose receipt is late.

Receipts pushed by the platform (``itnio_core.receipts``) fill reports without asking.
getReport remains the fallback for a message that has no final status a while after it was
sent (a setting, 10 minutes by default), and for "Check now". ``overdue`` says whether a
report has such a message:

* a campaign's message counts from when its request was answered;
* a message of a list someone brought (sent who knows when) is overdue at once if it was
  never asked about, else from when it was first seen still sending.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import sqlalchemy as sa

from ..store import Store, delivery_status, recipients, send_requests
from .store import members
from .target import Target

d = delivery_status
NOT_FINAL = sa.or_(d.c.msg_id.is_(None), d.c.status.is_(None), d.c.status == -1)


def overdue(store: Store, target: Target, after_seconds: float, now: float | None = None) -> bool:
    """True when a message of the report waits for its final status longer than allowed."""
    cutoff = (time.time() if now is None else now) - after_seconds
    if target.kind == "campaign":
        r, s = recipients, send_requests
        sent_at = s.c.finished_at
        query = (
            sa.select(r.c.msg_id)
            .select_from(r.join(s, s.c.id == r.c.request_id).outerjoin(d, d.c.msg_id == r.c.msg_id))
            .where(
                r.c.campaign_id == target.id,
                r.c.msg_id.is_not(None),
                NOT_FINAL,
                sent_at.is_not(None),
                sent_at < datetime.fromtimestamp(cutoff, UTC),
            )
            .limit(1)
        )
    else:
        m = members(target)
        query = (
            sa.select(m.c.msg_id)
            .select_from(m.outerjoin(d, d.c.msg_id == m.c.msg_id))
            .where(sa.or_(d.c.msg_id.is_(None), sa.and_(NOT_FINAL, d.c.first_seen_at < cutoff)))
            .limit(1)
        )
    with store.engine.connect() as conn:
        return conn.execute(query).first() is not None
