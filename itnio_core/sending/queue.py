"""The sender's per-request statements: claim a pending request, and record its answer.

A big campaign runs these a thousand times, so they are built once, and on
SQLite (pysqlite) they run on the driver's own cursor, compiled once by
SQLAlchemy: its execution machinery cost about 1 ms of CPU per request, five
times what SQLite itself spent. Other databases take the ordinary path. Both
keep the sender's rules: a claim is one conditional UPDATE, committed before
the request is made; an answer is stored in the transaction that marks its
request done.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.sql.compiler import SQLCompiler

from ..api import CallRecord
from ..campaigns import LoadedRequest, request_log
from ..campaigns import store as cs
from ..common import utc_now
from ..store import api_calls, call_row, campaigns, send_requests

FAST_SQLITE_SEND = True  # tests turn it off to exercise the portable path

# In id order, which is seq order (a draft writes its requests in seq order): the index on
# (campaign_id, state) then answers alone. Ordering by seq read every pending request's row
# and sorted them, each claim: 20 ms at the start of a million-recipient campaign.
CANDIDATES = (
    sa.select(send_requests.c.id)
    .select_from(send_requests.join(campaigns))
    .where(send_requests.c.state == "pending", campaigns.c.status == cs.SENDING)
    .order_by(send_requests.c.campaign_id, send_requests.c.id)
    .limit(sa.bindparam("b_room", type_=sa.Integer))
)
CLAIM = (
    send_requests.update()
    .where(send_requests.c.id == sa.bindparam("b_id"), send_requests.c.state == "pending")
    .values(state="in_flight", claimed_by=sa.bindparam("b_by"), started_at=sa.bindparam("b_at"))
)
DONE = (
    send_requests.update()
    .where(send_requests.c.id == sa.bindparam("b_id"))
    .values(
        state="done",
        success=sa.bindparam("b_success", type_=sa.Integer),
        # numbers the platform left out of its answer were refused
        fail=send_requests.c.numbers - sa.bindparam("b_success", type_=sa.Integer),
        finished_at=sa.bindparam("b_at"),
        status_code=0,
        answer=sa.bindparam("b_answer"),
    )
)
_CALL_COLUMNS = ("at", "user", "endpoint", "method", "path", "request_summary", "status",
                 "reason", "http_status", "ids", "id_count", "duration_ms", "error")  # fmt: skip
CALL = api_calls.insert().values({c: sa.bindparam(f"c_{c}") for c in _CALL_COLUMNS})


def call_values(record: CallRecord) -> dict[str, Any]:
    """A call's ``CALL`` parameters: the row ``Store.record_call`` writes."""
    return {f"c_{name}": value for name, value in call_row(record).items()}


def claim(conn: sa.Connection, by: str, room: int) -> list[int]:
    """Claim up to ``room`` pending requests of sending campaigns, oldest first."""
    claimed: list[int] = []
    for (request_id,) in conn.execute(CANDIDATES, {"b_room": room}).all():
        # The condition makes the claim exclusive across threads and processes.
        done = conn.execute(CLAIM, {"b_id": request_id, "b_by": by, "b_at": utc_now()}).rowcount
        if done == 1:
            claimed.append(int(request_id))
    return claimed


def finish(
    engine: Engine,
    request_id: int,
    accepted: int,
    answer: str,
    *,
    call: CallRecord | None,
    claim_by: str | None,
) -> LoadedRequest | None:
    """Store a request's answer and mark it done, in one transaction.

    ``call``, the record of the call that brought the answer, goes in with
    it. With ``claim_by``, that transaction also claims the next pending
    request for that sender, which is returned loaded: the claim is committed
    before the caller makes the request, as every claim is.
    """
    values = {"b_id": request_id, "b_success": accepted, "b_at": utc_now(), "b_answer": answer}
    calls = call_values(call) if call is not None else None
    if _driver_path(engine.dialect):
        return _finish_on_driver(engine, values, calls, claim_by)
    with engine.begin() as conn:
        conn.execute(DONE, values)
        if calls is not None:
            conn.execute(CALL, calls)
        if claim_by is None:
            return None
        claimed = claim(conn, claim_by, 1)
        return request_log.load(conn, claimed[0]) if claimed else None


def _driver_path(dialect: Dialect) -> bool:
    return FAST_SQLITE_SEND and (dialect.name, dialect.driver) == ("sqlite", "pysqlite")


def _finish_on_driver(
    engine: Engine, values: dict[str, Any], calls: dict[str, Any] | None, claim_by: str | None
) -> LoadedRequest | None:
    done, candidates, claim_one, load, call = _compiled(engine.dialect)
    stamp = _stamp(engine.dialect)
    at = stamp(values["b_at"])
    loaded = None
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute(done.sql, done.params({**values, "b_at": at}))
        if calls is not None:
            cur.execute(call.sql, call.params({**calls, "c_at": stamp(calls["c_at"])}))
        if claim_by is not None:
            rows = cur.execute(candidates.sql, candidates.params({"b_room": 1})).fetchall()
            for (request_id,) in rows:
                ids = {"b_id": request_id, "b_by": claim_by, "b_at": at}
                if cur.execute(claim_one.sql, claim_one.params(ids)).rowcount == 1:
                    row = cur.execute(load.sql, load.params({"b_id": request_id})).fetchone()
                    loaded = request_log.loaded(int(request_id), row)
        conn.commit()
    finally:
        conn.close()  # back to the pool, which rolls back anything not committed
    return loaded


class _Compiled:
    """A statement as SQL text for the driver, its parameters in their positions."""

    def __init__(self, statement: sa.ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler) or compiled.positiontup is None:
            raise TypeError("the driver path needs a positional-parameter SQL compiler")
        self.sql = compiled.string
        self._names = list(compiled.positiontup)
        self._fixed = compiled.params  # values written in the statement (state="done", ...)

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        fixed = self._fixed
        return tuple(values[n] if n in values else fixed[n] for n in self._names)


@functools.lru_cache(maxsize=8)
def _compiled(dialect: Dialect) -> tuple[_Compiled, _Compiled, _Compiled, _Compiled, _Compiled]:
    statements = (DONE, CANDIDATES, CLAIM, request_log.LOAD, CALL)
    done, candidates, claim_one, load, call = (_Compiled(s, dialect) for s in statements)
    return done, candidates, claim_one, load, call


@functools.lru_cache(maxsize=8)
def _stamp(dialect: Dialect) -> Callable[[datetime], Any]:
    """A time as SQLAlchemy writes it for these columns (and ``api_calls.at``) here."""
    process = send_requests.c.started_at.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)
