"""What quiet hours do to a campaign sent at a given moment, per country: how many recipients
go now, how many are held and until when (in their own zone and in the sender's). Pure: the
moment is given, never read from a clock here.

    rows = review(numbers, rules, at=moment)      # [CountryHold(...), ...], biggest first
    held_list(rows)                               # the ``held`` of ``send --dry-run --json``
"""

from __future__ import annotations

import functools
import importlib.util
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

import numpy as np
import pandas as pd

from ..common import zone_named
from ..phones import BY_PREFIX, CALLING_CODES, country_label
from .rules import Rules, keys_of
from .windows import DEFAULT_KEY, Window


@dataclass(frozen=True)
class CountryHold:
    calling_code: int | None
    recipients: int
    go_now: int
    held: int
    until: datetime | None  # UTC; None when nothing is held
    rule: Window | None
    zones_in_country: int  # time zones the country spans (0: unknown)

    def country(self, lang: str = "en") -> str:
        return country_label(self.calling_code, "zh" if lang.startswith("zh") else "en")

    @property
    def several_zones(self) -> bool:
        """The country spans several zones: the rule's one zone is used for all of it."""
        return self.rule is not None and self.zones_in_country > 1

    def until_in(self, tz: tzinfo) -> str:
        return "" if self.until is None else f"{self.until.astimezone(tz):%Y-%m-%d %H:%M}"

    def until_local(self) -> str:
        """When they go, in the rule's own zone (their local time)."""
        if self.until is None or self.rule is None:
            return ""
        return f"{self.until_in(zone_named(self.rule.zone)[0])} ({self.rule.zone})"


def review(numbers: Iterable[str], rules: Rules, *, at: datetime) -> list[CountryHold]:
    """Per calling code, biggest first: what sending at ``at`` does under ``rules``."""
    series = pd.Series(list(numbers), dtype=object).fillna("").astype(str)
    if series.empty:
        return []
    # Counted per distinct first three digits (calling codes are prefix-free): a million
    # numbers are one factorize, not a million look-ups.
    codes, prefixes = pd.factorize(series.str.lstrip("+").str[:3], use_na_sentinel=False)
    per_prefix = np.bincount(codes, minlength=len(prefixes))
    keys = keys_of([str(p) for p in prefixes], rules)
    counts: dict[tuple[int | None, str | None], int] = {}
    for prefix, key, count in zip(prefixes, keys, per_prefix.tolist(), strict=True):
        calling = BY_PREFIX.get(str(prefix))
        counts[(calling, key)] = counts.get((calling, key), 0) + int(count)
    out = []
    for (calling, key), count in counts.items():
        rule = rules.get(key) if key is not None else None
        until = rule.opens_at(at) if rule is not None else None
        out.append(
            CountryHold(
                calling_code=calling,
                recipients=count,
                go_now=0 if until else count,
                held=count if until else 0,
                until=until,
                rule=rule,
                zones_in_country=zones_in(calling),
            )
        )
    return sorted(out, key=lambda r: (-r.recipients, r.calling_code or 0))


def held_list(rows: list[CountryHold]) -> list[dict[str, object]]:
    """``[{country, recipients, until}]`` for the held ones; ``until`` in their own zone
    (ISO 8601 with its offset)."""
    return [
        {
            "country": r.country(),
            "calling_code": f"+{r.calling_code}" if r.calling_code else None,
            "recipients": r.held,
            "until": r.until.astimezone(zone_named(r.rule.zone)[0]).isoformat(),
            "timezone": r.rule.zone,
            "several_time_zones": r.several_zones,
        }
        for r in rows
        if r.held and r.until is not None and r.rule is not None
    ]


def summary(rows: list[CountryHold]) -> tuple[int, int]:
    """(recipients going now, recipients held)."""
    return sum(r.go_now for r in rows), sum(r.held for r in rows)


def rule_is_default(row: CountryHold) -> bool:
    return row.rule is not None and row.rule.key == DEFAULT_KEY


@functools.cache
def zones_in(calling_code: int | None) -> int:
    """How many time zones the main country of ``calling_code`` has (tzdata's zone1970.tab
    lists them); 0 when unknown."""
    found = CALLING_CODES.get(calling_code) if calling_code is not None else None
    if found is None:
        return 0
    return _zones_by_region().get(found[0], 0)


@functools.cache
def _zones_by_region() -> dict[str, int]:
    """Zones per country from zone.tab: the system's tz database, else the ``tzdata`` package
    when it is installed."""
    tables = [Path(folder) / "zone.tab" for folder in zoneinfo.TZPATH]
    spec = importlib.util.find_spec("tzdata")
    if spec is not None and spec.origin:
        tables.append(Path(spec.origin).parent / "zoneinfo" / "zone.tab")
    counts: dict[str, int] = {}
    for table in tables:
        if not table.is_file():
            continue
        for line in table.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                region = line.split("\t", 1)[0]
                counts[region] = counts.get(region, 0) + 1
        break
    return counts
