"""Unknown sends settled by receipts, never by sending again.

Every recipient of a campaign is sent with an ``orderId`` of its own (``campaigns.plan``), and
the platform's receipt carries it back. A request whose answer was lost leaves its recipients
"unknown" with no msgId; a receipt with one of their orderIds (and their number) proves the
message went: the recipient becomes sent, with the receipt's msgId, and its report shows the
receipt's status.

    settle_unknown(store, campaign_id)   # Settlement(settled_now=3, settled=3, remaining=1)
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..store import Store, delivery_status, recipients, send_requests

d, r, s = delivery_status, recipients, send_requests
UNKNOWN, SENT = "unknown", "sent"


@dataclass(frozen=True)
class Settlement:
    settled_now: int  # recipients this call settled
    settled: int  # recipients of unknown requests settled so far (sent, by a receipt)
    remaining: int  # recipients still unknown


def settle_unknown(store: Store, campaign_id: int) -> Settlement:
    """Settle the campaign's unknown recipients that a receipt has since accounted for."""
    found = (
        sa.select(r.c.row_index, d.c.msg_id)
        .select_from(r.join(d, d.c.order_id == r.c.order_id))
        .where(
            r.c.campaign_id == campaign_id,
            r.c.submit_status == UNKNOWN,
            r.c.msg_id.is_(None),
            r.c.order_id.is_not(None),
            sa.or_(d.c.number == r.c.number, d.c.number == ""),
        )
    )
    settle = (
        r.update()
        .where(
            r.c.campaign_id == campaign_id,
            r.c.row_index == sa.bindparam("b_row"),
            r.c.submit_status == UNKNOWN,
        )
        .values(msg_id=sa.bindparam("b_msg"), submit_status=SENT, error=None)
    )
    with store.engine.begin() as conn:
        pairs = conn.execute(found).all()
        if pairs:
            conn.execute(settle, [{"b_row": row, "b_msg": msg} for row, msg in pairs])
    settled, remaining = _standing(store, campaign_id)
    return Settlement(len(pairs), settled, remaining)


def _standing(store: Store, campaign_id: int) -> tuple[int, int]:
    of_unknown = (
        sa.select(r.c.submit_status, sa.func.count())
        .select_from(r.join(s, s.c.id == r.c.request_id))
        .where(r.c.campaign_id == campaign_id, s.c.state == UNKNOWN)
        .group_by(r.c.submit_status)
    )
    with store.engine.connect() as conn:
        counts = {str(k): int(n) for k, n in conn.execute(of_unknown)}
    return counts.get(SENT, 0), counts.get(UNKNOWN, 0)
