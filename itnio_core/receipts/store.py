"""Receipts into the store the reports read (``delivery_status``), and the address's counters.

Each receipt is one upsert by msgId:

* a msgId not known yet gets its row now (no campaign yet): the report of the campaign that
  sent it finds it as soon as the send's answer puts that msgId on the recipient;
* a known msgId takes the receipt only when the receipt is newer than the one it holds
  (``receipt_ms``), so a replay changes nothing and an older receipt arriving late never
  overwrites a newer status; a status learned by asking (no receipt yet) is replaced.

Statuses are stored the report's way: 0 delivered, 1 failed; the receipt's own code is kept
in ``receipt_status`` with its ``reason``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..common import platform_time, utc_now
from ..phones import BY_PREFIX
from ..store import delivery_status, receipt_counters
from .parse import Receipt

d = delivery_status

# Counter names (``receipt_counters``).
STORED, WRONG_TOKEN, REFUSED, FOREIGN_APP = "stored", "wrong_token", "refused", "foreign_app"

_RECEIPT_COLUMNS = (
    "status",
    "receive_time",
    "checked_at",
    "receipt_ms",
    "received_at",
    "receipt_status",
    "reason",
    "order_id",
    "mcc",
    "mnc",
    "pay",
    "price",
    "currency",
    "charge_cnt",
)


def _row(receipt: Receipt, at: float) -> dict[str, Any]:
    number = receipt.number
    return {
        "msg_id": receipt.msg_id,
        "campaign_id": None,
        "number": number,
        "calling_code": BY_PREFIX.get(number[:3]),
        "status": 0 if receipt.delivered else 1,
        "receive_time": platform_time(receipt.timestamp_ms),  # as getReport writes it
        "first_seen_at": at,
        "checked_at": at,
        "changed_at": at,
        "receipt_ms": receipt.timestamp_ms,
        "received_at": at,
        "receipt_status": receipt.status,
        "reason": receipt.reason,
        "order_id": receipt.order_id,
        "mcc": receipt.mcc,
        "mnc": receipt.mnc,
        "pay": receipt.pay,
        "price": receipt.price,
        "currency": receipt.currency,
        "charge_cnt": receipt.charge_cnt,
    }


def newest_each(receipts: Sequence[Receipt]) -> list[Receipt]:
    """One receipt per msgId, the newest (the first of equals): one upsert row each."""
    best: dict[str, Receipt] = {}
    for receipt in receipts:
        held = best.get(receipt.msg_id)
        if held is None or receipt.timestamp_ms > held.timestamp_ms:
            best[receipt.msg_id] = receipt
    return list(best.values())


_BUILT: dict[tuple[str, str], Any] = {}  # (statement, dialect) -> built once


def _built(conn: sa.Connection, name: str, build: Any) -> Any:
    key = (name, conn.dialect.name)
    if key not in _BUILT:
        _BUILT[key] = build(conn.dialect.name)
    return _BUILT[key]


def _insert(dialect: str, table: sa.Table) -> Any:
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _upsert(dialect: str) -> Any:
    insert: Any = _insert(dialect, d)
    new = insert.excluded
    sets: dict[str, Any] = {name: new[name] for name in _RECEIPT_COLUMNS}
    sets["number"] = sa.func.coalesce(sa.func.nullif(new.number, ""), d.c.number)
    sets["calling_code"] = sa.func.coalesce(new.calling_code, d.c.calling_code)
    changed = sa.or_(d.c.status.is_(None), d.c.status != new.status)
    sets["changed_at"] = sa.case((changed, new.changed_at), else_=d.c.changed_at)
    newer = sa.or_(d.c.receipt_ms.is_(None), d.c.receipt_ms < new.receipt_ms)
    return insert.on_conflict_do_update(index_elements=["msg_id"], set_=sets, where=newer)


def store_receipts(
    conn: sa.Connection, receipts: Sequence[Receipt], at: float | None = None
) -> None:
    """Upsert ``receipts`` in ``conn``'s transaction, and count them."""
    if not receipts:
        return
    at = time.time() if at is None else at
    conn.execute(_built(conn, "upsert", _upsert), [_row(r, at) for r in newest_each(receipts)])
    count(conn, STORED, len(receipts))


# ------------------------------------------------------------------ counters
def _add(dialect: str) -> Any:
    c = receipt_counters.c
    return (
        _insert(dialect, receipt_counters)
        .values(
            name=sa.bindparam("b_name"), count=sa.bindparam("b_n"), last_at=sa.bindparam("b_at")
        )
        .on_conflict_do_update(
            index_elements=["name"],
            set_={"count": c.count + sa.bindparam("b_n2"), "last_at": sa.bindparam("b_at2")},
        )
    )


def count(conn: sa.Connection, name: str, n: int = 1) -> None:
    """Add ``n`` to the counter ``name``, in ``conn``'s transaction (one statement)."""
    now = utc_now()
    params = {"b_name": name, "b_n": n, "b_at": now, "b_n2": n, "b_at2": now}
    conn.execute(_built(conn, "count", _add), params)


def counters(conn: sa.Connection) -> dict[str, tuple[int, datetime]]:
    """Every counter: name → (count, last time)."""
    rows = conn.execute(sa.select(receipt_counters)).all()
    return {str(row[0]): (int(row[1]), row[2]) for row in rows}
