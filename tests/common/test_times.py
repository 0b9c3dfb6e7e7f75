"""Time conversion: Excel serial dates, ISO text with and without a zone, epoch s and ms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from itnio_core.common.times import (
    PLATFORM_TZ,
    TimeParseError,
    excel_serial_to_datetime,
    format_api_time,
    from_epoch_ms,
    parse_api_time,
    parse_time,
    to_epoch_ms,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
# 2024-05-01 14:03:12 UTC
MOMENT_MS = 1714572192000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # epoch milliseconds and seconds, as text or numbers (zone-free by definition)
        ("1714572192000", MOMENT_MS),
        (1714572192000, MOMENT_MS),
        ("1714572192", MOMENT_MS),
        (1714572192, MOMENT_MS),
        ("1714572192.5", MOMENT_MS + 500),
        (1714572192000.0, MOMENT_MS),  # an Excel number cell read as a float
        # ISO text with a zone: the zone wins over the default
        ("2024-05-01T14:03:12Z", MOMENT_MS),
        ("2024-05-01T14:03:12+00:00", MOMENT_MS),
        ("2024-05-01T22:03:12+08:00", MOMENT_MS),
        ("2024-05-01 22:03:12 +08:00", MOMENT_MS),
        ("2024-05-01 14:03:12 UTC", MOMENT_MS),
        ("2024-05-01T19:33:12.000+05:30", MOMENT_MS),
        # ISO text without a zone: the person's zone (Kolkata is UTC+5:30)
        ("2024-05-01 19:33:12", MOMENT_MS),
        ("2024-05-01T19:33:12", MOMENT_MS),
        ("2024/05/01 19:33:12", MOMENT_MS),
        ("2024/5/1 19:33:12", MOMENT_MS),
        ("2024-05-01", MOMENT_MS - (19 * 3600 + 33 * 60 + 12) * 1000),
        # Excel serial dates (days since 1899-12-30), in the person's zone
        ("45413", MOMENT_MS - (19 * 3600 + 33 * 60 + 12) * 1000),
        (45413.5, MOMENT_MS - (7 * 3600 + 33 * 60 + 12) * 1000),
        ("45413,5", MOMENT_MS - (7 * 3600 + 33 * 60 + 12) * 1000),  # decimal comma
        # Python values from a program
        (datetime(2024, 5, 1, 14, 3, 12, tzinfo=UTC), MOMENT_MS),
        (datetime(2024, 5, 1, 19, 33, 12), MOMENT_MS),
        (date(2024, 5, 1), MOMENT_MS - (19 * 3600 + 33 * 60 + 12) * 1000),
    ],
)
def test_to_epoch_ms(value, expected):
    assert to_epoch_ms(value, KOLKATA) == expected


def test_excel_serials_match_excel():
    assert excel_serial_to_datetime(1) == datetime(1899, 12, 31, tzinfo=UTC)
    assert excel_serial_to_datetime(25569) == datetime(1970, 1, 1, tzinfo=UTC)
    assert excel_serial_to_datetime(45413.25) == datetime(2024, 5, 1, 6, tzinfo=UTC)
    # one second as a fraction of a day survives the float
    assert excel_serial_to_datetime(45413 + 1 / 86400) == datetime(2024, 5, 1, 0, 0, 1, tzinfo=UTC)
    with pytest.raises(TimeParseError):
        excel_serial_to_datetime(0)


def test_naive_default_is_utc():
    assert to_epoch_ms("2024-05-01 14:03:12") == MOMENT_MS


def test_summer_time_follows_the_zone():
    london = ZoneInfo("Europe/London")
    assert parse_time("2024-01-15 12:00", london).utcoffset() == timedelta(0)
    assert parse_time("2024-07-15 12:00", london).utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("01/05/2024", "either way round"),  # day-first or month-first: ambiguous
        ("5.1.2024", "either way round"),
        ("yesterday", "not a time that can be read"),
        ("2024-02-30", "not a time that can be read"),
        ("123456789012", "neither an Excel date"),  # 12 digits: not s, not ms
        ("12345678", "neither an Excel date"),
        ("1.7e15", "not a time that can be read"),
        ("-5", "not a time that can be read"),
        ("", "empty"),
        (None, "not a time"),
        (True, "not a time"),
        (float("nan"), "not a time"),
    ],
)
def test_unreadable_times_say_why(value, words):
    with pytest.raises(TimeParseError) as info:
        to_epoch_ms(value)
    assert words in info.value.message
    assert info.value.message_zh


def test_epoch_ms_round_trip():
    assert from_epoch_ms(MOMENT_MS) == datetime(2024, 5, 1, 14, 3, 12, tzinfo=UTC)
    assert from_epoch_ms(str(MOMENT_MS)) == from_epoch_ms(MOMENT_MS)


def test_platform_times():
    moment = parse_api_time("2022-07-12T13:39:47+08:00")
    assert moment == datetime(2022, 7, 12, 5, 39, 47, tzinfo=UTC)
    # without a zone the platform's own clock (UTC+8) is meant
    assert parse_api_time("2022-07-12 13:39:47") == moment
    assert parse_api_time("") is None and parse_api_time(None) is None
    assert parse_api_time("not a time") is None
    assert PLATFORM_TZ.utcoffset(None) == timedelta(hours=8)


def test_format_api_time_in_the_persons_zone():
    text = format_api_time("2022-07-12T13:39:47+08:00", KOLKATA, "Asia/Kolkata")
    assert text == "2022-07-12 11:09:47 (Asia/Kolkata)"
    assert format_api_time("", UTC, "UTC") == "—"
    assert format_api_time("soon", UTC, "UTC") == "soon"  # shown as given, never dropped
    plus2 = timezone(timedelta(hours=2))
    assert format_api_time("1714572192000", plus2, "+02") == "2024-05-01 16:03:12 (+02)"
