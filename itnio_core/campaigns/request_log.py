"""Each send request kept whole in one row: its body, and the platform's answer.

Writing a thousand recipient rows per request was most of the cost of
sending. So the body is written once with the draft, the answer (every
msgId) is written in the same transaction that marks the request done, and
``materialise`` copies msgIds onto the recipient rows afterwards: in the
sender's idle time, or on demand before anything reads them. It is
idempotent, so a crash half-way just leaves work for the next call.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..api import BatchItem, to_str
from ..common import chunked
from ..store import Store, campaigns, recipients, send_requests, writing
from . import bulk_write

REFUSED_EN = "The platform did not accept this number."


def request_bodies(sendable: pd.DataFrame) -> Iterator[tuple[int, int, str]]:
    """(request_seq, numbers, body JSON) for each planned request.

    A body is ``[[text, [numbers], [orderIds]], ...]``: one entry per
    message text, in the order the request will carry them.
    """
    if sendable.empty:
        return
    seq = sendable["request_seq"].to_numpy(dtype=np.int64)
    cid = sendable["content_id"].to_numpy(dtype=np.int64)
    order = np.lexsort((np.arange(len(seq)), cid, seq))
    seq, cid = seq[order], cid[order]
    numbers = sendable["number"].to_numpy(dtype=object)[order]
    orders = sendable["order_id"].to_numpy(dtype=object)[order]
    texts = sendable["message"].to_numpy(dtype=object)[order]
    cuts = np.flatnonzero((np.diff(seq) != 0) | (np.diff(cid) != 0)) + 1
    starts = np.concatenate(([0], cuts)).tolist()
    ends = [*starts[1:], len(seq)]
    body: list[list[Any]] = []
    current = int(seq[0])
    count = 0
    for start, end in zip(starts, ends, strict=True):
        if int(seq[start]) != current:
            yield current, count, json.dumps(body, ensure_ascii=False)
            body, count, current = [], 0, int(seq[start])
        body.append([str(texts[start]), numbers[start:end].tolist(), orders[start:end].tolist()])
        count += end - start
    yield current, count, json.dumps(body, ensure_ascii=False)


@dataclass(frozen=True)
class LoadedRequest:
    request_id: int
    campaign_id: int
    user: str | None
    items: list[BatchItem]


LOAD = (
    sa.select(campaigns.c.id, campaigns.c.sender_id, campaigns.c.confirmed_by, send_requests.c.body)
    .select_from(send_requests.join(campaigns))
    .where(send_requests.c.id == sa.bindparam("b_id"))
)


def load(conn: sa.Connection, request_id: int) -> LoadedRequest:
    return loaded(request_id, conn.execute(LOAD, {"b_id": request_id}).one())


def loaded(request_id: int, row: Any) -> LoadedRequest:
    """A request from its ``LOAD`` row: (campaign id, sender id, user, body)."""
    campaign_id, sender_id, user, body = row
    items = [
        BatchItem(tuple(nums), text, sender_id or "", tuple(orders))
        for text, nums, orders in json.loads(body)
    ]
    return LoadedRequest(request_id, int(campaign_id), user, items)


# ------------------------------------------------------------------ materialise
REQUESTS_PER_READ = 200  # requests whose rows are read at once (about 200,000 rows)
_UNMATERIALISED = (
    sa.select(send_requests.c.id, send_requests.c.campaign_id, send_requests.c.answer)
    .where(send_requests.c.state == "done", send_requests.c.materialised.is_(False))
    .order_by(send_requests.c.id)
)


def materialise(store: Store, campaign_id: int | None = None, limit: int | None = None) -> int:
    """Copy answered msgIds onto recipient rows; returns how many requests it did.

    One transaction: the msgIds, the rows the platform refused, and the mark that their
    requests are materialised commit together, so a crash half-way leaves the work whole for
    the next call (and a second caller waits, then finds nothing left to do)."""
    query = _UNMATERIALISED
    if campaign_id is not None:
        query = query.where(send_requests.c.campaign_id == campaign_id)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:  # most calls find nothing: no write lock for them
        if conn.execute(query.limit(1)).first() is None:
            return 0
    with writing(store.engine) as conn:
        todo = conn.execute(query).all()
        writer = bulk_write.MsgIdWriter(conn)
        refused: list[tuple[int, int]] = []
        for cid, answers in _by_campaign(todo).items():
            for part in chunked(list(answers.items()), REQUESTS_PER_READ):
                refused += _match_part(conn, writer, cid, dict(part))
        writer.finish()
        for cid, request_id in refused:  # the rest got no msgId: the platform refused them
            conn.execute(_REFUSED, {"b_campaign": cid, "b_id": request_id})
        for ids in chunked([int(r[0]) for r in todo], 1000):
            conn.execute(
                send_requests.update().where(send_requests.c.id.in_(ids)).values(materialised=True)
            )
    return len(todo)


_OF_REQUEST = sa.and_(
    recipients.c.campaign_id == sa.bindparam("b_campaign"),
    recipients.c.request_id == sa.bindparam("b_id"),
)
_REFUSED = (
    recipients.update()
    .where(_OF_REQUEST, recipients.c.msg_id.is_(None))
    .values(submit_status="failed", error=REFUSED_EN)
)


def _by_campaign(todo: Any) -> dict[int, dict[int, str | None]]:
    """{campaign id: {request id: answer text}}, in request id order."""
    grouped: dict[int, dict[int, str | None]] = {}
    for request_id, cid, answer in todo:
        grouped.setdefault(int(cid), {})[int(request_id)] = answer
    return grouped


def _match_part(
    conn: sa.Connection,
    writer: bulk_write.MsgIdWriter,
    campaign_id: int,
    answers: dict[int, str | None],
) -> list[tuple[int, int]]:
    """Read these requests' rows, match their msgIds and hand them to ``writer``; the
    (campaign, request) pairs with rows the platform did not accept."""
    by_request = _rows_of(conn, writer, campaign_id, list(answers))
    refused = []
    for request_id, answer in answers.items():
        own = by_request.get(request_id, [])
        sent = match_msg_ids(own, json.loads(answer or "{}"))
        writer.add(campaign_id, sent)
        if len(sent) < len(own):
            refused.append((campaign_id, request_id))
    return refused


def _rows_of(
    conn: sa.Connection, writer: bulk_write.MsgIdWriter, campaign_id: int, request_ids: list[int]
) -> dict[int, list[Any]]:
    """{request id: [(row key, number, order id), ...]}: on a fast path one query per request on
    the driver's cursor (its plain tuples, in the order the rows were written)."""
    if writer.raw_reads:
        key = "rowid" if writer.by_rowid else "row_index"
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        sql = (
            f"SELECT {key}, number, order_id FROM recipients "
            f"WHERE campaign_id = {mark} AND request_id = {mark}"
        )
        cursor: Any = conn.connection.cursor()
        try:
            return {r: cursor.execute(sql, (campaign_id, r)).fetchall() for r in request_ids}
        finally:
            cursor.close()
    rows = conn.execute(
        sa.select(
            recipients.c.request_id,
            writer.key_column(),
            recipients.c.number,
            recipients.c.order_id,
        ).where(recipients.c.campaign_id == campaign_id, recipients.c.request_id.in_(request_ids))
    ).all()
    by_request: dict[int, list[Any]] = {}
    for request_id, key, number, order_id in rows:
        by_request.setdefault(request_id, []).append((key, number, order_id))
    return by_request


def match_msg_ids(rows: Any, answer: dict[str, Any]) -> list[tuple[int, str]]:
    """(row key, msgId) of each (row key, number, order id) the platform accepted: by
    orderId, else by number.

    ``answer`` is the platform's answer (its ``array`` has an entry per accepted
    number), or, as stores written before it was kept whole, three parallel lists.
    """
    msg_ids, numbers, orders = _accepted(answer)
    if _in_row_order(rows, msg_ids, orders):  # the usual answer: every row, in body order
        return list(zip([row[0] for row in rows], msg_ids, strict=True))
    by_order = {o: m for o, m in zip(orders, msg_ids, strict=False) if o and m}
    by_number = {n: m for n, m in zip(numbers, msg_ids, strict=False) if m}
    sent: list[tuple[int, str]] = []
    for row_index, number, order_id in rows:
        msg_id = by_order.get(order_id) if order_id else None
        msg_id = msg_id or by_number.get(number)
        if msg_id:
            sent.append((int(row_index), msg_id))
    return sent


def _in_row_order(rows: Any, msg_ids: list[str], orders: list[str]) -> bool:
    """True when the answer gives each row a msgId by its own, distinct orderId, in the rows'
    order: matching by position then gives what matching by orderId would."""
    return (
        len(orders) == len(rows) == len(msg_ids)
        and all(msg_ids)
        and all(orders)
        and orders == [row[2] for row in rows]
        and len(set(orders)) == len(orders)
    )


def _accepted(answer: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """The msgIds, numbers and orderIds of an answer, as three parallel lists."""
    if "array" not in answer:  # the earlier form: {"msgId": [...], "number": [...], ...}
        return answer.get("msgId", []), answer.get("number", []), answer.get("orderId", [])
    entries = answer["array"] or []
    with contextlib.suppress(KeyError, TypeError):  # the usual answer: every field a text
        msg_ids, numbers, orders = ([e[k] for e in entries] for k in ("msgId", "number", "orderId"))
        if all(set(map(type, found)) <= {str} for found in (msg_ids, numbers, orders)):
            return msg_ids, numbers, orders
    entries = [e for e in entries if isinstance(e, dict)]
    return (
        [to_str(e.get("msgId")) for e in entries],
        [to_str(e.get("number")) for e in entries],
        [to_str(e.get("orderId")) for e in entries],
    )
