"""Campaigns in the store: drafts, confirmation, state changes and progress.

Every state change is one conditional UPDATE, so a double click, a rerun or
a second tab cannot apply it twice: only the first caller sees ``True``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import sqlalchemy as sa

from ..common import aware, utc_now
from ..store import Store, campaign_files, campaigns, recipients, send_requests
from . import bulk_write
from .plan import CampaignPlan
from .request_log import materialise, request_bodies

DRAFT, SCHEDULED, QUEUED, SENDING = "draft", "scheduled", "queued", "sending"
PAUSED, STOPPED, CANCELLED, FINISHED = "paused", "stopped", "cancelled", "finished"
ACTIVE = (SCHEDULED, QUEUED, SENDING)
NOT_MADE = ("pending", "held")  # requests cancelling cancels (held: waiting for quiet hours)


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    status: str
    created_at: datetime
    created_by: str | None
    content: str
    sender_id: str
    source_name: str
    source_sheet: str
    phone_column: str
    header_row: int | None
    default_country: str | None
    rows: int
    recipients: int
    segments: int
    requests: int
    verdict_counts: dict[str, int]
    scheduled_at: datetime | None
    confirmed_at: datetime | None
    confirmed_by: str | None
    started_at: datetime | None
    finished_at: datetime | None
    stop_code: int | None
    stop_message_en: str | None
    stop_message_zh: str | None
    estimated_cost: str | None = None  # decimal text, in cost_currency (money.spend)
    cost_currency: str | None = None
    until_balance_out: bool = False  # an admin allowed sending until the balance runs out
    is_test: bool = False  # a "send yourself a test"
    template_id: int | None = None


@dataclass(frozen=True)
class Progress:
    """Recipients by where their request stands, from the requests table."""

    total: int
    pending: int
    in_flight: int
    submitted: int  # in requests the platform answered
    accepted: int  # numbers the platform accepted (have a msgId)
    rejected: int  # numbers the platform refused inside an answered request
    unknown: int  # in requests whose outcome is unknown
    cancelled: int
    held: int = 0  # in requests waiting for their recipients' quiet hours to end

    @property
    def done(self) -> int:
        return self.submitted + self.unknown + self.cancelled

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else min(1.0, self.done / self.total)


def _campaign(row: Any) -> Campaign:
    data = dict(row)
    data["verdict_counts"] = json.loads(data.get("verdict_counts") or "{}")
    for key in ("created_at", "scheduled_at", "confirmed_at", "started_at", "finished_at"):
        data[key] = aware(data[key])
    data.pop("draft_key", None)
    data.pop("source_hash", None)
    data["until_balance_out"] = bool(data.get("until_balance_out"))
    return Campaign(**data)


def create_draft(
    store: Store,
    plan: CampaignPlan,
    *,
    name: str,
    content: str,
    sender_id: str,
    user: str | None,
    verdict_counts: dict[str, int],
    source_name: str = "",
    source_sheet: str = "",
    source_hash: str = "",
    source_bytes: bytes | None = None,
    phone_column: str = "",
    header_row: int | None = None,
    default_country: str | None = None,
    key: str | None = None,
    is_test: bool = False,
    template_id: int | None = None,
) -> int:
    """Store the campaign with every row and its planned requests, as a draft.

    With ``key``, an existing draft made from the same inputs is returned
    instead of writing a second one.
    """
    with store.engine.begin() as conn:
        if key:
            existing = conn.execute(
                sa.select(campaigns.c.id).where(
                    campaigns.c.draft_key == key, campaigns.c.status == DRAFT
                )
            ).scalar()
            if existing is not None:
                return int(existing)
        campaign_id = _new_id(
            conn.execute(
                campaigns.insert().values(
                    name=name.strip() or source_name or "Campaign",
                    status=DRAFT,
                    draft_key=key,
                    created_at=utc_now(),
                    created_by=user,
                    content=content,
                    sender_id=sender_id,
                    source_name=source_name,
                    source_sheet=source_sheet,
                    source_hash=source_hash,
                    phone_column=phone_column,
                    header_row=header_row,
                    default_country=default_country,
                    is_test=is_test,
                    template_id=template_id,
                    rows=len(plan.rows),
                    recipients=plan.recipients,
                    segments=plan.segments,
                    requests=plan.requests,
                    verdict_counts=json.dumps(verdict_counts),
                )
            )
        )
        if source_bytes is not None:
            conn.execute(
                campaign_files.insert().values(
                    campaign_id=campaign_id, filename=source_name, data=source_bytes
                )
            )
        _insert_plan(conn, campaign_id, plan)
    _checkpoint(store)
    return campaign_id


def _checkpoint(store: Store) -> None:
    """Fold a big draft's write-ahead log into the database now, not during sending."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _insert_plan(conn: sa.Connection, campaign_id: int, plan: CampaignPlan) -> None:
    """The planned requests, in seq order (so id order is seq order), then every row."""
    keys = _quiet_keys(plan)
    requests = [
        {
            "campaign_id": campaign_id,
            "seq": seq,
            "state": "pending",
            "numbers": numbers,
            "body": body,
            "materialised": False,
            "quiet_key": keys.get(seq),
        }
        for seq, numbers, body in request_bodies(plan.sendable)
    ]
    if requests:
        conn.execute(send_requests.insert(), requests)
    request_ids = conn.execute(
        sa.select(send_requests.c.seq, send_requests.c.id).where(
            send_requests.c.campaign_id == campaign_id
        )
    ).all()
    bulk_write.insert(conn, recipients, recipient_columns(plan, campaign_id, request_ids))


def _quiet_keys(plan: CampaignPlan) -> dict[int, str]:
    """Each request's quiet-hours rule (every number of a request shares it)."""
    if "quiet_key" not in plan.rows.columns:
        return {}
    sendable = plan.sendable
    firsts = sendable.groupby("request_seq")["quiet_key"].first()
    return {int(seq): str(key) for seq, key in firsts.items() if isinstance(key, str)}


def recipient_columns(
    plan: CampaignPlan, campaign_id: int, request_ids: Sequence[tuple[int, int]]
) -> dict[str, pa.Array]:
    """Every sheet row as ``recipients`` columns, built column by column (no per-row Python),
    in request order so a request's rows sit together on disk (the sender reads and updates
    them as one); ``row_index`` keeps the sheet order. ``request_ids``: (seq, id) pairs."""
    rows = plan.rows
    seq = rows["request_seq"].to_numpy(dtype=np.int64)
    last = np.iinfo(np.int64).max  # rows that are not sent go after every request
    content = rows["content_id"].to_numpy(dtype=np.int64)
    order = np.lexsort((np.arange(len(rows)), content, np.where(seq >= 0, seq, last)))
    seq = seq[order]
    unsent = pa.array(seq < 0)
    ids = np.zeros(max(seq.max(initial=-1) + 1, 1), np.int64)
    for s, request_id in request_ids:
        ids[s] = request_id
    zh = rows["reason_zh"] if "reason_zh" in rows.columns else pd.Series([""] * len(rows))
    return {
        "campaign_id": pa.array(np.full(len(rows), campaign_id, np.int64)),
        "row_index": pa.array(order.astype(np.int64)),
        "excel_row": pa.array(rows["excel_row"].to_numpy(dtype=np.int64)[order]),
        "raw": _texts(rows["raw"], order),
        "number": _texts(rows["number"], order),
        "verdict": _texts(rows["verdict"], order).dictionary_encode(),
        "reason": _texts(rows["reason"], order).dictionary_encode(),
        "reason_zh": _texts(zh, order).dictionary_encode(),
        "content_id": pa.array(content[order], mask=unsent.to_numpy(zero_copy_only=False)),
        "order_id": pc.if_else(unsent, None, _texts(rows["order_id"], order)),
        "request_id": pa.array(ids[np.maximum(seq, 0)], mask=seq < 0),
        "submit_status": pc.if_else(unsent, "not_sent", "pending").dictionary_encode(),
    }


def _texts(values: pd.Series, order: np.ndarray) -> pa.Array:
    """A column as Arrow text in ``order``; a missing value is "" (as ``str(v or "")``)."""
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: each value as its text
        array = pa.array([None if _missing(v) else str(v) for v in values], pa.string())
    if isinstance(array, pa.DictionaryArray):
        array = array.dictionary_decode()
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        array = pc.cast(array, pa.string())
    return pc.fill_null(array.take(pa.array(order)), "")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# ------------------------------------------------------------------ state changes
def _transition(store: Store, campaign_id: int, from_: tuple[str, ...], **values: Any) -> bool:
    with store.engine.begin() as conn:
        result = conn.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status.in_(from_))
            .values(**values)
        )
        return result.rowcount == 1


def confirm(
    store: Store, campaign_id: int, *, user: str | None, scheduled_at: datetime | None = None
) -> bool:
    """Draft → queued (or scheduled). True only for the call that made the change.

    ``scheduled_at`` is stored in UTC: SQLite keeps no zone, so 09:00 in Asia/Kolkata stored as
    it is would read back as 09:00 UTC, five and a half hours late."""
    if scheduled_at is not None:
        scheduled_at = scheduled_at.astimezone(UTC)
    status = SCHEDULED if scheduled_at is not None and scheduled_at > utc_now() else QUEUED
    return _transition(
        store,
        campaign_id,
        (DRAFT,),
        status=status,
        confirmed_at=utc_now(),
        confirmed_by=user,
        scheduled_at=scheduled_at,
    )


def pause(store: Store, campaign_id: int) -> bool:
    return _transition(store, campaign_id, ACTIVE, status=PAUSED)


def resume(store: Store, campaign_id: int) -> bool:
    """Paused or stopped → queued; requests already made are not made again."""
    return _transition(
        store,
        campaign_id,
        (PAUSED, STOPPED),
        status=QUEUED,
        stop_code=None,
        stop_message_en=None,
        stop_message_zh=None,
    )


def cancel(store: Store, campaign_id: int) -> bool:
    """Stop for good; requests not yet made are cancelled, sent ones are kept."""
    with store.engine.begin() as conn:
        changed = (
            conn.execute(
                campaigns.update()
                .where(
                    campaigns.c.id == campaign_id,
                    campaigns.c.status.in_((DRAFT, *ACTIVE, PAUSED, STOPPED)),
                )
                .values(status=CANCELLED, finished_at=utc_now())
            ).rowcount
            == 1
        )
        if changed:
            pending = sa.select(send_requests.c.id).where(
                send_requests.c.campaign_id == campaign_id,
                send_requests.c.state.in_(NOT_MADE),
            )
            conn.execute(
                recipients.update()
                .where(
                    recipients.c.campaign_id == campaign_id, recipients.c.request_id.in_(pending)
                )
                .values(submit_status="cancelled")
            )
            conn.execute(
                send_requests.update()
                .where(
                    send_requests.c.campaign_id == campaign_id,
                    send_requests.c.state.in_(NOT_MADE),
                )
                .values(state="cancelled", finished_at=utc_now())
            )
    return changed


# ------------------------------------------------------------------ reading
def get(store: Store, campaign_id: int) -> Campaign | None:
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(campaigns).where(campaigns.c.id == campaign_id))
            .mappings()
            .first()
        )
    return _campaign(row) if row else None


def list_campaigns(store: Store, limit: int = 200, include_drafts: bool = False) -> list[Campaign]:
    query = sa.select(campaigns).order_by(campaigns.c.id.desc()).limit(limit)
    if not include_drafts:
        query = query.where(campaigns.c.status != DRAFT)
    with store.engine.connect() as conn:
        return [_campaign(r) for r in conn.execute(query).mappings()]


def progress(store: Store, campaign_id: int) -> Progress:
    q = (
        sa.select(
            send_requests.c.state,
            sa.func.sum(send_requests.c.numbers),
            sa.func.sum(send_requests.c.success),
            sa.func.sum(send_requests.c.fail),
        )
        .where(send_requests.c.campaign_id == campaign_id)
        .group_by(send_requests.c.state)
    )
    by: dict[str, tuple[int, int, int]] = {}
    with store.engine.connect() as conn:
        for state, numbers, success, fail in conn.execute(q):
            by[state] = (int(numbers or 0), int(success or 0), int(fail or 0))

    def n(state: str, i: int = 0) -> int:
        return by.get(state, (0, 0, 0))[i]

    return Progress(
        total=sum(v[0] for v in by.values()),
        pending=n("pending"),
        in_flight=n("in_flight"),
        submitted=n("done"),
        accepted=n("done", 1),
        rejected=n("done", 2),
        unknown=n("unknown"),
        cancelled=n("cancelled"),
        held=n("held"),
    )


def recipient_rows(
    store: Store,
    campaign_id: int,
    *,
    limit: int | None = None,
    offset: int = 0,
    submit_status: str | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """The campaign's rows in upload order. With ``lang`` each row's ``reason`` is in that
    language (a campaign drafted before reasons were stored in Chinese falls back to the
    English one) and ``reason_zh`` is left out; without it both are given."""
    q = (
        sa.select(
            recipients.c.excel_row,
            recipients.c.raw,
            recipients.c.number,
            recipients.c.verdict,
            recipients.c.reason,
            recipients.c.reason_zh,
            recipients.c.order_id,
            recipients.c.msg_id,
            recipients.c.submit_status,
            recipients.c.error,
        )
        .where(recipients.c.campaign_id == campaign_id)
        .order_by(recipients.c.row_index)
        .offset(offset)
    )
    if submit_status:
        q = q.where(recipients.c.submit_status == submit_status)
    if limit is not None:
        q = q.limit(limit)
    materialise(store, campaign_id)  # msgIds answered but not yet on their rows
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    if lang is not None:
        for row in rows:
            chinese = row.pop("reason_zh") or ""
            if lang.startswith("zh") and chinese:
                row["reason"] = chinese
    return rows


def source_file(store: Store, campaign_id: int) -> tuple[str, bytes] | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(campaign_files.c.filename, campaign_files.c.data).where(
                campaign_files.c.campaign_id == campaign_id
            )
        ).first()
    return (str(row[0]), bytes(row[1])) if row else None
