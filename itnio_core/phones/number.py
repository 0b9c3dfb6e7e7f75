"""One written phone number, normalised: the rules of the package docstring, with ``re``."""

from __future__ import annotations

import math
import unicodedata

import pandas as pd

from .cleaning import (
    _DASHES,
    _INVISIBLE,
    _LOOSE_MAX,
    _RE_EMPTY,
    _RE_EXT,
    _RE_FLOAT,
    _RE_GOOD,
    _RE_SCI,
)
from .landline import is_landline
from .plans import _check, _home, _Plan, _plan, _Region
from .verdict import (
    BAD_CHARS,
    EMPTY,
    EXTENSION,
    LANDLINE,
    NO_COUNTRY,
    OTHER_COUNTRY,
    SCIENTIFIC,
    UNKNOWN_CODE,
    NumberResult,
    _length_outcome,
    _Outcome,
    _reason_texts,
    _status,
)


# --- One value -------------------------------------------------------------------------
def _as_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _fold(text: str) -> str:
    """Full-width and other Unicode digits, dashes and spaces to their ASCII forms."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isascii():
            out.append(ch)
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        elif ch in _DASHES:
            out.append("-")
        elif ch.isspace():
            out.append(" ")
        elif ch not in _INVISIBLE:
            out.append(ch)
    return "".join(out)


def _clean(text: str) -> tuple[str, str, bool]:
    """(problem code or "", digits, written internationally)."""
    if not text.isascii():
        text = _fold(text)
    if not _RE_GOOD.search(text):
        for pattern, code in ((_RE_EMPTY, EMPTY), (_RE_SCI, SCIENTIFIC), (_RE_EXT, EXTENSION)):
            if pattern.search(text):
                return code, "", False
        return BAD_CHARS, "", False
    if _RE_FLOAT.search(text):
        text = text[: text.index(".")]
    digits = "".join(ch for ch in text.replace("(0)", "") if "0" <= ch <= "9")
    if "+" in text:
        return "", digits, True
    if digits.startswith("00"):
        return "", digits[2:], True
    return "", digits, False


def _international(digits: str, loose: bool) -> _Outcome:
    valid, cc, region = _check(digits)
    if valid:
        return _Outcome("", digits, region, cc)
    if cc:
        plan = _plan(cc)
        trunk = plan.regions[0].national_prefix
        if trunk and digits.startswith(plan.prefix + trunk):
            stripped = plan.prefix + digits[len(plan.prefix) + len(trunk) :]
            valid, _, region = _check(stripped)
            if valid:
                return _Outcome("", stripped, region, cc)
    if loose and len(digits) <= _LOOSE_MAX:
        return _Outcome(NO_COUNTRY)
    if not cc:
        return _Outcome(UNKNOWN_CODE)
    return _length_outcome(plan, plan.regions[0].code, len(digits) - len(plan.prefix), False)


def _national(digits: str, plan: _Plan, home: _Region) -> _Outcome:
    trunk, cc = home.national_prefix or "", plan.prefix
    cuts = (
        len(trunk) if trunk and digits.startswith(trunk) else None,
        0,
        len(cc) if digits.startswith(cc) else None,
        len(trunk + cc) if trunk and digits.startswith(trunk + cc) else None,
    )
    for cut in cuts:
        if cut is not None:
            valid, _, region = _check(cc + digits[cut:])
            if valid:
                return _Outcome("", cc + digits[cut:], region, plan.cc)
    if cuts[0] is None and len(digits) not in plan.typical:  # not national: cc + number
        valid, abroad, region = _check(digits)
        if valid:
            return _Outcome(OTHER_COUNTRY if abroad != plan.cc else "", digits, region, abroad)
    n = len(digits)
    if cuts[0] is not None:
        n -= len(trunk)
    elif cuts[2] is not None and n > plan.typical[-1]:
        n -= len(cc)
    return _length_outcome(plan, home.code, n, True)


def _outcome(text: str, home: tuple[_Plan, _Region] | None) -> _Outcome:
    code, digits, intl = _clean(text)
    if code:
        return _Outcome(code)
    if intl:
        return _international(digits, loose=False)
    if home is None:
        if digits.startswith("0"):
            return _Outcome(NO_COUNTRY, flag=True)
        return _international(digits, loose=True)
    return _national(digits, *home)


def normalise(value: object, default_country: str | None = None) -> NumberResult:
    """Normalise one spreadsheet value; see the module docstring for the rules."""
    text = _as_text(value)
    out = _outcome(text, _home(default_country))
    if out.code in ("", OTHER_COUNTRY) and is_landline(out.number, out.region):
        out = _Outcome(LANDLINE, region=out.region, cc=out.cc)
    en, zh = _reason_texts(out, text)
    status = _status(out.code)
    return NumberResult(out.number, status, out.code, en, out.region, out.cc or None, zh)
