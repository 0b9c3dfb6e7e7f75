"""Delivery statuses in the store: which messages a report has, and what was seen when.

``delivery_status`` holds one row per msgId with the last status the platform
gave, when it was first seen, last asked about and last changed. Messages
the platform did not know (``nofound``) are kept with a NULL status and asked
about again. Each check's own record is ``report_history``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..campaigns import materialise
from ..common import chunked
from ..phones import BY_PREFIX  # number[:3] -> calling code
from ..store import Store, delivery_status, recipients, report_list_items
from .fetch import Page
from .gc_pause import paused_gc
from .target import Target

d = delivery_status


# ------------------------------------------------------------------ a target's messages
def members(target: Target) -> sa.Subquery:
    """(position, excel_row, msg_id, hint): the target's msgIds in sheet or list order."""
    if target.kind == "campaign":
        r = recipients
        query = sa.select(
            r.c.row_index.label("position"),
            r.c.excel_row,
            r.c.msg_id,
            r.c.number.label("hint"),
        ).where(r.c.campaign_id == target.id, r.c.msg_id.is_not(None))
    else:
        i = report_list_items
        query = sa.select(
            i.c.position, i.c.excel_row, i.c.msg_id, sa.literal("").label("hint")
        ).where(i.c.list_id == target.id)
    return query.subquery("m")


@dataclass
class Asking:
    """The msgIds a check asks about, with what the store knew before."""

    ids: list[str] = field(default_factory=list)
    known: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # status, receiveTime
    hints: dict[str, str] = field(default_factory=dict)  # msgId -> number we sent to


def raw_batches(conn: sa.Connection, query: Any, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """A query's rows as the driver's plain tuples, ``size`` at a time.

    For a million rows, SQLAlchemy's Row per row cost more than the query itself.
    """
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    args: Any = params
    if compiled.positional:
        args = tuple(params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        while True:
            with paused_gc():  # a million fresh tuples: nothing for the collector to find
                batch: list[tuple[Any, ...]] = list(cursor.fetchmany(size))
            if not batch:
                return
            yield batch
    finally:
        cursor.close()


def to_ask(
    store: Store, target: Target, *, everything: bool = False, with_known: bool = True
) -> Asking:
    """Messages without a final status (still sending, not found yet, never asked).

    ``with_known=False`` leaves ``known`` empty: storing in SQL compares there.
    """
    if target.kind == "campaign":
        materialise(store, target.id)  # msgIds answered but not yet on their rows
    m = members(target)
    columns: list[Any] = [m.c.msg_id, m.c.hint]
    if with_known:
        columns += [d.c.msg_id.is_not(None), d.c.status, d.c.receive_time]
    query = (
        sa.select(*columns)
        .select_from(m.outerjoin(d, d.c.msg_id == m.c.msg_id))
        .order_by(m.c.position)
    )
    if not everything:
        query = query.where(sa.or_(d.c.msg_id.is_(None), d.c.status.is_(None), d.c.status == -1))
    asking = Asking()
    with store.engine.connect() as conn:
        for batch in raw_batches(conn, query, 100_000):
            asking.ids += [r[0] for r in batch]
            if target.kind == "campaign":  # a list's hints are all empty
                asking.hints.update((r[0], r[1]) for r in batch if r[1])
            if with_known:
                asking.known.update((r[0], (r[3], r[4] or "")) for r in batch if r[2])
    asking.ids = list(dict.fromkeys(asking.ids))  # each asked about once
    return asking


# ------------------------------------------------------------------ writing what was seen
FAST_SQLITE_WRITES = True  # tests turn it off to exercise the portable path (report_jobs too)
NEW_COLUMNS = (
    "msg_id",
    "campaign_id",
    "number",
    "calling_code",
    "status",
    "receive_time",
    "first_seen_at",
    "checked_at",
    "changed_at",
)
_SQL_CHANGED = (
    "UPDATE delivery_status SET status = ?, receive_time = ?, "
    "number = coalesce(nullif(?, ''), number), calling_code = coalesce(?, calling_code), "
    "checked_at = ?, changed_at = ? WHERE msg_id = ? AND receipt_ms IS NULL"
)
_SQL_RECEIVED = (
    "UPDATE delivery_status SET receive_time = ?, checked_at = ? "
    "WHERE msg_id = ? AND receipt_ms IS NULL"
)
_CHANGED = (
    d.update()
    .where(d.c.msg_id == sa.bindparam("b_id"), d.c.receipt_ms.is_(None))
    .values(
        status=sa.bindparam("b_status"),
        receive_time=sa.bindparam("b_receive"),
        number=sa.func.coalesce(sa.func.nullif(sa.bindparam("b_number"), ""), d.c.number),
        calling_code=sa.func.coalesce(sa.bindparam("b_cc"), d.c.calling_code),
        checked_at=sa.bindparam("b_at"),
        changed_at=sa.bindparam("b_at2"),
    )
)
_CHANGED_KEYS = ("b_status", "b_receive", "b_number", "b_cc", "b_at", "b_at2", "b_id")
_RECEIVED = (
    d.update()
    .where(d.c.msg_id == sa.bindparam("b_id"), d.c.receipt_ms.is_(None))
    .values(receive_time=sa.bindparam("b_receive"), checked_at=sa.bindparam("b_at"))
)
_TOUCH = (
    d.update()
    .where(d.c.msg_id.in_(sa.bindparam("b_ids", expanding=True)))
    .values(checked_at=sa.bindparam("b_at"))
)


@dataclass
class _Writes:
    new: list[tuple[Any, ...]] = field(default_factory=list)
    changed: list[tuple[Any, ...]] = field(default_factory=list)
    received: list[tuple[Any, ...]] = field(default_factory=list)  # same status, new time
    touched: list[str] = field(default_factory=list)  # asked, nothing new
    status_changes: int = 0


def record_pages(
    conn: sa.Connection,
    pages: Sequence[Page],
    asking: Asking,
    campaign_id: int | None,
    at: float | None = None,
) -> int:
    """Store each asked msgId's answer; returns how many statuses changed.

    "Not found" after being seen keeps the last status the platform gave, and a status a
    pushed receipt gave is kept (the receipt is newer than the question).
    """
    at = time.time() if at is None else at
    w = _Writes()
    known, hints, code_of = asking.known, asking.hints, BY_PREFIX.get
    for page in pages:
        for msg_id, item in page.statuses.items():
            before = known.get(msg_id)
            if item is None:
                if before is None:
                    number = hints.get(msg_id, "")
                    w.new.append(
                        (msg_id, campaign_id, number, code_of(number[:3]), None, "", at, at, at)
                    )
                else:
                    w.touched.append(msg_id)
                continue
            status, receive, number = item.status, item.receive_time, item.number
            if before is None:
                number = number or hints.get(msg_id, "")
                code = code_of(number[:3])
                w.new.append((msg_id, campaign_id, number, code, status, receive, at, at, at))
            elif status != before[0]:
                w.status_changes += 1
                number = number or hints.get(msg_id, "")
                code = code_of(number[:3])
                w.changed.append((status, receive, number, code, at, at, msg_id))
            elif receive != before[1]:
                w.received.append((receive, at, msg_id))
            else:
                w.touched.append(msg_id)
    _write(conn, w, at)
    return w.status_changes


ROWS_PER_STATEMENT = 500  # rows per INSERT ... VALUES: one statement step, not one per row


def _write(conn: sa.Connection, w: _Writes, at: float) -> None:
    fast = FAST_SQLITE_WRITES and (conn.dialect.name, conn.dialect.driver) == ("sqlite", "pysqlite")
    if fast:  # plain tuples straight to the driver: SQLAlchemy's per-row work was most of it
        _insert_values(conn, w.new)
        for sql, rows in ((_SQL_CHANGED, w.changed), (_SQL_RECEIVED, w.received)):
            if rows:
                conn.exec_driver_sql(sql, rows)
    else:
        if w.new:
            conn.execute(_insert_new(conn), [dict(zip(NEW_COLUMNS, r, strict=True)) for r in w.new])
        if w.changed:
            conn.execute(_CHANGED, [dict(zip(_CHANGED_KEYS, r, strict=True)) for r in w.changed])
        if w.received:
            conn.execute(
                _RECEIVED, [{"b_receive": r, "b_at": a, "b_id": m} for r, a, m in w.received]
            )
    for part in chunked(w.touched, 500):
        conn.execute(_TOUCH, {"b_ids": part, "b_at": at})


def _insert_values(conn: sa.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Many rows per INSERT: each statement step lets other threads run, so fewer is faster."""
    marks = "(" + ", ".join("?" * len(NEW_COLUMNS)) + ")"
    for part in chunked(rows, ROWS_PER_STATEMENT):
        sql = (
            f"INSERT INTO delivery_status ({', '.join(NEW_COLUMNS)}) VALUES "
            f"{', '.join([marks] * len(part))} ON CONFLICT (msg_id) DO NOTHING"
        )
        conn.exec_driver_sql(sql, tuple(v for row in part for v in row))


def _insert_new(conn: sa.Connection) -> Any:
    """Insert, skipping a msgId another check stored a moment ago."""
    name = conn.dialect.name
    if name == "sqlite":
        return sqlite.insert(d).on_conflict_do_nothing(index_elements=["msg_id"])
    if name == "postgresql":
        return postgresql.insert(d).on_conflict_do_nothing(index_elements=["msg_id"])
    return d.insert()
