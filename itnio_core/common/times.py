"""Times as people and platforms write them, to and from epoch milliseconds.

The backfill API wants the moment a code was used as epoch milliseconds;
spreadsheets hold that moment in many shapes. ``to_epoch_ms`` reads:

* Excel dates: a date cell (read as ``2024-05-01 14:03:12``) or its serial
  number (``45413.5`` = days since 1899-12-30, the fraction being the time);
* ISO text, with or without a zone: ``2024-05-01T14:03:12+08:00``,
  ``2024-05-01 14:03``, ``2024/05/01 14:03``, ``2024-05-01`` (midnight), ``…Z``;
* epoch seconds (10 digits) and epoch milliseconds (13 digits).

A time without a zone is in ``default_tz`` (the person's time zone). Day-first
or month-first text (``01/05/2024``) is refused: it is ambiguous.

The platform's own times (``2022-07-12T13:39:47+08:00``) are read by
``parse_api_time``; one without a zone is taken to be platform time (UTC+8).

The console's own clock rules live here too, once: ``utc_now()`` is always aware UTC,
``aware()`` puts UTC back on a time the database returned without its zone (SQLite
drops it; everything is written in UTC), and ``zone_named()`` turns a zone name a
person typed or a browser sent into a ``tzinfo`` with a plain-words error.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Final, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidInputError

PLATFORM_TZ: Final = timezone(timedelta(hours=8))
EXCEL_EPOCH: Final = datetime(1899, 12, 30)
EXCEL_MAX_SERIAL: Final = 2_958_465  # 9999-12-31
_SECONDS_DIGITS: Final = 10
_MS_DIGITS: Final = 13
_NUMBER: Final = re.compile(r"^[+]?(\d+)(?:[.,](\d+))?$")
_SLASHED_ISO: Final = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(.*)$")
_AMBIGUOUS: Final = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")
HOW_TO_WRITE: Final = (
    "Write it like 2024-05-01 14:03 (year-month-day), as an Excel date, "
    "or as epoch milliseconds (13 digits)."
)
HOW_TO_WRITE_ZH: Final = "请写成 2024-05-01 14:03(年-月-日)、Excel 日期,或 13 位毫秒时间戳。"


def utc_now() -> datetime:
    """This moment, aware, in UTC: the only clock the store is written with."""
    return datetime.now(UTC)


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: datetime | None) -> datetime | None:
    """``moment`` with UTC put back when the database returned it without a zone."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def zone_named(name: str | None, *, default: str = "local") -> tuple[tzinfo, str]:
    """A time zone and the name to show for it.

    ``name`` is an IANA name (``Asia/Kolkata``); an unknown one raises
    ``InvalidInputError`` saying how to write it. Without a name: this computer's
    own zone (``default="local"``, for the command line) or UTC (``"utc"``).
    """
    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInputError(
                f"{name!r} is not a time zone. Use a name such as Europe/London or Asia/Kolkata.",
                field="timezone",
                message_zh=f"{name!r} 不是时区。请使用 Europe/London 或 Asia/Shanghai 这样的名称。",
            ) from None
    if default == "utc":
        return UTC, "UTC"
    local = datetime.now().astimezone()
    assert local.tzinfo is not None
    return local.tzinfo, local.tzname() or "local time"


class TimeParseError(ValueError):
    """A value that is not a time this module can read; ``message`` says why, in words."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh


def _refuse(shown: str, why: str = "", why_zh: str = "") -> TimeParseError:
    return TimeParseError(
        f"“{shown}” is not a time that can be read{why}. {HOW_TO_WRITE}",
        f"无法识别时间“{shown}”{why_zh}。{HOW_TO_WRITE_ZH}",
    )


def to_epoch_ms(value: Any, default_tz: tzinfo = UTC) -> int:
    """Epoch milliseconds of ``value``; raises ``TimeParseError`` with a reason."""
    return round(parse_time(value, default_tz).timestamp() * 1000)


def parse_time(value: Any, default_tz: tzinfo = UTC) -> datetime:
    """An aware datetime for any supported shape (see the module docstring)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=default_tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=default_tz)
    if isinstance(value, bool) or value is None:
        raise _refuse(str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise _refuse(str(value))
        return _from_number(repr(value) if isinstance(value, float) else str(value), default_tz)
    text = str(value).strip()
    if not text:
        raise TimeParseError("The time is empty.", "时间为空。")
    if _NUMBER.match(text):
        return _from_number(text, default_tz)
    return _from_text(text, default_tz)


def _from_number(text: str, default_tz: tzinfo) -> datetime:
    match = _NUMBER.match(text.replace(",", "."))
    if match is None:  # floats like 1e+12 from a program, not a person
        try:
            number = float(text)
        except ValueError:
            raise _refuse(text) from None
        text = f"{number:.6f}".rstrip("0").rstrip(".")
        match = _NUMBER.match(text)
        if match is None:
            raise _refuse(text)
    whole, fraction = match.group(1).lstrip("0") or "0", match.group(2) or ""
    if len(whole) == _MS_DIGITS:
        return datetime.fromtimestamp(float(f"{whole}.{fraction or 0}") / 1000, UTC)
    if len(whole) == _SECONDS_DIGITS:
        return datetime.fromtimestamp(float(f"{whole}.{fraction or 0}"), UTC)
    serial = float(f"{whole}.{fraction or 0}")
    if 1 <= serial <= EXCEL_MAX_SERIAL and len(whole) <= 7:
        return excel_serial_to_datetime(serial, default_tz)
    raise _refuse(
        text,
        " (a number that is neither an Excel date, epoch seconds nor epoch milliseconds)",
        "(该数字既不是 Excel 日期,也不是秒或毫秒时间戳)",
    )


def excel_serial_to_datetime(serial: float, tz: tzinfo = UTC) -> datetime:
    """Excel's day number (1900 date system) as a datetime in ``tz``, to the millisecond."""
    if not 1 <= serial <= EXCEL_MAX_SERIAL:
        raise _refuse(str(serial), " (outside Excel's dates)", "(超出 Excel 日期范围)")
    ms = round(serial * 86_400_000)
    return (EXCEL_EPOCH + timedelta(milliseconds=ms)).replace(tzinfo=tz)


def _from_text(text: str, default_tz: tzinfo) -> datetime:
    cleaned = text.replace("\u00a0", " ")
    slashed = _SLASHED_ISO.match(cleaned)
    if slashed:
        y, m, d, rest = slashed.groups()
        cleaned = f"{y}-{int(m):02d}-{int(d):02d}{rest}"
    elif _AMBIGUOUS.match(cleaned):
        raise _refuse(
            text,
            " (day and month could be either way round)",
            "(无法确定日与月的顺序)",
        )
    cleaned = re.sub(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", cleaned)  # "14:03 +08:00"
    cleaned = re.sub(r"\s*(UTC|GMT)$", "+00:00", cleaned, flags=re.IGNORECASE)
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise _refuse(text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=default_tz)


def from_epoch_ms(ms: int | str) -> datetime:
    """The UTC moment of epoch milliseconds."""
    return datetime.fromtimestamp(int(ms) / 1000, UTC)


def platform_time(ms: int) -> str:
    """Epoch milliseconds as the platform writes times (``2021-08-24T18:32:57+08:00``)."""
    return datetime.fromtimestamp(int(ms) // 1000, PLATFORM_TZ).isoformat()


def now_ms() -> int:
    return int(utc_now().timestamp() * 1000)


def parse_api_time(text: str | None) -> datetime | None:
    """A platform time string as an aware datetime; None when empty or unreadable."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    try:
        return parse_time(raw, PLATFORM_TZ)
    except TimeParseError:
        return None


def format_moment(moment: datetime, tz: tzinfo, tz_name: str) -> str:
    """``2024-05-01 14:03:12 (Europe/London)``: always says which clock it is."""
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M:%S} ({tz_name})"


def format_api_time(text: str | None, tz: tzinfo, tz_name: str) -> str:
    """A platform time in the person's zone; "—" when empty; as given if unreadable."""
    moment = parse_api_time(text)
    if moment is None:
        return str(text).strip() if text and str(text).strip() else "—"
    return format_moment(moment, tz, tz_name)
