"""Home in a real browser: sandbox mode, the balance and a connection check."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


def test_home_shows_sandbox_balance_and_a_working_connection(
    open_app: Callable[[str], Page], tmp_path: Path
) -> None:
    page = open_app("")
    expect(page).to_have_title("ITNIO Console")
    notice = page.get_by_test_id("stAlertContentInfo")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Sandbox mode: no real messages are sent.")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Mode: Sandbox")
    expect(sidebar).to_contain_text(re.compile(r"Balance: \d"))

    main = page.get_by_test_id("stMain")
    values = main.get_by_test_id("stMetricValue")
    expect(values).to_have_count(3)
    expect(values.first).to_have_text(re.compile(r"^\d+(\.\d+)?$"))

    # The server runs the background work itself, from its start: Home says so.
    work = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Running since")
    expect(work).to_contain_text("one worker")

    page.locator(".st-key-home_check_btn button").click()
    success = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Connected.")
    expect(success).to_have_count(1)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    save_screenshot(page, tmp_path, "home.png")


def test_sidebar_groups_pages_by_task(open_app: Callable[[str], Page]) -> None:
    page = open_app("settings")
    nav = page.get_by_test_id("stSidebarNav")
    for label in ("Home", "Campaigns", "Settings", "Users", "Audit log", "API activity"):
        expect(nav).to_contain_text(label)
    expect(nav).not_to_contain_text("shared")
    expect(page.get_by_test_id("stAlertContentInfo")).to_contain_text("Sandbox mode")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
