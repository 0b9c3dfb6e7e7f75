"""Sign-in, roles and languages as people meet them, in a real browser.

- a viewer signs in: sending is not in the navigation and its page refuses;
- a sender signs in and sends a small campaign;
- the language switch shows the console in Chinese, and remembers it;
- with live-looking credentials (against a loopback sandbox) no page's HTML
  and no server log line holds the API secret or the full key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from itnio_core.access import audit
from itnio_core.common.masking import mask
from itnio_core.sandbox import DEFAULT_OTP_APP_ID, DEFAULT_SMS_APP_ID, SandboxConfig, start_sandbox
from itnio_core.store.engine import Store
from tests.browser.conftest import (
    PASSWORD,
    open_page,
    running_app,
    save_screenshot,
    sign_in,
    users_toml,
    wait_for_run,
)
from tests.browser.test_campaign_journey import choose, messy_workbook, type_message
from views._ui.pages import PAGES

pytestmark = pytest.mark.browser

LIVE_KEY = "liveKey7f3a9c2e51d8"
LIVE_SECRET = "liveSecret4b8d1e6f0a"


@pytest.fixture(scope="module")
def users_app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("users_app")


@pytest.fixture(scope="module")
def users_app(users_app_dir: Path) -> Iterator[str]:
    secrets = users_app_dir / "with-users.toml"
    secrets.write_text(users_toml())
    with running_app(users_app_dir, {"STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url


def test_viewer_is_not_offered_sending_and_its_page_refuses(
    page: Page, users_app: str, tmp_path: Path
) -> None:
    open_page(page, users_app)
    expect(page.get_by_test_id("stMain")).to_contain_text("Sign in to ITNIO Console")
    save_screenshot(page, tmp_path, "sign-in.png")
    sign_in(page, "vera")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text("Delivery reports")
    for hidden in ("New campaign", "Send an OTP", "Report conversions", "Settings", "Stop list"):
        expect(nav.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    open_page(page, users_app, "campaign_new")  # opened by address: still signed in
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlertContentError")).to_contain_text("cannot do this")
    expect(main).not_to_contain_text("Upload")
    save_screenshot(page, tmp_path, "viewer-refused.png")


def test_sender_signs_in_and_sends_a_small_campaign(
    page: Page, users_app: str, users_app_dir: Path, tmp_path: Path
) -> None:
    open_page(page, users_app, "campaign_new")
    sign_in(page, "sam")
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator('input[type="file"]').set_input_files(messy_workbook(tmp_path / "list.xlsx"))
    wait_for_run(page)
    choose(page, "new_sheet", "Customers")
    choose(page, "new_country", "United Kingdom")
    ready = page.get_by_test_id("stMetric").filter(has_text="Ready to send").first
    expect(ready.get_by_test_id("stMetricValue")).to_have_text("3", timeout=30_000)
    type_message(page, "Hi {Name}!")
    page.locator(".st-key-new_review_btn button").click()
    wait_for_run(page)
    page.locator(".st-key-new_send_btn button").click()
    expect(page).to_have_url(re.compile(r"/campaigns\?id=\d+"), timeout=90_000)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("3 of 3 recipients sent to the platform", timeout=90_000)
    # "Finished" comes with the rerun that stops the page polling: download after that.
    expect(main).to_contain_text("Finished", timeout=90_000)
    expect(main).to_contain_text("sam")  # who confirmed it
    save_screenshot(page, tmp_path, "sender-campaign.png")
    with page.expect_download() as download:
        page.locator(".st-key-campaign_results_dl button").click()
    assert download.value.suggested_filename.endswith("-results.xlsx")
    wait_for_run(page)
    store = Store(f"sqlite:///{users_app_dir / 'console.db'}")
    done = {(e.user, e.action) for e in audit.entries(store, user="sam")}
    assert {("sam", audit.SIGN_IN), ("sam", audit.CAMPAIGN_CONFIRM), ("sam", "api:send"),
            ("sam", audit.EXPORT)} <= done  # fmt: skip


def test_language_switch_shows_chinese_and_is_remembered(
    page: Page, users_app: str, tmp_path: Path
) -> None:
    open_page(page, users_app)
    sign_in(page, "ada")
    page.locator(".st-key-lang_picker button", has_text="中文").click()
    wait_for_run(page)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text("首页")
    expect(nav).to_contain_text("送达报告")
    page.get_by_test_id("stSidebarNav").get_by_text("设置", exact=True).last.click()
    wait_for_run(page)
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1").first).to_contain_text("设置")
    expect(main).to_contain_text("默认值与限制")
    save_screenshot(page, tmp_path, "settings-zh.png")
    # Every page in Chinese: open each from the navigation, no English title left.
    for label, shot in (
        ("首页", "home-zh.png"),
        ("新建群发", "campaign-new-zh.png"),
        ("送达报告", "reports-zh.png"),
        ("发送验证码", "otp-send-zh.png"),
        ("回传转化", "conversions-zh.png"),
        ("审计日志", "audit-zh.png"),
    ):
        nav.get_by_text(label, exact=True).last.click()
        wait_for_run(page)
        title = main.locator("h1").first
        expect(title).not_to_have_text(re.compile(r"^[A-Za-z ]+$"))
        if shot == "audit-zh.png":  # tables draw after the script: wait for the rows
            expect(main.get_by_test_id("stDataFrame")).to_be_visible()
            expect(main.locator(".dvn-scroller").first).to_be_visible()
        save_screenshot(page, tmp_path, shot)
    # A new visit (still signed in): the console is in Chinese again.
    open_page(page, users_app)
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("首页")
    # And after signing out and in again.
    page.locator(".st-key-sign_out_btn button").click()
    wait_for_run(page)
    page.locator(".st-key-sign_in_name input").fill("ada")
    page.locator(".st-key-sign_in_password input").fill(PASSWORD)
    page.locator(".st-key-sign_in_btn button").click()
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("首页", timeout=30_000)


@pytest.fixture(scope="module")
def live_looking_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("live_app")
    platform = start_sandbox(SandboxConfig(api_key=LIVE_KEY, api_secret=LIVE_SECRET))
    secrets = tmp / "live.toml"
    secrets.write_text(
        users_toml(
            "[itnio]\n"
            f'api_key = "{LIVE_KEY}"\napi_secret = "{LIVE_SECRET}"\n'
            f'sms_app_id = "{DEFAULT_SMS_APP_ID}"\notp_app_id = "{DEFAULT_OTP_APP_ID}"\n'
            f'base_url = "{platform.url}"\n'
        )
    )
    try:
        with running_app(tmp, {"STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
            yield url, tmp / "server.log"
    finally:
        platform.stop()


def test_no_secret_in_any_page_or_log(
    page: Page, live_looking_app: tuple[str, Path], tmp_path: Path
) -> None:
    url, log = live_looking_app
    seen: list[str] = []
    for n, spec in enumerate(PAGES):
        path = Path(spec.path).stem
        open_page(page, url, "" if path == "home" else path)
        if n == 0:
            sign_in(page, "ada")  # then remembered for every page opened by address
        expect(page.get_by_test_id("stSidebar")).to_contain_text("Live")
        assert not page.get_by_test_id("stException").count(), path
        if path == "settings":
            page.locator(".st-key-settings_check_btn button").click()
            wait_for_run(page)
            expect(page.get_by_test_id("stMain")).to_contain_text(mask(LIVE_KEY))
            save_screenshot(page, tmp_path, "settings-live.png")
        seen.append(page.content())
    html = "\n".join(seen)
    assert LIVE_SECRET not in html and LIVE_KEY not in html
    server_log = log.read_text(errors="replace")
    assert LIVE_SECRET not in server_log and LIVE_KEY not in server_log


def test_a_reload_keeps_the_sign_in_until_sign_out(page: Page, users_app: str) -> None:
    open_page(page, users_app, "reports")
    with page.expect_response(re.compile(r"/auth/cookie$")) as answer:
        sign_in(page, "vera")
    # The server sets the cookie (the page only handed over a one-time ticket): HttpOnly, so
    # no script can read it, and SameSite=Strict. Read from the real response headers.
    assert answer.value.status == 204
    set_cookie = answer.value.header_value("set-cookie") or ""
    assert set_cookie.startswith("itnio_session=") and "HttpOnly" in set_cookie
    assert "samesite=strict" in set_cookie.lower() and "Path=/" in set_cookie
    assert "Secure" not in set_cookie  # plain http here; https adds it
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "itnio_session"]
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("itnio_session") == -1
    page.reload()
    wait_for_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Signed in as", timeout=30_000)
    expect(page.get_by_test_id("stMain").locator("h1").first).to_contain_text("Delivery reports")
    with page.expect_response(re.compile(r"/auth/cookie/clear$")) as cleared:
        page.locator(".st-key-sign_out_btn button").click()
        wait_for_run(page)
    assert "Max-Age=0" in (cleared.value.header_value("set-cookie") or "")
    expect(page.get_by_test_id("stMain")).to_contain_text("You are signed out.")
    page.reload()
    wait_for_run(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("Sign in to ITNIO Console")
