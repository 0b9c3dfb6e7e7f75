import numpy as np
import pandas as pd
import pytest

from itnio_core.campaigns.verdicts import (
    CHECK,
    DUPLICATE,
    EMPTY,
    EXCLUDED,
    INVALID,
    OK,
    VERDICTS,
    check_recipients,
)
from itnio_core.phones import column as numbers_column

# Excel row 1 is the header, so the first value is on row 2.
SHEET = [
    "+91 98765 43210",  # 2 ok
    "919876543210",  # 3 duplicate of 2 (written differently)
    "",  # 4 empty
    "CALL ME",  # 5 invalid
    "98765 43211",  # 6 ok (national, default IN)
    "+91 98765 43211",  # 7 duplicate of 6
    "9.19877E+11",  # 8 invalid (scientific)
    "+91 98765 43212",  # 9 excluded
    "+44 7400 123456",  # 10 ok
    "n/a",  # 11 empty
    "0091 98765 43210",  # 12 duplicate of 2
    "91 98765 43212",  # 13 excluded too (on the stop list, not a duplicate)
    "CALL ME",  # 14 invalid again (not a duplicate: only numbers are)
]
ROWS = list(range(2, 2 + len(SHEET)))
STOP = ["919876543212"]


@pytest.fixture
def verdicts():
    return check_recipients(pd.Series(SHEET, dtype="str"), ROWS, "IN", STOP)


def test_one_verdict_per_row_in_order(verdicts):
    frame = verdicts.frame
    assert list(frame["excel_row"]) == ROWS
    assert list(frame["raw"]) == SHEET
    assert list(frame["verdict"]) == [
        OK, DUPLICATE, EMPTY, INVALID, OK, DUPLICATE, INVALID, EXCLUDED, OK, EMPTY,
        DUPLICATE, EXCLUDED, INVALID,
    ]  # fmt: skip
    assert list(frame["number"])[:3] == ["919876543210", "919876543210", ""]
    for column in ("excel_row", "raw", "number", "verdict", "code", "reason", "duplicate_of"):
        assert column in frame.columns


def test_duplicates_point_at_the_first_row(verdicts):
    first = verdicts.frame.set_index("excel_row")["duplicate_of"]
    assert first[3] == 2
    assert first[7] == 6
    assert first[12] == 2
    assert first.drop([3, 7, 12]).isna().all()
    reason = verdicts.frame.set_index("excel_row").loc[3, "reason"]
    assert reason == "Same number as row 2; it will be sent once."


def test_stop_list(verdicts):
    frame = verdicts.frame.set_index("excel_row")
    assert frame.loc[9, "reason"] == "On the stop list (opted out); it will not be sent."
    assert frame.loc[9, "code"] == "stop_list"
    assert frame.loc[13, "verdict"] == EXCLUDED
    assert pd.isna(frame.loc[13, "duplicate_of"])


def test_stop_list_written_any_way():
    for entry in ("+91 98765 43210", "919876543210", "0091-98765-43210"):
        verdicts = check_recipients(["98765 43210"], [2], "IN", [entry])
        assert list(verdicts.frame["verdict"]) == [EXCLUDED], entry


def test_counts(verdicts):
    assert verdicts.counts() == {
        OK: 3,
        INVALID: 3,
        DUPLICATE: 3,
        EXCLUDED: 2,
        EMPTY: 2,
        CHECK: 0,
        "rows": 13,
    }


def test_counts_include_zeros():
    counts = check_recipients(["+91 98765 43210"], [5]).counts()
    assert counts == {
        OK: 1, INVALID: 0, DUPLICATE: 0, EXCLUDED: 0, EMPTY: 0, CHECK: 0, "rows": 1
    }  # fmt: skip
    assert set(counts) == {*VERDICTS, "rows"}


def test_problems_in_excel_row_order(verdicts):
    problems = verdicts.problems()
    assert list(problems["excel_row"]) == [3, 4, 5, 7, 8, 9, 11, 12, 13, 14]
    by_row = problems.set_index("excel_row")
    assert by_row.loc[5, "verdict"] == INVALID and by_row.loc[4, "verdict"] == EMPTY
    assert by_row.loc[3, "problem"] == "Row 3: duplicate of row 2"
    assert by_row.loc[9, "problem"] == "Row 9: on the stop list"
    assert by_row.loc[4, "problem"] == "Row 4: empty"
    assert by_row.loc[8, "problem"].startswith("Row 8: Shown in scientific notation (9.19877E+11)")
    assert by_row.loc[3, "problem_zh"] == "第 3 行：与第 2 行重复"


OTHER = ["98765 43210", "447400123456", "493012345", "447400123456"]


def test_a_number_valid_only_in_another_country_is_checked_not_sent():
    verdicts = check_recipients(OTHER, [2, 3, 4, 5], "IN")
    assert list(verdicts.frame["verdict"]) == [OK, CHECK, INVALID, CHECK]
    assert verdicts.ok_numbers() == ["919876543210"]
    assert verdicts.counts()[CHECK] == 2
    problems = verdicts.problems().set_index("excel_row")
    assert "United Kingdom (+44)" in problems.loc[3, "problem"]
    assert problems.loc[3, "problem_zh"].startswith("第 3 行：请核对")
    assert "landline in Germany" in problems.loc[4, "problem"]


def test_included_other_countries_are_sent_once():
    verdicts = check_recipients(OTHER, [2, 3, 4, 5], "IN", include_other_countries=True)
    assert list(verdicts.frame["verdict"]) == [OK, OK, INVALID, DUPLICATE]
    assert verdicts.ok_numbers() == ["919876543210", "447400123456"]
    frame = verdicts.frame.set_index("excel_row")
    assert frame.loc[3, "region"] == "GB"
    # Sent on purpose: the reason says where it goes, no longer "check this".
    assert frame.loc[3, "reason"] == (
        "Included on purpose: sent to United Kingdom (+44), not the chosen country."
    )
    assert frame.loc[3, "reason_zh"] == "已按您的选择发送到英国（+44），不是所选国家。"
    assert frame.loc[2, "reason"] == ""


def test_chinese_reasons(verdicts):
    frame = verdicts.frame.set_index("excel_row")
    assert frame.loc[3, "reason_zh"] == "与第 2 行的号码相同，只会发送一次。"
    assert frame.loc[9, "reason_zh"] == "在退订名单上（已退订），不会发送。"
    assert frame.loc[5, "reason_zh"].startswith("含有不属于电话号码的字母或符号")
    assert frame.loc[4, "reason_zh"] == "空白：这一格没有号码。"
    assert frame.loc[2, "reason_zh"] == ""


def test_ok_numbers_in_row_order(verdicts):
    assert verdicts.ok_numbers() == ["919876543210", "919876543211", "447400123456"]


def test_regions_for_charts(verdicts):
    frame = verdicts.frame.set_index("excel_row")
    assert frame.loc[10, "region"] == "GB"
    assert frame.loc[10, "calling_code"] == 44
    assert pd.isna(frame.loc[5, "calling_code"])


def test_without_default_country():
    verdicts = check_recipients(["98765 43210", "+91 98765 43210"], [2, 3])
    assert list(verdicts.frame["verdict"]) == [INVALID, OK]
    assert list(verdicts.frame["code"]) == ["no_country", ""]


def test_row_numbers_must_match():
    with pytest.raises(ValueError, match="2 values but 1 row numbers"):
        check_recipients(["1", "2"], [2])


def test_nothing_to_check():
    verdicts = check_recipients([], [])
    assert verdicts.counts()["rows"] == 0
    assert verdicts.ok_numbers() == []
    assert len(verdicts.problems()) == 0


def test_a_long_list_split_across_threads(monkeypatch):
    monkeypatch.setattr(numbers_column, "_MIN_PART", 100)
    rng = np.random.default_rng(3)
    unique = [f"+91 98{n:08d}" for n in rng.choice(10**8, 600, replace=False)]
    values = unique + unique[::-1]  # the second half repeats the first
    rows = np.arange(2, 2 + len(values))
    verdicts = check_recipients(pd.Series(values, dtype="str"), rows, None, [unique[0][1:]])
    frame = verdicts.frame
    assert verdicts.counts()[DUPLICATE] == 599
    assert verdicts.counts()[EXCLUDED] == 2
    dup = frame[frame["verdict"] == DUPLICATE]
    mirrored = 2 + (len(values) - 1 - (dup["excel_row"].to_numpy() - 2))
    assert (dup["duplicate_of"].to_numpy() == mirrored).all()


def test_overlay_when_a_text_is_already_a_category():
    from itnio_core.campaigns.verdicts import _overlay

    column = pd.Series(pd.Categorical(["a", "b", "c"]))
    out = _overlay(column, np.array([1, 2]), ["a", "z"], np.array([0, 1]))
    assert list(out) == ["a", "a", "z"]
