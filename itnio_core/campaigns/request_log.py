"""Each send request kept whole in one row: its body, and the platform's answer.

Writing a thousand recipient rows per request was most of the cost of
sending. So the body is written once with the draft, the answer (every
msgId) is written in the same transaction that marks the request done, and
``materialise`` copies msgIds onto the recipient rows afterwards: in the
sender's idle time, or on demand before anything reads them. It is
idempotent, so a crash half-way just leaves work for the next call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..api import BatchItem, to_str
from ..common import chunked
from ..store import Store, campaigns, recipients, send_requests

REFUSED_EN = "The platform did not accept this number."
MSG_ID_CHUNK = 1000  # rows per UPDATE ... FROM (VALUES ...): 2000 variables
FAST_SQLITE_UPDATES = True  # tests turn it off to exercise the portable path


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
_UNMATERIALISED = (
    sa.select(send_requests.c.id, send_requests.c.campaign_id, send_requests.c.answer)
    .where(send_requests.c.state == "done", send_requests.c.materialised.is_(False))
    .order_by(send_requests.c.id)
)
_OF_REQUEST = sa.and_(
    recipients.c.campaign_id == sa.bindparam("b_campaign"),
    recipients.c.request_id == sa.bindparam("b_id"),
)
_ROWS = sa.select(recipients.c.row_index, recipients.c.number, recipients.c.order_id).where(
    _OF_REQUEST
)
_REFUSED = (
    recipients.update()
    .where(_OF_REQUEST, recipients.c.msg_id.is_(None))
    .values(submit_status="failed", error=REFUSED_EN)
)
_SET_MSG_ID = (
    recipients.update()
    .where(
        recipients.c.campaign_id == sa.bindparam("b_campaign"),
        recipients.c.row_index == sa.bindparam("b_row"),
    )
    .values(msg_id=sa.bindparam("b_msg_id"), submit_status="sent", error=None)
)


def materialise(store: Store, campaign_id: int | None = None, limit: int | None = None) -> int:
    """Copy answered msgIds onto recipient rows; returns how many requests it did."""
    query = _UNMATERIALISED
    if campaign_id is not None:
        query = query.where(send_requests.c.campaign_id == campaign_id)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.begin() as conn:
        todo = conn.execute(query).all()
        for request_id, cid, answer in todo:
            ids = {"b_campaign": cid, "b_id": request_id}
            rows = conn.execute(_ROWS, ids).all()
            sent = match_msg_ids(rows, json.loads(answer or "{}"))
            _store_msg_ids(conn, cid, sent)
            if len(sent) < len(rows):  # the rest got no msgId: the platform refused them
                conn.execute(_REFUSED, ids)
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(materialised=True)
            )
    return len(todo)


def match_msg_ids(rows: Any, answer: dict[str, Any]) -> list[tuple[int, str]]:
    """(row_index, msgId) of each row the platform accepted: by orderId, else by number.

    ``answer`` is the platform's answer (its ``array`` has an entry per accepted
    number), or, as stores written before it was kept whole, three parallel lists.
    """
    msg_ids, numbers, orders = _accepted(answer)
    by_order = {o: m for o, m in zip(orders, msg_ids, strict=False) if o and m}
    by_number = {n: m for n, m in zip(numbers, msg_ids, strict=False) if m}
    sent: list[tuple[int, str]] = []
    for row_index, number, order_id in rows:
        msg_id = by_order.get(order_id) if order_id else None
        msg_id = msg_id or by_number.get(number)
        if msg_id:
            sent.append((int(row_index), msg_id))
    return sent


def _accepted(answer: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """The msgIds, numbers and orderIds of an answer, as three parallel lists."""
    if "array" not in answer:  # the earlier form: {"msgId": [...], "number": [...], ...}
        return answer.get("msgId", []), answer.get("number", []), answer.get("orderId", [])
    entries = [e for e in answer["array"] or [] if isinstance(e, dict)]
    return (
        [to_str(e.get("msgId")) for e in entries],
        [to_str(e.get("number")) for e in entries],
        [to_str(e.get("orderId")) for e in entries],
    )


def _store_msg_ids(conn: sa.Connection, campaign_id: int, sent: list[tuple[int, str]]) -> None:
    """Set msg_id (and "sent") on each (row_index, msgId): set-based on SQLite, else per row."""
    if not sent:
        return
    if _values_update_ok(conn):
        for part in chunked(sent, MSG_ID_CHUNK):
            rows_sql = ",".join(["(?,?)"] * len(part))
            params: list[int | str] = []
            for row_index, msg_id in part:
                params += [row_index, msg_id]
            params.append(campaign_id)
            conn.exec_driver_sql(
                "UPDATE recipients SET msg_id = v.column2, submit_status = 'sent', error = NULL "
                f"FROM (VALUES {rows_sql}) AS v "
                "WHERE recipients.campaign_id = ? AND recipients.row_index = v.column1",
                tuple(params),
            )
        return
    conn.execute(
        _SET_MSG_ID, [{"b_campaign": campaign_id, "b_row": r, "b_msg_id": m} for r, m in sent]
    )


def _values_update_ok(conn: sa.Connection) -> bool:
    """UPDATE ... FROM (VALUES ...) with qmark parameters: pysqlite on SQLite 3.33 or later."""
    dialect = conn.dialect
    if not FAST_SQLITE_UPDATES or (dialect.name, dialect.driver) != ("sqlite", "pysqlite"):
        return False
    version: tuple[int, ...] = getattr(dialect.dbapi, "sqlite_version_info", (0,))
    return version >= (3, 33, 0)
