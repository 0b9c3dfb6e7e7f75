"""Spreadsheets for bulk OTP lookups (orderIds) and bulk backfills (msgid, number, time).

Columns are found by their header (English or Chinese), then by content.
Every row gets a verdict before anything is sent, with its problem named by
the row number Excel shows:

* ``ok``: will be looked up / reported;
* ``invalid``: something in the row cannot be used (each problem said);
* ``duplicate``: the same orderId / msgid as an earlier row (done once);
* ``already``: reported before (from the store), so never reported twice.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

import pandas as pd

from ..common import TimeParseError, limits, parse_time, utc_now
from ..conversions import backfill as conversions
from ..i18n import translate as i18n
from ..phones import normalise_many
from ..sheets import Table, detect_phone_column
from ..store import Store

OK, INVALID, DUPLICATE, ALREADY = "ok", "invalid", "duplicate", "already"
VERDICT_WORDS: Final = {
    OK: "Ready",
    INVALID: "Has a problem",
    DUPLICATE: "Duplicate",
    ALREADY: "Already reported",
}
EARLIEST: Final = datetime(2000, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)
FUTURE_SLACK: Final = timedelta(days=1)

_ORDER_HEADERS: Final = ("orderid", "order", "流水号", "订单")
_MSGID_HEADERS: Final = ("msgid", "messageid", "verificationid", "消息id", "消息")
_NUMBER_HEADERS: Final = ("number", "phone", "mobile", "msisdn", "tel", "号码", "手机", "电话")
_TIME_HEADERS: Final = ("time", "date", "when", "timestamp", "converted", "used", "时间", "日期")


def _squash(header: str) -> str:
    return re.sub(r"[\s_\-.:]+", "", header).lower()


def _by_header(columns: list[str], words: tuple[str, ...], taken: set[str]) -> str | None:
    for word in words:  # the earlier word wins: "orderid" before "order"
        for column in columns:
            if column not in taken and word in _squash(column):
                return column
    return None


def _fullest(table: Table, taken: set[str]) -> str | None:
    free = [c for c in table.columns if c not in taken]
    return max(free, key=lambda c: int((table.frame[c] != "").sum()), default=None)


# ------------------------------------------------------------------ lookups
def detect_order_column(table: Table) -> str | None:
    if table.header_row is not None:
        found = _by_header(table.columns, _ORDER_HEADERS, set())
        if found:
            return found
    return _fullest(table, set())


def check_lookup_rows(table: Table, column: str, lang: str = i18n.ENGLISH) -> pd.DataFrame:
    """excel_row, key (orderId), verdict, problem (in ``lang``): one row per sheet row."""
    keys = table.frame[column].astype("str").str.strip().tolist()
    rows = []
    first: dict[str, int] = {}
    for excel_row, key in zip(table.excel_rows.tolist(), keys, strict=True):
        verdict, problem = OK, ""
        if not key:
            verdict, problem = INVALID, _t("The orderId is empty.", lang)
        elif len(key) > limits.ORDER_ID_MAX_CHARS:
            verdict, problem = INVALID, _too_long("orderId", key, limits.ORDER_ID_MAX_CHARS, lang)
        elif any(c.isspace() for c in key):
            verdict, problem = INVALID, _t("This is not an orderId: it has spaces.", lang)
        elif key in first:
            problem = _t("Same orderId as row {row}; looked up once.", lang, row=first[key])
            verdict = DUPLICATE
        else:
            first[key] = int(excel_row)
        rows.append((int(excel_row), key, verdict, problem))
    return pd.DataFrame(rows, columns=["excel_row", "key", "verdict", "problem"])


# ------------------------------------------------------------------ backfills
def detect_backfill_columns(table: Table) -> tuple[str | None, str | None, str | None]:
    """(msgid, number, time) columns; any may be None when nothing fits."""
    taken: set[str] = set()
    has_header = table.header_row is not None
    msgid = _by_header(table.columns, _MSGID_HEADERS, taken) if has_header else None
    taken |= {msgid} if msgid else set()
    number = _by_header(table.columns, _NUMBER_HEADERS, taken) if has_header else None
    if number is None:
        guess = detect_phone_column(table)
        number = guess if guess not in taken else None
    taken |= {number} if number else set()
    time = _by_header(table.columns, _TIME_HEADERS, taken) if has_header else None
    if time is None:
        time = _time_by_content(table, taken)
    taken |= {time} if time else set()
    if msgid is None:
        msgid = _fullest(table, taken)
    return msgid, number, time


def _time_by_content(table: Table, taken: set[str]) -> str | None:
    for column in table.columns:
        if column in taken:
            continue
        sample = [v for v in table.frame[column].head(50).tolist() if v]
        readable = sum(1 for v in sample if _readable_time(v))
        if sample and readable / len(sample) >= 0.5:
            return column
    return None


def _readable_time(value: str) -> bool:
    try:
        moment = parse_time(value)
    except (TimeParseError, ValueError, OverflowError):
        return False
    return EARLIEST <= moment <= LATEST


def check_backfill_rows(
    table: Table,
    store: Store,
    *,
    msgid_column: str,
    number_column: str,
    time_column: str,
    default_tz: tzinfo = UTC,
    country: str | None = None,
    now: datetime | None = None,
    lang: str = i18n.ENGLISH,
) -> pd.DataFrame:
    """excel_row, key (msgid), raw_number, number, raw_time, time_ms, verdict, problem.

    Problems are written in ``lang``.
    """
    frame = table.frame
    msgids = frame[msgid_column].astype("str").str.strip().tolist()
    raw_numbers = frame[number_column].astype("str").tolist()
    raw_times = frame[time_column].astype("str").str.strip().tolist()
    numbers = normalise_many(raw_numbers, country)
    number_ok = (numbers["status"] == "ok").tolist()
    number_text = numbers["number"].astype("str").tolist()
    chinese = i18n.normalise(lang) == i18n.CHINESE
    reasons = numbers["reason_zh" if chinese else "reason"].astype("str").tolist()
    stored = conversions.existing(store, [m for m in msgids if m])
    moment_now = now or utc_now()
    first: dict[str, int] = {}
    rows = []
    for i, excel_row in enumerate(table.excel_rows.tolist()):
        msgid = msgids[i]
        problems = _msgid_problems(msgid, lang)
        if not number_ok[i]:
            problems.append(_t("Number: {reason}", lang, reason=reasons[i]))
        time_ms, time_problem = _time(raw_times[i], default_tz, moment_now, lang)
        problems += [time_problem] if time_problem else []
        verdict, problem = (INVALID, " ".join(problems)) if problems else (OK, "")
        if verdict == OK and msgid in first:
            problem = _t("Same msgid as row {row}; reported once.", lang, row=first[msgid])
            verdict = DUPLICATE
        elif verdict == OK and msgid in stored and stored[msgid].state != conversions.FAILED:
            verdict, problem = ALREADY, _already(stored[msgid], lang)
        if verdict == OK:  # only a row that will be sent makes later ones duplicates
            first[msgid] = int(excel_row)
        rows.append(
            (int(excel_row), msgid, raw_numbers[i], number_text[i] if number_ok[i] else "",
             raw_times[i], time_ms, verdict, problem)
        )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=[
            "excel_row", "key", "raw_number", "number", "raw_time", "time_ms", "verdict",
            "problem",
        ],
    )  # fmt: skip


def _t(text: str, lang: str, /, **params: object) -> str:
    return i18n.translate(text, lang, **params)


def _msgid_problems(msgid: str, lang: str) -> list[str]:
    if not msgid:
        return [_t("The msgid is empty.", lang)]
    if len(msgid) > limits.MSG_ID_MAX_CHARS:
        return [_too_long("msgid", msgid, limits.MSG_ID_MAX_CHARS, lang)]
    if any(c.isspace() for c in msgid):
        return [_t("The msgid has spaces.", lang)]
    return []


def _too_long(what: str, value: str, limit: int, lang: str) -> str:
    return _t(
        "The {what} is {length} characters long; the limit is {limit}.",
        lang,
        what=what,
        length=len(value),
        limit=limit,
    )


def _time(raw: str, default_tz: tzinfo, now: datetime, lang: str) -> tuple[int | None, str]:
    try:
        moment = parse_time(raw, default_tz)
    except TimeParseError as exc:
        why = exc.message_zh if i18n.normalise(lang) == i18n.CHINESE else exc.message
        return None, _t("Time: {reason}", lang, reason=why)
    except (ValueError, OverflowError):
        return None, _t("Time: “{raw}” is not a date that exists.", lang, raw=raw)
    if moment < EARLIEST:
        return None, _t(
            "Time: “{raw}” is before the year 2000; check the time column.", lang, raw=raw
        )
    if moment > now + FUTURE_SLACK:
        return None, _t("Time: “{raw}” is in the future.", lang, raw=raw)
    return round(moment.timestamp() * 1000), ""


def _already(c: conversions.Conversion, lang: str) -> str:
    if c.state == conversions.REPORTED:
        if c.reported_at is None:
            return _t("Already reported; not reported twice.", lang)
        when = f"{c.reported_at:%Y-%m-%d %H:%M} UTC"
        return _t("Already reported on {when}; not reported twice.", lang, when=when)
    if c.state == conversions.UNKNOWN:
        return _t("An earlier report got no answer; it is not sent again automatically.", lang)
    return _t("Being reported right now.", lang)


def counts(rows: pd.DataFrame) -> dict[str, int]:
    found = rows["verdict"].value_counts().to_dict()
    return {v: int(found.get(v, 0)) for v in VERDICT_WORDS}


def problem_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that will not be sent, for the page and the download."""
    bad = rows[rows["verdict"] != OK]
    return pd.DataFrame(
        {
            "Row": bad["excel_row"],
            "Value": bad["key"],
            "Verdict": bad["verdict"].map(VERDICT_WORDS),
            "Problem": bad["problem"],
        }
    )
