"""Requests held by quiet hours, in the store: held when a campaign starts sending while its
recipients' window is closed, released (back to pending) by the sender when it opens.

A request carries the rule its numbers share (``send_requests.quiet_key``, set when the
campaign was planned); holding and releasing are conditional updates, so two workers doing
them at once change each request once. Pausing a campaign stops its released requests being
claimed; cancelling cancels held ones with the pending ones.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ..common import aware
from ..store import campaigns, send_requests
from .rules import Rules

HELD = "held"


def hold_closed(conn: sa.Connection, campaign_id: int, rules: Rules, now: datetime) -> int:
    """Hold the campaign's pending requests whose window is closed at ``now``; returns how
    many requests were held."""
    keys = conn.execute(
        sa.select(send_requests.c.quiet_key)
        .where(
            send_requests.c.campaign_id == campaign_id,
            send_requests.c.state == "pending",
            send_requests.c.quiet_key.is_not(None),
        )
        .distinct()
    ).scalars()
    held = 0
    for key in list(keys):
        rule = rules.get(key)
        until = rule.opens_at(now) if rule is not None else None
        if until is None:
            continue
        held += conn.execute(
            send_requests.update()
            .where(
                send_requests.c.campaign_id == campaign_id,
                send_requests.c.state == "pending",
                send_requests.c.quiet_key == key,
            )
            .values(state=HELD, not_before=until)
        ).rowcount
    return held


def any_due(engine: sa.Engine, now: datetime) -> bool:
    """Whether a held request's window has opened: read first, so the sender writes only then.
    Through the (campaign_id, state) index, never a scan of every request's body."""
    with engine.connect() as conn:
        return (
            conn.execute(
                sa.select(send_requests.c.id)
                .where(
                    send_requests.c.campaign_id.in_(sa.select(campaigns.c.id).scalar_subquery()),
                    send_requests.c.state == HELD,
                    send_requests.c.not_before <= now,
                )
                .limit(1)
            ).first()
            is not None
        )


def release_due(conn: sa.Connection, now: datetime) -> int:
    """Held requests whose window has opened by ``now`` go back to pending."""
    return conn.execute(
        send_requests.update()
        .where(send_requests.c.state == HELD, send_requests.c.not_before <= now)
        .values(state="pending", not_before=None)
    ).rowcount


def held_until(conn: sa.Connection, campaign_id: int) -> list[tuple[str | None, int, datetime]]:
    """(rule key, recipients, until) of the campaign's held requests, earliest first."""
    rows = conn.execute(
        sa.select(
            send_requests.c.quiet_key,
            sa.func.sum(send_requests.c.numbers),
            sa.func.min(send_requests.c.not_before),
        )
        .where(send_requests.c.campaign_id == campaign_id, send_requests.c.state == HELD)
        .group_by(send_requests.c.quiet_key)
    ).all()
    found = [(k, int(n or 0), aware(u)) for k, n, u in rows if u is not None]
    return sorted(found, key=lambda r: r[2])
