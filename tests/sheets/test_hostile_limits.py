"""Every text field's length limit, and the message that names the field, limit and length."""

from __future__ import annotations

import re
import tomllib

import pandas as pd
import pytest

from itnio_core.bulk import sheets as otp_sheets
from itnio_core.campaigns import plan as campaigns
from itnio_core.campaigns import stop_list
from itnio_core.common import limits
from itnio_core.common.errors import InvalidInputError
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import send as otp
from itnio_core.reports import input as report_input
from itnio_core.sheets.read import MAX_FILE_BYTES, Table
from tests.paths import ROOT


def otp_request(**changes: object) -> otp.OtpRequest:
    values: dict[str, object] = {
        "to": "919876543210",
        "country": None,
        "channel": "sms",
        "template_id": "1",
        "code": "123456",
        "flow_id": "",
        "order_id": "ok-1",
        **changes,
    }
    return otp.check_request(**values)  # type: ignore[arg-type]


def one_row_plan(content: str) -> campaigns.CampaignPlan:
    frame = pd.DataFrame({"Phone": ["919876543210"], "Name": ["Ann"]})
    verdicts = pd.DataFrame(
        {
            "excel_row": [2],
            "raw": ["919876543210"],
            "number": ["919876543210"],
            "verdict": ["ok"],
            "reason": [""],
        }
    )
    return campaigns.plan_campaign(frame, verdicts, content)


# (what, call with a value `n` units long, field, the limit)
FIELDS = [
    ("content", lambda n: one_row_plan("a" * n), "content", limits.CONTENT_MAX_CHARS),
    ("sender ID", lambda n: limits.check_sender_id("S" * n), "senderId", 32),
    ("campaign name", lambda n: limits.check_campaign_name("c" * n), "name", 200),
    ("OTP orderId", lambda n: otp_request(order_id="o" * n), "orderId", 64),
    ("template id", lambda n: otp_request(template_id="1" * n), "templateId", 10),
    ("flow id", lambda n: otp_request(flow_id="1" * n), "flowId", 10),
    ("code", lambda n: otp_request(code="7" * n), "code", limits.CODE_MAX_DIGITS),
    ("msgid", lambda n: conversions.check_msgid("m" * n), "msgid", 64),
    ("stop-list note", lambda n: limits.check_stop_note("x" * n), "note", 300),
]


@pytest.mark.parametrize(("what", "call", "field", "limit"), FIELDS, ids=[f[0] for f in FIELDS])
def test_a_value_at_the_limit_is_taken(what, call, field, limit):
    call(limit)


@pytest.mark.parametrize(("what", "call", "field", "limit"), FIELDS, ids=[f[0] for f in FIELDS])
def test_one_over_the_limit_names_the_field_the_limit_and_the_length(what, call, field, limit):
    with pytest.raises(InvalidInputError) as caught:
        call(limit + 1)
    error = caught.value
    assert error.field == field
    english, chinese = error.user_message, error.message_zh
    assert f" {limit + 1} " in english and f" {limit}" in english, english
    assert f"{limit + 1}" in chinese and f"{limit}" in chinese, chinese
    assert re.search(r"[\u4e00-\u9fff]", chinese) and not re.search(r"[\u4e00-\u9fff]", english)


def test_the_messages_say_what_to_do():
    error = limits.too_long("sender ID", "发送方 ID", "senderId", 40, 32)
    assert error.user_message == (
        "The sender ID is 40 characters long; the limit is 32. Remove 8 characters."
    )
    assert error.message_zh == "发送方 ID 长度为 40 个字符，上限为 32 个字符。请删减 8 个字符。"
    one = limits.too_long("code", "验证码", "code", 11, 10, "digits")
    assert one.user_message.endswith("Remove 1 digit.") and "11 位" in one.message_zh


def test_a_template_id_beyond_the_platform_integer_is_refused():
    assert otp_request(template_id=str(limits.JAVA_INT_MAX)).template_id == 2_147_483_647
    with pytest.raises(InvalidInputError) as caught:
        otp_request(template_id=str(limits.JAVA_INT_MAX + 1))
    assert "2,147,483,647" in caught.value.user_message and caught.value.field == "templateId"
    assert otp_request(template_id="0007").template_id == 7  # leading zeros are not digits


def test_a_code_too_short_says_its_length():
    with pytest.raises(InvalidInputError) as caught:
        otp_request(code="123")
    assert "3 digits long" in caught.value.user_message and "4 to 10" in caught.value.user_message


def test_a_message_longer_than_the_limit_before_its_placeholders():
    with pytest.raises(InvalidInputError) as caught:
        one_row_plan("{Name} " + "a" * 1100)
    assert "1101 characters" in caught.value.user_message
    assert "before its placeholders" in caught.value.user_message


def test_a_message_that_grows_past_the_limit_is_named_by_row():
    frame = pd.DataFrame({"Phone": ["919876543210"], "Name": ["N" * 30]})
    verdicts = pd.DataFrame(
        {"excel_row": [7], "raw": ["x"], "number": ["919876543210"], "verdict": ["ok"],
         "reason": [""]}
    )  # fmt: skip
    plan = campaigns.plan_campaign(frame, verdicts, "{Name}" + "a" * 1000)
    (problem,) = plan.problems
    assert problem.excel_row == 7 and "1030 characters" in problem.message


def test_an_order_id_column_names_the_row_and_the_length():
    frame = pd.DataFrame({"Phone": ["919876543210"], "Ref": ["r" * 70]})
    verdicts = pd.DataFrame(
        {"excel_row": [3], "raw": ["x"], "number": ["919876543210"], "verdict": ["ok"],
         "reason": [""]}
    )  # fmt: skip
    plan = campaigns.plan_campaign(frame, verdicts, "Hi", order_id_column="Ref")
    (problem,) = plan.problems
    assert problem.message.startswith("Row 3:") and "70 characters long" in problem.message
    assert "limit is 64" in problem.message


def sheet(columns: dict[str, list[str]]) -> Table:
    frame = pd.DataFrame(columns)
    return Table(
        sheet="S",
        columns=list(columns),
        frame=frame,
        excel_rows=pd.RangeIndex(2, 2 + len(frame)).to_numpy(),
        header_row=1,
        column_letters=["A", "B", "C"][: len(columns)],
        source_format="xlsx",
    )


def test_a_bulk_lookup_row_with_a_long_order_id_says_its_length():
    rows = otp_sheets.check_lookup_rows(sheet({"orderId": ["o" * 65, "ok"]}), "orderId")
    assert rows["verdict"].tolist() == ["invalid", "ok"]
    assert rows["problem"][0] == "The orderId is 65 characters long; the limit is 64."


def test_a_backfill_row_with_a_long_msgid_says_its_length(store):
    table = sheet({"msgid": ["m" * 80], "number": ["919876543210"], "time": ["2024-05-01 10:00"]})
    rows = otp_sheets.check_backfill_rows(
        table, store, msgid_column="msgid", number_column="number", time_column="time"
    )
    assert "80 characters long; the limit is 64" in rows["problem"][0]


def test_a_pasted_message_id_that_is_too_long_says_so():
    found = report_input.ids_from_text("2501011230001000001 " + "7" * 70)
    assert found.ids == ["2501011230001000001"]
    assert found.problems == [f"“{'7' * 37}…” is 70 characters long; a message ID has 19 digits."]


def test_pasting_more_than_a_list_can_hold_asks_for_a_spreadsheet(store):
    text = "2501011230001000001\n" * (limits.PASTE_MAX_CHARS // 20 + 1)
    for call in (
        lambda: report_input.ids_from_text(text),
        lambda: stop_list.add_text(store, text, country=None, user=None),
    ):
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert "2,000,000" in caught.value.user_message
        assert "spreadsheet" in caught.value.user_message


def test_a_typed_stop_list_note_over_the_limit_is_refused_not_cut(store):
    with pytest.raises(InvalidInputError) as caught:
        stop_list.add_text(store, "919876543210", country=None, user=None, note="n" * 301)
    assert caught.value.field == "note" and "301" in caught.value.user_message
    assert stop_list.count(store) == 0


def test_the_upload_limit_matches_the_server_s():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_the_client_checks_the_same_numbers():
    from itnio_core.api.client import plan_requests
    from itnio_core.api.models import BatchItem

    assert limits.CONTENT_MAX_CHARS == 1024 and limits.SENDER_ID_MAX_CHARS == 32
    for item, expected in (
        (BatchItem(("1",), "x" * 1025), limits.too_long("message", "", "content", 1025, 1024)),
        (BatchItem(("1",), "x", "S" * 33), limits.too_long("sender ID", "", "senderId", 33, 32)),
    ):
        with pytest.raises(InvalidInputError) as info:
            plan_requests([item])
        assert info.value.user_message == expected.user_message
    assert (limits.CODE_MIN_DIGITS, limits.CODE_MAX_DIGITS) == (4, 10)
    with pytest.raises(InvalidInputError, match="limit is 64"):
        otp_request(order_id="o" * (limits.ORDER_ID_MAX_CHARS + 1))
