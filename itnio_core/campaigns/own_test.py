"""Send yourself a test: before confirming, the personalised message of chosen rows (or of
the first rows) goes to the sender's own numbers (their profile), as a small campaign of its
own marked as a test, with its own delivery report.

It counts against the daily cap like any send, is never held by quiet hours, and is never
mixed into the campaign's recipients: the campaign's draft is not touched.

    test_id = send_test(store, plan, numbers=["447911123456"], rows=[2, 5], name=..., ...)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..common import InvalidInputError, limits
from ..store import Store
from . import actions
from . import store as cs
from .plan import CampaignPlan, plan_campaign

ROWS_MAX = 5  # rows one test may show
FIRST_ROWS = 1  # without a choice: the first row's message


def chosen_messages(plan: CampaignPlan, rows: Sequence[int] | None) -> list[tuple[int, str]]:
    """(Excel row, message) of the chosen rows, or of the first row; a row that is not sent
    (invalid, a duplicate, ...) cannot be chosen."""
    sendable = plan.sendable
    if not rows:
        head = sendable.head(FIRST_ROWS)
        return list(zip(head["excel_row"].astype(int), head["message"].astype(str), strict=True))
    wanted = [int(r) for r in dict.fromkeys(rows)]
    if len(wanted) > ROWS_MAX:
        raise InvalidInputError(
            f"Choose at most {ROWS_MAX} rows for a test.",
            field="rows",
            message_zh=f"测试最多选择 {ROWS_MAX} 行。",
        )
    by_row = dict(zip(sendable["excel_row"].astype(int), sendable["message"].astype(str),
                      strict=True))  # fmt: skip
    absent = [r for r in wanted if r not in by_row]
    if absent:
        listed = ", ".join(str(r) for r in absent)
        raise InvalidInputError(
            f"Row {listed} is not sent in this campaign (no valid number, or a duplicate), so "
            "it cannot be tested. Choose a row that is ready to send.",
            field="rows",
            message_zh=f"第 {listed} 行不在本次群发中（号码无效或重复），无法测试。"
            "请选择可发送的行。",
        )
    return [(r, by_row[r]) for r in wanted]


def test_plan(messages: list[tuple[int, str]], numbers: Sequence[str]) -> CampaignPlan:
    """Every chosen message to every one of the person's numbers; each recipient row keeps
    the Excel row its message came from."""
    pairs = [(row, text, number) for row, text in messages for number in numbers]
    frame = pd.DataFrame({"Message": [p[1] for p in pairs]})
    verdicts = pd.DataFrame(
        {
            "excel_row": [p[0] for p in pairs],
            "raw": [p[2] for p in pairs],
            "number": [p[2] for p in pairs],
            "verdict": "ok",
            "reason": "",
        }
    )
    return plan_campaign(frame, verdicts, "{Message}")


def send_test(
    store: Store,
    plan: CampaignPlan,
    *,
    numbers: Sequence[str],
    rows: Sequence[int] | None,
    name: str,
    content: str,
    sender_id: str,
    user: str | None,
    daily_cap: int,
) -> int:
    """Draft and confirm the test campaign (the cap is checked); its id. The worker sends it."""
    if not numbers:
        raise InvalidInputError(
            "Add your own number first: a test goes to the numbers in your profile.",
            field="test_numbers",
            message_zh="请先添加您自己的号码：测试短信会发送到您资料中的号码。",
        )
    messages = chosen_messages(plan, rows)
    tested = test_plan(messages, numbers)
    over = actions.cap_problem(store, user, tested.recipients, daily_cap)
    if over is not None:
        raise over  # before anything is stored
    title = f"Test: {name}"[: limits.CAMPAIGN_NAME_MAX_CHARS]
    test_id = cs.create_draft(
        store, tested, name=title, content=content, sender_id=sender_id, user=user,
        verdict_counts={"ok": tested.recipients}, is_test=True,
    )  # fmt: skip
    actions.confirm(store, test_id, user=user, daily_cap=daily_cap, detail="test to oneself")
    return test_id
