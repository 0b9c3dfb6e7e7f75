"""Phone numbers from spreadsheets: clean, normalise and validate them.

The API wants the country code and the national number, digits only
(``919876543210``). Validity comes from libphonenumber's numbering-plan
metadata (the ``phonenumbers`` package), not from digit counts: a number is
valid exactly when ``phonenumbers.is_valid_number`` would say so.

``normalise`` reads one value with Python's ``re``. ``normalise_many`` reads a
column with Arrow's vectorised RE2 kernels, grouped by calling code, and gives
the same answers (a test checks this on a random sample). Both share the
cleaning patterns, the per-country rules and the reason texts.

Decisions:

* An extension (``x123``, ``ext. 123``, ``#123``) makes a number invalid: a
  text message cannot reach an extension, and dropping it would send to the
  switchboard.
* Scientific notation (``9.19877E+11``) is always invalid: Excel rounded the
  value, so the real digits are gone.
* ``n/a``, ``-``, ``none`` and the like count as empty cells.
* ``(0)`` is dropped (``+44 (0)20 ...``), and so is a trunk prefix written after
  the country code (``+44 020 ...``) when only the number without it is valid.
* With a default country, a number without ``+`` or ``00`` belongs to that
  country when it is valid there (written with its trunk prefix, as a national
  number, or with the country code but no ``+``). Otherwise, if it neither
  starts with the trunk prefix nor has a national length, it is read as
  starting with its own country code (``447400123456`` in an Indian list):
  Excel drops the ``+`` of numbers stored as numbers. Reasons for rejected
  rows still speak of the default country.
* Without a default country, such a number is read as starting with its
  country code; one starting with ``0`` cannot be read at all.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    SUPPORTED_REGIONS,
    PhoneMetadata,
    country_code_for_region,
)
from phonenumbers.geodata.locale import LOCALE_DATA

OK: Final = "ok"
INVALID: Final = "invalid"
EMPTY: Final = "empty"

SCIENTIFIC: Final = "scientific"
EXTENSION: Final = "extension"
BAD_CHARS: Final = "bad_chars"
NO_COUNTRY: Final = "no_country"
UNKNOWN_CODE: Final = "unknown_country_code"
TOO_SHORT: Final = "too_short"
TOO_LONG: Final = "too_long"
NOT_VALID: Final = "not_valid"
# Index 0 means "no problem"; the vectorised path stores these indexes.
CODES: Final = ("", EMPTY, SCIENTIFIC, EXTENSION, BAD_CHARS, NO_COUNTRY, UNKNOWN_CODE,
                TOO_SHORT, TOO_LONG, NOT_VALID)  # fmt: skip
_CODE: Final = {code: i for i, code in enumerate(CODES)}

# --- Cleaning patterns, shared by Python's re and Arrow's RE2 -------------------------
# Every pattern ends in a class holding "\n", so re's "$" (which also matches before a
# final newline) and RE2's "$" agree.
_TRIM: Final = r"[ \t\n\r\x0b\x0c']*"
_SEP: Final = r"[ \t\n\r\x0b\x0c'().\-/\[\]]"  # dropped between digits
PLACEHOLDERS: Final = ("n/a", "na", "n.a.", "none", "null", "nil", "nan", "#n/a")
_EMPTY: Final = (
    rf"(?i)^(?:{_TRIM}(?:{'|'.join(re.escape(p) for p in PLACEHOLDERS)}){_TRIM}"
    rf"|{_SEP}*\+?{_SEP}*)$"
)
_SCI: Final = rf"^{_TRIM}[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+{_TRIM}$"
_EXT: Final = rf"(?i)[0-9] *(?:x|ext\.?|extn\.?|extension|#)[ .:]*[0-9]+{_TRIM}$"
_GOOD: Final = rf"^{_SEP}*\+?{_SEP}*[0-9](?:{_SEP}|[0-9])*$"
_FLOAT: Final = rf"^{_TRIM}\+?[0-9]+\.0+{_TRIM}$"  # 919876543210.0: a number cell, as a float
_LOOSE_MAX: Final = 10  # no + and no default country: this short, it is a national number
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff"
_RE_EMPTY, _RE_SCI, _RE_EXT = re.compile(_EMPTY), re.compile(_SCI), re.compile(_EXT)
_RE_GOOD, _RE_FLOAT = re.compile(_GOOD), re.compile(_FLOAT)


@dataclass(frozen=True)
class NumberResult:
    number: str  # country code + national number, digits only; "" unless ok
    status: str  # ok | invalid | empty
    code: str  # "" when ok, else one of CODES
    reason: str
    country: str | None  # ISO region, e.g. "IN"
    calling_code: int | None
    reason_zh: str = ""


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
    names = LOCALE_DATA.get(region, {})
    name: str = names.get(lang, "")
    if name.startswith("*"):  # "*xx": stored under another language key
        name = names.get(name[1:], "")
    return name or region


def _in_text(region: str) -> str:
    name = _country_name(region)
    return f"the {name}" if region in _THE else name


# --- Numbering-plan rules per calling code ---------------------------------------------
_TYPES: Final = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
                 "pager", "uan", "voicemail", "fixed_line", "mobile")  # fmt: skip
_REGIONS: Final = tuple(
    sorted({r for regions in COUNTRY_CODE_TO_REGION_CODE.values() for r in regions})
)
_REGION_INDEX: Final = {r: i for i, r in enumerate(_REGIONS)}
_CC_BY_DIGITS: Final = tuple(
    np.isin(np.arange(10**k), [cc for cc in COUNTRY_CODE_TO_REGION_CODE if len(str(cc)) == k])
    for k in (1, 2, 3)
)


_MAX_NSN: Final = 32  # longer national numbers are never valid (the longest valid is 17)
_Bools = npt.NDArray[np.bool_]
_Compiled = tuple[re.Pattern[str] | None, re.Pattern[str], dict[int, re.Pattern[str]]]


@dataclass(frozen=True)
class _Region:
    """What makes a national number valid in one region (is_valid_number's rules)."""

    code: str
    national_prefix: str | None
    leading: str | None  # decides the region among those sharing a calling code
    lengths: frozenset[int]
    general: str
    by_length: dict[int, str]  # length -> the number-type patterns allowing it

    @functools.cached_property
    def compiled(self) -> _Compiled:
        leading = re.compile(self.leading) if self.leading else None
        by_length = {n: re.compile(p) for n, p in self.by_length.items()}
        return leading, re.compile(self.general), by_length

    @functools.cached_property
    def length_table(self) -> _Bools:
        """table[n]: can a national number of n digits be valid here (n <= _MAX_NSN)?"""
        table = np.zeros(_MAX_NSN + 1, bool)
        table[[n for n in self.by_length if n < _MAX_NSN]] = True
        return table

    def valid(self, nsn: str) -> bool:
        _, general, by_length = self.compiled
        n = len(nsn)
        if n not in self.lengths or n not in by_length or not general.fullmatch(nsn):
            return False
        return by_length[n].fullmatch(nsn) is not None


@dataclass(frozen=True)
class _Plan:
    cc: int
    prefix: str  # str(cc)
    regions: tuple[_Region, ...]  # main region first
    typical: tuple[int, ...]  # fixed-line and mobile lengths, for the reasons

    @functools.cached_property
    def lengths(self) -> list[int]:
        """Every length a valid national number can have."""
        return sorted({n for region in self.regions for n in region.by_length})


def _region_rules(code: str, md: Any) -> _Region:
    general = md.general_desc
    lengths = frozenset(general.possible_length) or frozenset(range(1, 20))
    descs = [getattr(md, t) for t in _TYPES]
    patterns = [(d.national_number_pattern, set(d.possible_length)) for d in descs
                if d is not None and d.national_number_pattern]  # fmt: skip
    by_length = {}
    for n in sorted(lengths):
        allowed = [f"(?:{p})" for p, ls in patterns if not ls or n in ls]
        if allowed:
            by_length[n] = "|".join(allowed)
    return _Region(code, md.national_prefix, md.leading_digits, lengths,
                   general.national_number_pattern or "(?!)", by_length)  # fmt: skip


@functools.cache
def _plan(cc: int) -> _Plan:
    regions: list[_Region] = []
    typical: set[int] = set()
    for code in COUNTRY_CODE_TO_REGION_CODE[cc]:
        md = PhoneMetadata.metadata_for_region_or_calling_code(cc, code)
        if md is None:
            continue
        regions.append(_region_rules(code, md))
        for desc in (md.fixed_line, md.mobile):
            typical.update(n for n in (desc.possible_length if desc else ()) if n > 0)
    typical = typical or {n for r in regions for n in r.lengths}
    return _Plan(cc, str(cc), tuple(regions), tuple(sorted(typical)))


def _home(default_country: str | None) -> tuple[_Plan, _Region] | None:
    if not default_country:
        return None
    region = default_country.strip().upper()
    cc = country_code_for_region(region)
    if not cc:
        raise ValueError(f"Unknown country: {default_country!r}")
    plan = _plan(cc)
    return plan, next(r for r in plan.regions if r.code == region)


def _cc_of(digits: str) -> int | None:
    if not digits or digits[0] == "0":
        return None
    for k, table in enumerate(_CC_BY_DIGITS, start=1):
        if len(digits) >= k and table[int(digits[:k])]:
            return int(digits[:k])
    return None


def _check(number: str) -> tuple[bool, int, str | None]:
    """(valid, calling code or 0, region) for cc + national number, like is_valid_number."""
    cc = _cc_of(number)
    if cc is None:
        return False, 0, None
    plan = _plan(cc)
    nsn = number[len(plan.prefix) :]
    if len(plan.regions) == 1:
        return plan.regions[0].valid(nsn), cc, plan.regions[0].code
    for region in plan.regions:
        leading = region.compiled[0]
        if leading is not None:
            if leading.match(nsn):
                return region.valid(nsn), cc, region.code
        elif region.valid(nsn):
            return True, cc, region.code
    return False, cc, None


# --- Reasons ---------------------------------------------------------------------------
_TEXTS: Final[dict[str, tuple[str, str]]] = {
    EMPTY: ("Empty: there is no number in this cell.", "空白：这一格没有号码。"),
    SCIENTIFIC: (
        "Shown in scientific notation ({raw}): Excel has already lost the last digits. "
        "Format the column as Text in Excel and type the numbers again.",
        "显示为科学计数法（{raw}）：Excel 已经丢失了最后几位数字。"
        "请在 Excel 中把这一列设为“文本”格式，然后重新输入号码。",
    ),
    EXTENSION: (
        "Has an extension: a text message cannot reach an extension. "
        "Remove it, or give a mobile number instead.",
        "带有分机号：短信无法发送到分机。请删除分机号，或改填手机号码。",
    ),
    BAD_CHARS: (
        "Contains letters or symbols that are not part of a phone number. "
        "Keep only the digits, with + and the country code in front.",
        "含有不属于电话号码的字母或符号。请只保留数字，并在前面写上 + 和国家代码。",
    ),
    NO_COUNTRY + "0": (
        "Starts with 0 but no default country was chosen: "
        "pick the country these numbers belong to.",
        "以 0 开头，但没有选择默认国家：请选择这些号码所属的国家。",
    ),
    NO_COUNTRY: (
        "Has no country code, and no default country was chosen: pick the country these "
        "numbers belong to, or write the number with + and its country code.",
        "没有国家代码，也没有选择默认国家：请选择这些号码所属的国家，或在号码前写上 + 和国家代码。",
    ),
    UNKNOWN_CODE: (
        "Does not start with a country code in use. "
        "Check the number, and write it with + and its country code.",
        "开头不是正在使用的国家代码。请检查号码，并在前面写上 + 和国家代码。",
    ),
    TOO_SHORT: (
        "Too short for {country} (+{cc}): {digits} after the country code, needs {needs}.",
        "对{country_zh}（+{cc}）来说太短：国家代码后有 {n} 位数字，需要 {needs_zh} 位。",
    ),
    TOO_LONG: (
        "Too long for {country} (+{cc}): {digits} after the country code, needs {needs}.",
        "对{country_zh}（+{cc}）来说太长：国家代码后有 {n} 位数字，需要 {needs_zh} 位。",
    ),
    NOT_VALID: (
        "Not a number in use in {country} (+{cc}).",
        "不是{country_zh}（+{cc}）正在使用的号码。",
    ),
}
_ABROAD: Final = (
    " If it is from another country, write it with + and its country code.",
    "如果是其他国家的号码，请在前面写上 + 和国家代码。",
)


def _lengths_text(lengths: tuple[int, ...], zh: bool) -> str:
    words = (" 或 ", " 到 ", "、") if zh else (" or ", " to ", ", ")
    if len(lengths) >= 3 and lengths[-1] - lengths[0] == len(lengths) - 1:
        return f"{lengths[0]}{words[1]}{lengths[-1]}"
    head = words[2].join(str(n) for n in lengths[:-1])
    return f"{head}{words[0]}{lengths[-1]}" if head else str(lengths[-1])


@dataclass(frozen=True)
class _Outcome:
    code: str  # "" when ok
    number: str = ""
    region: str | None = None
    cc: int = 0
    digits: int = 0  # national digits, for the reasons
    flag: bool = False  # no_country: starts with 0; lengths: read as a national number


def _reason_texts(out: _Outcome, raw: str) -> tuple[str, str]:
    if not out.code:
        return "", ""
    key = out.code + ("0" if out.code == NO_COUNTRY and out.flag else "")
    en, zh = _TEXTS[key]
    if out.code in (TOO_SHORT, TOO_LONG, NOT_VALID) and out.region is not None:
        typical = _plan(out.cc).typical
        fields = {
            "country": _in_text(out.region),
            "country_zh": _country_name(out.region, "zh"),
            "cc": out.cc,
            "n": out.digits,
            "digits": f"{out.digits} digit{'' if out.digits == 1 else 's'}",
            "needs": _lengths_text(typical, zh=False),
            "needs_zh": _lengths_text(typical, zh=True),
        }
        en, zh = en.format(**fields), zh.format(**fields)
        if out.flag:
            en, zh = en + _ABROAD[0], zh + _ABROAD[1]
    elif out.code == SCIENTIFIC:
        shown = raw.strip(" \t\n\r\x0b\x0c'")[:24]
        en, zh = en.format(raw=shown), zh.format(raw=shown)
    return en, zh


def _length_outcome(plan: _Plan, region: str, n: int, national: bool) -> _Outcome:
    code = TOO_SHORT if n < plan.typical[0] else TOO_LONG if n > plan.typical[-1] else NOT_VALID
    return _Outcome(code, region=region, cc=plan.cc, digits=n, flag=national)


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
            return _Outcome("", digits, region, abroad)
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
    en, zh = _reason_texts(out, text)
    status = OK if not out.code else EMPTY if out.code == EMPTY else INVALID
    return NumberResult(out.number, status, out.code, en, out.region, out.cc or None, zh)


# --- A whole column --------------------------------------------------------------------
# The same steps as above, on Arrow arrays: RE2 for the patterns, numpy on the UTF-8
# bytes for cutting strings down to their digits, one group per calling code.
_Ints = npt.NDArray[np.int64]
_Bytes = npt.NDArray[np.uint8]
_Codes = npt.NDArray[np.int8]  # indexes into CODES
_Group = tuple[_Ints, Any, _Bools]  # rows, their digits, whether written internationally
_STATUSES: Final = (OK, INVALID, EMPTY)
_STATUS_DTYPE: Final = pd.CategoricalDtype(_STATUSES)
_CODE_DTYPE: Final = pd.CategoricalDtype(CODES)
_REGION_DTYPE: Final = pd.CategoricalDtype(_REGIONS)
_STR: Final = pa.large_string()
_MAX_THREADS: Final = 4
_MIN_PART: Final = 200_000  # rows; below this a second thread costs more than it saves


def _bools(arr: Any) -> _Bools:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _take(arr: Any, rows: _Ints) -> Any:
    """Rows of arr; rows are sorted and distinct, so all of them means arr itself."""
    return arr if len(rows) == len(arr) else arr.take(rows)


def _match(arr: Any, pattern: str) -> _Bools:
    return _bools(pc.match_substring_regex(arr, pattern))


def _join(prefix: str, arr: Any) -> Any:
    return pc.binary_join_element_wise(pa.scalar(prefix, _STR), arr, pa.scalar("", _STR))


def _put(arr: Any, rows: _Ints, values: Any) -> Any:
    pos = np.arange(len(arr))
    pos[rows] = len(arr) + np.arange(len(rows))
    return pa.concat_arrays([arr, values]).take(pos)


def _bytes(arr: Any) -> tuple[_Ints, _Bytes]:
    """Offsets (from 0) and UTF-8 bytes of a large_string array, without copying."""
    if len(arr) == 0:
        return np.zeros(1, np.int64), np.zeros(0, np.uint8)
    _, offsets_buffer, data_buffer = arr.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int64)[arr.offset : arr.offset + len(arr) + 1]
    if data_buffer is None:
        return offsets - offsets[0], np.zeros(0, np.uint8)
    return offsets - offsets[0], np.frombuffer(data_buffer, np.uint8)[offsets[0] : offsets[-1]]


def _row_sums(mask: _Bools, offsets: _Ints) -> _Ints:
    """True bytes per string. (Narrow sums: big temporaries are slow to allocate here.)"""
    lengths = np.diff(offsets)
    sums = np.zeros(len(lengths), np.int64)
    filled = np.flatnonzero(lengths)
    if filled.size:
        dtype = np.uint16 if lengths.max() < 2**16 else np.int64
        sums[filled] = np.add.reduceat(mask.view(np.uint8), offsets[filled], dtype=dtype)
    return sums


def _drop(data: _Bytes, counts: _Ints, rows: _Ints, at_end: bool, k: _Ints) -> tuple[_Bytes, _Ints]:
    """Drop k[i] bytes at the start (or end) of string rows[i] of a packed buffer."""
    ends = np.cumsum(counts)
    first = (ends[rows] - k) if at_end else (ends[rows] - counts[rows])
    steps = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
    keep = np.ones(data.size, bool)
    keep[np.repeat(first, k) + steps] = False
    counts = counts.copy()
    counts[rows] -= k
    return data[keep], counts


def _digits_only(
    text: Any, plus: _Bools, bracketed: _Ints, float_tails: tuple[_Ints, _Ints]
) -> tuple[Any, _Bools]:
    """Each string cut down to its digits, as _clean does: (digits, written internationally).

    plus: the rows with a "+"; bracketed: the rows with a "(0)"; float_tails: the rows
    written like floats, and how many zeros follow their dot.
    """
    offsets, data = _bytes(text)
    keep = (data >= ord("0")) & (data <= ord("9"))
    for start, end in zip(offsets[bracketed], offsets[bracketed + 1], strict=True):
        row = data[start:end].tobytes()
        for at in (i for i in range(len(row) - 2) if row[i : i + 3] == b"(0)"):
            keep[start + at + 1] = False
    counts, digits = _row_sums(keep, offsets), data[keep]
    if float_tails[0].size:
        digits, counts = _drop(digits, counts, float_tails[0], True, float_tails[1])
    first = np.cumsum(counts) - counts
    zeros = ~plus & (counts >= 2)  # "0044...": the international prefix, when there is no +
    zeros[zeros] = (digits[first[zeros]] == ord("0")) & (digits[first[zeros] + 1] == ord("0"))
    if zeros.any():
        rows = np.flatnonzero(zeros)
        digits, counts = _drop(digits, counts, rows, False, np.full(rows.size, 2))
    new_offsets = np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)])
    array = pa.LargeStringArray.from_buffers(
        len(counts), pa.py_buffer(new_offsets), pa.py_buffer(np.ascontiguousarray(digits))
    )
    return array, plus | zeros


def _classify(sub: Any) -> _Ints:
    """Problem code indexes, as _clean decides them."""
    codes = np.zeros(len(sub), np.int64)
    odd = np.flatnonzero(~_match(sub, _GOOD))
    if odd.size:
        strange = _take(sub, odd)
        found = np.full(odd.size, _CODE[BAD_CHARS])
        for pattern, code in ((_EXT, EXTENSION), (_SCI, SCIENTIFIC), (_EMPTY, EMPTY)):
            found[_match(strange, pattern)] = _CODE[code]  # the last one has priority
        codes[odd] = found
    return codes


def _clean_odd(rows: _Ints, sub: Any, codes: _Codes) -> _Group:
    """_clean for the rows that are not plain digits."""
    foreign = np.flatnonzero(~_bools(pc.string_is_ascii(sub)))
    if foreign.size:
        folded = pa.array([_fold(v) for v in sub.take(foreign).to_pylist()], _STR)
        sub = _put(sub, foreign, folded)
    found = _classify(sub)
    codes[rows] = found
    dotted = np.flatnonzero((found == 0) & _bools(pc.match_substring(sub, ".")))
    floats = dotted[_match(sub.take(dotted), _FLOAT)]
    trimmed = pc.ascii_trim(sub.take(floats), " \t\n\r\x0b\x0c'")
    zeros = pc.subtract(pc.binary_length(trimmed), pc.find_substring(trimmed, "."))
    float_tails = floats, np.asarray(zeros.to_numpy(), np.int64) - 1
    plus = _bools(pc.match_substring(sub, "+"))
    bracketed = np.flatnonzero(_bools(pc.match_substring(sub, "(0)")))
    digits, intl = _digits_only(sub, plus, bracketed, float_tails)
    good = np.flatnonzero(found == 0)
    return rows[good], _take(digits, good), intl[good]


def _clean_many(text: Any, codes: _Codes) -> list[_Group]:
    """The rows that look like numbers, in groups of (rows, digits, written internationally).

    Sets the problem code index of the others in codes.
    """
    plain = _bools(pc.ascii_is_decimal(text))
    rows = np.flatnonzero(plain)  # plain digits need no checks, only 00 taken off
    digits = _take(text, rows)
    zeros = _bools(pc.starts_with(digits, "00"))
    national, abroad = np.flatnonzero(~zeros), np.flatnonzero(zeros)
    groups = [
        (rows[national], _take(digits, national), np.zeros(len(national), bool)),
        (rows[abroad], pc.utf8_slice_codeunits(digits.take(abroad), 2), np.ones(len(abroad), bool)),
    ]
    odd = np.flatnonzero(~plain)
    if odd.size:
        groups.append(_clean_odd(odd, text.take(odd), codes))
    return groups


class _Board:
    """The vectorised path's per-row results, filled in group by group."""

    def __init__(self, n: int) -> None:
        # narrow types: a million rows, and big temporaries are slow to allocate here
        self.code = np.zeros(n, np.int8)  # index into CODES
        self.number = np.zeros(n, np.uint64)  # valid numbers fit: 19 digits at most
        self.region = np.full(n, -1, np.int16)  # index into _REGIONS
        self.cc = np.zeros(n, np.int16)
        self.digits = np.zeros(n, np.int32)  # national digits, for the reasons
        self.flag = np.zeros(n, bool)

    @classmethod
    def joined(cls, boards: list[_Board]) -> _Board:
        board = cls(0)
        for name in ("code", "number", "region", "cc", "digits", "flag"):
            setattr(board, name, np.concatenate([getattr(b, name) for b in boards]))
        return board

    def ok(self, rows: _Ints, numbers: Any, region: Any, cc: Any) -> None:
        self.number[rows] = np.asarray(pc.cast(numbers, pa.uint64()).to_numpy())
        self.region[rows], self.cc[rows] = region, cc

    def ok_national(self, rows: _Ints, nsn: Any, region: Any, cc: int) -> None:
        scale = np.power(np.uint64(10), np.diff(_bytes(nsn)[0]).astype(np.uint64))
        national = np.asarray(pc.cast(nsn, pa.uint64()).to_numpy(), dtype=np.uint64)
        self.number[rows] = np.uint64(cc) * scale + national
        self.region[rows], self.cc[rows] = region, cc

    def fail(self, rows: _Ints | _Bools, code: str, flag: bool = False) -> None:
        self.code[rows], self.flag[rows] = _CODE[code], flag

    def lengths(self, rows: _Ints, plan: _Plan, region: str, n: _Ints, national: bool) -> None:
        short, long = n < plan.typical[0], n > plan.typical[-1]
        codes = np.where(short, _CODE[TOO_SHORT], np.where(long, _CODE[TOO_LONG], _CODE[NOT_VALID]))
        self.code[rows], self.region[rows], self.cc[rows] = codes, _REGION_INDEX[region], plan.cc
        self.digits[rows], self.flag[rows] = n, national

    def _reasons(self, text: Any) -> tuple[pd.Categorical, pd.Categorical]:
        which = np.zeros(len(self.code), np.int64)  # 0: no reason
        en, zh = [""], [""]
        rows = np.flatnonzero((self.code > 0) & (self.code != _CODE[SCIENTIFIC]))
        code, place = self.code[rows].astype(np.int64), self.region[rows].astype(np.int64)
        key = ((code * 1000 + place + 1) * 1000 + self.cc[rows]) * 10**7 + self.digits[rows]
        key = key * 2 + self.flag[rows]
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        for r in rows[first]:
            region = _REGIONS[self.region[r]] if self.region[r] >= 0 else None
            out = _Outcome(CODES[self.code[r]], "", region, int(self.cc[r]),
                           int(self.digits[r]), bool(self.flag[r]))  # fmt: skip
            texts = _reason_texts(out, "")
            en.append(texts[0])
            zh.append(texts[1])
        which[rows] = 1 + inverse.ravel()
        sci = np.flatnonzero(self.code == _CODE[SCIENTIFIC])
        for r, raw in zip(sci, text.take(sci).to_pylist(), strict=True):
            texts = _reason_texts(_Outcome(SCIENTIFIC), raw)
            which[r] = len(en)
            en.append(texts[0])
            zh.append(texts[1])
        return _categorical(en, which), _categorical(zh, which)

    def frame(self, text: Any) -> pd.DataFrame:
        ok = self.code == 0
        status = np.where(ok, 0, np.where(self.code == _CODE[EMPTY], 2, 1))
        numbers = pc.cast(pa.array(self.number), _STR)
        number = pc.if_else(pa.array(ok), numbers, pa.scalar("", _STR))
        reason, reason_zh = self._reasons(text)
        return pd.DataFrame(
            {
                "number": pd.Series(number, dtype="str"),
                "status": pd.Categorical.from_codes(status, dtype=_STATUS_DTYPE, validate=False),
                "code": pd.Categorical.from_codes(self.code, dtype=_CODE_DTYPE, validate=False),
                "reason": reason,
                "reason_zh": reason_zh,
                "region": pd.Categorical.from_codes(
                    self.region, dtype=_REGION_DTYPE, validate=False
                ),
                "calling_code": pd.arrays.IntegerArray(self.cc.astype(np.int64), self.cc == 0),
            }
        )


def _categorical(texts: list[str], which: _Ints) -> pd.Categorical:
    """texts[which] as a Categorical (texts may repeat)."""
    unique = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    codes = np.array([unique[t] for t in texts], dtype=np.int64)
    return pd.Categorical.from_codes(codes[which], categories=list(unique), validate=False)


def _cc_many(numbers: Any) -> _Ints:
    """_cc_of for a column of digit strings (0: none)."""
    offsets, data = _bytes(numbers)
    length, start = np.diff(offsets), offsets[:-1]
    p3 = np.zeros(len(numbers), np.int64)
    for k in range(3):  # the first three digits, padded with zeros
        has = length > k
        p3 = p3 * 10 + np.where(has, data[np.where(has, start + k, 0)] if data.size else 0, 48) - 48
    cc = np.zeros(len(numbers), np.int64)
    for k in (3, 2, 1):  # codes are prefix-free, so at most one k hits
        code = p3 // 10 ** (3 - k)
        hit = _CC_BY_DIGITS[k - 1][code] & (length >= k)
        cc[hit] = code[hit]
    return cc


def _valid_many(prefix: str, region: _Region, sub: Any, nsn_len: _Ints, rows: _Ints) -> _Bools:
    out = np.zeros(len(rows), bool)
    n = nsn_len[rows]
    pos = np.flatnonzero(region.length_table[np.clip(n, 0, _MAX_NSN)])
    if pos.size:
        pos = pos[_match(_take(sub, rows[pos]), f"^{prefix}(?:{region.general})$")]
    for length, pattern in region.by_length.items():
        p = pos[n[pos] == length]
        if p.size:
            out[p] = _match(_take(sub, rows[p]), f"^{prefix}(?:{pattern})$")
    return out


def _check_group(plan: _Plan, sub: Any, prefix: str) -> tuple[_Bools, _Ints]:
    """Valid numbers and their regions, for numbers of one calling code (with it as a
    prefix, or without it when prefix is "")."""
    nsn_len = np.diff(_bytes(sub)[0]) - len(prefix)
    everything = np.arange(len(sub))
    if len(plan.regions) == 1:
        only = plan.regions[0]
        valid = _valid_many(prefix, only, sub, nsn_len, everything)
        return valid, np.full(len(sub), _REGION_INDEX[only.code])
    valid, region, pending = np.zeros(len(sub), bool), np.full(len(sub), -1), everything
    for rules in plan.regions:
        if rules.leading:
            decided = _match(_take(sub, pending), f"^{prefix}(?:{rules.leading})")
            hit = pending[decided]
            valid[hit] = _valid_many(prefix, rules, sub, nsn_len, hit)
        else:
            decided = _valid_many(prefix, rules, sub, nsn_len, pending)
            hit = pending[decided]
            valid[hit] = True
        region[hit], pending = _REGION_INDEX[rules.code], pending[~decided]
    return valid, region


def _check_many(numbers: Any) -> tuple[_Bools, _Ints, _Ints]:
    """_check for a column: (valid, calling code or 0, region index or -1)."""
    valid, region = np.zeros(len(numbers), bool), np.full(len(numbers), -1)
    cc = _cc_many(numbers)
    for code in np.flatnonzero(np.bincount(cc, minlength=1)[1:]) + 1:
        rows = np.flatnonzero(cc == code)
        plan = _plan(int(code))
        valid[rows], region[rows] = _check_group(plan, _take(numbers, rows), plan.prefix)
    return valid, cc, region


def _strip_trunk_many(rows: _Ints, numbers: Any, cc: _Ints, board: _Board) -> _Bools:
    fixed = np.zeros(len(numbers), bool)
    for code in np.unique(cc[cc > 0]):
        plan = _plan(int(code))
        trunk = plan.regions[0].national_prefix
        if not trunk:
            continue
        group = np.flatnonzero(cc == code)
        hit = group[_bools(pc.starts_with(_take(numbers, group), plan.prefix + trunk))]
        cut = pc.utf8_slice_codeunits(numbers.take(hit), len(plan.prefix) + len(trunk))
        stripped = _join(plan.prefix, cut)
        valid, _, region = _check_many(stripped)
        board.ok(rows[hit[valid]], stripped.filter(valid), region[valid], code)
        fixed[hit[valid]] = True
    return fixed


def _international_many(rows: _Ints, numbers: Any, loose: _Bools, board: _Board) -> None:
    valid, cc, region = _check_many(numbers)
    board.ok(rows[valid], numbers.filter(valid), region[valid], cc[valid])
    bad = np.flatnonzero(~valid)
    rows, numbers, loose, cc = rows[bad], _take(numbers, bad), loose[bad], cc[bad]
    left = ~_strip_trunk_many(rows, numbers, cc, board)
    length = np.diff(_bytes(numbers)[0])
    no_cc = left & loose & (length <= _LOOSE_MAX)
    board.fail(rows[no_cc], NO_COUNTRY)
    board.fail(rows[left & ~no_cc & (cc == 0)], UNKNOWN_CODE)
    rest = left & ~no_cc & (cc > 0)
    for code in np.unique(cc[rest]):
        plan, group = _plan(int(code)), rest & (cc == code)
        n = length[group] - len(plan.prefix)
        board.lengths(rows[group], plan, plan.regions[0].code, n, national=False)


def _national_many(rows: _Ints, digits: Any, plan: _Plan, home: _Region, board: _Board) -> None:
    trunk, cc = home.national_prefix or "", plan.prefix
    none = np.zeros(len(digits), bool)
    has_trunk = _bools(pc.starts_with(digits, trunk)) if trunk else none
    has_cc = _bools(pc.starts_with(digits, cc))
    has_both = _bools(pc.starts_with(digits, trunk + cc)) if trunk else none
    pending, length = np.ones(len(digits), bool), np.diff(_bytes(digits)[0])
    stages = ((has_trunk, len(trunk)), (~none, 0), (has_cc, len(cc)), (has_both, len(trunk + cc)))
    for has, cut in stages:  # the national number: the digits after cut
        todo = np.flatnonzero(pending & has & np.isin(length - cut, plan.lengths))
        if todo.size:
            nsn = _take(digits, todo)
            nsn = pc.utf8_slice_codeunits(nsn, cut) if cut else nsn
            valid, region = _check_group(plan, nsn, "")
            board.ok_national(rows[todo[valid]], nsn.filter(valid), region[valid], plan.cc)
            pending[todo[valid]] = False
    todo = np.flatnonzero(pending & ~has_trunk & ~np.isin(length, plan.typical))
    valid, abroad, region = _check_many(_take(digits, todo))
    board.ok(rows[todo[valid]], _take(digits, todo).filter(valid), region[valid], abroad[valid])
    pending[todo[valid]] = False
    length = length[pending]
    long = has_cc[pending] & (length > plan.typical[-1])
    drop = np.where(has_trunk[pending], len(trunk), np.where(long, len(cc), 0))
    board.lengths(rows[pending], plan, home.code, length - drop, national=True)


def _to_arrow(values: Sequence[object] | pd.Series) -> Any:
    dtype = getattr(values, "dtype", None)
    arrow_text = isinstance(dtype, pd.ArrowDtype) and pa.types.is_string(dtype.pyarrow_dtype)
    if arrow_text or (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        arr = pa.array(values)  # no copy
    else:
        arr = pa.array([_as_text(v) for v in values], _STR)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.fill_null(arr.cast(_STR), "")


def _resolve_many(group: _Group, home: tuple[_Plan, _Region] | None, board: _Board) -> None:
    rows, digits, intl = group
    if home is None:
        zero = ~intl & _bools(pc.starts_with(digits, "0"))
        board.fail(rows[zero], NO_COUNTRY, flag=True)
        keep = np.flatnonzero(~zero)
        _international_many(rows[keep], _take(digits, keep), ~intl[keep], board)
    else:
        abroad, here = np.flatnonzero(intl), np.flatnonzero(~intl)
        _international_many(rows[abroad], _take(digits, abroad), np.zeros(len(abroad), bool), board)
        _national_many(rows[here], _take(digits, here), *home, board)


def _normalise_chunk(text: Any, home: tuple[_Plan, _Region] | None) -> _Board:
    board = _Board(len(text))
    for group in _clean_many(text, board.code):
        if len(group[0]):
            _resolve_many(group, home, board)
    return board


def normalise_many(
    values: Sequence[object] | pd.Series, default_country: str | None = None
) -> pd.DataFrame:
    """normalise() for a column, vectorised: one row out per value in, same order.

    Columns: number (str), status, code, reason, reason_zh, region (categoricals)
    and calling_code (Int64). A long column is split across the CPU cores (Arrow's
    kernels and numpy release the GIL).
    """
    home = _home(default_country)
    text = _to_arrow(values)
    parts = min(os.cpu_count() or 1, _MAX_THREADS, max(1, len(text) // _MIN_PART))
    if parts == 1:
        return _normalise_chunk(text, home).frame(text)
    bounds = np.linspace(0, len(text), parts + 1).astype(int)
    spans = [text.slice(a, b - a) for a, b in itertools.pairwise(bounds)]
    with ThreadPoolExecutor(parts) as pool:
        boards = list(pool.map(_normalise_chunk, spans, itertools.repeat(home)))
    return _Board.joined(boards).frame(text)


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
