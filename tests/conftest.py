"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

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
