"""A confirmed campaign in the store, and where its requests and recipients stand."""

from __future__ import annotations

import sqlalchemy as sa

from itnio_core.campaigns import store as cs
from itnio_core.store.engine import Store
from itnio_core.store.schema import send_requests
from tests.sending.test_sender import draft

NUMBERS_PER_REQUEST = 1000  # the plan packs requests full


def confirmed_campaign(store: Store, requests: int) -> int:
    """A campaign of ``requests`` full requests, confirmed: any worker will send it."""
    campaign_id = draft(store, requests * NUMBERS_PER_REQUEST)
    assert cs.confirm(store, campaign_id, user="ana")
    return campaign_id


def request_states(store: Store, campaign_id: int) -> dict[str, int]:
    """How many of the campaign's requests are pending, in_flight, done, unknown..."""
    query = (
        sa.select(send_requests.c.state, sa.func.count())
        .where(send_requests.c.campaign_id == campaign_id)
        .group_by(send_requests.c.state)
    )
    with store.engine.connect() as conn:
        return {str(state): int(n) for state, n in conn.execute(query)}


def claimers(store: Store, campaign_id: int, state: str) -> set[str]:
    """The senders that claimed the campaign's requests now in ``state``."""
    query = sa.select(send_requests.c.claimed_by).where(
        send_requests.c.campaign_id == campaign_id, send_requests.c.state == state
    )
    with store.engine.connect() as conn:
        return {str(by) for by in conn.execute(query).scalars()}


def finished(store: Store, campaign_id: int) -> bool:
    campaign = cs.get(store, campaign_id)
    assert campaign is not None
    assert campaign.status in (cs.QUEUED, cs.SENDING, cs.FINISHED), campaign.stop_message_en
    return campaign.status == cs.FINISHED
