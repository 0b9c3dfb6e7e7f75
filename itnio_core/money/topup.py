"""A campaign the platform stopped with "insufficient balance" (-10): waiting for a top-up.

The sender pauses it (``sending``): the refused request goes back to pending, nothing is
resent, and one Resume after a top-up sends exactly what waits. This says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..campaigns import store as campaign_store
from ..store import Store

BALANCE_TOO_LOW: Final = -10  # the platform's "insufficient balance" status


@dataclass(frozen=True)
class TopUpWait:
    sent: int  # recipients in requests the platform answered
    waiting: int  # recipients not sent yet

    def message(self, lang: str = "en") -> str:
        if lang.startswith("zh"):
            return (
                f"等待充值：账户余额已用完。已发送 {self.sent:,} 位，{self.waiting:,} 位在等待。"
                "充值后点击“继续”，只发送等待中的接收人，已发送的不会重发。"
            )
        return (
            f"Waiting for a top-up: the account ran out of balance. {self.sent:,} "
            f"{'recipient was' if self.sent == 1 else 'recipients were'} sent; "
            f"{self.waiting:,} {'waits' if self.waiting == 1 else 'wait'}. Top up the "
            "account, then press Resume: only the waiting ones are sent, none twice."
        )


def waiting_for_top_up(store: Store, campaign: campaign_store.Campaign) -> TopUpWait | None:
    """How many were sent and how many wait, when ``campaign`` waits for a top-up."""
    if campaign.status != campaign_store.PAUSED or campaign.stop_code != BALANCE_TOO_LOW:
        return None
    progress = campaign_store.progress(store, campaign.id)
    return TopUpWait(progress.submitted, progress.pending + progress.in_flight)
