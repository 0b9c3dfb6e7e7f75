"""The OTP funnel: sent → delivered → verified → reported, with counts and rates.

*Sent* is every send the platform accepted. *Delivered* and *verified* come
from the last lookup of each send's record (a lookup, a bulk lookup or
"Update statuses" refreshes them); *reported* is a conversion reported for the
send's verificationId. Rates are shares of *sent*.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Final

import pandas as pd

from ..store import Store
from . import store as otp_store

STAGES: Final = ("Sent", "Delivered", "Verified", "Reported")


def _frame(rows: list[dict[str, Any]], tz: tzinfo) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["at", "calling_code", "delivered", "matched", "reported"])
    frame["Day"] = [at.astimezone(tz).date().isoformat() for at in frame["at"]]
    frame["Country code"] = [
        f"+{int(c)}" if pd.notna(c) else "unknown" for c in frame["calling_code"]
    ]
    frame["Sent"] = 1
    frame["Delivered"] = frame["delivered"].fillna(False).astype(bool).astype(int)
    frame["Verified"] = (frame["matched"] == 0).astype(int)
    frame["Reported"] = frame["reported"].astype(bool).astype(int)
    return frame


def _with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    out = counts.copy()
    sent = out["Sent"].where(out["Sent"] > 0)
    for stage in STAGES[1:]:
        out[f"{stage} %"] = (out[stage] / sent * 100).round(1).fillna(0.0)
    return out


def funnel(
    store: Store, tz: tzinfo, since: datetime | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(overall, by day, by country code): each with a count and a rate per stage."""
    rows = otp_store.funnel_rows(store, since)
    frame = _frame(rows, tz)
    totals = {stage: int(frame[stage].sum()) for stage in STAGES}
    overall = pd.DataFrame(
        {
            "Stage": list(STAGES),
            "Count": [totals[s] for s in STAGES],
            "Rate %": [
                round(totals[s] / totals["Sent"] * 100, 1) if totals["Sent"] else 0.0
                for s in STAGES
            ],
        }
    )
    by_day = _with_rates(
        frame.groupby("Day", sort=True)[list(STAGES)].sum().reset_index()
    ).sort_values("Day", ascending=False)
    by_country = _with_rates(
        frame.groupby("Country code", sort=True)[list(STAGES)].sum().reset_index()
    ).sort_values("Sent", ascending=False)
    return overall, by_day.reset_index(drop=True), by_country.reset_index(drop=True)
