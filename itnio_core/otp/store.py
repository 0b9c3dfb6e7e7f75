"""OTP sends in the store: claimed before the call, so a double click sends once.

``claim`` inserts the row in state ``sending`` keyed by the unique orderId
before the API is called. A second click, a rerun or a second tab with the
same orderId finds that row and gets ``fresh=False``: it must not call the
API. Only a send that certainly did not happen (``failed``: refused by the
platform, or never reached it) can be claimed again with the same orderId.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..api import OtpSendResult
from ..common import ItnioError, aware, utc_now
from ..store import Store, conversions, otp_sends

SENDING, SENT, FAILED, UNKNOWN = "sending", "sent", "failed", "unknown"
STATE_WORDS = {
    SENDING: "Sending…",
    SENT: "Accepted by the platform",
    FAILED: "Not sent",
    UNKNOWN: "Unknown: no answer came",
}


@dataclass(frozen=True)
class OtpSend:
    id: int
    at: datetime
    user: str | None
    source: str
    number: str
    calling_code: int | None
    channel: str
    template_id: int
    flow_id: int | None
    code_length: int
    order_id: str
    state: str
    verification_id: str | None
    sna_url: str | None
    status_code: int | None
    error_en: str | None
    error_zh: str | None
    finished_at: datetime | None
    matched: int | None
    delivered: bool | None
    verified_date: str | None
    checked_at: datetime | None


def _row(row: Any) -> OtpSend:
    data = dict(row)
    for key in ("at", "finished_at", "checked_at"):
        data[key] = aware(data[key])
    return OtpSend(**data)


@dataclass(frozen=True)
class Claim:
    send: OtpSend
    fresh: bool  # True: this caller owns the send and must make the API call


def claim(
    store: Store,
    *,
    order_id: str,
    number: str,
    calling_code: int | None,
    channel: str,
    template_id: int,
    flow_id: int | None,
    code_length: int,
    user: str | None,
    source: str = "app",
) -> Claim:
    values = {
        "at": utc_now(), "user": user, "source": source, "number": number,
        "calling_code": calling_code, "channel": channel, "template_id": template_id,
        "flow_id": flow_id, "code_length": code_length, "state": SENDING,
        **dict.fromkeys(("verification_id", "sna_url", "status_code", "error_en", "error_zh",
                         "finished_at")),
    }  # fmt: skip
    try:
        with store.engine.begin() as conn:
            conn.execute(otp_sends.insert().values(order_id=order_id, **values))
        fresh = True
    except sa.exc.IntegrityError:
        with store.engine.begin() as conn:  # only a send that certainly did not happen
            fresh = (
                conn.execute(
                    otp_sends.update()
                    .where(otp_sends.c.order_id == order_id, otp_sends.c.state == FAILED)
                    .values(**values)
                ).rowcount
                == 1
            )
    send = get_by_order(store, order_id)
    assert send is not None
    return Claim(send, fresh)


def _finish(store: Store, send_id: int, **values: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            otp_sends.update()
            .where(otp_sends.c.id == send_id, otp_sends.c.state == SENDING)
            .values(finished_at=utc_now(), **values)
        )


def record_sent(store: Store, send_id: int, result: OtpSendResult) -> None:
    _finish(
        store,
        send_id,
        state=SENT,
        verification_id=result.verification_id or None,
        sna_url=result.sna_url or None,
        status_code=0,
    )


def record_failed(store: Store, send_id: int, exc: ItnioError, status: int | None) -> None:
    _finish(
        store, send_id, state=FAILED, status_code=status, error_en=exc.user_message,
        error_zh=exc.message_zh,
    )  # fmt: skip


def record_unknown(store: Store, send_id: int, message_en: str, message_zh: str) -> None:
    _finish(store, send_id, state=UNKNOWN, error_en=message_en, error_zh=message_zh)


def record_lookup(
    store: Store, order_id: str, matched: int | None, delivered: bool | None, verified: str
) -> None:
    """Keep what the last lookup said, for the history list and the funnel."""
    with store.engine.begin() as conn:
        conn.execute(
            otp_sends.update()
            .where(otp_sends.c.order_id == order_id)
            .values(
                matched=matched,
                delivered=delivered,
                verified_date=verified or None,
                checked_at=utc_now(),
            )
        )


# ------------------------------------------------------------------ reading
def get(store: Store, send_id: int) -> OtpSend | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(otp_sends).where(otp_sends.c.id == send_id)).mappings()
        found = row.first()
    return _row(found) if found else None


def get_by_order(store: Store, order_id: str) -> OtpSend | None:
    with store.engine.connect() as conn:
        found = (
            conn.execute(sa.select(otp_sends).where(otp_sends.c.order_id == order_id))
            .mappings()
            .first()
        )
    return _row(found) if found else None


def list_sends(store: Store, search: str = "", limit: int = 200) -> list[OtpSend]:
    """Newest first; ``search`` matches part of the number, orderId or verificationId."""
    query = sa.select(otp_sends).order_by(otp_sends.c.id.desc()).limit(limit)
    term = search.strip()
    if term:
        digits = "".join(c for c in term if c.isdigit())
        like = f"%{_escape(term)}%"
        conditions = [
            otp_sends.c.order_id.like(like, escape="\\"),
            otp_sends.c.verification_id.like(like, escape="\\"),
        ]
        if digits and len(digits) >= 3:
            conditions.append(otp_sends.c.number.like(f"%{digits}%"))
        query = query.where(sa.or_(*conditions))
    with store.engine.connect() as conn:
        return [_row(r) for r in conn.execute(query).mappings()]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def reported_ids(store: Store, ids: list[str]) -> set[str]:
    """Which of these verificationIds / msgIds have been reported converted."""
    if not ids:
        return set()
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(conversions.c.msgid).where(
                conversions.c.msgid.in_(ids), conversions.c.state == "reported"
            )
        )
        return {str(r[0]) for r in rows}


def funnel_rows(store: Store, since: datetime | None = None) -> list[dict[str, Any]]:
    """One row per accepted send: when, calling code, delivered, verified, reported."""
    reported = (
        sa.select(sa.literal(1))
        .where(
            conversions.c.msgid == otp_sends.c.verification_id,
            conversions.c.state == "reported",
        )
        .exists()
    )
    query = sa.select(
        otp_sends.c.at,
        otp_sends.c.calling_code,
        otp_sends.c.delivered,
        otp_sends.c.matched,
        reported.label("reported"),
    ).where(otp_sends.c.state == SENT)
    if since is not None:
        query = query.where(otp_sends.c.at >= since)
    with store.engine.connect() as conn:
        return [
            {**dict(r), "at": aware(r["at"]), "reported": bool(r["reported"])}
            for r in conn.execute(query).mappings()
        ]
