"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from itnio_core.api.client import ItnioClient
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.store.engine import Store

CREDENTIAL_VARS = (
    "ITNIO_API_KEY",
    "ITNIO_API_SECRET",
    "ITNIO_SMS_APP_ID",
    "ITNIO_OTP_APP_ID",
    "ITNIO_BASE_URL",
)


@pytest.fixture
def sandbox_env(tmp_path, monkeypatch) -> str:
    """Sandbox mode: no ITNIO_* credentials, a fresh database (its URL is returned), and the
    working directory in tmp_path so no developer's .streamlit/secrets.toml is read."""
    url = f"sqlite:///{tmp_path / 'console.db'}"
    monkeypatch.setenv("ITNIO_DATABASE_URL", url)
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return url


@pytest.fixture
def app_env(sandbox_env: str) -> Iterator[str]:
    """``sandbox_env`` with Streamlit's caches emptied before and after, for AppTest runs
    (the cached console would otherwise outlive its test's database)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield sandbox_env
    st.cache_resource.clear()
    st.cache_data.clear()


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
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")


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
