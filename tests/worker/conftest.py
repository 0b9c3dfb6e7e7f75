"""The worker's tests: databases shared by separate processes, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def shared_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database several processes share: a SQLite file in the test's folder, or a
    fresh database in the session's PostgreSQL (``pg_cluster``). Not migrated yet."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.create_database(f"t_{uuid.uuid4().hex[:12]}"))
