"""Browser journeys: the real app in a real (Debian) Chromium.

One Streamlit server per test session, in sandbox mode with a throw-away
database. A journey asks for ``app_url`` and ``page`` and starts with
``open_page(page, app_url, "settings")``; see ``test_home.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from itnio_core.access.auth import hash_password

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"  # gitignored; screenshots for people to look at
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
START_TIMEOUT_S = 60
RUN_TIMEOUT_MS = 30_000
STOP_TIMEOUT_S = 10


# ------------------------------------------------------------------ browser
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the Debian Chromium; never a downloaded build."""
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing. Install it with `apt-get install -y chromium` "
            "(never `playwright install`)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


# --------------------------------------------------------------- app server
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return str(resp.read().decode().strip())
    except (urllib.error.URLError, OSError):
        return None


def _server_env(tmp: Path) -> dict[str, str]:
    """Sandbox mode: no ITNIO_* settings from the caller, a fresh database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ITNIO_", "STREAMLIT_"))}
    env["ITNIO_DATABASE_URL"] = f"sqlite:///{tmp / 'console.db'}"
    # An empty secrets file, so a developer's own .streamlit/secrets.toml is never read.
    empty_secrets = tmp / "secrets.toml"
    empty_secrets.write_text("# no credentials: sandbox mode\n")
    env["STREAMLIT_SECRETS_FILES"] = str(empty_secrets)
    return env


def _wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode}:\n{log.read_text()}")
        if _health(url) == "ok":
            return
        time.sleep(0.2)
    _stop(proc)
    pytest.fail(f"the app was not healthy after {START_TIMEOUT_S} s:\n{log.read_text()}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop our own server's process group, and wait until it has really gone."""
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=STOP_TIMEOUT_S)


@contextlib.contextmanager
def running_app(tmp: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free port; yield its URL; stop it after."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    if _health(url) is not None:
        pytest.fail(f"something already answers at {url}; refusing to test against it")
    log = tmp / "server.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**_server_env(tmp), **(extra_env or {})}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        _wait_healthy(proc, url, log)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session app's working folder; its database is ``console.db`` in it."""
    return tmp_path_factory.mktemp("app")


@pytest.fixture(scope="session")
def app_url(app_dir: Path) -> Iterator[str]:
    """The base URL of a sandbox-mode app started for this test session."""
    with running_app(app_dir) as url:
        yield url


# ------------------------------------------------------------------ sign-in
PASSWORD = "correct horse battery"


def users_toml(extra: str = "") -> str:
    hashed = hash_password(PASSWORD)
    lines = [extra]
    for name, role in (("vera", "viewer"), ("sam", "sender"), ("ada", "admin")):
        lines += [f"[users.{name}]", f'password_hash = "{hashed}"', f'role = "{role}"', ""]
    return "\n".join(lines)


def sign_in(page: Page, name: str) -> None:
    expect(page.get_by_test_id("stMain")).to_contain_text("Sign in to ITNIO Console")
    page.locator(".st-key-sign_in_name input").fill(name)
    page.locator(".st-key-sign_in_password input").fill(PASSWORD)
    page.locator(".st-key-sign_in_btn button").click()
    # The click reruns the script; wait for its result, not only for "not running".
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in as", timeout=30_000)
    wait_for_run(page)


# ------------------------------------------------------------------ helpers
def wait_for_run(page: Page, timeout: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script has finished running."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def open_page(page: Page, app_url: str, path: str = "") -> None:
    """Open a page by its URL path ("" is Home) and wait for Streamlit to finish."""
    page.goto(f"{app_url}/{path.lstrip('/')}")
    wait_for_run(page)


def save_screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot in the test's tmp_path, copied to test-artifacts/."""
    shot = tmp_path / name
    # Streamlit scrolls inside stMain, not the document: grow the viewport to fit it.
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    wait_for_run(page)
    page.screenshot(path=shot, full_page=True)
    page.set_viewport_size(size)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / name)
    return shot


@pytest.fixture
def open_app(page: Page, app_url: str) -> Callable[[str], Page]:
    """``open_app("settings")`` opens that page in this test's browser page."""

    def _open(path: str = "") -> Page:
        open_page(page, app_url, path)
        return page

    return _open
