"""Part counts of personalised messages, without writing the messages out.

A row's message is the template's fixed text with that row's values put in. Its
characters, GSM-7 septets and UTF-16 units are the sums of its pieces', and it needs
UCS-2 when any piece does (``sms_parts.UnitCounts``). So each *distinct* value of a
placeholder column is measured once, and a row's counts are sums of small tables taken
by the row's code. A sheet's columns are measured on first use and kept
(``SheetParts``), so a new message costs a few array sums: milliseconds for a
1,000,000-row list, however often the person edits it.

    parts = SheetParts(frame)                       # one per checked sheet
    counts = parts.count(personalise.parse("Hi {Name}", frame.columns))
    counts.segments                                 # per row, as count_many would say

A message with several placeholders is counted once per distinct combination of their
values (``Combinations``, kept per set of columns), so an edit costs work in proportion to
the combinations, not to the rows.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..api import sms_parts as sms_text
from . import personalise

KEPT_COMBINATIONS = 4  # sets of columns kept per sheet, the most recently used
_Ints = npt.NDArray[np.int64]
_Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ColumnParts:
    """A column's distinct values measured once; ``codes`` says which value each row holds."""

    codes: npt.NDArray[np.intp]
    units: sms_text.UnitCounts  # per distinct value
    blank: _Bools  # per distinct value: nothing but whitespace

    @classmethod
    def measure(cls, values: pd.Series) -> ColumnParts:
        text = values.fillna("").astype(str)  # as personalise.render fills it in
        codes, uniques = pd.factorize(text, use_na_sentinel=False)
        distinct = pd.Series(uniques)  # Arrow strings: the regular expressions run in C++
        blank = distinct.str.fullmatch(_blank_pattern()).to_numpy(dtype=bool)
        return cls(np.asarray(codes, dtype=np.intp), sms_text.unit_counts(distinct), blank)


@functools.cache
def _blank_pattern() -> str:
    """Text that ``str.strip`` leaves empty: Python's own whitespace (``str.isspace``), every
    such character being below U+3001."""
    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    return "[" + "".join(re.escape(c) for c in spaces) + "]*"


@dataclass(frozen=True)
class MessageCounts:
    """Per message: its characters and segments, and whether it is blank."""

    characters: _Ints
    segments: _Ints
    blank: _Bools

    def take(self, which: npt.NDArray[np.intp]) -> MessageCounts:
        return MessageCounts(self.characters[which], self.segments[which], self.blank[which])


@dataclass(frozen=True)
class Combinations:
    """The distinct combinations of values a set of columns holds across the rows.

    ``codes`` says which combination each row holds; ``values[column]`` which distinct value
    of that column (``ColumnParts.codes``' numbering) each combination has. Messages that
    use only those columns are the same for every row of a combination, so they are counted
    once per combination (a few thousand for names and cities) instead of once per row.
    """

    codes: npt.NDArray[np.intp]
    values: dict[str, npt.NDArray[np.intp]]

    def __len__(self) -> int:
        return len(next(iter(self.values.values()))) if self.values else 1


class SheetParts:
    """The measured placeholder columns of one sheet, kept for every later message."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._columns: dict[str, ColumnParts] = {}
        self._combinations: dict[tuple[str, ...], Combinations] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._frame)

    def column(self, name: str) -> ColumnParts:
        with self._lock:  # one measurement per column, even from two reruns at once
            if name not in self._columns:
                self._columns[name] = ColumnParts.measure(self._frame[name])
            return self._columns[name]

    def combinations(self, columns: tuple[str, ...]) -> Combinations:
        """The combinations of ``columns``' values (kept: the same columns cost nothing)."""
        key = tuple(sorted(set(columns)))
        with self._lock:
            found = self._combinations.pop(key, None) or self._combine(key)
            self._combinations[key] = found  # the most recent last
            while len(self._combinations) > KEPT_COMBINATIONS:  # a row's code each: 8 MB a
                del self._combinations[next(iter(self._combinations))]  # million rows
            return found

    def _combine(self, columns: tuple[str, ...]) -> Combinations:
        if not columns:
            return Combinations(np.zeros(len(self._frame), np.intp), {})
        first = self.column(columns[0])
        codes = first.codes
        values = {columns[0]: np.arange(len(first.blank), dtype=np.intp)}
        for name in columns[1:]:  # one column more at a time, renumbered to stay small
            column = self.column(name)
            width = len(column.blank)
            joined, seen = pd.factorize(codes.astype(np.int64) * width + column.codes)
            seen = np.asarray(seen, dtype=np.int64)
            values = {c: v[seen // width] for c, v in values.items()}
            values[name] = (seen % width).astype(np.intp)
            codes = np.asarray(joined, dtype=np.intp)
        return Combinations(codes, values)

    def count_combinations(
        self, template: personalise.Template
    ) -> tuple[Combinations, MessageCounts]:
        """The combinations of the template's columns, and the message's counts for each."""
        combos = self.combinations(tuple(template.columns))
        m = len(combos)
        chars, gsm, ucs = (np.zeros(m, np.int64) for _ in range(3))
        ucs2, blank = np.zeros(m, bool), np.ones(m, bool)
        for part in template.parts:
            if isinstance(part, str):
                fixed = sms_text.units_of(part)
                chars += fixed[0]
                gsm += fixed[1]
                ucs += fixed[2]
                ucs2 |= fixed[3]
                blank &= not part.strip()
                continue
            column, which = self.column(part[0]), combos.values[part[0]]
            chars += column.units.characters[which]
            gsm += column.units.gsm_units[which]
            ucs += column.units.ucs_units[which]
            ucs2 |= column.units.ucs2[which]
            blank &= column.blank[which]
        return combos, MessageCounts(chars, sms_text.segments_for(gsm, ucs, ucs2), blank)

    def count(self, template: personalise.Template) -> MessageCounts:
        """Every row's counts for ``template``."""
        combos, counts = self.count_combinations(template)
        return counts.take(combos.codes)
