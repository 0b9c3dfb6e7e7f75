import pandas as pd
import pytest

from itnio_core.campaigns import personalise
from itnio_core.campaigns.plan import plan_campaign, typed_count_matches
from itnio_core.common.errors import InvalidInputError
from itnio_core.common.limits import check_sender_id


def sheet(rows):
    frame = pd.DataFrame(rows, columns=["Phone", "Name", "Ref"])
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, len(rows) + 2),
            "raw": frame["Phone"],
            "number": frame["Phone"],
            "verdict": ["ok" if p else "empty" for p in frame["Phone"]],
            "reason": ["" if p else "Empty" for p in frame["Phone"]],
        }
    )
    return frame, verdicts


def test_placeholders_are_filled_per_row_and_case_insensitive():
    frame, verdicts = sheet([["4477", "Ana", "A1"], ["4478", "Li", "A2"], ["", "Bo", "A3"]])
    plan = plan_campaign(frame, verdicts, "Hi {name}, ref {Ref} {{literal}}")
    assert plan.sample() == [
        (2, "4477", "Hi Ana, ref A1 {literal}"),
        (3, "4478", "Hi Li, ref A2 {literal}"),
    ]
    assert plan.recipients == 2 and plan.requests == 1
    assert plan.rows.loc[2, "request_seq"] == -1  # the empty row is not sent


def test_unknown_placeholder_names_the_usable_columns():
    frame, verdicts = sheet([["4477", "Ana", "A1"]])
    with pytest.raises(InvalidInputError) as info:
        plan_campaign(frame, verdicts, "Hi {First name}")
    assert "{First name}" in info.value.user_message
    assert "{Phone}, {Name}, {Ref}" in info.value.user_message


def test_lone_brace_is_explained():
    with pytest.raises(InvalidInputError) as info:
        personalise.parse("50% off {", ["Name"])
    assert "lone '{'" in info.value.user_message


def test_too_long_after_filling_is_a_row_problem_not_sent():
    frame, verdicts = sheet([["4477", "A", "x"], ["4478", "B" * 1100, "y"]])
    plan = plan_campaign(frame, verdicts, "Hi {Name}")
    assert [p.excel_row for p in plan.problems] == [3]
    assert "1103 characters" in plan.problems[0].message and "1024" in plan.problems[0].message
    assert plan.problems[0].message_for("zh").startswith("第 3 行：填入内容后短信有 1103 个字符")
    assert plan.recipients == 1


def test_segments_total_and_identical_content_grouped():
    rows = [[str(4470000 + i), "Ana" if i % 2 else "Li", "r"] for i in range(2500)]
    frame, verdicts = sheet(rows)
    plan = plan_campaign(frame, verdicts, "Hi {Name} " + "x" * 160)  # 2 segments each
    assert plan.segments == 5000
    assert plan.requests == 3 and len(plan.contents) == 2
    sizes = plan.sendable.groupby("request_seq").size().tolist()
    assert sizes == [1000, 1000, 500]
    # one request holds a single message text until that text runs out
    first = plan.sendable[plan.sendable["request_seq"] == 0]
    assert first["content_id"].nunique() == 1


def test_order_id_column_is_checked_row_by_row():
    frame, verdicts = sheet(
        [["4477", "A", "o1"], ["4478", "B", "o1"], ["4479", "C", ""], ["4470", "D", "a,b"]]
    )
    plan = plan_campaign(frame, verdicts, "Hi", order_id_column="Ref")
    problems = {p.excel_row: p.message for p in plan.problems}
    assert "used twice" in problems[3] and "empty" in problems[4] and "commas" in problems[5]
    chinese = {p.excel_row: p.message_for("zh") for p in plan.problems}
    assert "重复使用" in chinese[3] and "为空" in chinese[4] and "逗号" in chinese[5]
    assert chinese[3].startswith("第 3 行")
    assert plan.recipients == 1


def test_generated_order_ids_are_unique():
    frame, verdicts = sheet([[str(4470 + i), "A", ""] for i in range(50)])
    plan = plan_campaign(frame, verdicts, "Hi")
    assert plan.sendable["order_id"].is_unique


def test_empty_message_and_long_sender_id_refused():
    frame, verdicts = sheet([["4477", "A", ""]])
    with pytest.raises(InvalidInputError):
        plan_campaign(frame, verdicts, "   ")
    with pytest.raises(InvalidInputError) as info:
        check_sender_id("S" * 33)
    assert info.value.field == "senderId"
    assert check_sender_id("  ACME ") == "ACME"


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("12000", True),
        ("12,000", True),
        (" 12 000 ", True),
        ("12.000", True),
        ("1200", False),
        ("", False),
        ("12000x", False),
    ],
)
def test_typed_confirmation_accepts_the_ways_people_write_the_count(typed, ok):
    assert typed_count_matches(typed, 12000) is ok
