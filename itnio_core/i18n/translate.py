"""English and Simplified Chinese for everything the console shows.

Pages write their text in English and pass it through ``translate``; the
Chinese lives in ``itnio_core/locales/zh_*.py``, one catalog per area so
pages can be translated independently. A text missing from the catalog is
shown in English rather than failing (``tests/i18n/test_i18n.py`` keeps the
catalog complete). Placeholders use ``str.format`` names: ``{count}``.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime, tzinfo
from functools import cache
from typing import Final

ENGLISH: Final = "en"
CHINESE: Final = "zh"
LANGUAGES: Final[dict[str, str]] = {ENGLISH: "English", CHINESE: "中文"}


def normalise(lang: str | None) -> str:
    """``zh-CN``, ``zh_Hans`` or ``中文`` → ``zh``; anything else → ``en``."""
    if lang and (lang.lower().startswith("zh") or lang == LANGUAGES[CHINESE]):
        return CHINESE
    return ENGLISH


@cache
def chinese() -> dict[str, str]:
    """Every ``TEXTS`` dict of ``itnio_core.i18n.locales.zh_*`` merged into one."""
    from . import locales

    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(locales.__path__), key=lambda m: m.name):
        if info.name.startswith("zh_"):
            module = importlib.import_module(f"{locales.__name__}.{info.name}")
            merged.update(module.TEXTS)
    return merged


def translate(text: str, lang: str, /, **params: object) -> str:
    """``text`` (English) in ``lang``, with ``{name}`` placeholders filled in."""
    if normalise(lang) == CHINESE:
        text = chinese().get(text, text)
    return text.format(**params) if params else text


def format_number(value: float, lang: str, /, decimals: int = 0) -> str:
    """Digits grouped in thousands; both languages write ``1,234,567``."""
    del lang  # zh-CN groups by thousands with commas as well
    return f"{value:,.{decimals}f}"


def format_percent(share: float, lang: str, /) -> str:
    """``0.125`` → ``12.5%`` (one decimal, none when whole)."""
    percent = share * 100
    text = f"{percent:.1f}".removesuffix(".0")
    return f"{text}%"


def format_datetime(moment: datetime, lang: str, /, zone: tzinfo, zone_name: str) -> str:
    """``2024-05-01 14:03:12 (Europe/London)`` or ``2024年5月1日 14:03:12（Europe/London）``."""
    local = moment.astimezone(zone)
    if normalise(lang) == CHINESE:
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（{zone_name}）"
    return f"{local:%Y-%m-%d %H:%M:%S} ({zone_name})"


def format_date(moment: datetime, lang: str, /) -> str:
    if normalise(lang) == CHINESE:
        return f"{moment.year}年{moment.month}月{moment.day}日"
    return f"{moment:%Y-%m-%d}"
