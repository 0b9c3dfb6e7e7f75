"""The chosen language for this browser session, and text/number/date in it.

``tr("Sent {count} messages", count=n)``: write the English, pass values as
names. ``tests/i18n/test_i18n.py`` reads every ``tr(...)`` in ``views/`` and
``app.py`` and fails when a text has no Chinese, or when a page hands
Streamlit a plain English literal instead of ``tr(...)``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import streamlit as st

from itnio_core.i18n import translate as i18n
from views._ui.state import LANG_KEY


def lang() -> str:
    return i18n.normalise(st.session_state.get(LANG_KEY))


def is_chinese() -> bool:
    return lang() == i18n.CHINESE


def tr(text: str, /, **params: object) -> str:
    """``text`` in the session's language; ``{name}`` placeholders from ``params``."""
    return i18n.translate(text, lang(), **params)


def num(value: float, decimals: int = 0) -> str:
    return i18n.format_number(value, lang(), decimals)


def pct(share: float) -> str:
    return i18n.format_percent(share, lang())


def when(moment: datetime, zone: tzinfo, zone_name: str) -> str:
    return i18n.format_datetime(moment, lang(), zone, zone_name)


def day(moment: datetime) -> str:
    return i18n.format_date(moment, lang())


def N_(text: str, /) -> str:
    """Marks text translated later with tr(); returns it unchanged."""
    return text
