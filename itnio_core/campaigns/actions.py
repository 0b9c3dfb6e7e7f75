"""What a person does to a campaign, with the console's rules around it: confirming it
(the daily cap, the one-time draft → queued) and pausing, resuming or cancelling it, each
written to the audit log.

``campaign_store`` holds the conditional updates that make a second click change
nothing; this adds the rules and the record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from ..access import audit, console_settings
from ..common import InvalidInputError
from ..store import Store
from . import store as cs


def confirm(
    store: Store,
    campaign_id: int,
    *,
    user: str | None,
    daily_cap: int,
    scheduled_at: datetime | None = None,
    detail: str = "",
) -> bool:
    """True when this call confirmed the draft; raises ``InvalidInputError`` past the cap.

    ``detail`` goes into the audit record (the command line says it was the command line)."""
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
            detail=detail,
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


Control = Literal["pause", "resume", "cancel"]
_CONTROLS: Final = {"pause": cs.pause, "resume": cs.resume, "cancel": cs.cancel}


def control(
    store: Store, campaign_id: int, what: Control, *, user: str | None, detail: str = ""
) -> bool:
    """Pause, resume or cancel; True when the campaign changed. Audited either way."""
    changed = _CONTROLS[what](store, campaign_id)
    audit.record(
        store,
        user,
        audit.CAMPAIGN_CONTROL,
        what=f"campaign {campaign_id}: {what}",
        result=audit.OK if changed else audit.FAILED,
        detail=detail,
    )
    return changed
