"""Campaign craft in a real browser, on an app of its own (its quiet hours must not hold the
other journeys' recipients):

1. an administrator sets India's quiet hours (09:00–21:00, Asia/Kolkata) and moves the
   sandbox clock to 23:30 India time, in Settings;
2. a sender saves a template, starts a campaign from it, sends a test to their own number and
   sees its report;
3. the review says the Indian recipients are held until 09:00 and the UK one goes at once;
   after confirming, the UK message goes and the Indian ones wait;
4. the sandbox clock is moved to 09:00 (never waited for): the worker sends the held ones
   with no page open, and the campaign finishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from itnio_core.campaigns import store as cs
from itnio_core.store.engine import Store
from tests.browser.conftest import open_page, running_app, save_screenshot, wait_for_run
from tests.browser.test_campaign_journey import choose
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

SEND_TIMEOUT_MS = 90_000
IST = ZoneInfo("Asia/Kolkata")
MY_NUMBER = "+44 7911 123450"


@pytest.fixture
def craft_app(tmp_path: Path) -> Iterator[str]:
    """Sandbox mode, deliveries final at once (so the test's report is too)."""
    with running_app(tmp_path, {"ITNIO_SANDBOX_DELIVERY_DELAY": "0"}) as url:
        yield url


def customer_list(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Mobile"])
    ws.append(["Asha", "+91 98123 10001"])
    ws.append(["Ravi", "+91 98123 10002"])
    ws.append(["Ann", "+44 7911 123456"])
    wb.save(path)
    return path


def fill(page: Page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} input, .st-key-{key} textarea").first
    box.fill(text)
    box.press("Tab")


def click(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()
    wait_for_run(page)


def move_clock(page: Page, app: str, when: str) -> None:
    open_page(page, app, "settings")
    fill(page, "clock_when", when)
    fill(page, "clock_zone", "Asia/Kolkata")
    wait_for_run(page)
    click(page, "clock_set_btn")


def test_template_test_send_and_quiet_hours_until_nine(
    page: Page, craft_app: str, tmp_path: Path
) -> None:
    main = page.get_by_test_id("stMain")
    # 1. Settings: India's window, and the sandbox clock at 23:30 India time.
    open_page(page, craft_app, "settings")
    fill(page, "quiet_code", "+91")
    fill(page, "quiet_hours", "09:00-21:00")
    fill(page, "quiet_zone", "Asia/Kolkata")
    click(page, "quiet_save_btn")
    expect(main).to_contain_text("Saved: India (+91) receives campaigns from 09:00 to 21:00")
    evening = datetime.now(IST).replace(hour=23, minute=30, second=0, microsecond=0)
    move_clock(page, craft_app, f"{evening:%Y-%m-%d %H:%M}")
    expect(main).to_contain_text("It is ")  # the sandbox clock is not the real time now
    save_screenshot(page, tmp_path, "craft-settings.png")

    # 2. A template, used on New campaign.
    open_page(page, craft_app, "templates")
    fill(page, "templates_name", "Festive sale")
    fill(page, "templates_content", "Hi {Name}, our festive sale starts now!")
    click(page, "templates_save_btn")
    expect(main).to_contain_text("Template “Festive sale” saved.")

    open_page(page, craft_app, "campaign_new")
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator('input[type="file"]').set_input_files(customer_list(tmp_path / "list.xlsx"))
    expect(page.get_by_test_id("stFileChipName")).to_contain_text("list.xlsx")
    wait_for_run(page)
    choose(page, "new_template", "Festive sale")
    click(page, "new_template_btn")
    expect(page.locator(".st-key-new_content textarea")).to_have_value(
        "Hi {Name}, our festive sale starts now!"
    )
    expect(main).to_contain_text("every placeholder has a column")
    expect(main).to_contain_text("Hi Asha, our festive sale starts now!")
    click(page, "new_review_btn")

    # 3a. Send yourself a test, and see its report.
    fill(page, "new_test_numbers", MY_NUMBER)
    click(page, "new_test_numbers_btn")
    expect(main).to_contain_text("Your numbers are saved: 1.")
    click(page, "new_test_btn")
    expect(main).to_contain_text(re.compile(r"Test #\d+: 1 of 1 accepted"), timeout=SEND_TIMEOUT_MS)
    click(page, "new_test_check_btn")
    expect(main).to_contain_text("Test report: Delivered: 1", timeout=SEND_TIMEOUT_MS)
    # 3b. The review: India held until 09:00 their time, the UK at once.
    expect(main).to_contain_text("2 recipients are held until their own sending window opens; 1 go")
    save_screenshot(page, tmp_path, "craft-review.png")
    send = page.locator(".st-key-new_send_btn button")
    expect(send).to_contain_text("Send to 3 now")
    send.click()

    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=SEND_TIMEOUT_MS)
    campaign_id = int(page.url.rsplit("=", 1)[1])
    morning = (evening + timedelta(days=1)).replace(hour=9, minute=0)
    expect(main).to_contain_text("1 of 3 recipients sent to the platform", timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text(
        f"2 recipients (India (+91)) held by quiet hours until {morning:%Y-%m-%d} 09:00 "
        "(Asia/Kolkata)"
    )
    save_screenshot(page, tmp_path, "craft-held.png")
    store = Store(f"sqlite:///{tmp_path / 'console.db'}")  # the app server's own database
    try:
        assert cs.progress(store, campaign_id).held == 2
        tests = [c for c in cs.list_campaigns(store) if c.is_test]
        assert [(t.recipients, t.id != campaign_id) for t in tests] == [(1, True)]  # its own
        assert cs.get(store, campaign_id).recipients == 3  # type: ignore[union-attr]

        # 4. The clock reaches 09:00 in India: the worker sends them, no page open.
        move_clock(page, craft_app, f"{morning:%Y-%m-%d} 09:00")
        page.goto("about:blank")  # no page of the app is open now
        wait_until(
            lambda: cs.progress(store, campaign_id).accepted == 3,
            "the worker sends the held recipients at 09:00",
        )
        progress = cs.progress(store, campaign_id)
        assert (progress.accepted, progress.held) == (3, 0)
    finally:
        store.close()
    open_page(page, craft_app, f"campaigns?id={campaign_id}")
    expect(main).to_contain_text("3 of 3 recipients sent to the platform")
    save_screenshot(page, tmp_path, "craft-done.png")
