"""Fixtures shared by the test modules, and the rule that tests never touch the checkout.

Every test runs in its own ``tmp_path`` with none of the caller's ``ITNIO_*`` settings
(``own_folder_and_database``). A test that touches the store asks for ``database`` (or
``store``, ``sandbox_env``, ``app_env``) and runs twice, on SQLite and on PostgreSQL, each
time on its own fresh, migrated database (``tests/databases.py``). The app's
in-process sandbox holds every message as "sending" until a test releases it
(``app_sandbox``). A run that creates, changes or deletes a file in the
checkout fails, and says which (``pytest_sessionfinish``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st

from itnio_core import worker
from itnio_core.api.client import ItnioClient
from itnio_core.common.config import Settings
from itnio_core.console import open_console
from itnio_core.console.wiring import shared_sandbox
from itnio_core.sandbox import RunningSandbox, SandboxConfig, start_sandbox
from itnio_core.store.engine import Store
from itnio_core.worker import Worker
from tests import databases
from tests.paths import ROOT
from tests.pgcluster import Cluster

# Settings a test may rely on are its own: the caller's ITNIO_* variables are removed
# (ITNIO_TEST_* configure the test run itself, e.g. ITNIO_TEST_ARTIFACTS).
OWN_ENV_PREFIX, TEST_RUN_PREFIX = "ITNIO_", "ITNIO_TEST_"
# Folders of the checkout that tools write to (the installer's metadata of the editable
# install among them); everything else must stay as it was.
NOT_CHECKED = frozenset(
    {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
     "itnio_console.egg-info"}
)  # fmt: skip


# ------------------------------------------------------------------ isolation
@pytest.fixture(autouse=True)
def own_folder_and_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test: the working directory in tmp_path (so no relative path reaches the
    checkout and no developer's .streamlit/secrets.toml is read), and no ITNIO_* settings
    unless the test sets its own. ``ITNIO_DATABASE_URL`` points at an empty file there: a
    test that opens the console without asking for ``database`` is told to migrate it."""
    for name in list(os.environ):
        if name.startswith(OWN_ENV_PREFIX) and not name.startswith(TEST_RUN_PREFIX):
            monkeypatch.delenv(name)
    url = f"sqlite:///{tmp_path / 'console.db'}"
    monkeypatch.setenv("ITNIO_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that touches the store, on each database the console supports (or those
    named by ``@pytest.mark.dialects(...)``, for a test of one dialect's own fast path)."""
    if "dialect" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("dialects")
        names = marker.args if marker else databases.DIALECTS
        metafunc.parametrize("dialect", names, indirect=True)


@pytest.fixture
def dialect(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres``: which database this run of the test uses."""
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    databases.migrated_sqlite(path)
    return path


@pytest.fixture(scope="session")
def postgres() -> Iterator[databases.Postgres | None]:
    with databases.postgres_for_session() as running:
        yield running


@pytest.fixture
def new_database(
    dialect: str, request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """Make another fresh, migrated database of the test's own kind (``dialect``)."""
    made: list[str] = []
    server: databases.Postgres | None = None
    if dialect == "postgres":
        server = request.getfixturevalue("postgres")
        if server is None:
            pytest.skip("PostgreSQL is not installed here (scripts/test installs it)")

    def make() -> str:
        made.append(
            server.new_database()
            if server is not None
            else databases.copy_sqlite(sqlite_template, tmp_path / f"db{len(made)}.sqlite")
        )
        return made[-1]

    yield make
    if server is not None:
        for url in made:
            server.drop(url)


@pytest.fixture
def database(new_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, migrated database of this run's kind (sqlite or postgres), which the console
    opened in this test uses too (``ITNIO_DATABASE_URL``); its URL is returned."""
    url = new_database()
    monkeypatch.setenv("ITNIO_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session", autouse=True)
def app_sandbox() -> RunningSandbox:
    """The sandbox of sandbox mode in this process (one per process, shared by every
    console), started here first so that it holds every message as "sending" until a test
    calls ``app_sandbox.simulator.deliver_now()``: no test races the delivery timer."""
    return shared_sandbox(Settings(sandbox_delivery_delay=None))


@pytest.fixture(autouse=True)
def fresh_app_sandbox(app_sandbox: RunningSandbox) -> None:
    """Each test starts with a fresh sandbox account: what one test (or the same test on the
    other database) sent never limits or answers another."""
    app_sandbox.simulator.reset()


@pytest.fixture
def sandbox_env(database: str) -> str:
    """Sandbox mode (no ITNIO_* settings) with a fresh, migrated database (its URL is
    returned), under the name the CLI and app tests ask for."""
    return database


@pytest.fixture
def app_env(sandbox_env: str) -> Iterator[str]:
    """``sandbox_env`` with Streamlit's caches emptied before and after, for AppTest runs
    (the cached console would otherwise outlive its test's database)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield sandbox_env
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def background(app_env: str) -> Iterator[Worker]:
    """Background work in this process on the test's database, as the app's server runs
    it: what a page asks for (a check, a bulk lookup) is taken at once."""
    console = open_console(Settings.load())
    running = worker.start_here(console, kind="web")
    yield running
    worker.stop_here()
    console.close()


@pytest.fixture(scope="session")
def pg_cluster(postgres: databases.Postgres | None) -> Cluster:
    """The session's PostgreSQL server itself (``pg_cluster.create_database(name)``), for a
    test that needs a database not copied from the migrated template. Missing binaries
    skip, or fail under ``CI=true``."""
    if postgres is None:
        pytest.skip("PostgreSQL is not installed here (scripts/test installs it)")
    return postgres.cluster


class FakeClock:
    """A clock tests move by hand; the sandbox and the signing both read it."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    c = FakeClock()
    monkeypatch.setattr("itnio_core.api.signing.time.time", c)
    return c


@pytest.fixture
def sandbox(clock):
    with start_sandbox(SandboxConfig(delivery_delay=5.0, clock=clock)) as sb:
        yield sb


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    opened = Store(database)
    yield opened
    opened.close()


@pytest.fixture
def client(sandbox, store) -> ItnioClient:
    return ItnioClient(sandbox.client_settings(), recorder=store, sleep=lambda _s: None)


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory):
    """Hostile uploads (tests/hostile), built once per session and kept in a temporary
    directory; ``hostile_files(key)`` gives the bytes. The 50 MB ones are never committed."""
    from tests.fixtures.hostile import BY_KEY

    folder = tmp_path_factory.mktemp("hostile")
    built: dict[str, bytes] = {}

    def get(key: str) -> bytes:
        if key not in built:
            path = folder / key
            if not path.exists():
                path.write_bytes(BY_KEY[key].build())
            built[key] = path.read_bytes()
        return built[key]

    return get


# ------------------------------------------------------------------ the checkout stays as it was
_CHECKOUT_BEFORE = pytest.StashKey[dict[str, tuple[int, int] | None]]()
_CHECKOUT_CHANGES = pytest.StashKey[list[str]]()


def checkout_state(root: Path = ROOT) -> dict[str, tuple[int, int] | None]:
    """Every file (size, mtime) and folder (None) under ``root``, by relative path,
    leaving out ``NOT_CHECKED`` folders."""
    state: dict[str, tuple[int, int] | None] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in NOT_CHECKED]
        here = Path(folder).relative_to(root)
        for name in dirs:
            state[(here / name).as_posix() + "/"] = None
        for name in files:
            if name in NOT_CHECKED:
                continue  # .git is a file in a worktree
            path = Path(folder, name)
            try:
                info = path.lstat()
            except FileNotFoundError:  # gone while we looked
                continue
            state[(here / name).as_posix()] = (info.st_size, info.st_mtime_ns)
    return state


def checkout_changes(
    before: dict[str, tuple[int, int] | None], after: dict[str, tuple[int, int] | None]
) -> list[str]:
    """``created x``, ``changed x``, ``deleted x`` for every path that differs."""
    lines = [f"created {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    lines += [f"deleted {p}" for p in sorted(before.keys() - after.keys())]
    return lines


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_CHECKOUT_BEFORE] = checkout_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when the tests created, changed or deleted a file in the checkout."""
    before = session.config.stash.get(_CHECKOUT_BEFORE, None)
    if before is None:
        return
    changes = checkout_changes(before, checkout_state())
    session.config.stash[_CHECKOUT_CHANGES] = changes
    if changes and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    changes = terminalreporter.config.stash.get(_CHECKOUT_CHANGES, [])
    if not changes:
        return
    terminalreporter.section("the tests wrote into the checkout", sep="=", red=True, bold=True)
    for line in changes:
        terminalreporter.line(f"  {line}", red=True)
    terminalreporter.line(
        f"A test must work in its own tmp_path, never in {ROOT}: this run fails because of it.",
        red=True,
    )
