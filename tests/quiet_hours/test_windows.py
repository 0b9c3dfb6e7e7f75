"""Sending windows: open or not at a moment, and when they next open, across midnight and
across a date change, in the window's own zone."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from itnio_core.common.errors import InvalidInputError
from itnio_core.quiet_hours import Window, window
from itnio_core.quiet_hours.windows import check_key, parse_hours

KOLKATA = ZoneInfo("Asia/Kolkata")
INDIA = Window("91", time(9), time(21), "Asia/Kolkata")
NIGHT = Window("44", time(22), time(6), "Europe/London")  # a window across midnight


def ist(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=KOLKATA)


@pytest.mark.parametrize(
    ("at", "until"),
    [
        (ist(2026, 12, 3, 10), None),  # open
        (ist(2026, 12, 3, 9), None),  # opens at 09:00 sharp
        (ist(2026, 12, 3, 20, 59), None),
        (ist(2026, 12, 3, 21), ist(2026, 12, 4, 9)),  # closes at 21:00: tomorrow morning
        (ist(2026, 12, 3, 23, 30), ist(2026, 12, 4, 9)),  # the date changes
        (ist(2026, 12, 4, 0, 30), ist(2026, 12, 4, 9)),  # after midnight: the same morning
        (ist(2026, 12, 31, 23, 30), ist(2027, 1, 1, 9)),  # a new year
        (ist(2026, 12, 3, 8, 59), ist(2026, 12, 3, 9)),
    ],
)
def test_india_window_opens_at_nine_local(at: datetime, until: datetime | None) -> None:
    got = INDIA.opens_at(at)
    assert got == until
    if got is not None:
        assert got.tzinfo is UTC


def test_a_moment_in_utc_is_judged_in_the_window_zone() -> None:
    # 18:00 UTC is 23:30 in India: closed, opens at 03:30 UTC the next day.
    at = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    assert INDIA.opens_at(at) == datetime(2026, 12, 4, 3, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hour", "minute", "opens_in_hours"),
    [(23, 0, None), (1, 0, None), (5, 59, None), (6, 0, 16), (12, 0, 10), (21, 59, 0.0167)],
)
def test_a_window_across_midnight(hour: int, minute: int, opens_in_hours: float | None) -> None:
    at = datetime(2026, 6, 10, hour, minute, tzinfo=ZoneInfo("Europe/London"))
    got = NIGHT.opens_at(at)
    if opens_in_hours is None:
        assert got is None
    else:
        assert got is not None
        assert got.astimezone(ZoneInfo("Europe/London")).time() == time(22)
        assert abs((got - at).total_seconds() / 3600 - opens_in_hours) < 0.01


def test_the_opening_follows_a_daylight_saving_change() -> None:
    # London goes to summer time on 2026-03-29: 09:00 local is 08:00 UTC that day.
    uk = Window("44", time(9), time(20), "Europe/London")
    at = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert uk.opens_at(at) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_typed_windows_are_checked_in_words() -> None:
    assert window("+91", "09:00-21:00", "Asia/Kolkata") == INDIA
    assert window("default", "8:00-20:30", "UTC").key == "*"
    assert parse_hours("22:00-06:00") == (time(22), time(6))
    for bad in ("9-21", "25:00-06:00", "09:00-09:00", "nine to five"):
        with pytest.raises(InvalidInputError) as info:
            parse_hours(bad)
        assert "09:00-21:00" in info.value.user_message
    for bad in ("+091", "India", "12345"):
        with pytest.raises(InvalidInputError) as info:
            check_key(bad)
        assert "+91" in info.value.user_message
    with pytest.raises(InvalidInputError) as info:
        window("91", "09:00-21:00", "Mars/Olympus")
    assert "not a time zone" in info.value.user_message
