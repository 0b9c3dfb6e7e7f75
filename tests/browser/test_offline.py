"""Nothing is fetched from outside: every page works in an office without internet.

Every request the browser makes (pages, scripts, styles, fonts, icons, images, the websocket,
the tab's icon) must go to the app itself on 127.0.0.1; ``data:`` and ``blob:`` addresses are
fine. A ``:material/...`` page icon used to send every page to Google's font servers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import (
    open_page,
    running_app,
    save_screenshot,
    users_toml,
    wait_for_run,
)
from tests.paths import ROOT
from views._ui.pages import HOME, PAGES

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
INLINE_SCHEMES = {"data", "blob", "about"}
ICON = ROOT / "assets" / "icon.png"
URL_PATHS = ["" if spec.path == HOME else Path(spec.path).stem for spec in PAGES]


class Traffic:
    """Every address ``page`` asks for (with the page it was on), and each answer's status."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requested: list[tuple[str, str]] = []
        self.status: dict[str, int] = {}
        page.on("request", lambda request: self.requested.append((page.url, request.url)))
        page.on("websocket", lambda socket: self.requested.append((page.url, socket.url)))
        page.on("response", self._answered)

    def _answered(self, response: Response) -> None:
        self.status[response.url] = response.status

    def outside(self) -> list[str]:
        return sorted({f"{url}  (on {on})" for on, url in self.requested if not is_local(url)})


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in INLINE_SCHEMES or parts.hostname in LOCAL_HOSTS


def favicon_hrefs(page: Page) -> list[str]:
    """The tab icon's addresses, made absolute by the browser."""
    hrefs = page.locator("link[rel~='icon']").evaluate_all("links => links.map(l => l.href)")
    return [str(h) for h in hrefs]


def settle(page: Page) -> None:
    """The script has run, and what it drew has loaded (fonts, icons, images)."""
    wait_for_run(page)
    page.wait_for_load_state("networkidle")


def test_no_page_contacts_another_host(page: Page, app_url: str, tmp_path: Path) -> None:
    traffic = Traffic(page)
    favicons: set[str] = set()
    for path in URL_PATHS:
        open_page(page, app_url, path)
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        settle(page)
        favicons.update(favicon_hrefs(page))
    assert not traffic.outside(), "requests to other hosts:\n" + "\n".join(traffic.outside())
    assert len(traffic.requested) > len(URL_PATHS)  # the recording did record
    assert favicons and all(is_local(href) for href in favicons), favicons
    for href in favicons:  # the browser fetched the tab's icon from the app, successfully
        assert traffic.status.get(href) == 200, (href, traffic.status)
    save_screenshot(page, tmp_path, "offline_last_page.png")


def test_the_tab_icon_is_the_file_in_the_repository(open_app: Callable[[str], Page]) -> None:
    page = open_app("")
    (href,) = {h for h in favicon_hrefs(page) if "/media/" in h}
    assert urlsplit(href).hostname == "127.0.0.1"
    answer = page.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    assert answer.body() == ICON.read_bytes()


@pytest.fixture(scope="module")
def sign_in_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("offline_sign_in")
    secrets = folder / "with-users.toml"
    secrets.write_text(users_toml())
    with running_app(folder, {"STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url


def test_the_sign_in_page_contacts_no_other_host(page: Page, sign_in_app: str) -> None:
    traffic = Traffic(page)
    open_page(page, sign_in_app)
    expect(page.get_by_test_id("stMain")).to_contain_text("Sign in to ITNIO Console")
    settle(page)
    assert not traffic.outside(), "requests to other hosts:\n" + "\n".join(traffic.outside())
    assert all(is_local(href) for href in favicon_hrefs(page))
