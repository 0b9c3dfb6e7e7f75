"""Single sign-on as shipped, against a real local OpenID Connect provider.

The test starts ``oidc-provider-mock`` (PyPI) on a free loopback port in a thread, and the
app with ``[users]``, ``[auth]`` and ``[roles]`` in its secrets.toml as the README describes:

- both ways to sign in are offered;
- alice, mapped to sender in ``[roles]``, comes back from the provider as a sender: sending
  pages are offered, admin pages are not; a reload keeps her signed in and the sign-in is
  audited once; signing out says so, and a reload does not sign her in again;
- mallory, whom the provider accepts but ``[roles]`` does not list, is refused in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Page, expect

from itnio_core.access import audit
from itnio_core.store.engine import Store
from tests.browser.conftest import (
    free_port,
    open_page,
    running_app,
    save_screenshot,
    users_toml,
    wait_for_run,
)

pytestmark = pytest.mark.browser

ALICE = ProviderUser(
    sub="alice",
    claims={"email": "alice@example.com", "email_verified": True, "name": "Alice Wong"},
)
MALLORY = ProviderUser(
    sub="mallory",
    claims={"email": "mallory@example.com", "email_verified": True, "name": "Mallory"},
)


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on a free loopback port, stopped after the module."""
    with run_server_in_thread(port=0, user_claims=[ALICE, MALLORY]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def sso_app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sso_app")


@pytest.fixture(scope="module")
def sso_app(sso_app_dir: Path, provider: str) -> Iterator[str]:
    port = free_port()
    secrets = sso_app_dir / "sso.toml"
    secrets.write_text(
        users_toml()
        + f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-enough-length"
client_id = "itnio-console"
client_secret = "itnio-console-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
"alice@example.com" = "sender"
"""
    )
    env = {"STREAMLIT_SECRETS_FILES": str(secrets)}
    with running_app(sso_app_dir, env, port=port) as url:
        yield url


def sign_in_at_provider(page: Page, app_url: str, who: str) -> None:
    open_page(page, app_url)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sign in to ITNIO Console")
    page.locator(".st-key-sso_sign_in_btn button").click()
    # The provider's own page: pick the person, as they would type their account.
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(f"{app_url}/**")
    wait_for_run(page)


def sign_ins(app_dir: Path, user: str) -> list[audit.Entry]:
    store = Store(f"sqlite:///{app_dir / 'console.db'}")
    return audit.entries(store, user=user, actions=[audit.SIGN_IN, audit.SIGN_IN_FAILED])


def test_both_ways_are_offered(page: Page, sso_app: str, tmp_path: Path) -> None:
    open_page(page, sso_app)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sign in to ITNIO Console")
    expect(page.locator(".st-key-sign_in_name input")).to_be_visible()
    expect(page.locator(".st-key-sso_sign_in_btn button")).to_contain_text(
        "Sign in with your company account"
    )
    save_screenshot(page, tmp_path, "sso-sign-in-both.png")


def test_alice_in_roles_signs_in_as_sender_once_and_signs_out(
    page: Page, sso_app: str, sso_app_dir: Path, tmp_path: Path
) -> None:
    sign_in_at_provider(page, sso_app, "alice")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Signed in as Alice Wong (sender)", timeout=30_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="New campaign", exact=True)).to_have_count(1)
    for hidden in ("Settings", "Stop list", "Audit log"):
        expect(nav.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    save_screenshot(page, tmp_path, "sso-alice-sender.png")
    open_page(page, sso_app, "campaign_new")  # the role applies on a page opened by address
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1").first).to_contain_text("New campaign")
    expect(main.get_by_test_id("stAlertContentError")).to_have_count(0)
    page.reload()
    wait_for_run(page)
    expect(sidebar).to_contain_text("Signed in as Alice Wong (sender)", timeout=30_000)
    entries = sign_ins(sso_app_dir, "alice@example.com")
    assert [(e.action, e.what) for e in entries] == [(audit.SIGN_IN, "single sign-on")]

    page.locator(".st-key-sign_out_btn button").click()
    wait_for_run(page)
    expect(main).to_contain_text("You are signed out.")
    save_screenshot(page, tmp_path, "sso-signed-out.png")
    page.reload()
    wait_for_run(page)
    expect(main).to_contain_text("Sign in to ITNIO Console")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert not [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]


def test_mallory_not_in_roles_is_refused(
    page: Page, sso_app: str, sso_app_dir: Path, tmp_path: Path
) -> None:
    sign_in_at_provider(page, sso_app, "mallory")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlertContentError")).to_contain_text(
        "mallory@example.com is not on this console's list of people"
    )
    expect(main).to_contain_text("Sign in to ITNIO Console")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    save_screenshot(page, tmp_path, "sso-mallory-refused.png")
    page.reload()
    wait_for_run(page)
    expect(main).to_contain_text("Sign in to ITNIO Console")
    entries = sign_ins(sso_app_dir, "mallory@example.com")
    assert [(e.action, e.result) for e in entries] == [(audit.SIGN_IN_FAILED, audit.FAILED)]
