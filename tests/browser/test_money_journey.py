"""Money before sending, in a real browser, against a platform (a loopback sandbox) with
prices per country and a small balance.

An admin uploads the vendor's price sheet; a campaign whose estimate is over the balance is
blocked with its shortfall; the admin allows it explicitly (audited); it runs the balance out
and waits for a top-up; a top-up is made on the sandbox and one Resume sends the rest; no
number is sent twice; a campaign within the balance goes straight through, and the sidebar's
balance follows each of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from itnio_core.access import audit
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

SEND_TIMEOUT_MS = 120_000


@pytest.fixture
def platform() -> Iterator[RunningSandbox]:
    """The platform: UK parts at 0.01 USD, a balance of 25.00 USD."""
    config = SandboxConfig(
        api_key="liveKey",
        api_secret="liveSecret",
        starting_balance=Decimal("25.00"),
        prices=(("44", Decimal("0.01")),),
        delivery_delay=None,
    )
    with start_sandbox(config) as sb:
        yield sb


@pytest.fixture
def money_app(platform: RunningSandbox, tmp_path: Path) -> Iterator[str]:
    env = {
        "ITNIO_API_KEY": "liveKey",
        "ITNIO_API_SECRET": "liveSecret",
        "ITNIO_SMS_APP_ID": DEFAULT_SMS_APP_ID,
        "ITNIO_OTP_APP_ID": DEFAULT_OTP_APP_ID,
        "ITNIO_BASE_URL": platform.url,
    }
    secrets = tmp_path / "users.toml"
    secrets.write_text(users_toml())
    with running_app(tmp_path, {**env, "STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url


def numbers_csv(path: Path, n: int, start: int) -> Path:
    path.write_text("Name,Phone\n" + "".join(f"C{i},447911{start + i:06d}\n" for i in range(n)))
    return path


def upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(path)
    expect(page.get_by_test_id("stFileChipName")).to_contain_text(path.name)
    wait_for_run(page)


def review(page: Page, path: Path, recipients: int) -> None:
    upload(page, path)
    save_screenshot(page, path.parent, f"money-{path.stem}-checked.png")
    area = page.locator(".st-key-new_content textarea")
    area.fill("Hello {Name}, our winter offer is here.")
    area.press("Control+Enter")
    wait_for_run(page)
    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    if recipients > 1000:  # over the confirmation threshold: type the count
        typed = page.locator(".st-key-new_typed_count input")
        typed.fill(f"{recipients:,}")
        typed.press("Enter")
        wait_for_run(page)


def sidebar_balance(page: Page, value: str) -> None:
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        f"Balance: {value}", timeout=SEND_TIMEOUT_MS
    )


def test_over_the_balance_is_blocked_then_allowed_runs_out_and_resumes_after_a_top_up(
    page: Page, money_app: str, platform: RunningSandbox, tmp_path: Path
) -> None:
    # An admin uploads the vendor's price sheet on the Prices page.
    open_page(page, money_app, "prices")
    sign_in(page, "ada")
    sheet = tmp_path / "vendor-prices.csv"
    sheet.write_text("Country,Code,Price (USD)\nUnited Kingdom,44,0.01\nIndia,91,0.0045\n")
    upload(page, sheet)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Columns found")
    page.locator(".st-key-prices_import_btn button").click()
    wait_for_run(page)
    expect(main).to_contain_text("Imported: 2 prices added or changed.")
    save_screenshot(page, tmp_path, "money-prices.png")

    # 3,000 UK recipients at 0.01: 30.00 USD against 25.00.
    open_page(page, money_app, "campaign_new")
    sidebar_balance(page, "25.0000")
    review(page, numbers_csv(tmp_path / "winter.csv", 3000, 0), 3000)
    expect(main).to_contain_text("Estimated total: 30.00 USD")
    error = main.get_by_test_id("stAlertContentError").filter(has_text="short")
    expect(error).to_contain_text("It is 5.00 USD short")
    expect(error).to_contain_text("Top up the account by at least 5.00 USD")
    send = page.locator(".st-key-new_send_btn button")
    expect(send).to_be_disabled()
    save_screenshot(page, tmp_path, "money-blocked.png")

    # The admin allows it explicitly: it sends until the balance runs out, then waits.
    page.locator(".st-key-new_until_out label").click()
    wait_for_run(page)
    expect(send).to_be_enabled()
    send.click()
    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("Waiting for a top-up", timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("2,000 recipients were sent; 1,000 wait")
    sidebar_balance(page, "5.0000")
    save_screenshot(page, tmp_path, "money-waiting.png")

    # A top-up on the sandbox, then one click on Resume.
    platform.simulator.top_up({"amount": "10"})
    wait_for_run(page)
    # .first: while the live part redraws, Streamlit can briefly keep the old button too
    page.locator(".st-key-campaign_resume_btn button").first.click()
    expect(main).to_contain_text("Finished", timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("3,000 of 3,000 recipients sent to the platform")
    sidebar_balance(page, "5.0000")  # 25 - 20 + 10 - 10
    save_screenshot(page, tmp_path, "money-resumed.png")
    seen = platform.simulator.seen_counts()
    assert len(seen) == 3000 and set(seen.values()) == {1}  # nobody twice

    # A campaign within the balance goes straight through, and the sidebar follows.
    open_page(page, money_app, "campaign_new")
    review(page, numbers_csv(tmp_path / "small.csv", 200, 5000), 200)
    expect(main).to_contain_text("The balance covers this campaign: 2.00 of 5.00 USD")
    send.click()
    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=SEND_TIMEOUT_MS)
    expect(main).to_contain_text("Finished", timeout=SEND_TIMEOUT_MS)
    sidebar_balance(page, "3.0000")
    save_screenshot(page, tmp_path, "money-within.png")

    store = Store(f"sqlite:///{tmp_path / 'console.db'}")
    try:
        (override,) = audit.entries(store, actions=[audit.BALANCE_OVERRIDE])
        assert override.user == "ada" and "short by 5.00 USD" in override.detail
        assert len(audit.entries(store, actions=[audit.PRICE_CHANGE])) == 2
        first, second = sorted(cs.list_campaigns(store), key=lambda c: c.id)
        assert (first.estimated_cost, first.until_balance_out) == ("30.00", True)
        assert (second.estimated_cost, second.status) == ("2.00", cs.FINISHED)
    finally:
        store.close()
