"""Home: which mode, how much balance, does the account work, what can I do here."""

from __future__ import annotations

import streamlit as st

from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, tr


def render() -> None:
    console = _shared.get_console()
    st.title(tr("ITNIO Console"))
    st.markdown(_shared.mode_sentence(console))
    _balance(console)
    _shared.show_background_work(console)
    _connection()
    _what_you_can_do()


def _balance(console: Console) -> None:
    st.subheader(tr("Account balance"))
    check = _shared.account_check(console)
    if not check.ok or check.balance is None:
        st.error(check.message_for(lang()), icon=":material/error:")
        st.caption(tr("Fix the problem, then use “Check connection” below to try again."))
        return
    balance, gift, credit = st.columns(3)
    balance.metric(tr("Balance"), check.balance.balance, border=True)
    gift.metric(tr("Gift balance"), check.balance.gift, border=True)
    credit.metric(tr("Credit"), check.balance.credit, border=True)
    st.caption(
        tr(
            "As the platform reports them. Refreshed at most every {seconds} seconds, "
            "or when you check the connection.",
            seconds=num(_shared.BALANCE_TTL_SECONDS),
        )
    )


def _connection() -> None:
    st.subheader(tr("Connection"))
    st.markdown(tr("Ask the platform whether it accepts this console's API key and secret."))
    st.button(
        tr("Check connection"),
        key=_state.HOME_CHECK_BTN,
        icon=":material/network_check:",
        on_click=_shared.run_check,
        args=(_state.HOME_CHECK_RESULT,),
    )
    _shared.show_check_result(_state.HOME_CHECK_RESULT)


# (page, what it does, icon): one link each, translated when shown
LINKS = (
    (
        pages.NEW_CAMPAIGN,
        N_("Send a campaign to the numbers in a spreadsheet"),
        ":material/send:",
    ),
    (
        pages.CAMPAIGNS,
        N_("Follow your campaigns and download their results"),
        ":material/campaign:",
    ),
    (
        pages.REPORTS,
        N_("See which messages arrived, and download delivery reports"),
        ":material/monitoring:",
    ),
    (
        pages.OTP_SEND,
        N_("Send a verification code (OTP) and look it up when a customer says it never came"),
        ":material/password:",
    ),
    (
        pages.CONVERSIONS,
        N_("Report conversions: codes your customers used"),
        ":material/task_alt:",
    ),
    (
        pages.SETTINGS,
        N_("See which account and server the console uses"),
        ":material/link:",
    ),
    (
        pages.API_ACTIVITY,
        N_("See every request the console has made to the platform, with its result"),
        ":material/history:",
    ),
)


def _what_you_can_do() -> None:
    st.subheader(tr("What you can do here"))
    st.markdown(tr("See your balance and check that the account works, on this page. And:"))
    for page, label, icon in LINKS:
        if _shared.can_open(page):  # only what this person's role allows
            st.page_link(page, label=i18n.translate(label, lang()), icon=icon)


if __name__ == "__main__":
    render()
