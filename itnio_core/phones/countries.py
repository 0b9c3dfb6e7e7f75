"""Countries: their names in English and Chinese, the pickers' list, a number's calling code."""

from __future__ import annotations

import functools
from typing import Final

from phonenumbers import (
    SUPPORTED_REGIONS,
    country_code_for_region,
)

from .plans import _cc_of

# --- Country names ---------------------------------------------------------------------
# fmt: off
_THE: Final = frozenset({"AE", "BS", "CD", "CF", "DO", "FK", "FO", "GB", "GM", "KM", "KY",
                         "MH", "MP", "MV", "NL", "PH", "SB", "TC", "US", "VA", "VG", "VI"})
# fmt: on
_NAMES: Final = {
    "AC": ("Ascension Island", "阿森松岛"),
    "TA": ("Tristan da Cunha", "特里斯坦-达库尼亚"),
    "XK": ("Kosovo", "科索沃"),
    "CD": ("Democratic Republic of the Congo", "刚果民主共和国"),
    "001": ("international services", "国际业务"),
}


@functools.cache
def _country_name(region: str, lang: str = "en") -> str:
    if region in _NAMES:
        return _NAMES[region][lang == "zh"]
    # Imported on first use: the names of every country in every language are ~100 MiB.
    from phonenumbers.geodata.locale import LOCALE_DATA

    names = LOCALE_DATA.get(region, {})
    name: str = names.get(lang, "")
    if name.startswith("*"):  # "*xx": stored under another language key
        name = names.get(name[1:], "")
    return name or region


def _in_text(region: str) -> str:
    name = _country_name(region)
    return f"the {name}" if region in _THE else name


# --- Pickers and charts ----------------------------------------------------------------
@functools.cache
def _choices() -> tuple[tuple[str, str, int], ...]:
    rows = [(r, _country_name(r), country_code_for_region(r)) for r in SUPPORTED_REGIONS]
    return tuple(sorted(rows, key=lambda row: (row[1].casefold(), row[0])))


def country_choices() -> list[tuple[str, str, int]]:
    """(ISO region, English name, calling code) for every country, sorted by name."""
    return list(_choices())


def country_name(region: str, lang: str = "en") -> str:
    """The country's name in English ("en") or Chinese ("zh"), e.g. for charts."""
    return _country_name(region.upper(), lang)


def calling_code_of(number: str) -> int | None:
    """The calling code an already-normalised number starts with, or None."""
    digits = number.lstrip("+")
    if not (digits.isascii() and digits.isdigit()):
        return None
    return _cc_of(digits)
