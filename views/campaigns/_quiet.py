"""New campaign › review: what quiet hours do to this campaign if confirmed now (or at its
scheduled time): per country, how many go at once and how many wait, until when, in their
time and in yours."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from itnio_core import quiet_hours
from itnio_core.campaigns import CampaignPlan
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import lang, num, tr


def rules(console: Console) -> dict[str, quiet_hours.Window]:
    """The stored windows, for planning (requests are packed per rule)."""
    return quiet_hours.rules.load(console.store)


def clock_reading(console: Console) -> datetime:
    """Quiet hours' clock: the real time, or the sandbox clock an administrator moved."""
    return quiet_hours.moment(quiet_hours.clock_for(console.store, sandbox=console.is_sandbox))


def review(console: Console, plan: CampaignPlan, scheduled_at: datetime | None) -> None:
    """The per-country table, when any quiet hours are set."""
    found = rules(console)
    if not found:
        return
    at = scheduled_at or clock_reading(console)
    rows = quiet_hours.review.review(plan.sendable["number"], found, at=at)
    go_now, held = quiet_hours.review.summary(rows)
    tz, zone = _shared.viewer_timezone()
    st.markdown(tr("**Quiet hours** if sent at {when}:", when=_shared.format_time(at)))
    table = pd.DataFrame(
        {
            tr("Country"): [r.country(lang()) for r in rows],
            tr("Go at once"): [r.go_now for r in rows],
            tr("Held"): [r.held for r in rows],
            tr("Until (their time)"): [r.until_local() for r in rows],
            tr("Until (your time: {zone})", zone=zone): [r.until_in(tz) for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=_state.NEW_QUIET_TABLE)
    if held:
        st.info(
            tr(
                "{held} recipients are held until their own sending window opens; {now} go at "
                "once. The console sends the held ones by itself when their window opens: "
                "nobody needs to keep a page open. Pausing or cancelling the campaign covers "
                "them too.",
                held=num(held),
                now=num(go_now),
            ),
            icon=":material/bedtime:",
        )
    for r in rows:
        if r.several_zones and r.rule is not None:
            st.caption(
                tr(
                    "{country} spans several time zones: its quiet hours follow {zone}, the "
                    "zone named in the setting.",
                    country=r.country(lang()),
                    zone=r.rule.zone,
                )
            )
