"""Send an OTP: one verification code, to test a template or to help a customer.

The send is claimed in the store by its orderId before the API is called
(``itnio_core.otp.send_once``), so a double click or a rerun sends once.
The code itself is shown once, here, and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from itnio_core import otp, otp_store
from itnio_core.calls import mask_number
from itnio_core.errors import InvalidInputError
from itnio_core.models import CHANNELS
from itnio_core.numbers import country_choices
from itnio_core.runtime import Console
from views import _shared, _state


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
    st.title("Send an OTP")
    st.markdown(
        "Send one verification code to test a template or a flow, or to help a customer who "
        "says the code never came. Every send is kept in the OTP history."
    )
    if console.is_sandbox:
        st.caption(
            "Sandbox: numbers ending in 9 fail; the others are delivered after a few seconds. "
            "A number gets at most 5 codes in 10 minutes."
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
            "Flow id (optional)",
            key=_state.OTP_FLOW,
            placeholder="none",
            help="The verification flow's number, if your account uses flows.",
        )
        e.text_input(
            "orderId",
            key=_state.OTP_ORDER_ID,
            max_chars=otp.MAX_ORDER_ID,
            help="Your reference for this send; the platform needs it to be globally unique. "
            "One is made for you; you can type your own.",
        )
        st.form_submit_button(
            "Send the code", type="primary", icon=":material/send:", key=_state.OTP_SEND_BTN,
            on_click=_send, args=(console,),
        )  # fmt: skip
    st.button(
        "New orderId",
        key=_state.OTP_NEW_ORDER_BTN,
        icon=":material/autorenew:",
        on_click=_new_order_id,
        help="Make a fresh unique orderId for the next send.",
    )


def _recipient() -> None:
    left, right = st.columns(2)
    left.text_input(
        "Recipient's phone number",
        key=_state.OTP_TO,
        placeholder="+91 98765 43210",
        help="With its country code, or pick the country for numbers written without one.",
    )
    _shared.country_picker(_state.OTP_COUNTRY, right)
    st.radio(
        "Channel",
        CHANNELS,
        format_func=lambda c: otp.CHANNEL_LABELS[c],
        captions=[otp.CHANNEL_HELP[c] for c in CHANNELS],
        key=_state.OTP_CHANNEL,
        horizontal=True,
    )


def _code_fields() -> None:
    a, b, c = st.columns(3)
    a.number_input(
        "Template id", min_value=0, value=1, step=1, format="%d", key=_state.OTP_TEMPLATE,
        help="The OTP template's number, from the ITNIO console.",
    )  # fmt: skip
    b.slider(
        "Code length (digits)",
        otp.MIN_CODE_LENGTH,
        otp.MAX_CODE_LENGTH,
        6,
        key=_state.OTP_CODE_LENGTH,
        help="A secure random code of this length is made for you when you send.",
    )
    c.text_input(
        "Or type the code (optional)",
        key=_state.OTP_CODE,
        max_chars=otp.MAX_CODE_LENGTH,
        placeholder="Leave empty to generate one",
        help="4 to 10 digits. Leave empty to get a secure random code.",
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
        st.error(shown.problem, icon=":material/error:")
        if shown.problem_zh and shown.problem_zh != shown.problem:
            st.caption(shown.problem_zh)
        return
    send = otp_store.get(console.store, shown.send_id)
    if send is None:
        return
    st.subheader("Result")
    if not shown.fresh:
        st.info(
            f"This orderId was already used at {_shared.format_time(send.at)}, so nothing was "
            "sent again (a double click sends once). Its send is shown below.",
            icon=":material/info:",
        )
    if send.state == otp_store.SENT:
        _sent(send, shown.code if shown.fresh else "")
    elif send.state == otp_store.FAILED:
        code = f" (code {send.status_code})" if send.status_code is not None else ""
        st.error(f"**The code was not sent{code}.** {send.error_en}", icon=":material/error:")
        if send.error_zh:
            st.caption(send.error_zh)
        st.caption(f"Nothing was sent to {mask_number(send.number)}; nothing to look up.")
        return
    elif send.state == otp_store.UNKNOWN:
        st.warning(f"**Unknown outcome.** {send.error_en}", icon=":material/help:")
    else:
        st.info("This code is being sent right now.", icon=":material/hourglass_top:")
    _facts(send)


def _sent(send: otp_store.OtpSend, code: str) -> None:
    channel = otp.CHANNEL_LABELS.get(send.channel, send.channel)
    st.success(
        f"The platform accepted the code for {mask_number(send.number)} by {channel}.",
        icon=":material/check_circle:",
    )
    if send.sna_url:
        st.markdown(
            "The phone must open this link over **mobile data** (not Wi-Fi) to be verified:"
        )
        st.link_button("Open the SNA link", send.sna_url, icon=":material/open_in_new:")
        st.code(send.sna_url, language=None)
    if code:
        st.markdown(f"Code sent: **`{code}`** (shown once, here only; it is not stored).")


def _facts(send: otp_store.OtpSend) -> None:
    with st.container(border=True):
        a, b, c = st.columns(3)
        a.markdown(f"**verificationId**  \n`{send.verification_id or '—'}`")
        b.markdown(f"**Number**  \n{send.number}")
        c.markdown(f"**Channel**  \n{otp.CHANNEL_LABELS.get(send.channel, send.channel)}")
        d, e, f = st.columns(3)
        d.markdown(f"**orderId**  \n`{send.order_id}`")
        e.markdown(f"**Template id**  \n{send.template_id}")
        f.markdown(f"**Flow id**  \n{send.flow_id if send.flow_id is not None else '—'}")
    st.page_link(
        "views/otp_inspect.py",
        label="Look up this OTP: delivery, verification and every attempt",
        icon=":material/manage_search:",
        query_params={"order": send.order_id},
    )


if __name__ == "__main__":
    render()
