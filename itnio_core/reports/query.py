"""Reading a report back: counts, by country, over time, and its rows (paged or streamed).

Everything comes from the store, so a report opens offline, as of its last check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..api import SENDING
from ..campaigns import store as campaign_store
from ..store import Store, delivery_status
from .gc_pause import paused_gc
from .history import Check
from .lists import get_list
from .statuses import (
    DELIVERED_KEY,
    FAILED_KEY,
    NOT_FOUND_KEY,
    SENDING_KEY,
    STATUS_KEYS,
    UNCHECKED_KEY,
)
from .store import members, raw_batches
from .target import Target

d = delivery_status


def _state(no_row: str) -> Any:
    return sa.case(
        (d.c.msg_id.is_(None), no_row),
        (d.c.status.is_(None), NOT_FOUND_KEY),
        (d.c.status == 0, DELIVERED_KEY),
        (d.c.status == 1, FAILED_KEY),
        else_=SENDING_KEY,
    ).label("state")


STATE = _state(UNCHECKED_KEY)
# A campaign's message the platform accepted is on its way until its receipt (or an answer)
# says otherwise: "still sending", not "not checked yet" (receipts make asking the exception).
CAMPAIGN_STATE = _state(SENDING_KEY)


def state_of(target: Target) -> Any:
    return CAMPAIGN_STATE if target.kind == "campaign" else STATE


PUSHED, ASKED = "pushed", "asked"  # how a status was learned: a receipt, or getReport
SOURCE = sa.case(
    (d.c.receipt_ms.is_not(None), PUSHED),
    (d.c.status.is_not(None), ASKED),
    else_="",
).label("source")
ROW_COLUMNS = (
    "position",
    "excel_row",
    "msg_id",
    "number",
    "calling_code",
    "state",
    "receive_time",
    "checked_at",
    "changed_at",
    "source",
    "reason",
)
UNKNOWN_COUNTRY = -1  # the filter value for rows whose country is not known


def _joined(target: Target) -> tuple[sa.Subquery, Any, list[Any]]:
    m = members(target)
    state = state_of(target)
    columns = [
        m.c.position,
        m.c.excel_row,
        m.c.msg_id,
        sa.func.coalesce(sa.func.nullif(d.c.number, ""), m.c.hint, "").label("number"),
        d.c.calling_code,
        state,
        sa.func.coalesce(d.c.receive_time, "").label("receive_time"),
        d.c.checked_at,
        d.c.changed_at,
        SOURCE,
        d.c.reason,
    ]
    return m, m.outerjoin(d, d.c.msg_id == m.c.msg_id), columns


# ------------------------------------------------------------------ counts
def counts(store: Store, target: Target) -> dict[str, int]:
    """Messages per status key, every key present, plus "total"."""
    _, joined, _ = _joined(target)
    state = state_of(target)
    query = sa.select(state, sa.func.count()).select_from(joined).group_by(state)
    with store.engine.connect() as conn:
        found = {str(k): int(n) for k, n in conn.execute(query)}
    out = {k: found.get(k, 0) for k in STATUS_KEYS}
    out["total"] = sum(out.values())
    return out


def sources(store: Store, target: Target) -> dict[str, int]:
    """How many statuses were pushed by the platform (receipts) and how many asked for."""
    _, joined, _ = _joined(target)
    query = sa.select(SOURCE, sa.func.count()).select_from(joined).group_by(SOURCE)
    with store.engine.connect() as conn:
        found = {str(k): int(n) for k, n in conn.execute(query)}
    return {PUSHED: found.get(PUSHED, 0), ASKED: found.get(ASKED, 0)}


def by_country(store: Store, target: Target) -> pd.DataFrame:
    """calling_code (None: unknown), state, messages: one row per pair, biggest first."""
    _, joined, _ = _joined(target)
    code, state = d.c.calling_code, state_of(target)
    query = sa.select(code, state, sa.func.count()).select_from(joined).group_by(code, state)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(rows, columns=["calling_code", "state", "messages"])
    if frame.empty:
        return frame
    frame["calling_code"] = frame["calling_code"].astype("Int64")
    totals = frame.groupby("calling_code", dropna=False)["messages"].transform("sum")
    return (
        frame.assign(_total=totals)
        .sort_values(["_total", "calling_code"], ascending=[False, True])
        .drop(columns="_total")
        .reset_index(drop=True)
    )


def country_table(store: Store, target: Target) -> pd.DataFrame:
    """One row per calling code: a column per status key and "total"."""
    long = by_country(store, target)
    if long.empty:
        return pd.DataFrame(columns=["calling_code", *STATUS_KEYS, "total"])
    wide = long.pivot_table(
        index="calling_code", columns="state", values="messages", aggfunc="sum", dropna=False
    )
    wide = wide.reindex(columns=list(STATUS_KEYS)).fillna(0).astype("int64")
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False).reset_index()
    return wide


# ------------------------------------------------------------------ over time
def over_time(history: list[Check]) -> pd.DataFrame:
    """One row per finished check, oldest first: at (UTC) and a column per status key."""
    rows = [
        {"at": c.finished_at or c.started_at, **{k: c.counts.get(k, 0) for k in STATUS_KEYS}}
        for c in reversed(history)
        if c.counts and c.state in ("done", "failed")
    ]
    return pd.DataFrame(rows, columns=["at", *STATUS_KEYS])


def changes(history: list[Check]) -> dict[str, int] | None:
    """Per status, the latest finished check's count minus the one before; None if < 2."""
    done = [c for c in history if c.counts and c.state in ("done", "failed")]
    if len(done) < 2:
        return None
    latest, before = done[0].counts, done[1].counts
    return {k: latest.get(k, 0) - before.get(k, 0) for k in STATUS_KEYS}


# ------------------------------------------------------------------ rows
@dataclass(frozen=True)
class Filters:
    states: tuple[str, ...] = ()  # empty: every status
    calling_code: int | None = None  # None: every country; UNKNOWN_COUNTRY: unknown
    search: str = ""  # part of a number or msgId
    changed_since: float | None = None  # epoch seconds
    first_seen_since: float | None = None

    def where(self, m: sa.Subquery, state: Any = STATE) -> list[Any]:
        clauses: list[Any] = []
        if self.states:
            clauses.append(state.element.in_(self.states))
        if self.calling_code == UNKNOWN_COUNTRY:
            clauses.append(d.c.calling_code.is_(None))
        elif self.calling_code is not None:
            clauses.append(d.c.calling_code == self.calling_code)
        text = self.search.strip().lstrip("+")
        if text:
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                sa.or_(
                    m.c.msg_id.like(like, escape="\\"),
                    d.c.number.like(like, escape="\\"),
                    m.c.hint.like(like, escape="\\"),
                )
            )
        if self.changed_since is not None:
            clauses.append(d.c.changed_at >= self.changed_since)
        if self.first_seen_since is not None:
            clauses.append(d.c.first_seen_at >= self.first_seen_since)
        return clauses


def count_rows(store: Store, target: Target, filters: Filters = Filters()) -> int:
    m, joined, _ = _joined(target)
    where = filters.where(m, state_of(target))
    query = sa.select(sa.func.count()).select_from(joined).where(*where)
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def rows(
    store: Store, target: Target, filters: Filters = Filters(), limit: int = 100, offset: int = 0
) -> pd.DataFrame:
    """One page of rows in sheet (or list) order; columns ``ROW_COLUMNS``."""
    m, joined, columns = _joined(target)
    query = (
        sa.select(*columns)
        .select_from(joined)
        .where(*filters.where(m, state_of(target)))
        .order_by(m.c.position)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=list(ROW_COLUMNS))


EXPORT_COLUMNS = (
    "excel_row", "msg_id", "number", "calling_code", "status", "receive_time", "pay", "currency"
)  # fmt: skip
PRICE_COLUMNS = ("pay", "currency")  # what a delivery receipt said the message cost
UNCHECKED_CODE = 9  # "status" of a message never asked about; None is "not found yet"


def iter_columns(
    store: Store, target: Target, chunk: int = 100_000
) -> Iterator[dict[str, list[Any]]]:
    """Every message in order, ``chunk`` at a time, as lists per ``EXPORT_COLUMNS``.

    Plain values straight from the driver's cursor, for the report files: for a
    million rows, building a Row or a DataFrame row by row cost more than the query.
    """
    for batch in iter_rows(store, target, chunk):
        with paused_gc():
            cols = {n: [r[i] for r in batch] for i, n in enumerate(EXPORT_COLUMNS)}
        yield cols


def iter_rows(
    store: Store, target: Target, chunk: int = 100_000, columns: tuple[str, ...] = EXPORT_COLUMNS
) -> Iterator[list[tuple[Any, ...]]]:
    """Every message in order as the driver's tuples of ``columns`` (of ``EXPORT_COLUMNS``)."""
    m = members(target)
    no_row = SENDING if target.kind == "campaign" else UNCHECKED_CODE  # as ``state_of``
    selected = {
        "excel_row": m.c.excel_row,
        "msg_id": m.c.msg_id,
        "number": sa.func.coalesce(d.c.number, m.c.hint),
        "calling_code": d.c.calling_code,
        "status": sa.case((d.c.msg_id.is_(None), no_row), else_=d.c.status),
        "receive_time": d.c.receive_time,
        "pay": d.c.pay,
        "currency": d.c.currency,
    }
    query = (
        sa.select(*(selected[name] for name in columns))
        .select_from(m.outerjoin(d, d.c.msg_id == m.c.msg_id))
        .order_by(m.c.position)
    )
    with store.engine.connect() as conn:
        yield from raw_batches(conn, query, chunk)


def has_costs(store: Store, target: Target) -> bool:
    """Did the platform report what any of these messages cost?"""
    m = members(target)
    query = (
        sa.select(d.c.msg_id)
        .select_from(m.join(d, d.c.msg_id == m.c.msg_id))
        .where(d.c.pay.is_not(None))
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.execute(query).first() is not None


def has_excel_rows(store: Store, target: Target) -> bool:
    m = members(target)  # no join: for a pasted list this reads every row to find none
    query = sa.select(m.c.excel_row).where(m.c.excel_row.is_not(None)).limit(1)
    with store.engine.connect() as conn:
        return conn.execute(query).first() is not None


def title(store: Store, target: Target, lang: str = "en") -> str:
    """``Campaign #12 Spring sale`` or ``Message IDs: pasted list``, for headings and files."""
    zh = lang == "zh"
    if target.kind == "campaign":
        campaign = campaign_store.get(store, target.id)
        name = campaign.name if campaign else ""
        return f"{'群发' if zh else 'Campaign'} #{target.id} {name}".strip()
    found = get_list(store, target.id)
    name = found.name if found else f"#{target.id}"
    return f"{'消息 ID 列表' if zh else 'Message IDs'}: {name}"
