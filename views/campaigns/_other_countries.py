"""New campaign › check: rows whose number is valid only under another country's code than
the one chosen, named with their countries and counts and sent only if the person ticks the
box; and the problem table's columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.phones import country_name
from views._ui import state as _state
from views._ui.i18n import is_chinese, num, tr

_Checked = campaign_flow.Checked
# Three lines of text: a long reason wraps inside its cell instead of running off the table.
PROBLEM_ROW_HEIGHT = 72


def offer(checked: _Checked, included: Callable[[], _Checked]) -> _Checked:
    """checked as it is, or (box ticked) checked again with those rows included."""
    frame = checked.verdicts.frame
    rows = frame[frame["verdict"] == "check"]
    if rows.empty:
        return checked
    counts = rows["region"].astype("str").value_counts()
    lang = "zh" if is_chinese() else "en"
    places = ", ".join(f"{country_name(r, lang)} {num(int(n))}" for r, n in counts.items())
    st.warning(
        tr(
            "**{count} rows are not numbers of the chosen country**, but would be valid in "
            "another one, so they would be sent abroad (often at a higher price): {places}. "
            "They are listed under Check below and are not sent unless you include them.",
            count=num(len(rows)),
            places=places,
        ),
        icon=":material/travel_explore:",
    )
    include = st.checkbox(
        tr("Send to these {count} rows too", count=num(len(rows))),
        key=_state.NEW_OTHER_COUNTRIES,
        help=tr("Only if you know these people live in those countries."),
    )
    return included() if include else checked


def problem_columns(headings: Iterable[str]) -> dict[str, Any]:
    """The problem table's columns: the row and the number narrow, the reason given the
    room, so it reads without widening the window."""
    row, raw, reason = headings
    return {
        row: st.column_config.NumberColumn(row, width="small", format="%d"),
        raw: st.column_config.TextColumn(raw, width="medium"),
        reason: st.column_config.TextColumn(reason, width="large"),
    }
