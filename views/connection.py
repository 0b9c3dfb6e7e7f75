"""Settings › Connection: which account and server the console uses, and a live test."""

from __future__ import annotations

import streamlit as st

from itnio_core.runtime import Console
from views import _shared, _state

SECRETS_EXAMPLE = """\
# .streamlit/secrets.toml  (or the same names as environment variables)
ITNIO_API_KEY = "your API key"
ITNIO_API_SECRET = "your API secret"
ITNIO_SMS_APP_ID = "your SMS app id"
ITNIO_OTP_APP_ID = "your OTP app id"
"""


def render() -> None:
    console = _shared.get_console()
    st.title("Connection")
    st.markdown(_shared.mode_sentence(console))
    _details(console)
    st.subheader("Test the connection")
    st.markdown("Asks the platform for your balance. Nothing is sent and nothing is charged.")
    st.button(
        "Check connection",
        key=_state.CONNECTION_CHECK_BTN,
        icon=":material/network_check:",
        on_click=_shared.run_check,
        args=(_state.CONNECTION_CHECK_RESULT,),
    )
    _shared.show_check_result(_state.CONNECTION_CHECK_RESULT)
    _how_to_change()


def _details(console: Console) -> None:
    s = console.settings
    server = "Built-in simulator" if console.is_sandbox else "ITNIO platform"
    simulator_note = " (the simulator's own test key)" if console.is_sandbox else ""
    st.subheader("Current settings")
    st.markdown(
        f"- **Mode:** {_shared.mode_label(console)}\n"
        f"- **Server:** {server} at `{s.base_url}`\n"
        f"- **API key:** `{s.masked_key}`{simulator_note}\n"
        f"- **API secret:** {'set (never shown)' if s.api_secret else 'not set'}\n"
        f"- **SMS app id:** {_or_not_set(s.sms_app_id)}\n"
        f"- **OTP app id:** {_or_not_set(s.otp_app_id)}\n"
        f"- **History saved in:** `{_database(console)}`"
    )


def _database(console: Console) -> str:
    return console.store.engine.url.render_as_string(hide_password=True)


def _or_not_set(value: str) -> str:
    return f"`{value}`" if value else "not set"


def _how_to_change() -> None:
    with st.expander("How to change these settings"):
        st.markdown(
            "Settings are read when the console starts. Ask whoever runs the console to "
            "put your ITNIO credentials in `.streamlit/secrets.toml` or in environment "
            "variables with these names, then restart it. With no key and secret the "
            "console runs in sandbox mode."
        )
        st.code(SECRETS_EXAMPLE, language="toml")


if __name__ == "__main__":
    render()
