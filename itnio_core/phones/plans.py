"""Numbering-plan rules per calling code: which national numbers are valid where.

Built once per calling code from libphonenumber's metadata (the ``phonenumbers``
package); ``check`` answers exactly as ``phonenumbers.is_valid_number`` would.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    PhoneMetadata,
    country_code_for_region,
)

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
