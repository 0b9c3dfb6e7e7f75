"""ITNIO Console: the entrypoint (``streamlit run app.py``).

This file is the frame around every page: page config, sign-in, navigation,
the shared sidebar (language, user, mode and balance) and the sandbox notice.
The pages themselves are thin scripts in ``views/``.

Adding a page is one ``PageSpec`` in ``views/_ui/pages.py``: its file, title, icon and the
action a person needs to open it. Pages the person may not use are hidden
from the navigation, and opening one by its address shows why not.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from itnio_core import worker
from itnio_core.access import AccessDenied, Action, User, require
from itnio_core.common import ItnioError
from itnio_core.console import SANDBOX_NOTICE_EN, SANDBOX_NOTICE_ZH, Console
from views._ui import pages
from views._ui import shared as _shared
from views._ui import sign_in as _access
from views._ui import state as _state
from views._ui.i18n import is_chinese, tr
from views._ui.pages import PAGES

log = logging.getLogger(__name__)

# The tab's icon is a file served by the app itself: a ":material/..." icon would make every
# page ask Google's font servers for it, which fails in an office without internet.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def build_navigation(user: User | None) -> tuple[dict[str, list[st.Page]], dict[str, Action]]:
    """Sections of translated pages; those ``user`` may not open are hidden."""
    sections: dict[str, list[st.Page]] = {}
    needs: dict[str, Action] = {}
    for spec in PAGES:
        page = st.Page(
            spec.path,
            title=_shared.translated(spec.title),
            icon=spec.icon,
            default=spec.path == pages.HOME,
            visibility="visible" if user and user.can(spec.needs) else "hidden",
        )
        sections.setdefault(_shared.translated(spec.section), []).append(page)
        needs[page.url_path] = spec.needs
    return sections, needs


def console_or_stop() -> Console:
    """The shared console; if it cannot open, say why in plain words and stop."""
    try:
        return _shared.get_console()
    except ItnioError as exc:
        st.error(exc.message_for("zh" if is_chinese() else "en"), icon=":material/error:")
    except Exception:
        log.exception("the console could not open")
        st.error(
            tr(
                "The console could not start. Check the database address (ITNIO_DATABASE_URL) "
                "and the settings file (.streamlit/secrets.toml), then restart it. "
                "The technical details are in the server log."
            ),
            icon=":material/error:",
        )
    st.stop()


def render_sidebar(console: Console, user: User) -> Any:
    """The sidebar; returns the empty slot the balance goes in once the page has run."""
    _access.sidebar(console, user)
    with st.sidebar:
        color = "blue" if console.is_sandbox else "green"
        badge = f":{color}-badge[{_shared.mode_label(console)}]"  # i18n: ignore
        st.markdown(f"{tr('**Mode:**')} {badge}")
        return st.empty()


def show_balance(console: Console, slot: Any) -> None:
    """Filled in after the page ran, so it is never older than what the page shows: a
    campaign the page shows finished (or a confirm it just made) is in the figure."""
    check = _shared.account_check(console)
    if check.ok and check.balance is not None:
        slot.markdown(tr("**Balance:** {balance}", balance=check.balance.balance))
    else:
        slot.caption(tr("Balance unavailable. Open Home to see why."))


def refuse(exc: AccessDenied) -> None:
    st.error(exc.message_for("zh" if is_chinese() else "en"), icon=":material/lock:")
    st.page_link(pages.HOME, label=tr("Back to Home"), icon=":material/home:")


def declare_pages_hidden() -> None:
    """Before sign-in: every page exists (so its address is kept) but none is shown."""
    st.navigation(build_navigation(None)[0], position="hidden")


def main() -> None:
    product = "ITNIO Console"  # i18n: ignore
    st.set_page_config(page_title=product, page_icon=str(ICON), layout="wide")
    _state.init()
    console = console_or_stop()
    user = _access.signed_in_user(console, before_form=declare_pages_hidden)
    sections, needs = build_navigation(user)
    page = st.navigation(sections, expanded=True)
    balance_slot = render_sidebar(console, user)
    try:
        show_page(console, user, page, needs)
    finally:  # also after st.stop() or a switch of page
        show_balance(console, balance_slot)


def show_page(console: Console, user: User, page: Any, needs: dict[str, Action]) -> None:
    if console.is_sandbox:
        st.info(SANDBOX_NOTICE_ZH if is_chinese() else SANDBOX_NOTICE_EN, icon=":material/science:")
    elif not _access.directory().logins_configured:
        st.warning(_shared.no_logins_sentence(), icon=":material/lock:")
    stalled = worker.warning(console.store)
    if stalled is not None:
        st.warning(stalled.text("zh" if is_chinese() else "en"), icon=":material/pause_circle:")
    try:
        require(user, needs[page.url_path])
    except AccessDenied as exc:
        refuse(exc)
        return
    page.run()


main()
