"""Send yourself a test: the chosen rows' messages to one's own numbers, as a small campaign of
its own marked as a test, within the daily cap, never touching the campaign's recipients."""

from __future__ import annotations

import pandas as pd
import pytest

from itnio_core.access import profiles
from itnio_core.campaigns import own_test
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.common.errors import InvalidInputError

NUMBERS = ["919876543210", "447911123456", "bad"]


def plan():
    frame = pd.DataFrame({"Phone": NUMBERS, "Name": ["Ana", "Bo", "Cy"]})
    verdicts = pd.DataFrame(
        {"excel_row": [2, 3, 4], "raw": NUMBERS, "number": [*NUMBERS[:2], ""],
         "verdict": ["ok", "ok", "invalid"], "reason": ["", "", "bad"]}
    )  # fmt: skip
    return plan_campaign(frame, verdicts, "Hi {Name}")


def test_profile_numbers_are_normalised_and_kept(store) -> None:
    assert profiles.test_numbers(store, "sam") == []
    saved = profiles.set_test_numbers(store, "sam", "+44 7911 123457\n07911 123458, +447911123457",
                                      country="GB")  # fmt: skip
    assert saved == ["447911123457", "447911123458"]
    assert profiles.test_numbers(store, "sam") == saved
    assert profiles.test_numbers(store, "ana") == []
    with pytest.raises(InvalidInputError, match="not a phone number"):
        profiles.set_test_numbers(store, "sam", "call me")


def test_a_test_is_its_own_small_campaign_marked_as_a_test(store) -> None:
    p = plan()
    mine = ["447911123457", "447911123458"]
    tid = own_test.send_test(store, p, numbers=mine, rows=[3], name="Promo", content="Hi {Name}",
                             sender_id="", user="sam", daily_cap=0)  # fmt: skip
    test = cs.get(store, tid)
    assert test is not None and test.is_test and test.status == cs.QUEUED
    assert test.recipients == 2 and test.name == "Test: Promo"
    rows = cs.recipient_rows(store, tid)
    assert [(r["excel_row"], r["number"]) for r in rows] == [(3, mine[0]), (3, mine[1])]
    first = own_test.chosen_messages(p, None)
    assert first == [(2, "Hi Ana")]
    assert own_test.test_plan(first, mine).sample(1)[0][2] == "Hi Ana"


def test_a_row_not_sent_cannot_be_tested_and_the_cap_counts(store) -> None:
    with pytest.raises(InvalidInputError, match="Row 4 is not sent"):
        own_test.chosen_messages(plan(), [4])
    with pytest.raises(InvalidInputError, match="Add your own number"):
        own_test.send_test(store, plan(), numbers=[], rows=None, name="x", content="x",
                           sender_id="", user="sam", daily_cap=0)  # fmt: skip
    with pytest.raises(InvalidInputError, match="daily sending cap"):
        own_test.send_test(store, plan(), numbers=["447911123457"] * 1, rows=[2, 3], name="x",
                           content="x", sender_id="", user="sam", daily_cap=1)  # fmt: skip
