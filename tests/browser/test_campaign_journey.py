"""A campaign as a marketing person sends it, in a real browser.

1. Upload a messy workbook, see the problem rows, pick the country, write a
   personalised message, review, confirm, watch progress reach 100 % and
   download the results workbook.
2. Against a slow platform: double-click send, refresh in the middle of
   sending, and check the platform saw every recipient exactly once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from itnio_core.campaigns import store as cs
from itnio_core.sandbox import (
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
    RunningSandbox,
    SandboxConfig,
    start_sandbox,
)
from itnio_core.store.engine import Store
from tests.browser.conftest import (
    open_page,
    running_app,
    save_screenshot,
    sign_in,
    users_toml,
    wait_for_run,
)

pytestmark = pytest.mark.browser

SEND_TIMEOUT_MS = 90_000
HELD_SENDS_MAX_S = 120


def messy_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes["A1"] = "Export from the CRM"
    ws = wb.create_sheet("Customers")
    ws["A1"] = "November promotion"  # a title row above the header
    ws.append([])
    ws.append(["Name", "Mobile", "City"])
    ws.append(["Ana", "+44 7911 123456", "London"])  # row 4
    ws.append(["Bo", "07911 123457", "Leeds"])  # national: needs the country
    ws.append(["Cy", "+44 7911 123456", "York"])  # duplicate of row 4
    ws.append(["Di", "call me", "Bath"])  # invalid
    ws.append(["Ed", None, "Hull"])  # empty
    ws.append(["Fay", 447911123459, '=HYPERLINK("http://x","y")'])  # number; fails delivery
    ws.cell(9, 3).data_type = "s"
    wb.save(path)
    return path


def choose(page: Page, key: str, text: str) -> None:
    """Pick an option of a Streamlit selectbox by typing part of its label."""
    box = page.locator(f".st-key-{key}")
    box.locator("input").first.click()
    box.locator("input").first.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()
    wait_for_run(page)


def type_message(page: Page, text: str) -> None:
    area = page.locator(".st-key-new_content textarea")
    area.fill(text)
    area.press("Control+Enter")
    wait_for_run(page)


def expect_metric(page: Page, label: str, value: str) -> None:
    """Wait until the metric shows ``value``: a rerun can still be on its way."""
    block = page.get_by_test_id("stMetric").filter(has_text=label).first
    expect(block.get_by_test_id("stMetricValue")).to_have_text(value, timeout=30_000)


def test_upload_check_write_confirm_progress_and_download(
    open_app: Callable[[str], Page], tmp_path: Path
) -> None:
    page = open_app("campaign_new")
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator('input[type="file"]').set_input_files(messy_workbook(tmp_path / "list.xlsx"))
    expect(page.get_by_test_id("stFileChipName")).to_contain_text("list.xlsx")
    wait_for_run(page)
    choose(page, "new_sheet", "Customers")
    expect(page.get_by_test_id("stMain")).to_contain_text("headers on row 3")
    expect_metric(page, "Ready to send", "2")
    expect_metric(page, "Duplicates", "1")
    expect(page.get_by_test_id("stMain")).to_contain_text("rows will not be sent")

    choose(page, "new_country", "United Kingdom")
    expect_metric(page, "Ready to send", "3")

    type_message(page, "Hi {Name}, see you in {City}!")
    expect(page.get_by_test_id("stMain")).to_contain_text("Hi Ana, see you in London!")
    expect(page.get_by_test_id("stMain")).to_contain_text("GSM-7")
    save_screenshot(page, tmp_path, "campaign-new.png")

    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    send = page.locator(".st-key-new_send_btn button")
    expect(send).to_contain_text("Send to 3 now")
    send.click()

    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=SEND_TIMEOUT_MS)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("3 of 3 recipients sent to the platform", timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("Finished", timeout=SEND_TIMEOUT_MS)
    wait_for_run(page)
    save_screenshot(page, tmp_path, "campaign-done.png")

    with page.expect_download() as download:
        page.locator(".st-key-campaign_results_dl button").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    wb = openpyxl.load_workbook(saved)
    assert wb.sheetnames == ["Read me", "Customers", "ITNIO summary"]
    ws = wb["Customers"]
    header = [c.value for c in ws[3]]
    assert header[:3] == ["Name", "Mobile", "City"] and "Message ID" in header
    rows = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(4, 10)}
    col = header.index
    assert rows["Ana"][col("Check")] == "OK" and len(rows["Ana"][col("Message ID")]) == 19
    assert rows["Bo"][col("Number sent to")] == "447911123457"
    assert rows["Cy"][col("Check")] == "Duplicate"
    assert rows["Di"][col("Check")] == "Invalid number"
    assert ws.cell(9, 3).data_type == "s"  # user text never becomes a formula


class HeldSends:
    """Send requests reach ``platform`` only once ``release()`` is called: the test sees the
    campaign "Sending" and reloads in the middle, however fast or slow the machine is."""

    def __init__(self, platform: RunningSandbox) -> None:
        self._gate = threading.Event()
        self._send = platform.simulator.send_batch

    def send_batch(self, body: Any) -> dict[str, Any]:
        self._gate.wait(HELD_SENDS_MAX_S)  # bounded only so a failed test cannot hang
        return self._send(body)

    def release(self) -> None:
        self._gate.set()


@pytest.fixture
def slow_platform() -> Iterator[RunningSandbox]:
    """A sandbox standing in for a live platform that takes a while per request."""
    with start_sandbox(
        SandboxConfig(
            api_key="liveKey", api_secret="liveSecret", send_latency=1.5, starting_balance=1000
        )
    ) as sb:
        yield sb


@pytest.fixture
def held_sends(
    slow_platform: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HeldSends]:
    held = HeldSends(slow_platform)
    monkeypatch.setattr(slow_platform.simulator, "send_batch", held.send_batch)
    try:
        yield held
    finally:
        held.release()


@pytest.fixture
def live_app(slow_platform: RunningSandbox, tmp_path: Path) -> Iterator[str]:
    env = {
        "ITNIO_API_KEY": "liveKey",
        "ITNIO_API_SECRET": "liveSecret",
        "ITNIO_SMS_APP_ID": DEFAULT_SMS_APP_ID,
        "ITNIO_OTP_APP_ID": DEFAULT_OTP_APP_ID,
        "ITNIO_BASE_URL": slow_platform.url,
        # Held sends answer late: the app must wait for them rather than call them unknown.
        "ITNIO_READ_TIMEOUT": str(HELD_SENDS_MAX_S + 60),
    }
    # Live mode needs someone signed in to send.
    secrets = tmp_path / "users.toml"
    secrets.write_text(users_toml())
    with running_app(tmp_path, {**env, "STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url


def big_list(path: Path, n: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("List")
    ws.append(["Phone", "Name"])
    for i in range(n):
        ws.append([f"+44 7911 {i:06d}", f"N{i}"])
    wb.save(path)
    return path


def test_refresh_and_double_click_never_send_twice(
    page: Page,
    live_app: str,
    slow_platform: RunningSandbox,
    held_sends: HeldSends,
    tmp_path: Path,
) -> None:
    n = 12_000
    open_page(page, live_app, "campaign_new")
    sign_in(page, "sam")
    expect(page.get_by_test_id("stAlertContentInfo")).to_have_count(0)  # live: no notice
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(
        big_list(tmp_path / "big.xlsx", n)
    )
    wait_for_run(page)
    expect_metric(page, "Ready to send", f"{n:,}")
    type_message(page, "Hello {Name}")
    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    typed = page.locator(".st-key-new_typed_count input")
    typed.fill(str(n))
    typed.press("Enter")
    wait_for_run(page)
    page.locator(".st-key-new_send_btn button").dblclick()

    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=SEND_TIMEOUT_MS)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sending", timeout=SEND_TIMEOUT_MS)
    page.reload()  # in the middle of sending: the platform has not answered yet
    wait_for_run(page)
    held_sends.release()
    expect(main).to_contain_text(f"{n:,} of {n:,} recipients sent", timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("Finished", timeout=SEND_TIMEOUT_MS)

    counts = slow_platform.simulator.seen_counts()
    assert len(counts) == n
    assert set(counts.values()) == {1}, "a recipient was sent more than once"
    store = Store(f"sqlite:///{tmp_path / 'console.db'}")  # the app server's own database
    sent = cs.list_campaigns(store)
    assert len(sent) == 1, "the double click made a second campaign"
    assert cs.progress(store, sent[0].id).accepted == n
    page.goto(f"{live_app}/campaigns")
    wait_for_run(page)
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_have_count(1)
    save_screenshot(page, tmp_path, "campaign-list.png")
