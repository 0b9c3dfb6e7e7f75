"""The Delivery reports page under AppTest: bring ids, open a report, resend to failed."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.console.wiring import shared_sandbox
from itnio_core.reports.lists import list_lists
from itnio_core.store.engine import Store
from itnio_core.store.schema import delivery_status, recipients
from tests.paths import APP
from tests.reports.test_fetch import send_campaign
from tests.waiting import APPTEST_TIMEOUT_S, joined, wait_until

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def db_url(app_env: str) -> str:
    return app_env


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.run()
    at.switch_page("views/reports/reports.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def mark_failed(url: str, campaign_id: int, number: str) -> None:
    """The platform's final answer for one recipient, as a check would store it."""
    store = Store(url)
    with store.engine.begin() as conn:
        msg_id = conn.execute(
            recipients.select()
            .with_only_columns(recipients.c.msg_id)
            .where(recipients.c.campaign_id == campaign_id, recipients.c.number == number)
        ).scalar_one()
        now = time.time()
        conn.execute(
            delivery_status.insert().values(
                msg_id=msg_id, number=number, calling_code=44, status=1, receive_time="",
                first_seen_at=now, checked_at=now, changed_at=now,
            )
        )  # fmt: skip


def test_the_page_explains_itself_before_anything_is_sent():
    at = app()
    assert not at.exception
    assert at.title[0].value == "Delivery reports"
    assert any("No campaign has been sent yet" in i.value for i in at.info)


def settle(at: AppTest, background: Any = None) -> AppTest:
    """Let the background checks the page started finish, then show the page again."""
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("report-check-"):
            joined(thread, "the report check the page started")
    if background is not None:  # the worker runs them now: wait until none is open
        from itnio_core import worker

        wait_until(lambda: not worker.waiting(background.store).checks, "the check finished")
    return at.run()


def test_pasted_ids_open_their_report(db_url, background):
    at = app()
    at.text_area(key="report_paste").input("111, 222\n222 =bad").run()
    at.button(key="report_paste_btn").click().run()
    assert not at.exception
    assert at.title[0].value == "Delivery report: Message IDs: 2 pasted message IDs"
    assert any("1 repeated ID was counted once" in w.value for w in at.warning)
    settle(at, background)  # the check runs in the background
    assert metrics(at)["Not found yet"] == "2"
    table = at.dataframe[-1].value
    assert list(table["Message ID"]) == ["111", "222"]
    assert list(table["Status"]) == ["Not found yet"] * 2
    assert len(list_lists(Store(db_url))) == 1


def test_a_bad_paste_says_why_and_stays():
    at = app()
    at.text_area(key="report_paste").input("=cmd(1)").run()
    at.button(key="report_paste_btn").click().run()
    assert at.title[0].value == "Delivery reports"
    assert any("not a message ID" in e.value for e in at.error)


def test_a_pasted_word_or_a_50_digit_number_is_refused_at_once():
    at = app()
    at.text_area(key="report_paste").input("hello " + "9" * 50).run()
    at.button(key="report_paste_btn").click().run()
    assert at.title[0].value == "Delivery reports"
    errors = " ".join(e.value for e in at.error)
    assert "“hello” is not a message ID" in errors and "has 50 digits" in errors


def test_an_uploaded_results_file_opens_its_report():
    wb = openpyxl.Workbook()
    wb.active.append(["Phone", "Message ID"])
    wb.active.append(["447911123456", "2501011230001000001"])
    out = io.BytesIO()
    wb.save(out)
    at = app()
    at.file_uploader(key="report_upload").upload("results.xlsx", out.getvalue(), XLSX).run()
    at.button(key="report_upload_btn").click().run()
    assert not at.exception
    assert at.title[0].value == "Delivery report: Message IDs: results.xlsx"


def test_a_campaign_report_then_resend_to_failed_opens_a_new_campaign_draft(db_url):
    cid = send_campaign(Store(db_url), shared_sandbox())
    mark_failed(db_url, cid, "447911123459")
    at = app(campaign=str(cid))
    assert not at.exception
    assert at.title[0].value == f"Delivery report: Campaign #{cid} Promo"
    assert metrics(at)["Failed"] == "1"
    assert "Of **3** messages" in " ".join(m.value for m in at.markdown)
    assert list(at.dataframe[-1].value["Row"]) == [2, 3, 4]
    at.multiselect(key="report_status_filter").set_value(["failed"]).run()
    assert list(at.dataframe[-1].value["Phone number"]) == ["447911123459"]
    at.segmented_control(key="report_lang").set_value("中文").run()
    assert "发送失败" in metrics(at)

    at.button(key="report_resend_btn").click().run()
    assert not at.exception
    assert at.title[0].value == "New campaign"
    assert any("campaign-1-failed.xlsx" in i.value for i in at.info)
    assert metrics(at)["Ready to send"] == "1"
    assert at.text_area(key="new_content").value == "Hi {Name}"
    assert at.text_input(key="new_name").value == "Resend to failed of #1 Promo"
    assert "Hi Bo" in [t.value for t in at.text]  # the failed recipient's own row, {Name} works
    # Bo's row in the original sheet, not row 2 of the new list
    assert "Row 3 · to 447911123459" in [c.value for c in at.caption]


def test_the_campaign_page_links_to_its_report(db_url):
    cid = send_campaign(Store(db_url), shared_sandbox())
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.run()
    at.switch_page("views/campaigns/campaigns.py")
    at.query_params["id"] = str(cid)
    at.run()
    links = [link for link in at.get("page_link") if "Delivery report" in link.proto.label]
    assert links and f"campaign={cid}" in links[0].proto.query_string


def test_a_big_report_file_is_prepared_in_the_background_then_offered(monkeypatch):
    import views.reports._parts as parts
    from itnio_core.reports import jobs as report_jobs

    monkeypatch.setattr(parts, "SMALL_FILE_ROWS", 1)  # three messages count as "big" here
    at = app()
    at.text_area(key="report_paste").input("111 222 333").run()
    at.button(key="report_paste_btn").click().run()
    assert not at.get("download_button") or all(
        "xlsx" not in b.proto.label for b in at.get("download_button")
    )
    at.button(key="report_xlsx_prepare_btn").click().run()
    store, target = parts_store(at), parts_target(at)
    wait_until(lambda: not report_jobs.exports_running(store, target), "the .xlsx was prepared")
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download .xlsx" in labels and "Prepare the .xlsx again" in [b.label for b in at.button]


def parts_store(at: AppTest) -> Store:
    from views._ui.shared import get_console

    return get_console().store


def parts_target(at: AppTest):  # type: ignore[no-untyped-def]
    from itnio_core.reports.target import Target

    return Target("list", int(at.query_params["list"][0]))


def test_the_summary_sentence_says_1_was_delivered():
    from views.reports._parts import sentence

    counts = {"total": 9, "delivered": 1, "failed": 8, "sending": 0, "not_found": 0}
    counts["unchecked"] = 0
    assert sentence(counts, "en") == (
        "Of **9** messages, **1** was delivered (11.1%) and **8** failed (88.9%)."
    )
    one = {**counts, "total": 1, "delivered": 0, "failed": 0, "sending": 1}
    assert sentence(one, "en").startswith("Of **1** message, **0** were delivered")
    assert "**1** is still sending" in sentence(one, "en")
    big = {**counts, "total": 1798, "delivered": 1798, "failed": 0}
    assert sentence(big, "en").startswith("Of **1,798** messages, **1,798** were delivered")


def test_before_its_first_check_a_report_says_not_checked_yet():
    at = app()  # no worker here: the check the page asks for stays queued
    at.text_area(key="report_paste").input("111 222 333").run()
    at.button(key="report_paste_btn").click().run()
    assert not at.exception
    bars = [e.proto for e in at.get("progress")]
    assert [b.text for b in bars] == ["Not checked yet: checking 3 messages…"]
    assert bars[0].value == 0


def test_the_charts_count_whole_messages_with_separators(db_url, background):
    at = app()
    at.text_area(key="report_paste").input("111 222").run()
    at.button(key="report_paste_btn").click().run()
    settle(at, background)
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    axes = [
        channel.get("axis", {})
        for spec in specs
        for channel in spec["encoding"].values()
        if isinstance(channel, dict) and channel.get("type") == "quantitative"
    ]
    assert axes, specs  # the over-time chart is drawn after the first check
    assert all(a.get("format") == ",d" and a.get("tickMinStep") == 1 for a in axes), axes
