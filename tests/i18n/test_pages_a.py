"""The campaign, stop list, report and home pages in Chinese (``lang`` = ``zh``) under AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from itnio_core import worker
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.results_workbook import SUBMIT_WORDS, VERDICT_WORDS
from itnio_core.i18n import translate as i18n
from itnio_core.store.engine import Store
from tests.campaigns.test_pages import XLSX, messy_workbook
from tests.paths import APP, script
from tests.waiting import APPTEST_TIMEOUT_S, wait_until


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def chinese(page: str) -> AppTest:
    at = AppTest.from_file(script(page), default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.session_state["lang"] = "zh"
    return at.run()


def in_app(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.session_state["lang"] = "zh"
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in at.get(kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def send_one_campaign(at: AppTest) -> None:
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    at.text_area(key="new_content").input("Hi {Name}").run()
    at.button(key="new_review_btn").click().run()
    at.button(key="new_send_btn").click().run()


def test_the_words_the_core_gives_the_campaign_pages_have_chinese():
    catalog = i18n.chinese()
    assert [w for w in [*SUBMIT_WORDS.values(), *VERDICT_WORDS.values()] if w not in catalog] == []


def test_new_campaign_in_chinese_from_upload_to_the_send_button():
    at = chinese("views/campaigns/campaign_new.py")
    assert not at.exception
    assert at.title[0].value == "新建群发"
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["可发送"] == "2" and metrics["重复"] == "1"
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["行号", "原始号码", "问题"]
    assert any("与第 4 行的号码相同" in p for p in problems["问题"])
    assert "行不会发送" in shown_text(at)

    at.text_area(key="new_content").input("Hi {Surname}").run()
    assert any("占位符 {Surname}" in e.value for e in at.error)  # the core's own Chinese
    at.text_area(key="new_content").input("Hi {Name}").run()
    assert "个字符" in shown_text(at)
    at.button(key="new_review_btn").click().run()
    assert not at.exception
    assert "立即发送给 2 人" in [b.label for b in at.button]


def test_campaigns_list_and_one_campaign_in_chinese(clean_app):
    send_one_campaign(chinese("views/campaigns/campaign_new.py"))
    at = in_app("views/campaigns/campaigns.py")
    assert not at.exception
    assert at.title[0].value == "群发活动"
    table = at.dataframe[0].value
    assert "群发" in table.columns and "#1" in table["群发"].iloc[0]

    cid = cs.list_campaigns(Store(clean_app))[0].id
    at = in_app("views/campaigns/campaigns.py", id=str(cid))
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "平台已接收" in labels and "未知" in labels
    assert "**状态：**" in shown_text(at)
    assert at.subheader[0].value == "接收人"


def test_stop_list_in_chinese_says_what_was_added_and_why_not():
    at = chinese("views/campaigns/stop_list.py")
    assert not at.exception
    assert at.title[0].value == "退订名单"
    at.text_area(key="stop_add_text").input("+44 7911 123456\nabc").run()
    at.button(key="stop_add_btn").click().run()
    assert not at.exception
    message = at.warning[0].value
    assert message.startswith("已添加 1 个号码。") and "第 2 行（abc）" in message
    assert "号码" in at.dataframe[0].value.columns


def test_home_in_chinese():
    at = in_app("views/home.py")
    assert not at.exception
    assert at.title[0].value == "ITNIO 控制台"
    assert "账户余额" in [s.value for s in at.subheader]


def test_reports_in_chinese_a_bad_paste_says_why_in_chinese():
    at = in_app("views/reports/reports.py")
    assert not at.exception
    assert at.title[0].value == "送达报告"
    at.text_area(key="report_paste").input("=cmd(1)").run()
    at.button(key="report_paste_btn").click().run()
    assert any("不是消息 ID" in e.value for e in at.error)


def test_a_report_in_chinese_uses_chinese_status_words_until_switched(background):
    at = in_app("views/reports/reports.py")
    at.text_area(key="report_paste").input("111, 222\n222 =bad").run()
    at.button(key="report_paste_btn").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("送达报告：")
    assert "粘贴的 2 个消息 ID" in at.title[0].value
    assert any("1 个重复的 ID 只计一次" in w.value for w in at.warning)
    # the page asked for a check; the worker makes it: the words come with its answer
    wait_until(lambda: not worker.waiting(background.store).checks, "the check finished")
    at.run()
    assert at.segmented_control(key="report_lang").value == "中文"
    assert {m.label: m.value for m in at.metric}["暂未查到"] == "2"
    assert "共 **2** 条短信" in shown_text(at)
    table = at.dataframe[-1].value
    assert list(table["状态"]) == ["暂未查到"] * 2

    at.segmented_control(key="report_lang").set_value("English").run()  # the words only
    assert "Not found yet" in {m.label for m in at.metric}
    assert at.title[0].value.startswith("送达报告：")

    at.session_state["lang"] = "en"  # the sidebar switch: the words follow it again
    at.run()
    assert not at.exception
    assert at.segmented_control(key="report_lang").value == "English"
    assert at.title[0].value.startswith("Delivery report: ")


def test_a_campaign_report_in_chinese_offers_resending_the_failed(clean_app):
    from itnio_core.console.wiring import shared_sandbox
    from tests.reports.test_fetch import send_campaign
    from tests.reports.test_pages import mark_failed

    cid = send_campaign(Store(clean_app), shared_sandbox())
    mark_failed(clean_app, cid, "447911123459")
    at = in_app("views/reports/reports.py", campaign=str(cid))
    assert not at.exception
    assert at.title[0].value == f"送达报告：群发 #{cid} Promo"
    assert {m.label: m.value for m in at.metric}["发送失败"] == "1"
    assert "发送失败 **1** 条（33.3%）" in shown_text(at)
    assert "重发失败的短信（1）" in [b.label for b in at.button]
