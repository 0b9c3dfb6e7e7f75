"""Spend (administrators): the estimated and the actual cost of confirmed campaigns by day,
by person and by campaign, downloadable as .xlsx. The figures come from
``itnio_core.money.spend``."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from itnio_core import money
from itnio_core.common import utc_now
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import num, tr

PERIODS = (7, 30, 90, 365)


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Spend"))
    st.markdown(
        tr(
            "What the campaigns confirmed in the console were estimated to cost, at the "
            "prices of the moment they were confirmed, and beside it what the platform "
            "reported they actually cost (from the delivery receipts), where it has."
        )
    )
    days = st.selectbox(
        tr("Period"),
        PERIODS,
        index=1,
        format_func=lambda d: tr("Last {days} days", days=num(d)),
        key=_state.SPEND_DAYS,
    )
    since = utc_now() - timedelta(days=int(days))
    rows = money.spend.spend_rows(console.store, since)
    if rows.empty:
        st.info(tr("No campaign was confirmed in this period."), icon=":material/savings:")
        return
    headings = {
        "day": tr("Day (UTC)"),
        "person": tr("Person"),
        "campaign": tr("Campaign"),
        "campaigns": tr("Campaigns"),
        "recipients": tr("Recipients"),
        "parts": tr("Parts"),
        "estimated_cost": tr("Estimated cost"),
        "actual_cost": tr("Actual cost"),
        "currency": tr("Currency"),
    }
    for column, title in (("day", tr("By day")), ("person", tr("By person"))):
        st.subheader(title)
        table = money.spend.spend_by(rows, column).rename(columns=headings)
        st.dataframe(table, hide_index=True, width="stretch")
    st.subheader(tr("By campaign"))
    st.dataframe(rows.rename(columns=headings), hide_index=True, width="stretch")
    name = f"spend-last-{int(days)}-days.xlsx"  # i18n: ignore
    st.download_button(
        tr("Download the spend (.xlsx)"),
        data=lambda: money.spend.spend_workbook(console.store, since),
        file_name=name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.SPEND_DL,
        icon=":material/download:",
        on_click=_shared.record_export,
        args=(name,),
    )


if __name__ == "__main__":
    render()
