"""A sending window: the hours of the day, in one named time zone, when promotional messages
may go (India: 09:00–21:00 in Asia/Kolkata). Pure functions of a moment, no clock read here.

A window may run across midnight (22:00–06:00). ``opens_at(window, moment)`` is None when
the window is open at ``moment``, else the next moment (UTC) it opens, on whichever date
that falls in the window's own zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Final

from ..common import InvalidInputError, zone_named

DEFAULT_KEY: Final = "*"  # the rule for every calling code without its own
_HOURS: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_CODE: Final = re.compile(r"^\+?(\d{1,3})$")


@dataclass(frozen=True)
class Window:
    """Messages to numbers under ``key`` ("91", or "*" for all others) go between ``opens``
    and ``closes`` in ``zone``."""

    key: str
    opens: time
    closes: time
    zone: str

    @property
    def hours(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(zone_named(self.zone)[0]).time().replace(tzinfo=None)
        if self.opens < self.closes:
            return self.opens <= local < self.closes
        return local >= self.opens or local < self.closes  # across midnight

    def opens_at(self, moment: datetime) -> datetime | None:
        """None while open at ``moment``; else when it next opens, in UTC."""
        if self.is_open(moment):
            return None
        tz = zone_named(self.zone)[0]
        local = moment.astimezone(tz)
        for days in (0, 1):  # today's opening if still ahead, else tomorrow's
            day = (local + timedelta(days=days)).date()
            opening = datetime.combine(day, self.opens, tzinfo=tz)
            if opening > local:
                return opening.astimezone(UTC)
        raise AssertionError("a closed window opens within a day")  # pragma: no cover


def check_key(text: str) -> str:
    """ "+91" or "91" → "91"; "*" or "default" → "*"; anything else: ``InvalidInputError``."""
    value = text.strip().lower()
    if value in (DEFAULT_KEY, "default", "all"):
        return DEFAULT_KEY
    match = _CODE.match(value)
    if match is None or match.group(1).startswith("0"):
        raise InvalidInputError(
            f"{text!r} is not a country calling code. Write it like +91 (India) or +44 (the "
            "United Kingdom), or * for every other country.",
            field="calling_code",
            message_zh=f"“{text}”不是国家区号。请写成 +91（印度）或 +44（英国），"
            "或用 * 表示其他所有国家。",
        )
    return match.group(1)


def parse_hours(text: str) -> tuple[time, time]:
    """ "09:00-21:00" → (09:00, 21:00); the two must differ."""
    match = _HOURS.match(text)
    bad = InvalidInputError(
        f"{text!r} is not a sending window. Write it like 09:00-21:00 (from-to, 24-hour "
        "clock); 22:00-06:00 runs across midnight.",
        field="hours",
        message_zh=f"“{text}”不是发送时段。请写成 09:00-21:00（开始-结束，24 小时制）；"
        "22:00-06:00 表示跨越午夜。",
    )
    if match is None:
        raise bad
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise bad
    opens, closes = time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2)
    if opens == closes:
        raise InvalidInputError(
            f"{text!r} opens and closes at the same time. Give two different times, like "
            "09:00-21:00.",
            field="hours",
            message_zh=f"“{text}”的开始和结束时间相同。请给出两个不同的时间，如 09:00-21:00。",
        )
    return opens, closes


def window(key: str, hours: str, zone: str) -> Window:
    """A checked window from what a person typed."""
    opens, closes = parse_hours(hours)
    _tz, name = zone_named(zone.strip(), default="utc")
    if not zone.strip():
        raise InvalidInputError(
            "Name the time zone the hours are in, such as Asia/Kolkata.",
            field="timezone",
            message_zh="请填写这些时间所在的时区，如 Asia/Kolkata。",
        )
    return Window(check_key(key), opens, closes, name)
