"""A list that is not all what it is for, in a real browser (issue 11, points 9, 10 and 7).

A two-sheet workbook whose first sheet is a summary opens on the sheet with the phone
numbers. With India chosen, numbers valid only under another country's code are "check
this" (naming the country) and are not sent until the person includes them; a landline is
invalid with its reason. The review's estimate lists the destination countries with their
counts; the campaign, once the platform's receipts arrive, shows its actual cost beside the
estimate on its page and in the campaigns list. Pasted message IDs of the wrong shape are
named at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from itnio_core.campaigns import store as cs
from itnio_core.store.engine import Store
from tests.browser.conftest import (
    open_page,
    release_deliveries,
    running_app,
    save_screenshot,
    wait_for_run,
)
from tests.browser.test_campaign_journey import choose, expect_metric, type_message
from tests.processes import free_port

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
INDIA = ["919876543210", "919876543211", "919876543212"]
ABROAD = {"4915123456789": "Germany", "46701234567": "Sweden"}


@pytest.fixture
def sandbox_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def app(tmp_path: Path, sandbox_url: str) -> Iterator[str]:
    env = {
        "ITNIO_SANDBOX_PORT": sandbox_url.rsplit(":", 1)[1],
        "ITNIO_SANDBOX_DELIVERY_DELAY": "held",
        "ITNIO_SANDBOX_PRICES": "91=0.0045,49=0.07,46=0.06",
    }
    with running_app(tmp_path, env) as url:
        yield url


def two_sheets(path: Path) -> Path:
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Region", "Customers"])
    summary.append(["North", 4])
    summary.append(["South", 3])
    ws = wb.create_sheet("Customers")
    ws.append(["Name", "Mobile"])
    ws.append(["Asha", "9876543210"])  # row 2: an Indian mobile
    ws.append(["Jonas", 4915123456789])  # row 3: valid only as a German number
    ws.append(["Office", "011 2345 6789"])  # row 4: a Delhi landline
    ws.append(["Ravi", "98765 43211"])  # row 5
    ws.append(["Elsa", "46701234567"])  # row 6: valid only as a Swedish number
    ws.append(["Bad", "call me"])  # row 7
    ws.append(["Meera", "09876543212"])  # row 8
    wb.save(path)
    return path


def test_other_countries_are_checked_included_on_purpose_and_priced(
    page: Page, app: str, sandbox_url: str, tmp_path: Path
) -> None:
    # The vendor's prices, so the estimate is complete.
    open_page(page, app, "prices")
    sheet = tmp_path / "vendor-prices.csv"
    sheet.write_text("Country,Code,Price (USD)\nIndia,91,0.0045\nGermany,49,0.07\nSweden,46,0.06\n")
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(sheet)
    wait_for_run(page)
    page.locator(".st-key-prices_import_btn button").click()
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Imported: 3 prices added or changed.")

    open_page(page, app, "campaign_new")
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator('input[type="file"]').set_input_files(two_sheets(tmp_path / "list.xlsx"))
    wait_for_run(page)
    # The workbook opens on the sheet with the phone numbers, not on "Summary".
    expect(main).to_contain_text("sheet “Customers”", timeout=TIMEOUT_MS)
    expect(page.locator(".st-key-new_sheet input")).to_have_value("Customers")

    choose(page, "new_country", "India")
    expect_metric(page, "Ready to send", "3")
    warning = main.get_by_test_id("stAlertContentWarning").filter(has_text="chosen country")
    expect(warning).to_contain_text("2 rows are not numbers of the chosen country")
    expect(warning).to_contain_text("Germany 1")
    expect(warning).to_contain_text("Sweden 1")
    save_screenshot(page, tmp_path, "list-check-found.png")

    # The problem rows, in Excel order, with their reasons (the .xlsx a person downloads).
    with page.expect_download() as download:
        page.locator(".st-key-new_problems_dl button").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    ws = openpyxl.load_workbook(saved).active
    problems = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [row[0] for row in problems] == [3, 4, 6, 7], problems
    text = repr(problems)
    assert "valid as a number in Germany (+49)" in text
    assert "A landline in India (+91): it cannot receive a text message" in text

    # Included on purpose: now five are ready.
    page.locator(".st-key-new_other_countries label").click()
    wait_for_run(page)
    expect_metric(page, "Ready to send", "5")
    type_message(page, "Hi {Name}, your order has shipped.")
    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    expect(main).to_contain_text("Cost estimate, by destination country")
    # 3 x 0.0045 + 0.07 + 0.06
    expect(main).to_contain_text("Estimated total: 0.1435 USD")
    save_screenshot(page, tmp_path, "list-check-review.png")
    send = page.locator(".st-key-new_send_btn button")
    expect(send).to_contain_text("Send to 5 now")
    send.click()
    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=TIMEOUT_MS)
    expect(main).to_contain_text("Finished", timeout=TIMEOUT_MS)

    # The platform delivers and pushes its receipts, priced: the actual cost shows.
    release_deliveries(sandbox_url)
    expect(main).to_contain_text("Actual cost so far", timeout=TIMEOUT_MS)
    expect(main).to_contain_text("delivery receipts: 0.1435 USD")
    cost = page.get_by_test_id("stMetric").filter(has_text="Cost so far (USD)")
    expect(cost.get_by_test_id("stMetricValue")).to_have_text("0.1435")
    wait_for_run(page)
    save_screenshot(page, tmp_path, "list-check-cost.png")
    open_page(page, app, "campaigns")
    expect(main).to_contain_text("Start a new campaign")
    save_screenshot(page, tmp_path, "list-check-campaigns.png")

    # A pasted msgId that is not one is named at once.
    open_page(page, app, "reports")
    paste = page.locator(".st-key-report_paste textarea")
    paste.fill("hello\n" + "1" * 50)
    page.locator(".st-key-report_paste_btn button").click()
    wait_for_run(page)
    expect(main).to_contain_text("“hello” is not a message ID")
    expect(main).to_contain_text("has 50 digits; the platform's message IDs have 19")
    save_screenshot(page, tmp_path, "list-check-msgids.png")

    store = Store(f"sqlite:///{tmp_path / 'console.db'}")
    try:
        (campaign,) = cs.list_campaigns(store)
        rows = cs.recipient_rows(store, campaign.id)
        sent = sorted(r["number"] for r in rows if r["msg_id"])
    finally:
        store.close()
    assert sent == sorted([*INDIA, *ABROAD])
    assert campaign.estimated_cost == "0.1435"
    reasons = {r["excel_row"]: r["reason"] for r in rows}
    assert reasons[3] == "Included on purpose: sent to Germany (+49), not the chosen country."
