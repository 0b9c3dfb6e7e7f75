"""Confirming a campaign: the person's daily cap, the one-time draft → queued, the audit.

``campaign_store.confirm`` is the conditional update that makes a second click
change nothing; this adds what the console's rules say around it.
"""

from __future__ import annotations

from datetime import datetime

from . import audit, console_settings
from . import campaign_store as cs
from .errors import InvalidInputError
from .store import Store


def confirm(
    store: Store,
    campaign_id: int,
    *,
    user: str | None,
    daily_cap: int,
    scheduled_at: datetime | None = None,
) -> bool:
    """True when this call confirmed the draft; raises ``InvalidInputError`` past the cap."""
    campaign = cs.get(store, campaign_id)
    if campaign is None or campaign.status != cs.DRAFT:
        return False
    console_settings.check_daily_cap(store, user, campaign.recipients, daily_cap)
    confirmed = cs.confirm(store, campaign_id, user=user, scheduled_at=scheduled_at)
    if confirmed:
        when = f", scheduled for {scheduled_at.isoformat()}" if scheduled_at else ""
        audit.record(
            store,
            user,
            audit.CAMPAIGN_CONFIRM,
            what=f"campaign {campaign_id} “{campaign.name}”: {campaign.recipients:,} "
            f"recipients{when}",
        )
    return confirmed


def cap_problem(
    store: Store, user: str | None, count: int, daily_cap: int
) -> InvalidInputError | None:
    """The cap error sending ``count`` more would raise, to show before the button."""
    try:
        console_settings.check_daily_cap(store, user, count, daily_cap)
    except InvalidInputError as exc:
        return exc
    return None
