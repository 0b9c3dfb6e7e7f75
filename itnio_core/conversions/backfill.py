"""Conversion postbacks (backfill): tell the platform a code or message was used.

Every report is claimed in the store by its msgid before the API call, so a
msgid is reported at most once: a second click, a second row with the same
msgid or a later upload finds the claim and does not call again. Only a
report that certainly did not happen (``failed``) may be tried again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa

from ..api import ItnioClient
from ..common import (
    ApiStatusError,
    InvalidInputError,
    ItnioError,
    TransportError,
    aware,
    chunked,
    limits,
    mask_number,
    utc_now,
)
from ..i18n import translate as i18n
from ..phones import OK, normalise
from ..store import Store, conversions

log = logging.getLogger(__name__)

REPORTING, REPORTED, FAILED, UNKNOWN = "reporting", "reported", "failed", "unknown"
STATE_WORDS: Final = {
    REPORTING: "Reporting…",
    REPORTED: "Reported",
    FAILED: "Not reported",
    UNKNOWN: "Unknown: no answer came",
}
MAX_MSGID: Final = limits.MSG_ID_MAX_CHARS
UNKNOWN_EN: Final = (
    "No answer came from the platform, so nobody can tell whether the conversion was "
    "recorded. It will not be reported again automatically."
)
UNKNOWN_ZH: Final = "未收到平台响应,无法确定转化是否已记录。系统不会自动重复回填。"


@dataclass(frozen=True)
class Conversion:
    id: int
    msgid: str
    number: str
    time_ms: int
    at: datetime
    user: str | None
    source: str
    state: str
    status_code: int | None
    error_en: str | None
    error_zh: str | None
    reported_at: datetime | None


def _row(row: Any) -> Conversion:
    data = dict(row)
    for key in ("at", "reported_at"):
        data[key] = aware(data[key])
    return Conversion(**data)


@dataclass(frozen=True)
class ReportAttempt:
    conversion: Conversion
    fresh: bool  # False: this msgid was reported (or is being reported) already


def check_msgid(msgid: object) -> str:
    text = str(msgid or "").strip()
    limits.check_length(text, "message id", "消息 ID", "msgid", MAX_MSGID)
    if not text or any(c.isspace() for c in text):
        raise InvalidInputError(
            "Enter the message id (msgid, or the OTP's verificationId), without spaces.",
            field="msgid",
            message_zh="请输入消息 ID(msgid,或验证码的 verificationId),不能有空格。",
        )
    return text


def check_number(raw: object, country: str | None = None) -> str:
    result = normalise(raw, country)
    if result.status != OK:
        raise InvalidInputError(
            f"The number cannot be used: {result.reason}",
            field="number",
            message_zh=f"号码无法使用:{result.reason_zh or result.reason}",
        )
    return result.number


def _claim(
    store: Store, msgid: str, number: str, time_ms: int, user: str | None, source: str
) -> tuple[Conversion, bool]:
    values = {
        "number": number, "time_ms": int(time_ms), "at": utc_now(), "user": user,
        "source": source, "state": REPORTING,
        **dict.fromkeys(("status_code", "error_en", "error_zh", "reported_at")),
    }  # fmt: skip
    try:
        with store.engine.begin() as conn:
            conn.execute(conversions.insert().values(msgid=msgid, **values))
        fresh = True
    except sa.exc.IntegrityError:
        with store.engine.begin() as conn:
            fresh = (
                conn.execute(
                    conversions.update()
                    .where(conversions.c.msgid == msgid, conversions.c.state == FAILED)
                    .values(**values)
                ).rowcount
                == 1
            )
    found = get(store, msgid)
    assert found is not None
    return found, fresh


def _finish(store: Store, conversion_id: int, **values: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            conversions.update()
            .where(conversions.c.id == conversion_id, conversions.c.state == REPORTING)
            .values(**values)
        )


def report_once(
    store: Store,
    client: ItnioClient,
    msgid: str,
    number: str,
    time_ms: int,
    *,
    user: str | None,
    source: str,
) -> ReportAttempt:
    """Claim the msgid, then make the one backfill call; the row says what happened."""
    claimed, fresh = _claim(store, msgid, number, time_ms, user, source)
    if not fresh:
        return ReportAttempt(claimed, fresh=False)
    try:
        client.backfill_conversion(msgid, number, int(time_ms))
    except ApiStatusError as exc:
        _fail(store, claimed.id, exc, exc.status)
    except TransportError as exc:
        if exc.may_have_reached_server:
            _finish(
                store, claimed.id, state=UNKNOWN, error_en=f"{exc.user_message} {UNKNOWN_EN}",
                error_zh=f"{exc.message_zh} {UNKNOWN_ZH}",
            )  # fmt: skip
        else:
            _fail(store, claimed.id, exc, None)
    except ItnioError as exc:
        _fail(store, claimed.id, exc, None)
    except BaseException:
        log.exception("backfill for %s ended unexpectedly", mask_number(number))
        _finish(store, claimed.id, state=UNKNOWN, error_en=UNKNOWN_EN, error_zh=UNKNOWN_ZH)
        raise
    else:
        _finish(store, claimed.id, state=REPORTED, status_code=0, reported_at=utc_now())
    found = get(store, msgid)
    assert found is not None
    return ReportAttempt(found, fresh=True)


def _fail(store: Store, conversion_id: int, exc: ItnioError, status: int | None) -> None:
    _finish(
        store, conversion_id, state=FAILED, status_code=status, error_en=exc.user_message,
        error_zh=exc.message_zh,
    )  # fmt: skip


# ------------------------------------------------------------------ reading
def get(store: Store, msgid: str) -> Conversion | None:
    with store.engine.connect() as conn:
        found = (
            conn.execute(sa.select(conversions).where(conversions.c.msgid == msgid))
            .mappings()
            .first()
        )
    return _row(found) if found else None


def existing(store: Store, msgids: list[str]) -> dict[str, Conversion]:
    """The stored reports among ``msgids`` (any state), by msgid."""
    found: dict[str, Conversion] = {}
    unique = sorted(set(msgids))
    with store.engine.connect() as conn:
        for part in chunked(unique, 500):
            query = sa.select(conversions).where(conversions.c.msgid.in_(part))
            for row in conn.execute(query).mappings():
                found[str(row["msgid"])] = _row(row)
    return found


def recent(store: Store, limit: int = 200, search: str = "") -> list[Conversion]:
    query = sa.select(conversions).order_by(conversions.c.id.desc()).limit(limit)
    term = search.strip()
    if term:
        query = query.where(
            sa.or_(conversions.c.msgid.contains(term), conversions.c.number.contains(term))
        )
    with store.engine.connect() as conn:
        return [_row(r) for r in conn.execute(query).mappings()]


def describe(attempt: ReportAttempt, lang: str = "en") -> tuple[str, str]:
    """(kind, sentence) for the page, in ``lang``: kind is success, info, warning or error."""
    c = attempt.conversion
    when = f"{c.reported_at:%Y-%m-%d %H:%M} UTC" if c.reported_at else ""
    chinese = i18n.normalise(lang) == i18n.CHINESE
    if not attempt.fresh:
        if c.state == REPORTED:
            return "info", i18n.translate(
                "Message {msgid} was already reported on {when}; not sent again.",
                lang, msgid=c.msgid, when=when,
            )  # fmt: skip
        if c.state == UNKNOWN:
            return "warning", i18n.translate(
                "An earlier report of {msgid} got no answer, so it is not sent again: "
                "nobody can tell whether the platform recorded it.",
                lang, msgid=c.msgid,
            )  # fmt: skip
        return "info", i18n.translate(
            "Message {msgid} is being reported right now; not sent twice.", lang, msgid=c.msgid
        )
    if c.state == REPORTED:
        return "success", i18n.translate(
            "Conversion reported for message {msgid} ({number}).",
            lang, msgid=c.msgid, number=mask_number(c.number),
        )  # fmt: skip
    error = (c.error_zh if chinese else c.error_en) or ""
    if c.state == UNKNOWN:
        return "warning", error or (UNKNOWN_ZH if chinese else UNKNOWN_EN)
    return "error", error or i18n.translate("The conversion was not reported.", lang)
