"""A price for every recipient: the price list first, then what the platform last charged.

``PriceBook.load(store)`` reads both once; ``price_numbers`` prices a whole column of
numbers at once (the longest matching prefix of the list wins; a country priced only per
operator is quoted at its dearest operator, since the operator is unknown before sending).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from ..phones import calling_code_of
from ..store import Store
from .learned import Learned, learned
from .prices import Price, list_currency, list_prices

LIST, OPERATORS, LEARNED, UNKNOWN = "list", "operators", "learned", "unknown"


@dataclass(frozen=True)
class Quote:
    """The price of one part to one destination, and where it comes from."""

    price: Decimal | None
    source: str  # LIST | OPERATORS | LEARNED | UNKNOWN
    observed_at: datetime | None = None  # for LEARNED


class PriceBook:
    def __init__(
        self, rows: list[Price], seen: dict[int, Learned], currency: str | None = None
    ) -> None:
        self.currency = currency or (rows[0].currency if rows else "USD")
        self.by_prefix: dict[str, Decimal] = {}
        dearest: dict[str, Decimal] = {}
        for row in rows:
            if row.operator:
                dearest[row.prefix] = max(row.price, dearest.get(row.prefix, row.price))
            else:
                self.by_prefix[row.prefix] = row.price
        self.by_operator_prefix = {p: v for p, v in dearest.items() if p not in self.by_prefix}
        # What the platform charged, when it charged in the list's currency.
        self.learned = {c: seen[c] for c in seen if seen[c].currency == self.currency}
        self._lengths = sorted(
            {len(p) for p in (*self.by_prefix, *self.by_operator_prefix)}, reverse=True
        )

    @classmethod
    def load(cls, store: Store) -> PriceBook:
        return cls(list_prices(store), learned(store), list_currency(store))

    def quote(self, number: str) -> Quote:
        """The price of one part to ``number`` (digits with their country code)."""
        for length in self._lengths:
            prefix = number[:length]
            if prefix in self.by_prefix:
                return Quote(self.by_prefix[prefix], LIST)
            if prefix in self.by_operator_prefix:
                return Quote(self.by_operator_prefix[prefix], OPERATORS)
        code = calling_code_of(number)
        seen = self.learned.get(code) if code is not None else None
        if seen is not None:
            return Quote(seen.price, LEARNED, seen.observed_at)
        return Quote(None, UNKNOWN)

    def price_numbers(self, numbers: pd.Series, parts: pd.Series) -> pd.DataFrame:
        """One row per distinct leading prefix of ``numbers``: ``calling_code``, ``quote``,
        ``recipients`` and ``parts`` (the sum of each number's parts).

        Numbers are grouped by their first digits by hashing (no Python per number), so a
        million numbers cost a few thousand quotes."""
        longest = max(self._lengths, default=0)
        head = numbers.astype(str).str[: max(longest, 4)]
        keys, distinct = pd.factorize(head, sort=False)
        count = np.bincount(keys, minlength=len(distinct)) if len(keys) else np.zeros(0)
        summed = (
            np.bincount(keys, weights=parts.to_numpy(dtype=np.int64), minlength=len(distinct))
            if len(keys)
            else np.zeros(0)
        )
        return pd.DataFrame(
            {
                "calling_code": [calling_code_of(str(h)) for h in distinct],
                "quote": [self.quote(str(h)) for h in distinct],
                "recipients": count.astype(np.int64),
                "parts": summed.astype(np.int64),
            }
        )
