"""The preview says what the plan says: recipients, parts, requests, problems, first messages."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from itnio_core.campaigns.part_counts import SheetParts
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.campaigns.preview import preview_campaign
from itnio_core.common.errors import InvalidInputError
from tests.campaigns.test_part_counts import CONTENTS, MESSY


def sheet(rows: int, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    refs = [f"R{i}" for i in range(rows)]
    for i in rng.sample(range(rows), rows // 50):  # empty, repeated and comma order ids
        refs[i] = rng.choice(["", "R1", "a,b"])
    frame = pd.DataFrame(
        {
            "Phone": [str(4470000000 + i) for i in range(rows)],
            "Name": [rng.choice(MESSY) for _ in range(rows)],
            "City": [rng.choice(MESSY[:8]) for _ in range(rows)],
            "Ref": refs,
        }
    ).astype({"Phone": "str", "Ref": "str"})
    verdict = [rng.choice(["ok"] * 8 + ["invalid", "duplicate"]) for _ in range(rows)]
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, rows + 2),
            "raw": frame["Phone"],
            "number": frame["Phone"],
            "verdict": verdict,
            "reason": ["" if v == "ok" else v for v in verdict],
        }
    )
    return frame, verdicts


@pytest.mark.parametrize("order_column", [None, "Ref"])
@pytest.mark.parametrize("content", CONTENTS)
def test_the_preview_says_what_the_plan_says(content: str, order_column: str | None) -> None:
    frame, verdicts = sheet(2600)
    plan = plan_campaign(frame, verdicts, content, order_id_column=order_column)
    shown = preview_campaign(
        frame, verdicts, content, order_id_column=order_column, parts=SheetParts(frame)
    )
    assert shown.recipients == plan.recipients
    assert shown.segments == plan.segments
    assert shown.requests == plan.requests
    assert shown.problems == plan.problems
    assert shown.sample() == plan.sample()
    assert shown.sample(1) == plan.sample(1)
    # What the estimate and the quiet-hours review read: the same rows, the same parts.
    expected = plan.sendable[["number", "segments"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(shown.sendable, expected, check_dtype=False)


def test_one_sheet_measured_once_previews_every_edit_as_the_plan_does() -> None:
    frame, verdicts = sheet(300)
    parts = SheetParts(frame)
    for content in CONTENTS:
        shown = preview_campaign(frame, verdicts, content, parts=parts)
        plan = plan_campaign(frame, verdicts, content)
        assert (shown.segments, shown.problems) == (plan.segments, plan.problems)


def test_the_preview_refuses_what_the_plan_refuses() -> None:
    frame, verdicts = sheet(10)
    for content in ("   ", "Hi {Nobody}", "50% {", "x" * 1100):
        with pytest.raises(InvalidInputError) as planned:
            plan_campaign(frame, verdicts, content)
        with pytest.raises(InvalidInputError) as previewed:
            preview_campaign(frame, verdicts, content)
        assert previewed.value.user_message == planned.value.user_message
