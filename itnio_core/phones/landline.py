"""Landlines: numbers whose type is FIXED_LINE (not FIXED_LINE_OR_MOBILE), which cannot
receive a text message.

The rule is ``phonenumbers.number_type``'s: the types it tries before fixed line
(premium rate, toll free, ...) win, and a number that matches both the fixed-line and
the mobile pattern (or a region whose two patterns are the same) may be a mobile. The
column path asks RE2 the same questions, one region at a time, only of the numbers
that already passed (and only the fixed-line hits get the further questions).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import phonenumbers
import pyarrow.compute as pc  # type: ignore[import-untyped]
from phonenumbers import PhoneMetadata

_Bools = npt.NDArray[np.bool_]
_Ints = npt.NDArray[np.int64]
_BEFORE: Final = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
                  "pager", "uan", "voicemail")  # fmt: skip
_Desc = tuple[str, frozenset[int]]  # pattern, possible lengths (empty: any)


@dataclass(frozen=True)
class _Rules:
    fixed: _Desc
    mobile: _Desc | None
    before: tuple[_Desc, ...]  # the types number_type tries before fixed line


def _desc(d: Any) -> _Desc | None:
    if d is None or not d.national_number_pattern:
        return None
    lengths = frozenset(d.possible_length or ())
    if lengths == {-1}:
        return None
    return d.national_number_pattern, lengths


@functools.cache
def _rules(region: str) -> _Rules | None:
    """None where no number can be a landline only (or the region has no metadata)."""
    md = PhoneMetadata.metadata_for_region(region)
    if md is None or md.same_mobile_and_fixed_line_pattern:
        return None
    fixed = _desc(md.fixed_line)
    if fixed is None:
        return None
    before = (_desc(getattr(md, t)) for t in _BEFORE)
    return _Rules(fixed, _desc(md.mobile), tuple(d for d in before if d is not None))


def is_landline(number: str, region: str | None) -> bool:
    """One number (country code + national number, digits): is it a landline only?"""
    if not region or _rules(region) is None:
        return False
    parsed = phonenumbers.parse("+" + number)
    return bool(phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE)


def _matches(numbers: Any, lengths: _Ints, prefix: str, desc: _Desc) -> _Bools:
    pattern, allowed = desc
    ok = np.isin(lengths, list(allowed)) if allowed else np.ones(len(lengths), bool)
    rows = np.flatnonzero(ok)
    if rows.size:
        some = numbers if rows.size == len(numbers) else numbers.take(rows)
        hit = pc.match_substring_regex(some, f"^{prefix}(?:{pattern})$")
        ok[rows] = np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    return ok


def _lengths(numbers: Any) -> _Ints:
    """Characters per string of a large_string array (digits: bytes), from its offsets."""
    offsets = np.frombuffer(numbers.buffers()[1], np.int64)
    return np.diff(offsets[numbers.offset : numbers.offset + len(numbers) + 1])


def landlines_many(numbers: Any, prefix: str, region: str) -> _Bools:
    """For a large_string array of digit strings of one region, each its calling code
    (prefix) and national number: which are landlines only.

    Landline = fixed-line pattern, and neither mobile nor a type tried before it. The
    mobile pattern goes first: lists are mostly mobiles, so the long fixed-line pattern
    (1,263 characters for India) only meets the few numbers left."""
    rules = _rules(region)
    if rules is None or len(numbers) == 0:
        return np.zeros(len(numbers), bool)
    lengths = _lengths(numbers) - len(prefix)
    landline = np.zeros(len(numbers), bool)
    rows = np.arange(len(numbers))
    if rules.mobile is not None:
        rows = np.flatnonzero(~_matches(numbers, lengths, prefix, rules.mobile))
    for desc, keep in ((rules.fixed, True), *((d, False) for d in rules.before)):
        if not rows.size:
            break
        some = numbers if rows.size == len(numbers) else numbers.take(rows)
        hit = _matches(some, lengths[rows], prefix, desc)
        rows = rows[hit == keep]
    landline[rows] = True
    return landline
