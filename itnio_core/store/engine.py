"""The store: everything that must survive a refresh or a restart.

SQLAlchemy Core over a SQLite file by default (WAL mode), or any URL in
``ITNIO_DATABASE_URL`` (PostgreSQL with psycopg 3 for a team). The schema is kept by
Alembic migrations (``migrate.py``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..api import CallRecord
from ..common import aware
from . import migrate
from .schema import api_calls


@dataclass(frozen=True)
class ApiCall:
    id: int
    at: datetime
    user: str | None
    endpoint: str
    method: str
    path: str
    request_summary: dict[str, Any]
    status: int | None
    reason: str
    http_status: int | None
    ids: list[str]
    duration_ms: float
    error: str

    @property
    def ok(self) -> bool:
        return self.status == 0


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        try:
            migrate.check(self.engine, self.address)  # never migrates: itnio db upgrade does
        except Exception:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({self.address!r})"

    @property
    def address(self) -> str:
        """Where the history is kept, as a person may see it: the URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    def record_call(self, record: CallRecord) -> None:
        with self.engine.begin() as conn:
            conn.execute(api_calls.insert().values(**call_row(record)))

    def recent_calls(self, limit: int = 50, endpoint: str | None = None) -> list[ApiCall]:
        query = sa.select(api_calls).order_by(api_calls.c.id.desc()).limit(limit)
        if endpoint:
            query = query.where(api_calls.c.endpoint == endpoint)
        with self.engine.connect() as conn:
            return [_api_call(row) for row in conn.execute(query).mappings()]

    def count_calls(self, endpoints: Sequence[str] | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(api_calls)
        if endpoints:
            query = query.where(api_calls.c.endpoint.in_(endpoints))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def close(self) -> None:
        self.engine.dispose()


def call_row(record: CallRecord) -> dict[str, Any]:
    """The ``api_calls`` row of one call; every writer of that table uses it."""
    return {
        "at": record.started_at,
        "user": record.user,
        "endpoint": record.endpoint,
        "method": record.method,
        "path": record.path,
        "request_summary": json.dumps(record.request_summary, ensure_ascii=False),
        "status": record.status,
        "reason": record.reason[:500],
        "http_status": record.http_status,
        "ids": ",".join(record.ids),
        "id_count": len(record.ids),
        "duration_ms": record.duration_ms,
        "error": record.error,
    }


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    is_sqlite = url.startswith("sqlite")
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {},
    )
    if is_sqlite:

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[sa.Connection]:
    """A transaction that reads, then writes: ``engine.begin()`` that, on SQLite, takes the
    write lock first (``BEGIN IMMEDIATE``), waiting for another writer as long as the busy
    timeout allows.

    A plain SQLite transaction that reads first holds a snapshot; if another connection
    (another thread, another worker) commits before it writes, its write fails at once with
    "database is locked", whatever the timeout. Other databases need nothing more.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite has begun nothing yet
        yield conn


def _api_call(row: Any) -> ApiCall:
    return ApiCall(
        id=row["id"],
        at=aware(row["at"]),
        user=row["user"],
        endpoint=row["endpoint"],
        method=row["method"],
        path=row["path"],
        request_summary=json.loads(row["request_summary"] or "{}"),
        status=row["status"],
        reason=row["reason"] or "",
        http_status=row["http_status"],
        ids=[i for i in (row["ids"] or "").split(",") if i],
        duration_ms=row["duration_ms"],
        error=row["error"] or "",
    )
