"""The review of a campaign under quiet hours: per country, going now or held until when."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd

from itnio_core.campaigns.plan import plan_campaign
from itnio_core.quiet_hours import Window, held_list, keys_of
from itnio_core.quiet_hours.review import review, summary

INDIA = Window("91", time(9), time(21), "Asia/Kolkata")
US = Window("1", time(9), time(20), "America/New_York")
DEFAULT = Window("*", time(8), time(22), "UTC")
NUMBERS = ["919876543210", "919876543211", "447911123456", "12025550123"]
AT_2330_IST = datetime(2026, 12, 3, 23, 30, tzinfo=ZoneInfo("Asia/Kolkata"))


def test_keys_follow_the_calling_code_then_the_default() -> None:
    assert keys_of(NUMBERS, {"91": INDIA}) == ["91", "91", None, None]
    assert keys_of(NUMBERS, {"91": INDIA, "*": DEFAULT}) == ["91", "91", "*", "*"]
    assert keys_of(NUMBERS, {}) == [None] * 4


def test_at_2330_india_time_indians_wait_until_nine_and_the_uk_goes_now() -> None:
    rows = review(NUMBERS, {"91": INDIA}, at=AT_2330_IST)
    india = next(r for r in rows if r.calling_code == 91)
    uk = next(r for r in rows if r.calling_code == 44)
    assert (india.recipients, india.go_now, india.held) == (2, 0, 2)
    assert india.until == datetime(2026, 12, 4, 3, 30, tzinfo=UTC)
    assert india.until_local() == "2026-12-04 09:00 (Asia/Kolkata)"
    assert india.until_in(ZoneInfo("Europe/London")) == "2026-12-04 03:30"
    assert (uk.go_now, uk.held, uk.until) == (1, 0, None)
    assert summary(rows) == (2, 2)
    assert held_list(rows) == [
        {
            "country": "India (+91)",
            "calling_code": "+91",
            "recipients": 2,
            "until": "2026-12-04T09:00:00+05:30",
            "timezone": "Asia/Kolkata",
            "several_time_zones": False,
        }
    ]


def test_a_country_of_several_zones_uses_the_named_zone_and_says_so() -> None:
    rows = review(NUMBERS, {"1": US}, at=datetime(2026, 12, 4, 3, 0, tzinfo=UTC))
    us = next(r for r in rows if r.calling_code == 1)
    assert us.several_zones and us.held == 1
    assert us.until_local() == "2026-12-04 09:00 (America/New_York)"
    india = next(r for r in rows if r.calling_code == 91)
    assert not india.several_zones and india.go_now == 2


def test_the_plan_never_mixes_held_and_sent_numbers_in_one_request() -> None:
    numbers = NUMBERS * 3
    frame = pd.DataFrame({"Phone": numbers})
    verdicts = pd.DataFrame(
        {"excel_row": range(2, 14), "raw": numbers, "number": numbers, "verdict": "ok",
         "reason": ""}
    )  # fmt: skip
    plain = plan_campaign(frame, verdicts, "Hello")
    assert plain.requests == 1  # no quiet hours: one request, as before
    planned = plan_campaign(frame, verdicts, "Hello", quiet={"91": INDIA})
    assert planned.requests == 2
    by_request = planned.sendable.groupby("request_seq")["quiet_key"].unique()
    assert sorted(str(list(v)) for v in by_request) == ["['91']", "[None]"]
