"""A whole column of phone numbers, normalised at once with Arrow's RE2 and numpy.

The same steps as ``number.normalise``: RE2 for the patterns, numpy on the UTF-8
bytes for cutting strings down to their digits, one group per calling code. A test
checks both give the same answers on a random sample.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from .cleaning import _EMPTY, _EXT, _FLOAT, _GOOD, _LOOSE_MAX, _SCI
from .landline import landlines_many
from .number import _as_text, _fold
from .plans import (
    _CC_BY_DIGITS,
    _MAX_NSN,
    _REGION_INDEX,
    _REGIONS,
    _Bools,
    _home,
    _Plan,
    _plan,
    _Region,
)
from .verdict import (
    _CODE,
    BAD_CHARS,
    CHECK,
    CODES,
    EMPTY,
    EXTENSION,
    INVALID,
    LANDLINE,
    NO_COUNTRY,
    NOT_VALID,
    OK,
    OTHER_COUNTRY,
    SCIENTIFIC,
    TOO_LONG,
    TOO_SHORT,
    UNKNOWN_CODE,
    _Outcome,
    _reason_texts,
)

# --- A whole column --------------------------------------------------------------------
# The same steps as above, on Arrow arrays: RE2 for the patterns, numpy on the UTF-8
# bytes for cutting strings down to their digits, one group per calling code.
_Ints = npt.NDArray[np.int64]
_Bytes = npt.NDArray[np.uint8]
_Codes = npt.NDArray[np.int8]  # indexes into CODES
_Group = tuple[_Ints, Any, _Bools]  # rows, their digits, whether written internationally
_STATUSES: Final = (OK, INVALID, EMPTY, CHECK)
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

    def landlines(self) -> None:
        """Numbers kept so far that are landlines only get that problem instead."""
        kept = np.flatnonzero((self.code == 0) | (self.code == _CODE[OTHER_COUNTRY]))
        if not kept.size:
            return
        places = self.region[kept]
        for place in np.unique(places):
            rows = kept[places == place]
            numbers = pc.cast(pa.array(self.number[rows]), _STR)
            hit = landlines_many(numbers, str(int(self.cc[rows[0]])), _REGIONS[place])
            self.code[rows[hit]] = _CODE[LANDLINE]

    def frame(self, text: Any) -> pd.DataFrame:
        check = self.code == _CODE[OTHER_COUNTRY]
        ok = (self.code == 0) | check
        status = np.where(self.code == 0, 0, np.where(self.code == _CODE[EMPTY], 2, 1))
        status[check] = 3
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
    board.code[rows[todo[valid & (abroad != plan.cc)]]] = _CODE[OTHER_COUNTRY]
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
    board.landlines()
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
