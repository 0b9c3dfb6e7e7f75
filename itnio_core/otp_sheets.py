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

from . import conversions, limits
from .numbers import normalise_many
from .spreadsheets import Table, detect_phone_column
from .store import Store
from .times import TimeParseError, parse_time

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


def check_lookup_rows(table: Table, column: str) -> pd.DataFrame:
    """excel_row, key (orderId), verdict, problem: one row per sheet row."""
    keys = table.frame[column].astype("str").str.strip().tolist()
    rows = []
    first: dict[str, int] = {}
    for excel_row, key in zip(table.excel_rows.tolist(), keys, strict=True):
        verdict, problem = OK, ""
        if not key:
            verdict, problem = INVALID, "The orderId is empty."
        elif len(key) > limits.ORDER_ID_MAX_CHARS:
            verdict, problem = INVALID, _too_long("orderId", key, limits.ORDER_ID_MAX_CHARS)
        elif any(c.isspace() for c in key):
            verdict, problem = INVALID, "This is not an orderId: it has spaces."
        elif key in first:
            verdict, problem = DUPLICATE, f"Same orderId as row {first[key]}; looked up once."
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
) -> pd.DataFrame:
    """excel_row, key (msgid), raw_number, number, raw_time, time_ms, verdict, problem."""
    frame = table.frame
    msgids = frame[msgid_column].astype("str").str.strip().tolist()
    raw_numbers = frame[number_column].astype("str").tolist()
    raw_times = frame[time_column].astype("str").str.strip().tolist()
    numbers = normalise_many(raw_numbers, country)
    number_ok = (numbers["status"] == "ok").tolist()
    number_text = numbers["number"].astype("str").tolist()
    reasons = numbers["reason"].astype("str").tolist()
    stored = conversions.existing(store, [m for m in msgids if m])
    moment_now = now or datetime.now(UTC)
    first: dict[str, int] = {}
    rows = []
    for i, excel_row in enumerate(table.excel_rows.tolist()):
        msgid = msgids[i]
        problems = _msgid_problems(msgid)
        if not number_ok[i]:
            problems.append(f"Number: {reasons[i]}")
        time_ms, time_problem = _time(raw_times[i], default_tz, moment_now)
        problems += [time_problem] if time_problem else []
        verdict, problem = (INVALID, " ".join(problems)) if problems else (OK, "")
        if verdict == OK and msgid in first:
            verdict, problem = DUPLICATE, f"Same msgid as row {first[msgid]}; reported once."
        elif verdict == OK and msgid in stored and stored[msgid].state != conversions.FAILED:
            verdict, problem = ALREADY, _already(stored[msgid])
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


def _msgid_problems(msgid: str) -> list[str]:
    if not msgid:
        return ["The msgid is empty."]
    if len(msgid) > limits.MSG_ID_MAX_CHARS:
        return [_too_long("msgid", msgid, limits.MSG_ID_MAX_CHARS)]
    if any(c.isspace() for c in msgid):
        return ["The msgid has spaces."]
    return []


def _too_long(what: str, value: str, limit: int) -> str:
    return f"The {what} is {len(value)} characters long; the limit is {limit}."


def _time(raw: str, default_tz: tzinfo, now: datetime) -> tuple[int | None, str]:
    try:
        moment = parse_time(raw, default_tz)
    except TimeParseError as exc:
        return None, f"Time: {exc.message}"
    except (ValueError, OverflowError):
        return None, f"Time: “{raw}” is not a date that exists."
    if moment < EARLIEST:
        return None, f"Time: “{raw}” is before the year 2000; check the time column."
    if moment > now + FUTURE_SLACK:
        return None, f"Time: “{raw}” is in the future."
    return round(moment.timestamp() * 1000), ""


def _already(c: conversions.Conversion) -> str:
    if c.state == conversions.REPORTED:
        when = f" on {c.reported_at:%Y-%m-%d %H:%M} UTC" if c.reported_at else ""
        return f"Already reported{when}; not reported twice."
    if c.state == conversions.UNKNOWN:
        return "An earlier report got no answer; it is not sent again automatically."
    return "Being reported right now."


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
