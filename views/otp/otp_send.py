"""Send an OTP: one verification code, to test a template or to help a customer.

The send is claimed in the store by its orderId before the API is called
(``itnio_core.otp.send.send_once``), so a double click or a rerun sends once.
The code itself is shown once, here, and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from itnio_core.access import console_settings
from itnio_core.api import CHANNELS
from itnio_core.common import InvalidInputError, limits, mask_number
from itnio_core.console import Console
from itnio_core.otp import send as otp
from itnio_core.otp import store as otp_store
from itnio_core.phones import country_choices
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import tr
from views.otp import _jobs as _otp_jobs


@dataclass(frozen=True)
class Shown:
    """What the result box shows after a click (kept in the session only)."""

    send_id: int | None
    code: str
    fresh: bool
    problem: str = ""
    problem_zh: str = ""


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Send an OTP"))
    st.markdown(
        tr(
            "Send one verification code to test a template or a flow, or to help a customer "
            "who says the code never came. Every send is kept in the OTP history."
        )
    )
    if console.is_sandbox:
        st.caption(
            tr(
                "Sandbox: numbers ending in 9 fail; the others are delivered after a few "
                "seconds. A number gets at most 5 codes in 10 minutes."
            )
        )
    st.session_state.setdefault(_state.OTP_ORDER_ID, otp.new_order_id())
    _form(console)
    _result(console)


def _form(console: Console) -> None:
    with st.form(_state.OTP_SEND_FORM, enter_to_submit=False):
        _recipient()
        _code_fields()
        d, e = st.columns([1, 2])
        d.text_input(
            tr("Flow id (optional)"),
            key=_state.OTP_FLOW,
            max_chars=limits.FLOW_ID_MAX_DIGITS,
            placeholder=tr("none"),
            help=tr("The verification flow's number, if your account uses flows."),
        )
        e.text_input(
            "orderId",
            key=_state.OTP_ORDER_ID,
            max_chars=limits.ORDER_ID_MAX_CHARS,
            help=tr(
                "Your reference for this send; the platform needs it to be globally unique. "
                "One is made for you; you can type your own."
            ),
        )
        st.form_submit_button(
            tr("Send the code"), type="primary", icon=":material/send:", key=_state.OTP_SEND_BTN,
            on_click=_send, args=(console,),
        )  # fmt: skip
    st.button(
        tr("New orderId"),
        key=_state.OTP_NEW_ORDER_BTN,
        icon=":material/autorenew:",
        on_click=_new_order_id,
        help=tr("Make a fresh unique orderId for the next send."),
    )


def _recipient() -> None:
    left, right = st.columns(2)
    left.text_input(
        tr("Recipient's phone number"),
        key=_state.OTP_TO,
        max_chars=limits.PHONE_MAX_CHARS,
        placeholder="+91 98765 43210",
        help=tr("With its country code, or pick the country for numbers written without one."),
    )
    _shared.country_picker(_state.OTP_COUNTRY, right)
    labels = {c: _otp_jobs.word(otp.CHANNEL_LABELS[c]) for c in CHANNELS}  # fixed per run
    st.radio(
        tr("Channel"),
        CHANNELS,
        format_func=labels.__getitem__,
        captions=[_otp_jobs.word(otp.CHANNEL_HELP[c]) for c in CHANNELS],
        key=_state.OTP_CHANNEL,
        horizontal=True,
    )


def _code_fields() -> None:
    a, b, c = st.columns(3)
    a.number_input(
        tr("Template id"), min_value=0, max_value=limits.JAVA_INT_MAX, value=1, step=1,
        format="%d", key=_state.OTP_TEMPLATE,
        help=tr("The OTP template's number, from the ITNIO console."),
    )  # fmt: skip
    b.slider(
        tr("Code length (digits)"),
        limits.CODE_MIN_DIGITS,
        limits.CODE_MAX_DIGITS,
        6,
        key=_state.OTP_CODE_LENGTH,
        help=tr("A secure random code of this length is made for you when you send."),
    )
    c.text_input(
        tr("Or type the code (optional)"),
        key=_state.OTP_CODE,
        max_chars=limits.CODE_MAX_DIGITS,
        placeholder=tr("Leave empty to generate one"),
        help=tr("4 to 10 digits. Leave empty to get a secure random code."),
    )


def _new_order_id() -> None:
    st.session_state[_state.OTP_ORDER_ID] = otp.new_order_id()


def _send(console: Console) -> None:
    """Form callback: check, claim the orderId, send once, remember what to show."""
    s = st.session_state
    typed = str(s.get(_state.OTP_CODE, "") or "").strip()
    try:
        code = typed or otp.generate_code(int(s.get(_state.OTP_CODE_LENGTH, 6)))
        request = otp.check_request(
            to=str(s.get(_state.OTP_TO, "") or ""),
            country=_shared_country(),
            channel=str(s.get(_state.OTP_CHANNEL) or "sms"),
            template_id=s.get(_state.OTP_TEMPLATE, 1),
            code=code,
            flow_id=s.get(_state.OTP_FLOW) or None,
            order_id=str(s.get(_state.OTP_ORDER_ID, "") or ""),
        )
    except InvalidInputError as exc:
        s[_state.OTP_SEND_RESULT] = Shown(None, "", False, exc.user_message, exc.message_zh)
        return
    user = _shared.current_user()
    try:
        console_settings.check_daily_cap(console.store, user, 1, _shared.settings().daily_cap)
    except InvalidInputError as exc:
        s[_state.OTP_SEND_RESULT] = Shown(None, "", False, exc.user_message, exc.message_zh)
        return
    attempt = otp.send_once(console.store, console.client_for(user), request, user=user)
    s[_state.OTP_SEND_RESULT] = Shown(attempt.send.id, request.code, attempt.fresh)
    if attempt.fresh:
        _shared.forget_balance()
    s[_state.OTP_CODE] = ""  # a typed code is not kept on screen for the next send
    s[_state.OTP_ORDER_ID] = otp.new_order_id()  # the next send needs its own


def _shared_country() -> str | None:
    index = st.session_state.get(_state.OTP_COUNTRY)
    return country_choices()[index][0] if isinstance(index, int) else None


# ------------------------------------------------------------------ result
def _result(console: Console) -> None:
    shown: Shown | None = st.session_state.get(_state.OTP_SEND_RESULT)
    if shown is None:
        return
    if shown.send_id is None:
        problem, other = _otp_jobs.both(shown.problem, shown.problem_zh)
        st.error(problem, icon=":material/error:")
        if other:
            st.caption(other)
        return
    send = otp_store.get(console.store, shown.send_id)
    if send is None:
        return
    st.subheader(tr("Result"))
    if not shown.fresh:
        st.info(
            tr(
                "This orderId was already used at {when}, so nothing was sent again (a double "
                "click sends once). Its send is shown below.",
                when=_shared.format_time(send.at),
            ),
            icon=":material/info:",
        )
    why, other = _otp_jobs.both(send.error_en or "", send.error_zh or "")
    if send.state == otp_store.SENT:
        _sent(send, shown.code if shown.fresh else "")
    elif send.state == otp_store.FAILED:
        _failed(send, why, other)
        return
    elif send.state == otp_store.UNKNOWN:
        st.warning(tr("**Unknown outcome.** {why}", why=why), icon=":material/help:")
    else:
        st.info(tr("This code is being sent right now."), icon=":material/hourglass_top:")
    _facts(send)


def _failed(send: otp_store.OtpSend, why: str, other: str) -> None:
    """The refusal in the chosen language, with the other language underneath."""
    if send.status_code is not None:
        title = tr("**The code was not sent (code {code}).** {why}", code=send.status_code, why=why)
    else:
        title = tr("**The code was not sent.** {why}", why=why)
    st.error(title, icon=":material/error:")
    if other:
        st.caption(other)
    st.caption(
        tr("Nothing was sent to {number}; nothing to look up.", number=mask_number(send.number))
    )


def _sent(send: otp_store.OtpSend, code: str) -> None:
    channel = _otp_jobs.word(otp.CHANNEL_LABELS.get(send.channel, send.channel))
    st.success(
        tr(
            "The platform accepted the code for {number} by {channel}.",
            number=mask_number(send.number),
            channel=channel,
        ),
        icon=":material/check_circle:",
    )
    if send.sna_url:
        st.markdown(
            tr("The phone must open this link over **mobile data** (not Wi-Fi) to be verified:")
        )
        st.link_button(tr("Open the SNA link"), send.sna_url, icon=":material/open_in_new:")
        st.code(send.sna_url, language=None)
    if code:
        st.markdown(
            tr("Code sent: **`{code}`** (shown once, here only; it is not stored).", code=code)
        )


def _facts(send: otp_store.OtpSend) -> None:
    with st.container(border=True):
        a, b, c = st.columns(3)
        _otp_jobs.fact(a, "verificationId", f"`{send.verification_id or '—'}`")
        _otp_jobs.fact(b, tr("Number"), send.number)
        channel = otp.CHANNEL_LABELS.get(send.channel, send.channel)
        _otp_jobs.fact(c, tr("Channel"), _otp_jobs.word(channel))
        d, e, f = st.columns(3)
        _otp_jobs.fact(d, "orderId", f"`{send.order_id}`")
        _otp_jobs.fact(e, tr("Template id"), str(send.template_id))
        flow = str(send.flow_id) if send.flow_id is not None else "—"
        _otp_jobs.fact(f, tr("Flow id"), flow)
    st.page_link(
        pages.OTP_INSPECT,
        label=tr("Look up this OTP: delivery, verification and every attempt"),
        icon=":material/manage_search:",
        query_params={"order": send.order_id},
    )


if __name__ == "__main__":
    render()
