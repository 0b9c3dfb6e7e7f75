"""getReport answers stored by SQLite itself: a few statements per batch of calls.

A check of a million messages asks 5,000 calls of 200. Building a tuple per
message in Python, comparing it with what the store knew and writing it cost
more than the calls. Here each call's thread lines its answer up with the
msgIds it asked (``reports.answer_columns``); a batch of them is staged in a
temporary table with a few big ``INSERT ... VALUES`` and one upsert writes
``delivery_status`` in C, without the GIL, by the rules of
``report_store.record_pages``, the portable path (a test compares the two):

* a msgId not found is a new row with no status, or an existing row only
  marked as checked (it keeps its last status);
* a status a pushed receipt gave (``receipt_ms``) is left as it is: the receipt is newer
  than any answer to a question asked before it arrived;
* a changed status also takes the answer's number (else the one we sent to)
  and its calling code, and moves ``changed_at``; the same status with a new
  receiveTime only updates that time.

Few statements matter: SQLite lets go of the GIL for each one, and getting it
back from the call threads can take a switch interval.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from itertools import chain, islice, repeat
from typing import Any

import sqlalchemy as sa

from ..phones import BY_PREFIX
from .fetch import Answer

NEEDS = (3, 24, 0)  # SQLite with upserts
ROWS_PER_STATEMENT = 2_000  # staged rows per INSERT (5 values each; SQLite takes 32,766)

_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS report_rows (msg_id TEXT NOT NULL, number TEXT NOT NULL, "
    "receive_time TEXT NOT NULL, status INTEGER, hint TEXT NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS calling_prefix "
    "(prefix TEXT PRIMARY KEY, code INTEGER) WITHOUT ROWID",
)
_CHANGES = """
SELECT count(*) FROM temp.report_rows AS r JOIN delivery_status AS d ON d.msg_id = r.msg_id
WHERE r.status IS NOT NULL AND d.status IS NOT r.status AND d.receipt_ms IS NULL
"""
_CHANGED = "(excluded.status IS NOT NULL AND excluded.status IS NOT delivery_status.status)"
_UPSERT = f"""
INSERT INTO delivery_status (msg_id, campaign_id, number, calling_code, status, receive_time,
                             first_seen_at, checked_at, changed_at)
SELECT msg_id, :campaign, number,
       (SELECT code FROM temp.calling_prefix WHERE prefix = substr(number, 1, 3)),
       status, receive_time, :at, :at, :at
FROM (SELECT msg_id, coalesce(nullif(number, ''), hint) AS number, status, receive_time
      FROM temp.report_rows)
WHERE true
ON CONFLICT (msg_id) DO UPDATE SET
    status = coalesce(excluded.status, delivery_status.status),
    receive_time = CASE WHEN excluded.status IS NULL THEN delivery_status.receive_time
                        ELSE excluded.receive_time END,
    number = CASE WHEN {_CHANGED}
                  THEN coalesce(nullif(excluded.number, ''), delivery_status.number)
                  ELSE delivery_status.number END,
    calling_code = CASE WHEN {_CHANGED}
                        THEN coalesce(excluded.calling_code, delivery_status.calling_code)
                        ELSE delivery_status.calling_code END,
    changed_at = CASE WHEN {_CHANGED} THEN excluded.changed_at
                      ELSE delivery_status.changed_at END,
    checked_at = excluded.checked_at
WHERE delivery_status.receipt_ms IS NULL
"""


def usable(conn: sa.Connection) -> bool:
    """True on SQLite through the standard driver."""
    dialect = conn.dialect
    return (dialect.name, dialect.driver) == ("sqlite", "pysqlite") and (
        sqlite3.sqlite_version_info >= NEEDS
    )


def store_answers(
    conn: sa.Connection,
    answers: Sequence[Answer],
    hints: dict[str, str],
    campaign_id: int | None,
    at: float | None = None,
) -> int:
    """Store what ``answers`` said about every msgId they asked; returns the changed statuses.

    ``hints`` maps a msgId to the number we sent it to (a campaign's), for messages
    whose answer gives none. Runs in ``conn``'s transaction.
    """
    if not answers:
        return 0
    at = time.time() if at is None else at
    _prepare(conn)
    ids = list(chain.from_iterable(a.asked for a in answers))
    hint = map(hints.get, ids, repeat("")) if hints else repeat("", len(ids))
    columns = (
        ids,
        chain.from_iterable(a.numbers for a in answers),
        chain.from_iterable(a.times for a in answers),
        chain.from_iterable(a.statuses for a in answers),
        hint,
    )
    _stage(conn, zip(*columns, strict=True), len(ids))
    changed = int(conn.exec_driver_sql(_CHANGES).scalar_one())
    conn.exec_driver_sql(_UPSERT, {"campaign": campaign_id, "at": at})
    conn.exec_driver_sql("DELETE FROM temp.report_rows")
    return changed


def _stage(conn: sa.Connection, rows: Iterable[tuple[Any, ...]], count: int) -> None:
    """``rows`` into ``temp.report_rows``, ``ROWS_PER_STATEMENT`` per statement."""
    values = chain.from_iterable(rows)
    width = 5
    for start in range(0, count, ROWS_PER_STATEMENT):
        n = min(ROWS_PER_STATEMENT, count - start)
        marks = ", ".join(["(?, ?, ?, ?, ?)"] * n)
        conn.exec_driver_sql(
            f"INSERT INTO temp.report_rows VALUES {marks}", tuple(islice(values, n * width))
        )


def _prepare(conn: sa.Connection) -> None:
    """This connection's staging tables (temporary: each connection has its own)."""
    for sql in _TABLES:
        conn.exec_driver_sql(sql)
    if conn.exec_driver_sql("SELECT 1 FROM temp.calling_prefix LIMIT 1").first() is None:
        marks = ", ".join(["(?, ?)"] * len(BY_PREFIX))
        conn.exec_driver_sql(
            f"INSERT OR IGNORE INTO temp.calling_prefix VALUES {marks}",
            tuple(chain.from_iterable(BY_PREFIX.items())),
        )
    conn.exec_driver_sql("DELETE FROM temp.report_rows")  # left by a failed batch
