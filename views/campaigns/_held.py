"""One campaign › who quiet hours hold: how many, until when (their time and yours); the
console sends them when their window opens, with no page open."""

from __future__ import annotations

import streamlit as st

from itnio_core import quiet_hours
from itnio_core.campaigns import store as cs
from itnio_core.common import zone_named
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui.i18n import lang, num, tr


def render(console: Console, campaign_id: int, progress: cs.Progress) -> None:
    if not progress.held:
        return
    with console.store.engine.connect() as conn:
        held = quiet_hours.held_until(conn, campaign_id)
    rules = quiet_hours.rules.load(console.store)
    lines = []
    for key, count, until in held:
        rule = rules.get(key) if key else None
        theirs = (
            f"{until.astimezone(zone_named(rule.zone)[0]):%Y-%m-%d %H:%M} ({rule.zone}), "
            if rule
            else ""
        )
        lines.append(
            tr(
                "- {count} recipients ({country}) held by quiet hours until {theirs}{yours}",
                count=num(count),
                country=quiet_hours.rules.label(key, lang()) if key else "—",
                theirs=theirs,
                yours=_shared.format_time(until),
            )
        )
    st.info(
        "\n".join(lines)
        + "\n\n"
        + tr("The console sends them when their window opens; nobody needs to keep a page open."),
        icon=":material/bedtime:",
    )
