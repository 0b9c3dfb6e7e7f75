"""What a campaign will cost, country by country, before it is confirmed.

Counted from each recipient's own personalised message (the plan's ``segments`` per
row), never from the template: ``{客户姓名}`` costs what the names cost, not its own
characters. Where a country has no price the total is a lower bound and says so.

    book = PriceBook.load(store)
    est = estimate_plan(plan, book)        # est.total, est.currency, est.by_country
    est.to_json()                          # what ``send --dry-run --json`` prints
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..campaigns import CampaignPlan, PlanPreview
from ..phones import CALLING_CODES, country_label
from .book import LEARNED, OPERATORS, UNKNOWN, PriceBook, Quote

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CountryCost:
    calling_code: int | None
    region: str  # ISO code of the calling code's main country ("" when unknown)
    recipients: int
    parts: int
    price: Decimal | None  # per part; the dearest when prefixes of the country differ
    cheapest: Decimal | None  # differs from price when the country has several prices
    cost: Decimal | None  # None when any of its numbers has no price
    source: str  # list | operators | learned | unknown (the dearest quote's)
    observed_at: datetime | None = None  # when ``source`` is learned

    def name(self, lang: str = "en") -> str:
        return country_label(self.calling_code, "zh" if lang.startswith("zh") else "en")


@dataclass(frozen=True)
class Estimate:
    by_country: list[CountryCost]  # dearest first; unknown prices last
    currency: str

    @property
    def total(self) -> Decimal:
        """The sum of the known costs: a lower bound when ``unknown`` is not empty."""
        return sum((c.cost for c in self.by_country if c.cost is not None), Decimal(0))

    @property
    def unknown(self) -> list[CountryCost]:
        return [c for c in self.by_country if c.cost is None]

    @property
    def lower_bound(self) -> bool:
        return bool(self.unknown)

    @property
    def recipients(self) -> int:
        return sum(c.recipients for c in self.by_country)

    @property
    def parts(self) -> int:
        return sum(c.parts for c in self.by_country)

    def to_json(self) -> dict[str, object]:
        """``{"total", "currency", "lower_bound", "by_country": [...], "unknown_countries"}``."""
        return {
            "total": money_text(self.total),
            "currency": self.currency,
            "lower_bound": self.lower_bound,
            "by_country": [
                {
                    "calling_code": c.calling_code,
                    "country": c.region,
                    "name": c.name(),
                    "recipients": c.recipients,
                    "parts": c.parts,
                    "price": None if c.price is None else str(c.price),
                    "cost": None if c.cost is None else money_text(c.cost),
                    "price_from": c.source,
                }
                for c in self.by_country
            ],
            "unknown_countries": [
                {"calling_code": c.calling_code, "country": c.region, "name": c.name()}
                for c in self.unknown
            ],
        }


def money_text(amount: Decimal, places: int = 4) -> str:
    """``178.7100`` → ``"178.71"``; small amounts keep up to four decimals (``0.0045``)."""
    exact = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if exact == exact.quantize(CENT):
        return f"{exact.quantize(CENT):,}"
    return f"{exact.normalize():,}"


def estimate(numbers: pd.Series, parts: pd.Series, book: PriceBook) -> Estimate:
    """The cost of sending ``parts[i]`` parts to ``numbers[i]``, grouped by calling code."""
    priced = book.price_numbers(numbers, parts)
    by_code: dict[int, list[tuple[Quote, int, int]]] = {}
    for code, quote, recipients, n in priced.itertuples(index=False):
        key = -1 if code is None or pd.isna(code) else int(code)
        by_code.setdefault(key, []).append((quote, int(recipients), int(n)))
    rows = [_country(code, entries) for code, entries in by_code.items()]
    rows.sort(key=lambda c: (c.cost is None, -(c.cost or 0), -c.recipients))
    return Estimate(rows, book.currency)


def _country(code: int, entries: list[tuple[Quote, int, int]]) -> CountryCost:
    """One country from its (quote, recipients, parts) per prefix."""
    known = [q for q, _r, _n in entries if q.price is not None]
    cost: Decimal | None = None
    if len(known) == len(entries):
        cost = sum(((q.price or Decimal(0)) * n for q, _r, n in entries), Decimal(0))
    dearest = max(known, key=lambda q: q.price or 0, default=Quote(None, UNKNOWN))
    cheapest = min((q.price for q in known if q.price is not None), default=None)
    source = UNKNOWN if len(known) < len(entries) else dearest.source
    if source not in (LEARNED, OPERATORS, UNKNOWN) and any(q.source == LEARNED for q in known):
        source = LEARNED
    found = CALLING_CODES.get(code)
    return CountryCost(
        calling_code=code if code >= 0 else None,
        region=found[0] if found else "",
        recipients=sum(r for _q, r, _n in entries),
        parts=sum(n for _q, _r, n in entries),
        price=dearest.price,
        cheapest=cheapest,
        cost=cost,
        source=source,
        observed_at=dearest.observed_at if dearest.source == LEARNED else None,
    )


def estimate_plan(plan: CampaignPlan | PlanPreview, book: PriceBook) -> Estimate:
    """The estimate of a campaign's plan (or its preview: the same sendable rows and parts,
    without the messages written out)."""
    sendable = plan.sendable
    return estimate(sendable["number"], sendable["segments"], book)
