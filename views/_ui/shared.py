"""What every page shares: the cached console, the account check, times and results.

Only caching and rendering live here; the work itself is done by ``itnio_core``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import streamlit as st

from itnio_core import money, worker
from itnio_core.access import Action, audit, console_settings
from itnio_core.common import ItnioError, Settings, utc_now, zone_named
from itnio_core.console import ConnectionCheck, Console, check_connection, open_console
from itnio_core.i18n import translate as i18n
from itnio_core.phones import country_choices, country_name
from views._ui import i18n as _i18n
from views._ui.i18n import num, tr

log = logging.getLogger(__name__)

# How long the sidebar and Home reuse one balance answer before asking again.
BALANCE_TTL_SECONDS = 60


# ------------------------------------------------------------------ console
def _secrets() -> dict[str, Any] | None:
    """``st.secrets`` as a plain dict, or None when there is no secrets file."""
    if not st.secrets.load_if_toml_exists():
        return None
    return st.secrets.to_dict()


def _release(console: Console) -> None:
    # Close what this console owns; the process-wide sandbox stays up for the next one.
    console.close()


@st.cache_resource(show_spinner=False, on_release=_release)
def get_console() -> Console:
    """One console (settings, store, client, sandbox) per server process."""
    return open_console(Settings.load(secrets=_secrets()))


def settings() -> console_settings.ConsoleSettings:
    """The administrator's choices (default country, sender ID, threshold, cap)."""
    console = get_console()
    return console_settings.load(console.store, console.settings)


def country_picker(key: str, container: Any = None, *, help: str | None = None) -> str | None:
    """A country select for numbers written without a country code; None = no default.

    Starts at the default country an administrator chose in Settings, if any.
    """
    countries = country_choices()
    codes = [c[0] for c in countries]
    labels = country_labels()
    default = settings().default_country
    index = (container or st).selectbox(
        tr("Country for numbers written without a country code"),
        range(len(countries)),
        format_func=labels.__getitem__,
        index=codes.index(default) if default in codes else None,
        key=key,
        placeholder=tr("None: every number has its country code"),
        help=help,
    )
    return countries[index][0] if index is not None else None


def country_labels() -> list[str]:
    """``United Kingdom (+44)``; in Chinese ``英国 United Kingdom (+44)``, so typing either
    name finds it. Built before the widget: its format_func may run outside the page run."""
    zh = _i18n.is_chinese()
    return [
        f"{country_name(code, 'zh')} {name} (+{cc})" if zh else f"{name} (+{cc})"
        for code, name, cc in country_choices()
    ]


def current_user() -> str | None:
    """Who is acting, for the records; None without sign-in (sandbox, no logins)."""
    from views._ui import sign_in as _access

    user = _access.current()
    return None if user is None or user.anonymous else user.username


def can_open(path: str) -> bool:
    """Whether the signed-in person's role opens the page at ``path`` (``views/x.py``)."""
    from views._ui import sign_in as _access
    from views._ui.pages import PAGES

    user = _access.current()
    needs = next((spec.needs for spec in PAGES if spec.path == path), None)
    return user is not None and needs is not None and user.can(needs)


def may(action: Action) -> bool:
    """Whether the signed-in person may do ``action`` (buttons are hidden otherwise)."""
    from views._ui import sign_in as _access

    user = _access.current()
    return user is not None and user.can(action)


def record_export(what: str) -> None:
    """Download-button callback: the audit log notes who downloaded which file."""
    audit.record(get_console().store, current_user(), audit.EXPORT, what=what)


def translated(text: str) -> str:
    """``text`` marked with ``N_`` (or empty) in the session's language."""
    return i18n.translate(text, _i18n.lang()) if text else text


def mode_label(console: Console) -> str:
    return tr("Sandbox") if console.is_sandbox else tr("Live")


def mode_sentence(console: Console) -> str:
    if console.is_sandbox:
        return tr(
            "You are in **sandbox mode**: the console talks to a built-in simulator, "
            "so nothing you do here sends a real message or costs money."
        )
    return tr(
        "You are connected to the **live ITNIO platform**: messages you send here are "
        "real and are charged to your account."
    )


def show_background_work(console: Console) -> None:
    """Whether sending, report checks and bulk lookups are running now, and since when."""
    life = worker.liveness(console.store)
    st.subheader(tr("Background work"))
    if life.running and life.since is not None:
        count = len(life.alive)
        who = tr("one worker") if count == 1 else tr("{count} workers", count=num(count))
        st.success(
            tr(
                "Running since {when}, in {who}. Campaigns are sent, reports checked and bulk "
                "lookups done without anyone keeping a page open.",
                when=format_time(life.since),
                who=who,
            ),
            icon=":material/autorenew:",
        )
    elif life.last_beat is not None:
        st.warning(
            tr(
                "Not running: last seen {when}. Campaigns, report checks and bulk lookups "
                "wait until it runs again.",
                when=format_time(life.last_beat),
            ),
            icon=":material/pause_circle:",
        )
    else:
        st.warning(
            tr("Not running yet: nothing has started the background work."),
            icon=":material/pause_circle:",
        )


def no_logins_sentence() -> str:
    return tr(
        "Sending is switched off: this console is connected to the live platform but no "
        "one can sign in. To switch sending on, add a user: in the console's folder, run "
        "`scripts/itnio hash-password --user NAME --role admin` and paste what it "
        "prints into `.streamlit/secrets.toml`, then restart the console."
    )


# ------------------------------------------------------------- account check
def _console_id(console: Console) -> str:
    """The cached balance's key: a campaign that finishes or pauses changes it, so the
    sidebar reads the balance again then (``money.spend.balance_marker``)."""
    marker = money.spend.balance_marker(console.store)
    return f"{console.mode}|{console.settings.base_url}|{id(console)}|{marker}"


@st.cache_data(ttl=BALANCE_TTL_SECONDS, show_spinner=False)
def _cached_check(_console: Console, console_id: str) -> ConnectionCheck:
    return check_connection(_console.client)


def account_check(console: Console, *, fresh: bool = False) -> ConnectionCheck:
    """The balance and whether the account works; reused for a minute unless ``fresh``."""
    if fresh:
        _cached_check.clear()
    return _cached_check(console, _console_id(console))


def forget_balance() -> None:
    """After a send, ask the platform again instead of showing the old balance."""
    _cached_check.clear()


@dataclass(frozen=True)
class CheckResult:
    check: ConnectionCheck
    at: datetime


def run_check(result_key: str) -> None:
    """Button callback: ask the platform now (as this person, for the audit log) and keep
    the answer for the page; the sidebar's balance is asked again too."""
    console = get_console()
    check = check_connection(console.client_for(current_user()))
    _cached_check.clear()
    st.session_state[result_key] = CheckResult(check, utc_now())


def show_check_result(result_key: str) -> None:
    """The last check in plain words: green when it worked, red with the reason if not."""
    result: CheckResult | None = st.session_state.get(result_key)
    if result is None:
        return
    message = result.check.message_for(_i18n.lang())
    if result.check.ok:
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")
    st.caption(tr("Checked at {time}.", time=format_time(result.at)))


# --------------------------------------------------------------------- time
def viewer_timezone() -> tuple[tzinfo, str]:
    """The browser's time zone and its name, or UTC when the browser did not say."""
    name = st.context.timezone
    try:
        return zone_named(name, default="utc")
    except ItnioError:
        log.debug("unknown browser time zone %r; using UTC", name)
        return zone_named(None, default="utc")


def format_time(moment: datetime, zone: tuple[tzinfo, str] | None = None) -> str:
    """``2024-05-01 14:03:12 (Europe/London)``: always says which clock it is
    (``2024年5月1日 14:03:12（Europe/London）`` in Chinese)."""
    tz, name = zone or viewer_timezone()
    return _i18n.when(moment, tz, name)
