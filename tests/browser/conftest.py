"""Browser journeys: the real app in a real (Debian) Chromium.

One Streamlit server per test session, in sandbox mode with a throw-away
database, run from a temporary folder. Its sandbox listens on a port chosen
here and holds every message as "sending" until a journey calls
``release_deliveries(app_sandbox_url)``. A journey asks for ``app_url`` and
``page`` and starts with ``open_page(page, app_url, "settings")``; see
``test_home.py``.

Screenshots go to ``$ITNIO_TEST_ARTIFACTS``, else ``<temp dir>/itnio-test-artifacts``
(never the checkout); the end of the run says where.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from itnio_core.access.auth import hash_password
from itnio_core.api.signing import signed_headers
from itnio_core.sandbox import DEFAULT_API_KEY, DEFAULT_API_SECRET
from tests.paths import ROOT, SERVER
from tests.processes import free_port

# Screenshots for people to look at: outside the checkout, printed at the end of the run.
ARTIFACTS = Path(
    os.environ.get("ITNIO_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "itnio-test-artifacts"
)
_saved_screenshots: list[Path] = []
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
START_TIMEOUT_S = 120  # a loaded machine starts it slowly; a healthy one in ~1 s
RUN_TIMEOUT_MS = 30_000
STOP_TIMEOUT_S = 10
# How long to wait for what a person would see, and for an action to be possible. Generous,
# so a loaded machine is only slower: every wait ends as soon as the state is there.
EXPECT_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 60_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


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


@pytest.fixture
def page(page: Page) -> Page:
    """pytest-playwright's page, with a generous wait before an action gives up."""
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    return page


# --------------------------------------------------------------- app server
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
def running_app(
    tmp: Path, extra_env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """Start ``streamlit run <checkout>/server.py`` (as ``scripts/start`` does, after
    ``itnio db upgrade``) on a free port, working in ``tmp`` (its database, log and anything
    else it writes stay there); yield its URL; stop it after. The server runs the background
    work too, unless ``extra_env`` turns it off.

    Streamlit still reads the checkout's ``.streamlit/config.toml`` (next to server.py).
    ``port`` is for a secrets file that must name the app's address before it starts
    (single sign-on's redirect_uri): take it from ``free_port()``.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    if _health(url) is not None:
        pytest.fail(f"something already answers at {url}; refusing to test against it")
    log = tmp / "server.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", SERVER,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**_server_env(tmp), **(extra_env or {})}
    upgrade = [sys.executable, "-m", "itnio_core", "db", "upgrade"]
    subprocess.run(upgrade, cwd=tmp, env={**env, "PYTHONPATH": str(ROOT)}, check=True,
                   capture_output=True)  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT,
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
def app_sandbox_url() -> str:
    """Where the session app's own sandbox listens (a port chosen here)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def app_url(app_dir: Path, app_sandbox_url: str) -> Iterator[str]:
    """The base URL of a sandbox-mode app started for this test session. Its sandbox
    holds every message as "sending" until ``release_deliveries(app_sandbox_url)``."""
    sandbox = {
        "ITNIO_SANDBOX_PORT": app_sandbox_url.rsplit(":", 1)[1],
        "ITNIO_SANDBOX_DELIVERY_DELAY": "held",
    }
    with running_app(app_dir, sandbox) as url:
        yield url


def release_deliveries(sandbox_url: str) -> dict[str, Any]:
    """``POST /sandbox/deliver``: every message and OTP still "sending" becomes final now."""
    headers = signed_headers(DEFAULT_API_KEY, DEFAULT_API_SECRET)
    answer: dict[str, Any] = requests.post(
        f"{sandbox_url}/sandbox/deliver", headers=headers, timeout=30
    ).json()
    assert answer["status"] == "0", answer
    return answer


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
    """A full-page screenshot in the test's tmp_path, copied to ``ARTIFACTS``."""
    shot = tmp_path / name
    # Streamlit scrolls inside stMain, not the document: grow the viewport to fit it.
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    wait_for_run(page)
    page.screenshot(path=shot, full_page=True)
    page.set_viewport_size(size)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / name)
    _saved_screenshots.append(ARTIFACTS / name)
    return shot


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where this run's screenshots are, so a person can look at them."""
    if not _saved_screenshots:
        return
    terminalreporter.section("screenshots")
    count = len(set(_saved_screenshots))
    terminalreporter.line(f"{count} screenshots of this run are in {ARTIFACTS}")
    terminalreporter.line("(set ITNIO_TEST_ARTIFACTS to keep them somewhere else)")


@pytest.fixture
def open_app(page: Page, app_url: str) -> Callable[[str], Page]:
    """``open_app("settings")`` opens that page in this test's browser page."""

    def _open(path: str = "") -> Page:
        open_page(page, app_url, path)
        return page

    return _open
