"""A delivery report as a marketing person follows it, in a real browser.

Send a small sandbox campaign through the New campaign page, open its
report from the campaign's page, watch "Still sending" turn into delivered
and failed without reloading as the sandbox pushes its receipts (a number
ending in 9 fails; no getReport call is made; the cost is shown), download the
.xlsx and open it, then start "Resend to failed" and see the new draft.

The app's sandbox holds every message as "sending" until the journey
releases them (``release_deliveries``), so "Still sending 3" is what the page
shows however slow the machine is, and the final statuses come when we say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from itnio_core.reports import history as report_history
from itnio_core.reports.target import Target
from itnio_core.store import api_calls
from itnio_core.store.engine import Store
from tests.browser.conftest import release_deliveries, save_screenshot, wait_for_run
from tests.browser.test_campaign_journey import expect_metric, type_message

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000


def three_customers(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Customers"
    ws.append(["Name", "Mobile", "City"])
    ws.append(["Ana", "+44 7911 223456", "London"])
    ws.append(["Bo", "+44 7911 223459", "Leeds"])  # ends in 9: the sandbox fails it
    ws.append(["Cy", "+91 98765 23210", "Pune"])
    wb.save(path)
    return path


def send_campaign(page: Page, path: Path) -> int:
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(path)
    wait_for_run(page)
    expect_metric(page, "Ready to send", "3")
    type_message(page, "Hi {Name}, see you in {City}!")
    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    page.locator(".st-key-new_send_btn button").click()
    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=TIMEOUT_MS)
    found = re.search(r"id=(\d+)", page.url)
    assert found is not None
    return int(found.group(1))


def test_watch_a_campaign_report_fill_in_download_it_and_resend_to_failed(
    open_app: Callable[[str], Page], app_dir: Path, app_sandbox_url: str, tmp_path: Path
) -> None:
    page = open_app("campaign_new")
    campaign_id = send_campaign(page, three_customers(tmp_path / "customers.xlsx"))
    page.get_by_role("link", name=re.compile("who received it")).click()
    expect(page).to_have_url(re.compile(rf"/reports\?campaign={campaign_id}"), timeout=TIMEOUT_MS)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(f"Delivery report: Campaign #{campaign_id}", timeout=TIMEOUT_MS)

    # Accepted by the platform, no receipt yet: still on their way (the sandbox holds them
    # until released); the page refreshes itself from the store.
    still = page.get_by_test_id("stMetric").filter(has_text="Still sending")
    expect(still.get_by_test_id("stMetricValue")).to_have_text("3", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("refreshes itself every 3 seconds")
    save_screenshot(page, tmp_path, "report-sending.png")

    # The platform delivers now and pushes a receipt per message to the app's receiver. No
    # reload and no question asked: the fragment re-reads the store the receipts land in.
    release_deliveries(app_sandbox_url)
    delivered = page.get_by_test_id("stMetric").filter(has_text="Delivered")
    expect(delivered.get_by_test_id("stMetricValue")).to_have_text("2", timeout=TIMEOUT_MS)
    failed = page.get_by_test_id("stMetric").filter(has_text="Failed")
    expect(failed.get_by_test_id("stMetricValue")).to_have_text("1", timeout=TIMEOUT_MS)
    expect(still.get_by_test_id("stMetricValue")).to_have_text("0", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("no longer refreshes by itself", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("2 were delivered (66.7%) and 1 failed (33.3%)")
    wait_for_run(page)
    save_screenshot(page, tmp_path, "report-done.png")

    expect(main).to_contain_text("Statuses pushed by the platform (delivery receipts): 3.")
    cost = page.get_by_test_id("stMetric").filter(has_text="Cost so far")
    expect(cost.get_by_test_id("stMetricValue")).to_have_text("0.015 USD")
    store = Store(f"sqlite:///{app_dir / 'console.db'}")
    assert report_history.checks(store, Target("campaign", campaign_id)) == []  # never asked
    with store.engine.connect() as conn:
        asked = conn.execute(
            sa.select(sa.func.count()).where(api_calls.c.endpoint == "report")
        ).scalar_one()
    assert asked == 0  # no getReport call in the API log

    with page.expect_download() as download:
        page.locator(".st-key-report_xlsx_dl button").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"campaign-{campaign_id}-delivery-report.xlsx"
    wb = openpyxl.load_workbook(saved)
    assert wb.sheetnames == ["Summary", "All messages", "Delivered", "Failed"]
    detail = wb["All messages"]
    assert [c.value for c in detail[1]][:3] == ["Row in your sheet", "Message ID", "Phone number"]
    rows = {r[2].value: r for r in detail.iter_rows(min_row=2)}
    assert rows["447911223459"][5].value == "Failed"
    assert rows["447911223456"][5].value == "Delivered"
    assert rows["447911223456"][1].data_type == "s"  # the msgId is text, not 2.6E+18
    assert [c.value for c in wb["Failed"]["C"]] == ["Phone number", "447911223459"]

    page.locator(".st-key-report_resend_btn").get_by_role(
        "button", name=re.compile("Resend")
    ).click()
    expect(page).to_have_url(re.compile(r"/campaign_new"), timeout=TIMEOUT_MS)
    wait_for_run(page)
    expect(main).to_contain_text(f"campaign-{campaign_id}-failed.xlsx")
    expect_metric(page, "Ready to send", "1")
    expect(main).to_contain_text("Hi Bo, see you in Leeds!")  # the failed row, as it was
    expect(main).to_contain_text("Row 3 · to 447911223459")  # its row in the original sheet
    save_screenshot(page, tmp_path, "report-resend.png")
