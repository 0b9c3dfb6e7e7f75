"""Settings › Users (administrators): who can sign in, with which role, and locks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core.access import Directory, User, audit, auth
from views._ui import shared as _shared
from views._ui import sign_in as _access
from views._ui import state as _state
from views._ui.i18n import tr

ADD_USER_EXAMPLE = """\
# 1. On the server, in the console's folder, make a password hash
#    (it asks for the password twice):
scripts/itnio hash-password --user alice --role sender

# 2. Paste what it prints into .streamlit/secrets.toml, for example:
[users.alice]
password_hash = "$2b$12$..."
role = "sender"        # viewer | sender | admin
name = "Alice Wong"    # optional

# 3. Restart the console.
"""


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Users"))
    st.markdown(
        tr(
            "**Viewers** see reports and history. **Senders** can also send campaigns and "
            "OTPs and report conversions. **Admins** can also change settings, the stop list "
            "and see the audit log."
        )
    )
    directory = _access.directory()
    if not directory.logins_configured:
        st.warning(
            tr(
                "No users are set up, so nobody signs in. In sandbox mode that is allowed; on "
                "the live platform sending stays switched off until a user exists."
            ),
            icon=":material/lock_open:",
        )
    if directory.oidc:
        _single_sign_on(directory)
    if directory.users:
        rows, locked_names = [], []
        for user in directory.users.values():
            locked = auth.locked_until(console.store, user.username)
            if locked:
                locked_names.append(user.username)
            rows.append(
                {
                    tr("User name"): user.username,
                    tr("Display name"): user.name or "—",
                    tr("Role"): _access.role_label(user),
                    tr("Sign-in"): tr("Locked until {time}", time=_shared.format_time(locked))
                    if locked
                    else tr("Allowed"),
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        if locked_names:
            st.selectbox(tr("Unlock a user"), locked_names, key=_state.USERS_UNLOCK)
            st.button(tr("Unlock"), key=_state.USERS_UNLOCK_BTN, on_click=_unlock)
    with st.expander(tr("How to add a user or change a role"), expanded=not directory.users):
        st.markdown(
            tr(
                "Users live in `.streamlit/secrets.toml` with a hashed password, never the "
                "password itself. Ask whoever runs the console to:"
            )
        )
        st.code(ADD_USER_EXAMPLE, language="toml")


def _single_sign_on(directory: Directory) -> None:
    """Who gets in with a company account: the e-mails under [roles], and maybe everyone."""
    st.info(tr("People sign in with your company account (single sign-on)."))
    listed = directory.oidc_roles or {}
    if directory.default_role is None:
        st.caption(
            tr(
                "Only the {count} e-mail addresses under [roles] get in; anyone else is "
                "refused and told to ask an administrator.",
                count=len(listed),
            )
        )
    else:
        role = _access.role_label(User(username="", role=directory.default_role))
        st.caption(
            tr(
                "The {count} e-mail addresses under [roles] get their role; anyone else your "
                "company account accepts gets in as {role} (default_role).",
                count=len(listed),
                role=role,
            )
        )


def _unlock() -> None:
    name = st.session_state.get(_state.USERS_UNLOCK)
    if not name:
        return
    console = _shared.get_console()
    auth.unlock(console.store, name)
    audit.record(console.store, _shared.current_user(), audit.SETTINGS_CHANGE,
                 what=f"unlocked {name}")  # fmt: skip  # i18n: ignore


if __name__ == "__main__":
    render()
