"""OTPs and conversions as operations and marketing staff use them, in a real browser.

1. Send a code over each channel (SMS, call, SNA), look one up by its orderId
   and see its timeline, report it converted and see "Verified".
2. Double-click "Send the code": one send.
3. Report conversions from a spreadsheet and download the results; look up
   many orderIds from a spreadsheet and download the results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import release_deliveries, save_screenshot, wait_for_run

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000


def click(page: Page, key: str) -> None:
    """Click a button by its key (a button with help text is drawn twice; one is visible)."""
    page.locator(f".st-key-{key} button:visible").first.click()


def send_code(page: Page, number: str, channel_label: str) -> str:
    """Fill the form, send, wait for the answer; the orderId used."""
    page.locator(".st-key-otp_to input").fill(number)
    page.locator(".st-key-otp_channel").get_by_text(channel_label, exact=True).click()
    order_id = page.locator(".st-key-otp_order_id input").input_value()
    click(page, "otp_send_btn")
    wait_for_run(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(order_id, timeout=TIMEOUT_MS)
    return order_id


def test_send_each_channel_look_up_and_report_a_conversion(
    open_app: Callable[[str], Page], app_sandbox_url: str, tmp_path: Path
) -> None:
    page = open_app("otp_send")
    main = page.get_by_test_id("stMain")
    orders = {}
    for number, label in (
        ("+91 98100 00001", "SMS"),
        ("+91 98100 00002", "Voice call"),
        ("+91 98100 00003", "Silent network (SNA)"),
    ):
        orders[label] = send_code(page, number, label)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"by {label}", timeout=TIMEOUT_MS
        )
        expect(main).to_contain_text("verificationId")
    link = page.get_by_role("link", name="Open the SNA link")
    expect(link).to_have_attribute("href", re.compile(r"^http://127\.0\.0\.1:\d+/_sandbox/sna/"))
    expect(main).to_contain_text("Code sent:")
    save_screenshot(page, tmp_path, "otp-send.png")

    # Look the SMS up from the result's own link; it is on its way until the sandbox (which
    # holds every message until told) delivers it, then looking again shows it delivered.
    page.get_by_role("link", name=re.compile("Look up this OTP")).click()
    expect(page).to_have_url(re.compile(rf"/otp_inspect\?order={orders['Silent network (SNA)']}$"))
    wait_for_run(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("No SMS attempt.", timeout=TIMEOUT_MS)
    page.goto(page.url.split("/otp_")[0] + f"/otp_inspect?order={orders['SMS']}")
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("No call attempt.", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("SMS submitted")
    expect(page.get_by_test_id("stAlertContentInfo").last).to_contain_text("Sending")
    expect(main).to_contain_text("The code is on its way, not delivered yet.")  # headline first
    release_deliveries(app_sandbox_url)
    click(page, "otp_lookup_again_btn")
    wait_for_run(page)
    expect(page.get_by_test_id("stAlertContentInfo").last).to_contain_text("Not checked yet")
    expect(main).to_contain_text("SMS delivered")
    expect(main).to_contain_text("The code was delivered, not yet verified.")
    expect(main).to_contain_text("Operator MCC")
    save_screenshot(page, tmp_path, "otp-lookup.png")

    click(page, "otp_convert_btn")
    wait_for_run(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text(
        "Verified.", timeout=TIMEOUT_MS
    )
    expect(main).to_contain_text("Code verified")
    save_screenshot(page, tmp_path, "otp-verified.png")

    # The history shows all three, masked, and the funnel counts the verified one.
    page.goto(page.url.split("/otp_")[0] + "/otp_history")
    wait_for_run(page)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    history = page.get_by_test_id("stDataFrame").first
    for last in ("0001", "0002", "0003"):
        expect(history).to_contain_text(f"9198****{last}")  # masked in the list
    expect(history).not_to_contain_text("919810000001")
    expect(history).to_contain_text("Verified")
    verified = page.get_by_test_id("stMetric").filter(has_text="Verified").first
    expect(verified.get_by_test_id("stMetricValue")).to_have_text("1")
    save_screenshot(page, tmp_path, "otp-history.png")


def test_double_click_sends_once(open_app: Callable[[str], Page], tmp_path: Path) -> None:
    page = open_app("otp_send")
    page.locator(".st-key-otp_to input").fill("+91 98100 00010")
    order_id = page.locator(".st-key-otp_order_id input").input_value()
    page.locator(".st-key-otp_send_btn button").dblclick()
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(order_id, timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    wait_for_run(page)
    page.goto(page.url.split("/otp_")[0] + "/otp_history")
    wait_for_run(page)
    page.locator(".st-key-otp_history_search input").fill("98100 00010")
    page.locator(".st-key-otp_history_search input").press("Enter")
    wait_for_run(page)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("9198****0010")
    rows = table.locator('[id^="glide-cell-1-"]')  # column 1: "Sent at", one cell per row
    expect(rows).to_have_count(1)


def conversions_file(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Used codes"
    ws.append(["msgid", "number", "time"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def verification_id(page: Page) -> str:
    text = page.get_by_test_id("stMain").inner_text()
    found = re.search(r"verificationId\s+([0-9a-f]{32})", text)
    assert found, text
    return found.group(1)


def test_bulk_conversions_and_bulk_lookups_with_downloads(
    open_app: Callable[[str], Page], tmp_path: Path
) -> None:
    page = open_app("otp_send")
    order_a = send_code(page, "+91 98100 00020", "SMS")
    vid_a = verification_id(page)
    order_b = send_code(page, "+91 98100 00021", "Voice call")
    vid_b = verification_id(page)

    base = page.url.split("/otp_")[0]
    page.goto(f"{base}/conversions")
    wait_for_run(page)
    page.get_by_role("tab", name="From a spreadsheet").click()
    upload = conversions_file(
        tmp_path / "used.xlsx",
        [
            [vid_a, "919810000020", "2024-05-01 14:03"],
            [vid_b, "+91 98100 00021", 1714572192000],
            [vid_a, "919810000020", "2024-05-01 14:03"],  # duplicate
            ["bad id", "12", "01/02/2024"],  # three problems
        ],
    )
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(
        upload
    )
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("2 rows will not be reported")
    click(page, "conv_start_btn")
    expect(main).to_contain_text("2 of 2 conversions reported", timeout=TIMEOUT_MS)
    # The page stops polling (a full rerun) once the job is done: download after that.
    expect(main).to_contain_text("Finished at", timeout=TIMEOUT_MS)
    wait_for_run(page)
    save_screenshot(page, tmp_path, "conversions-file.png")
    with page.expect_download() as download:
        click(page, "conv_dl")
    saved = tmp_path / "conversions.xlsx"
    download.value.save_as(saved)
    ws = openpyxl.load_workbook(saved)["Used codes"]
    assert [ws.cell(r, 4).value for r in range(2, 6)] == [
        "Reported",
        "Reported",
        "Not reported",
        "Not reported",
    ]

    page.goto(f"{base}/otp_inspect")
    wait_for_run(page)
    page.get_by_role("tab", name="Many, from a spreadsheet").click()
    wb = openpyxl.Workbook()
    wb.active.append(["Order ID"])
    for value in (order_a, order_b, "never-sent"):
        wb.active.append([value])
    wb.save(tmp_path / "orders.xlsx")
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(
        tmp_path / "orders.xlsx"
    )
    wait_for_run(page)
    click(page, "otp_bulk_start_btn")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("3 of 3 orderIds looked up", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("Finished at", timeout=TIMEOUT_MS)  # no longer polling
    wait_for_run(page)
    save_screenshot(page, tmp_path, "otp-bulk-lookup.png")
    with page.expect_download() as download:
        click(page, "otp_bulk_dl")
    saved = tmp_path / "lookups.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    sheet = book[book.sheetnames[0]]
    assert [sheet.cell(r, 3).value for r in (2, 3, 4)] == ["Verified", "Verified", "Unknown id"]
    assert book["Calls"].cell(2, 2).value == order_b
