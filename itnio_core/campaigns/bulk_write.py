"""Many rows written at once, the fastest way each store allows, inside the caller's transaction.

    insert(conn, recipients, {"campaign_id": ids, "row_index": ..., ...})   # Arrow columns
    set_msg_ids(conn, [(rowid_or_key, msg_id), ...])                       # see below

- PostgreSQL (psycopg 3): ``COPY ... FROM STDIN`` in CSV written by Arrow's C++ writer;
  msgIds go through a temporary table and one ``UPDATE ... FROM``.
- SQLite (pysqlite): the driver's own ``executemany`` with plain tuples; msgIds by rowid.
- Any other database (and tests, with ``FAST_PATHS`` off): SQLAlchemy's executemany.

Nothing here commits: a draft's rows commit with its campaign row, or not at all, and msgIds
commit with the mark that their requests were materialised.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped]
import sqlalchemy as sa

from ..store import recipients

FAST_PATHS = True  # tests turn it off to exercise the portable path
CHUNK = 100_000  # rows per COPY write or executemany: bounds the memory of one step
_CSV = pa_csv.WriteOptions(include_header=False, batch_size=CHUNK)


def copy_ok(conn: sa.Connection) -> bool:
    return FAST_PATHS and (conn.dialect.name, conn.dialect.driver) == ("postgresql", "psycopg")


def driver_ok(conn: sa.Connection) -> bool:
    return FAST_PATHS and (conn.dialect.name, conn.dialect.driver) == ("sqlite", "pysqlite")


def insert(conn: sa.Connection, table: sa.Table, columns: Mapping[str, pa.Array]) -> None:
    """Insert one row per position of ``columns`` (equal-length Arrow arrays; nulls are NULL,
    "" is the empty text)."""
    names = list(columns)
    data = pa.table(dict(columns))
    if copy_ok(conn):
        decoded = [_decoded(data.column(n)) for n in names]
        _copy_csv(conn, table.name, names, pa.table(decoded, names=names))
        return
    if not driver_ok(conn):
        for start in range(0, data.num_rows, CHUNK):
            part = data.slice(start, CHUNK)
            rows = zip(*(_python(part.column(n)) for n in names), strict=True)
            conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows])
        return
    marks = ", ".join("?" * len(names))
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
    with driver_cursor(conn, sql) as cursor:
        for start in range(0, data.num_rows, CHUNK):
            part = data.slice(start, CHUNK)
            # plain tuples, made as the driver takes them: no SQLAlchemy work per row
            cursor.executemany(sql, zip(*(_python(part.column(n)) for n in names), strict=True))


@contextlib.contextmanager
def driver_cursor(conn: sa.Connection, sql: str) -> Iterator[Any]:
    """The driver's own cursor, in the connection's transaction; its errors raised as
    SQLAlchemy raises them for any other statement."""
    cursor: Any = conn.connection.cursor()
    errors = conn.dialect.loaded_dbapi.Error
    try:
        yield cursor
    except errors as exc:
        raise sa.exc.DBAPIError.instance(sql, None, exc, errors) from exc
    finally:
        cursor.close()


def _decoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        return column.cast(column.type.value_type)
    return column


def _python(column: pa.ChunkedArray) -> list[Any]:
    """A column as Python values; a dictionary column's values are shared, not made per row,
    and a column of integers without nulls goes through NumPy (both much faster)."""
    array = column.combine_chunks()
    if pa.types.is_dictionary(array.type):
        values = np.array([*array.dictionary.to_pylist(), None], dtype=object)
        codes = array.indices.fill_null(len(array.dictionary)).to_numpy()
        return values[codes].tolist()  # type: ignore[no-any-return]
    if pa.types.is_integer(array.type) and array.null_count == 0:
        return array.to_numpy().tolist()  # type: ignore[no-any-return]
    return array.to_pylist()  # type: ignore[no-any-return]


def _copy_csv(conn: sa.Connection, name: str, names: Sequence[str], data: pa.Table) -> None:
    """COPY in CSV: Arrow quotes every text (so "" is the empty text, and ``\\.`` is data) and
    writes a null as nothing, which COPY reads as NULL."""
    sql = f"COPY {name} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
    with driver_cursor(conn, sql) as cursor, cursor.copy(sql) as copy:
        for start in range(0, data.num_rows, CHUNK):
            buffer = io.BytesIO()
            pa_csv.write_csv(data.slice(start, CHUNK), buffer, _CSV)
            copy.write(buffer.getbuffer())


_SET_MSG_ID = (
    recipients.update()
    .where(
        recipients.c.campaign_id == sa.bindparam("b_campaign"),
        recipients.c.row_index == sa.bindparam("b_row"),
    )
    .values(msg_id=sa.bindparam("b_msg_id"), submit_status="sent", error=None)
)


class MsgIdWriter:
    """msgIds onto recipient rows, gathered while answers are read, written by ``finish``.

    ``add`` takes (key, msgId) pairs, the key being what ``key_column`` selects with a row: its
    rowid on SQLite's fast path (one B-tree step, no index), else (campaign_id, row_index).
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.by_rowid = driver_ok(conn)
        self._copy = copy_ok(conn)
        self.raw_reads = self.by_rowid or self._copy  # rows read on the driver's cursor
        self._campaigns: list[int] = []
        self._rows: list[int] = []
        self._ids: list[str] = []

    def key_column(self) -> Any:
        return sa.literal_column("rowid") if self.by_rowid else recipients.c.row_index

    def add(self, campaign_id: int, pairs: Sequence[tuple[int, str]]) -> None:
        if self.by_rowid:  # written now: each UPDATE is a step of the table's own B-tree
            self.conn.exec_driver_sql(
                "UPDATE recipients SET msg_id = ?, submit_status = 'sent', error = NULL "
                "WHERE rowid = ?",
                [(m, k) for k, m in pairs],
            )
            return
        self._campaigns += [campaign_id] * len(pairs)
        for key, msg_id in pairs:
            self._rows.append(key)
            self._ids.append(msg_id)
        if not self._copy and len(self._rows) >= CHUNK:
            self.finish()

    def finish(self) -> None:
        if not self._rows:
            return
        if self._copy:
            self._copy_update()
        else:
            self.conn.execute(
                _SET_MSG_ID,
                [
                    {"b_campaign": c, "b_row": r, "b_msg_id": m}
                    for c, r, m in zip(self._campaigns, self._rows, self._ids, strict=True)
                ],
            )
        self._campaigns, self._rows, self._ids = [], [], []

    def _copy_update(self) -> None:
        """COPY the pairs into a temporary table, then one UPDATE ... FROM it."""
        self.conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS msg_ids_in "
            "(campaign_id integer, row_index integer, msg_id text) ON COMMIT DROP"
        )
        self.conn.exec_driver_sql("TRUNCATE msg_ids_in")
        columns = {
            "campaign_id": pa.array(self._campaigns, pa.int64()),
            "row_index": pa.array(self._rows, pa.int64()),
            "msg_id": pa.array(self._ids, pa.string()),
        }
        _copy_csv(self.conn, "msg_ids_in", list(columns), pa.table(columns))
        self.conn.exec_driver_sql("ANALYZE msg_ids_in")  # so the planner knows its size
        self.conn.exec_driver_sql(
            "UPDATE recipients AS r SET msg_id = m.msg_id, submit_status = 'sent', error = NULL "
            "FROM msg_ids_in AS m "
            "WHERE r.campaign_id = m.campaign_id AND r.row_index = m.row_index"
        )
