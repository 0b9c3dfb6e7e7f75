"""The sending windows an administrator set, kept in the store (``quiet_hours``), each change
in the audit log; and which rule a number falls under.

    rules = load(store)                  # {"91": Window(...), "*": Window(...)}
    key_of("919876543210", rules)        # "91"; "*" when only the default applies; else None
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import time

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..access import audit
from ..common import InvalidInputError, utc_now
from ..phones import BY_PREFIX, country_label
from ..store import Store, quiet_hours
from .windows import DEFAULT_KEY, Window

Rules = Mapping[str, Window]


def load(store: Store) -> dict[str, Window]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(quiet_hours)).mappings().all()
    return {r["calling_code"]: _window(r) for r in rows}


def _window(row: sa.RowMapping) -> Window:
    opens, closes = time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"])
    return Window(row["calling_code"], opens, closes, row["zone"])


def label(key: str, lang: str = "en") -> str:
    """ "India (+91)"; "Every other country" for the default."""
    if key == DEFAULT_KEY:
        return "其他所有国家" if lang.startswith("zh") else "Every other country"
    return country_label(int(key), "zh" if lang.startswith("zh") else "en")


def save(store: Store, rule: Window, *, user: str | None) -> bool:
    """Store (or replace) the window for its calling code; True when it changed."""
    before = load(store).get(rule.key)
    if before == rule:
        return False
    values = {
        "opens": f"{rule.opens:%H:%M}", "closes": f"{rule.closes:%H:%M}", "zone": rule.zone,
        "updated_at": utc_now(), "updated_by": user,
    }  # fmt: skip
    with store.engine.begin() as conn:
        changed = conn.execute(
            quiet_hours.update().where(quiet_hours.c.calling_code == rule.key).values(**values)
        ).rowcount
        if not changed:
            conn.execute(quiet_hours.insert().values(calling_code=rule.key, **values))
    was = f"{before.hours} {before.zone}" if before else "none"
    audit.record(
        store, user, audit.SETTINGS_CHANGE, what=f"Quiet hours: {label(rule.key)}",
        detail=f"{was} → {rule.hours} {rule.zone}",
    )  # fmt: skip
    return True


def remove(store: Store, key: str, *, user: str | None) -> bool:
    """No window for ``key`` any more: its numbers go at any hour."""
    with store.engine.begin() as conn:
        gone = conn.execute(quiet_hours.delete().where(quiet_hours.c.calling_code == key)).rowcount
    if gone:
        audit.record(store, user, audit.SETTINGS_CHANGE, what=f"Quiet hours: {label(key)}",
                     detail="removed: sent at any hour")  # fmt: skip
    return bool(gone)


def check_known(key: str, rules: Rules) -> Window:
    found = rules.get(key)
    if found is None:
        raise InvalidInputError(
            f"There are no quiet hours for {label(key)}.",
            field="calling_code",
            message_zh=f"{label(key, 'zh')} 没有设置免打扰时段。",
        )
    return found


def key_of(number: str, rules: Rules) -> str | None:
    """The rule ``number`` (country code + digits) falls under, or None."""
    return keys_of([number], rules)[0]


def keys_of(numbers: Iterable[str], rules: Rules) -> list[str | None]:
    """``key_of`` for many numbers at once (a campaign's column): one dictionary look-up per
    number, by its first three digits (calling codes are prefix-free)."""
    if not rules:
        return [None for _ in numbers]
    fallback = DEFAULT_KEY if DEFAULT_KEY in rules else None
    by_prefix = {
        prefix: (str(code) if code is not None and str(code) in rules else fallback)
        for prefix, code in BY_PREFIX.items()
    }
    series = pd.Series(list(numbers), dtype=object).fillna("").astype(str)
    codes, prefixes = pd.factorize(series.str.lstrip("+").str[:3], use_na_sentinel=False)
    keys = np.array([by_prefix.get(str(p)) for p in prefixes] or [None], dtype=object)
    out: list[str | None] = keys[codes].tolist()
    return out
