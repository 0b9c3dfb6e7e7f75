"""The OTP and conversion pages, and the core words they show, in Simplified Chinese."""

from __future__ import annotations

import io
from datetime import UTC

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.api.models import OtpRecord
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import records as otp_records
from itnio_core.otp import store as otp_store
from itnio_core.sheets.read import read_table
from itnio_core.store.engine import Store
from tests.otp.test_pages import XLSX, fresh_number, texts
from tests.paths import APP
from tests.sandbox.seed_examples import SEED_003
from tests.waiting import APPTEST_TIMEOUT_S

ZH_UTC = otp_records.Zone(UTC, "UTC", "zh")


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def chinese_page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page(path).run()
    for key, value in query.items():
        at.query_params[key] = value
    if query:
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def send(at: AppTest, to: str | None = None) -> AppTest:
    at.text_input(key="otp_to").input(to or fresh_number())
    at.button(key="otp_send_btn").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


# ------------------------------------------------------------------ pages
def test_send_page_in_chinese(clean_app):
    at = chinese_page("views/otp/otp_send.py")
    assert at.title[0].value == "发送验证码"
    assert at.text_input(key="otp_to").label == "接收号码"
    send(at)
    assert "平台已接收发往" in texts(at.success)
    assert "**号码**" in texts(at.markdown)


def test_a_refused_send_is_in_chinese_with_the_english_underneath(clean_app):
    at = chinese_page("views/otp/otp_send.py")
    number = fresh_number()
    for _ in range(6):
        send(at, number)
    assert "验证码未发送（状态码 -28）" in texts(at.error)
    assert "too many codes" in texts(at.caption)


def test_look_up_page_in_chinese(clean_app):
    at = send(chinese_page("views/otp/otp_send.py"))
    order_id = otp_store.list_sends(Store(clean_app))[0].order_id
    at = chinese_page("views/otp/otp_inspect.py", order=order_id)
    assert at.title[0].value == "查询验证码"
    assert "**发送中。**" in texts(at.info)
    assert "没有语音电话记录。" in texts(at.caption)
    timeline = at.dataframe[0].value
    assert list(timeline["事件"])[:2] == ["短信已提交", "短信已发送至运营商"]
    assert "年" in timeline["时间"].iloc[0]


def test_history_page_in_chinese(clean_app):
    send(chinese_page("views/otp/otp_send.py"))
    at = chinese_page("views/otp/otp_history.py")
    assert at.title[0].value == "验证码记录"
    assert list(at.dataframe[0].value["结果"]) == ["未查询"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已发送"] == "1"


def test_conversion_file_problems_in_chinese(clean_app):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["msgid", "number", "time"])
    ws.append(["m1", "919876543210", "2024-05-01 10:00"])
    ws.append(["m1", "919876543210", "2024-05-01 10:00"])
    out = io.BytesIO()
    wb.save(out)
    at = chinese_page("views/conversions/conversions.py")
    assert at.title[0].value == "回传转化"
    at.file_uploader(key="conv_upload").upload("c.xlsx", out.getvalue(), XLSX).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["待回传"], metrics["重复"]) == ("1", "1")
    problems = at.dataframe[0].value
    assert list(problems["行号"]) == [3]
    assert problems["问题"].iloc[0] == "与第 2 行的 msgid 相同，只回传一次。"
    assert at.button(key="conv_start_btn").label == "回传 1 条转化"


def test_english_is_kept_when_the_language_goes_back(clean_app):
    at = chinese_page("views/otp/otp_history.py")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "OTP history"


# ------------------------------------------------------------------ core words
def test_record_fields_and_timeline_in_chinese():
    rec = OtpRecord.from_json(SEED_003)
    fields = dict(otp_records.verification_fields(rec, ZH_UTC))
    assert fields["结果"] == "校验成功 (0)"
    assert fields["通道"] == "语音电话"
    assert fields["校验时间"] == "2022年7月12日 05:39:47（UTC）"
    sms = dict(otp_records.sms_fields(rec.sms[0], ZH_UTC))
    assert sms["状态"] == "已送达 (0)" and "发送时间" in sms and "完成时间" in sms
    events = [e.text for e in otp_records.timeline(rec, "zh")]
    assert "短信已送达" in events and "语音电话已挂断：Temporarily Unavailable" in events
    assert otp_records.empty_note("sna", [], "zh") == "没有静默网络校验记录。"
    # English stays the default
    assert otp_records.timeline(rec)[0].text == "SMS submitted"


def test_describe_and_row_problems_in_chinese(store):
    claimed, _ = conversions._claim(store, "m9", "919876543210", 1, None, "single")
    kind, text = conversions.describe(conversions.ReportAttempt(claimed, fresh=False), "zh")
    assert (kind, text) == ("info", "消息 m9 正在回传中，不会重复发送。")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["orderId"])
    for value in ("a1", "a1", "a 1"):
        ws.append([value])
    out = io.BytesIO()
    wb.save(out)
    table = read_table(out.getvalue(), "o.xlsx")
    rows = otp_sheets.check_lookup_rows(table, "orderId", "zh")
    assert list(rows["problem"])[1:] == [
        "与第 2 行的 orderId 相同，只查询一次。",
        "这不是 orderId：其中含有空格。",
    ]


def test_times_stay_readable_when_unreadable():
    assert ZH_UTC.time("not a time") == "not a time"
    assert ZH_UTC.time(None) == "—"
